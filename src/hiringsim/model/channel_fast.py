"""Fast mode of a role with entry channels (:class:`hiringsim.model.kinds.channels.ChannelsEntry`,
whose docstring states the rule): each channel's candidates as arrays, the intakes played out in
time order over the role's positions, and the flows recorded for the role and for each channel.
The reference mode is :mod:`hiringsim.model.channel_sims`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

from ..schedules import cap_at
from . import names as n
from . import overlap
from .channels import (
    ACADEMY_POOL,
    add_counts,
    channel_flow_names,
    channel_roles,
    intake_schedule,
    path_of,
    pool_of,
)
from .dated import attrition_schedule, courses, patience_by, roles, sample_by
from .kinds.academy import _limit
from .kinds.direct import _tenure_from
from .names import ClassLog
from .order import argsort
from .positions import caps_for
from .queue import fifo_queue
from .running import fast_on_board, staffed_queue
from .sampling import tenure_at
from .workforce import initial_releases, onboard_and_leave

if TYPE_CHECKING:  # pragma: no cover
    from ..rng import Streams
    from ..scenario import Role, Scenario
    from .kinds.base import Group
    from .record import RunRecord

__all__ = ["run_fast"]


def run_fast(sc: Scenario, role: Role, groups: list[Group], streams: Streams,
             rec: RunRecord) -> None:
    """Entry of ``role``'s channels in fast mode (``groups``: each channel's candidates, the
    role's own first)."""
    chans = _collect(sc, role, groups, streams, rec)
    caps = caps_for(sc, role, rec)
    initial_leave = initial_releases(role, streams, rec)
    if role.pipeline is not None:  # on board at the start: running classes, onboarding
        initial_leave = np.concatenate([initial_leave, fast_on_board(sc, role, streams, rec)])
    if role.academy is None:
        _fast_queue(sc, chans, caps, initial_leave, role.pipeline is not None)
    else:
        rec.classes[role.name] = _fast_intakes(sc, role, chans, caps, initial_leave)
    _record(sc, role, chans, rec)


class _Chan:
    """One channel's candidates in offer order, with their draws (fast mode).  Under dated
    changes (:mod:`hiringsim.model.dated`) the same draws map through the inputs in effect:
    offer withdrawal by the offer day, training by the intake day (:meth:`enter`), tenure from
    graduation (entry on duty without training) in calendar time, onboarding by its start.
    With vetting that overlaps training (:mod:`hiringsim.model.overlap`) each candidate also
    has a removal time (``inf``: passed)."""

    def __init__(self, sc: Scenario, name: str, as_role: Role, path: str, pool: str, g: Group,
                 streams: Streams, flows: dict[str, np.ndarray]):
        key = as_role.name
        base = key.split("/", 1)[0]
        t_off, app, removal = overlap.offers(g)  # removal: None without overlap
        order = argsort(t_off)
        self.sc, self.name, self.path, self.pool, self.flows = sc, name, path, pool, flows
        self.t, self.app = t_off[order], app[order]
        self.removal = None if removal is None else removal[order]
        count = len(self.t)
        versions = roles(sc, key)  # the role it moves as, in each epoch
        deadline = self.t + patience_by(streams(key, "withdraw", "offer"),
                                        [r.offer_withdraw_per_week for r in versions],
                                        sc.epoch_of(self.t))
        #: leaving the waiting list if not admitted: withdrawal or failure (``fails``)
        self.deadline, self.fails = overlap.offer_deadlines(deadline, self.removal)
        #: the academy or course in each epoch (none: direct)
        self.trainings: list[Any] = ([] if path == "direct" else
                                     [r.academy for r in versions] if path == "academy" else
                                     courses(sc, base, name))
        length = 0.0
        self.u, self.grad = np.zeros(count), np.ones(count, dtype=bool)
        self.u_grad = np.zeros(count)
        if self.trainings:
            tr = self.trainings[0]
            rng = streams(key, path)
            length = float(tr.length_days)
            self.u = rng.random(count)
            self.u_grad = rng.random(count)
            self.grad = self.u_grad < tr.graduation_rate
        self.lengths = np.full(count, length)
        self.onboardings = [r.onboarding for r in versions]
        self.rng_on = streams(key, "onboarding")
        self.onboard = (np.asarray(as_role.onboarding.sample(self.rng_on, count), dtype=float)
                        if len(set(self.onboardings)) == 1 else None)
        self.e_att = streams(key, "attrition", "hires").exponential(1.0, count)
        self.attrition = attrition_schedule(sc, base)
        self.tenure = tenure_at(self.attrition, 0.0, self.e_att)
        self.dated = len(self.attrition) > 1 or len(
            {(tr.length_days, tr.graduation_rate) for tr in self.trainings}) > 1
        #: time from entry on duty to giving the position back
        self.release = np.where(self.grad, length + self.tenure, self.u * length)
        self.admitted: list[np.ndarray] = []  # indices, in admission order
        self.eod: list[np.ndarray] = []

    def enter(self, local: np.ndarray, c: int) -> np.ndarray:
        """Candidates ``local`` enter on duty at intake day ``c``: their time until they give
        the position back (under changes: by the training in effect on ``c``; with overlap, at
        the latest when they are removed)."""
        if self.dated:
            length = 0.0
            if self.trainings:
                tr = self.trainings[int(self.sc.epoch_of(c))]
                length = float(tr.length_days)
                self.grad[local] = self.u_grad[local] < tr.graduation_rate
            self.lengths[local] = length
            self.tenure[local] = tenure_at(self.attrition, c + length, self.e_att[local])
            self.release[local] = np.where(self.grad[local], length + self.tenure[local],
                                           self.u[local] * length)
        if self.removal is not None:  # a removal gives the position back
            return np.minimum(self.release[local], self.removal[local] - c)
        return self.release[local]

    def onboarding(self, idx: np.ndarray, t0: np.ndarray) -> np.ndarray:
        """Onboarding lengths of ``idx`` starting at ``t0`` (the one in effect then)."""
        if self.onboard is not None:
            return self.onboard[idx]
        return sample_by(self.onboardings, self.sc.epoch_of(t0), self.rng_on)


def _collect(sc: Scenario, role: Role, groups: list[Group], streams: Streams,
             rec: RunRecord) -> list[_Chan]:
    """Each channel's candidates; its flows until entry moved into the role's (and kept)."""
    flows = rec.flows[role.name]
    kept = rec.channels[role.name] = {}
    own = kept[role.channel] = {k: flows[k].copy() for k in
                                channel_flow_names(role, path_of(role, role.channel))}
    chans = [_Chan(sc, role.channel, role, path_of(role, role.channel),
                   pool_of(role, role.channel), groups[0], streams, own)]
    for (ch, as_role), g in zip(channel_roles(role), groups[1:], strict=True):
        f = rec.flows.pop(as_role.name)
        names = channel_flow_names(as_role, ch.path)
        for k in names:
            if k in f:  # (flows recorded at entry are counted there)
                flows[k] += f[k]
        kept[ch.name] = {k: f[k] if k in f else np.zeros(sc.days, np.int64) for k in names}
        chans.append(_Chan(sc, ch.name, as_role, ch.path, pool_of(role, ch.name), g, streams,
                           kept[ch.name]))
    return chans


def _fast_queue(sc: Scenario, chans: list[_Chan], caps: list[tuple[float, float]],
                initial_leave: np.ndarray, running: bool) -> None:
    """Without an academy: one FIFO queue for positions, every channel's candidates by offer
    (``running``: a running pipeline's people on board may exceed the first day's cap)."""
    t = np.concatenate([c.t for c in chans])
    order = argsort(t)
    which = np.concatenate([np.full(len(c.t), i) for i, c in enumerate(chans)])[order]
    local = np.concatenate([np.arange(len(c.t)) for c in chans])[order]
    t = t[order]
    patience = np.concatenate([c.deadline - c.t for c in chans])[order]
    tenure = np.concatenate([c.tenure for c in chans])[order]
    until = _removals(chans)  # a removal frees the position
    attrition = chans[0].attrition
    if len(caps) == 1 and caps[0][1] == math.inf:
        start = t.copy()
        if len(attrition) > 1:  # tenure from entry, in calendar time
            tenure = tenure_at(attrition, start, np.concatenate([c.e_att for c in chans])[order])
    else:
        servers, changes = int(caps[0][1]), [(day, int(cap)) for day, cap in caps[1:]]
        if running:
            servers, changes = staffed_queue(servers, changes, initial_leave)
        # under dated attrition a tenure depends on its start: drawn when admitted
        at = None if len(attrition) == 1 else _tenure_from(
            attrition, np.concatenate([c.e_att for c in chans])[order], tenure)
        start, _ = fifo_queue(t, tenure, patience, servers, changes,
                              busy_until=initial_leave, service_at=at,
                              until=None if until is None else until[order])
    ok = np.isfinite(start) & (start < sc.days)
    for i, c in enumerate(chans):
        c.tenure[local[which == i]] = tenure[which == i]
        c.release[local[which == i]] = tenure[which == i]  # direct: no training
        mine = ok & (which == i)
        c.admitted.append(local[mine])
        c.eod.append(start[mine])


def _fast_intakes(sc: Scenario, role: Role, chans: list[_Chan], caps: list[tuple[float, float]],
                  initial_leave: np.ndarray) -> ClassLog:
    """With an academy: the intakes of :func:`intake_schedule` in order (the academy kind's
    class loop, over several waiting lists)."""
    days = sc.days
    pools = {}
    for key in {c.pool for c in chans}:
        mine = [i for i, c in enumerate(chans) if c.pool == key]
        t = np.concatenate([chans[i].t for i in mine])
        order = argsort(t)
        pools[key] = _Pool(
            t[order], np.concatenate([chans[i].deadline for i in mine])[order],
            np.concatenate([np.full(len(chans[i].t), i) for i in mine])[order],
            np.concatenate([np.arange(len(chans[i].t)) for i in mine])[order])
    released_by_day = np.zeros(days + 1, dtype=np.int64)
    np.add.at(released_by_day, np.minimum(np.floor(initial_leave), days).astype(np.int64), 1)
    held = len(initial_leave)  # initial staff and a running pipeline's people on board
    counted_to = 0
    classes = []
    for c, key, seats in intake_schedule(sc, role):
        pool = pools.get(key)
        held -= int(released_by_day[counted_to:c].sum())
        counted_to = c
        room = min(seats, max(cap_at(caps, c) - held, 0))
        filled = 0 if pool is None else pool.fill(c, room)
        if pool is not None and filled:
            chosen = pool.chosen
            held += filled
            for i in np.unique(pool.which[chosen]):
                local = pool.local[chosen[pool.which[chosen] == i]]
                rel = c + chans[i].enter(local, c)
                np.add.at(released_by_day, np.minimum(np.floor(rel), days).astype(np.int64), 1)
                chans[i].admitted.append(local)
                chans[i].eod.append(np.full(len(local), float(c)))
        if key == ACADEMY_POOL:
            classes.append((c, int(seats), filled, _limit(filled, int(seats), int(room))))
    return ClassLog.from_rows(classes)


class _Pool:
    """A waiting list in offer order: candidates before ``head`` are admitted or gone."""

    def __init__(self, t: np.ndarray, deadline: np.ndarray, which: np.ndarray,
                 local: np.ndarray):
        self.t, self.deadline, self.which, self.local = t, deadline, which, local
        self.head = 0
        self.chosen = np.zeros(0, np.int64)

    def fill(self, c: int, room: float) -> int:
        """Admit at time ``c`` up to ``room`` waiting candidates, first come first served."""
        ptr = int(np.searchsorted(self.t, c, side="right"))
        if room <= 0 or ptr <= self.head:
            return 0
        ok = np.flatnonzero(self.deadline[self.head:ptr] > c)
        if room < len(ok):
            ok = ok[: int(room)]
            self.chosen = self.head + ok
            self.head = int(self.chosen[-1]) + 1
        else:  # everyone else in the window has withdrawn
            self.chosen = self.head + ok
            self.head = ptr
        return len(ok)


def _removals(chans: list[_Chan]) -> np.ndarray | None:
    """The channels' removal times end to end (None without overlap: then in no channel)."""
    if chans[0].removal is None:
        return None
    return np.concatenate([c.removal for c in chans if c.removal is not None])


class _Both:
    """Counts flows into the record and, those a channel keeps, into the channel's flows."""

    def __init__(self, rec: RunRecord, flows: dict[str, np.ndarray]):
        self.rec, self.flows = rec, flows

    def add_times(self, role: str, flow: str, times: np.ndarray) -> None:
        self.rec.add_times(role, flow, times)
        if flow in self.flows:
            add_counts(self.flows[flow], times)


def _record(sc: Scenario, role: Role, chans: list[_Chan], rec: RunRecord) -> None:
    name = role.name
    apps, eods, removed, which = [], [], [], []
    for i, c in enumerate(chans):
        idx = np.concatenate(c.admitted) if c.admitted else np.zeros(0, np.int64)
        eod = np.concatenate(c.eod) if c.eod else np.zeros(0)
        gone = np.ones(len(c.t), dtype=bool)
        gone[idx] = False
        both = _Both(rec, c.flows)
        overlap.leave_offer_list(both, name, c.deadline, c.fails, np.flatnonzero(gone))
        both.add_times(name, n.EOD, eod)
        length = c.lengths[idx]
        if c.removal is not None:  # vetting overlaps training: removals after entry
            # removed only if still on board when the vetting fails
            removed.append(overlap.removed_if_on_board(c.removal[idx], eod + c.release[idx]))
            onboard = c.onboarding(idx, eod + length)
            if c.path == "direct":
                overlap.onboard_and_leave(both, name, eod, onboard, c.tenure[idx],
                                          c.removal[idx])
            else:
                rec.add_times(name, n.ACADEMY_START if c.path == "academy" else n.COURSE_START,
                              eod)
                overlap.academy_flows(
                    both, name, eod, c.grad[idx], eod + c.u[idx] * length, length,
                    onboard, c.tenure[idx], c.removal[idx],
                    overlap.ACADEMY_ENDS if c.path == "academy" else overlap.COURSE_ENDS)
        elif c.path == "direct":
            onboard_and_leave(rec, name, eod, c.onboarding(idx, eod), c.tenure[idx])
        else:
            start, wash, grad = ((n.ACADEMY_START, n.ACADEMY_WASHOUT, n.ACADEMY_GRADUATE)
                                 if c.path == "academy" else
                                 (n.COURSE_START, n.COURSE_WASHOUT, n.COURSE_GRADUATE))
            ok = c.grad[idx]
            rec.add_times(name, start, eod)
            rec.add_times(name, wash, (eod + c.u[idx] * length)[~ok])
            t_grad = (eod + length)[ok]
            rec.add_times(name, grad, t_grad)
            onboard_and_leave(rec, name, t_grad, c.onboarding(idx[ok], t_grad),
                              c.tenure[idx][ok])
        apps.append(c.app[idx])
        eods.append(eod)
        which.append(np.full(len(idx), i))
    eod_all = np.concatenate(eods)
    order = argsort(eod_all)
    app_all = np.concatenate(apps)[order]
    known = ~np.isnan(app_all)  # a running pipeline's people applied before the start
    rec.hires[name] = {"application": app_all[known], "eod": eod_all[order][known],
                       "channel": np.concatenate(which)[order][known]}
    if removed:
        rec.hires[name]["removed"] = np.concatenate(removed)[order][known]
