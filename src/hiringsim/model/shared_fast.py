"""Fast mode of a shared academy (the rule: :mod:`hiringsim.model.shared`): every user role's
candidates as arrays, the academy's classes played out in time order over all of them, each
role's positions gating its own people.

A user role draws exactly what a role with an academy of its own draws
(:meth:`hiringsim.model.kinds.academy.AcademyEntry.fast`), from the same streams in the same
order, so a shared academy with one user, no outside demand and the role's own calendar gives
that role's run bit for bit (a test checks it).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..scenario.academies import users
from ..schedules import cap_at
from . import names as n
from . import overlap
from .dated import attrition_schedule, patience_by, roles, sample_by
from .kinds.academy import _by_class
from .names import ClassLog
from .order import argsort
from .positions import caps_for
from .sampling import tenure_at
from .shared import SharedLog, allocate, classes, room, user_limit
from .workforce import initial_releases, onboard_and_leave

if TYPE_CHECKING:  # pragma: no cover
    from ..rng import Streams
    from ..scenario import Role, Scenario
    from .kinds.base import Group
    from .record import RunRecord

__all__ = ["run_shared"]


class _User:
    """One user role's candidates in offer order, its draws and its positions (fast mode)."""

    def __init__(self, sc: Scenario, role: Role, g: Group, streams: Streams, rec: RunRecord):
        ac = role.academy
        assert ac is not None
        self.sc, self.role, self.name = sc, role, role.name
        name, days = role.name, sc.days
        t_off, app, removal = overlap.offers(g)
        order = argsort(t_off)
        self.t, self.app = t_off[order], app[order]
        count = len(self.t)
        self.versions = versions = roles(sc, name)
        rw = streams(name, "withdraw", "offer")
        deadline = self.t + patience_by(rw, [r.offer_withdraw_per_week for r in versions],
                                        sc.epoch_of(self.t))
        self.removal = None if removal is None else removal[order]
        self.deadline, self.fails = overlap.offer_deadlines(deadline, self.removal)
        self.caps = caps_for(sc, role, rec)
        rng_ac = streams(name, "academy")
        self.u_wash = rng_ac.random(count)
        self.u_grad = rng_ac.random(count)
        self.graduates = self.u_grad < ac.graduation_rate
        self.rng_on = streams(name, "onboarding")
        self.onboarding = [r.onboarding for r in versions]
        if len(set(self.onboarding)) == 1:
            self.onboard = np.asarray(role.onboarding.sample(self.rng_on, count), dtype=float)
        self.e_att = streams(name, "attrition", "hires").exponential(1.0, count)
        self.attrition = attrition_schedule(sc, name)
        self.tenure = tenure_at(self.attrition, 0.0, self.e_att)
        self.length = float(ac.length_days)
        self.release = np.where(self.graduates, self.length + self.tenure,
                                self.u_wash * self.length)
        self.dated = len(self.attrition) > 1 or len(
            {(r.academy.length_days, r.academy.graduation_rate) for r in versions
             if r.academy}) > 1
        self.lengths = np.full(count, self.length)
        self.released_by_day = np.zeros(days + 1, dtype=np.int64)
        initial_leave = initial_releases(role, streams, rec)
        np.add.at(self.released_by_day, np.minimum(np.floor(initial_leave), days).astype(
            np.int64), 1)
        self.held = len(initial_leave)
        self.counted_to = self.head = self.n_admitted = 0
        self.admitted: list[np.ndarray] = []
        self.admitted_days: list[np.ndarray] = []
        self.withdrawn: list[np.ndarray] = []
        self.classes: list[tuple[int, int, int, int]] = []

    def waiting(self, c: int) -> tuple[int, np.ndarray]:
        """At class start ``c``: the role's room (positions free) and its valid waiting
        candidates (indices, at most the room)."""
        self.held -= int(self.released_by_day[self.counted_to:c].sum())
        self.counted_to = c
        free = room(cap_at(self.caps, c) - self.held)
        ptr = int(np.searchsorted(self.t, c, side="right"))
        self.ptr = ptr
        valid = self.head + np.flatnonzero(self.deadline[self.head:ptr] > c)
        self.n_valid = len(valid)
        return free, valid[:free]

    def admit(self, c: int, ok: np.ndarray, k: int) -> None:
        """The first ``k`` of the valid candidates ``ok`` enter the class starting at ``c``."""
        if k == 0:
            if self.n_valid == 0:  # everyone in the window has withdrawn
                self.withdrawn.append(np.arange(self.head, self.ptr))
                self.head = self.ptr
            return
        chosen = ok[:k]
        # the rest of the window withdrew when every valid candidate is taken
        new_head = int(chosen[-1]) + 1 if k < self.n_valid else self.ptr
        window = np.arange(self.head, new_head)
        self.withdrawn.append(window[~np.isin(window, chosen)])
        self.head = new_head
        self.admitted.append(chosen)
        self.admitted_days.append(np.full(k, float(c)))
        sl = slice(self.n_admitted, self.n_admitted + k)
        if self.dated:
            _by_class(self.sc, self.versions, self.attrition, c, sl, self.u_grad, self.u_wash,
                      self.e_att, self.graduates, self.tenure, self.lengths, self.release)
        rel = c + self.release[sl]
        if self.removal is not None:
            rel = np.minimum(rel, self.removal[chosen])
        self.n_admitted += k
        np.add.at(self.released_by_day, np.minimum(np.floor(rel), self.sc.days).astype(
            np.int64), 1)
        self.held += k

    def record(self, rec: RunRecord) -> None:
        """The role's flows from its admissions (as the academy kind records them)."""
        name = self.name
        self.withdrawn.append(np.arange(self.head, len(self.t)))
        overlap.leave_offer_list(rec, name, self.deadline, self.fails,
                                 np.concatenate(self.withdrawn))
        idx = np.concatenate(self.admitted) if self.admitted else np.zeros(0, np.int64)
        eod = np.concatenate(self.admitted_days) if self.admitted_days else np.zeros(0)
        k = len(idx)
        grad = self.graduates[:k]
        rec.add_times(name, n.EOD, eod)
        length_k = self.lengths[:k] if self.dated else self.length
        t_grad_all = eod + length_k
        if len(set(self.onboarding)) > 1:  # by the day onboarding starts
            onboard_k = np.zeros(k)
            onboard_k[grad] = sample_by(self.onboarding, self.sc.epoch_of(t_grad_all[grad]),
                                        self.rng_on)
        else:
            onboard_k = self.onboard[:k]
        rec.hires[name] = {"application": self.app[idx], "eod": eod}
        if self.removal is not None:
            overlap.academy_flows(rec, name, eod, grad, eod + self.u_wash[:k] * length_k,
                                  length_k, onboard_k, self.tenure[:k], self.removal[idx])
            rec.hires[name]["removed"] = overlap.removed_if_on_board(
                self.removal[idx], eod + self.release[:k])
        else:
            rec.add_times(name, n.ACADEMY_WASHOUT, (eod + self.u_wash[:k] * length_k)[~grad])
            t_grad = t_grad_all[grad]
            rec.add_times(name, n.ACADEMY_GRADUATE, t_grad)
            onboard_and_leave(rec, name, t_grad, onboard_k[grad], self.tenure[:k][grad])
        rec.classes[name] = ClassLog.from_rows(self.classes)


def run_shared(sc: Scenario, academy: str, groups: dict[str, list[Group]], streams: Streams,
               rec: RunRecord) -> None:
    """Entry of every user role of shared academy ``academy`` in fast mode (``groups``: each
    role's candidates)."""
    ac = sc.academy(academy)
    us = [_User(sc, r, groups[r.name][0], streams, rec) for r in users(sc, academy)]
    names = [u.name for u in us]
    log = []
    for c, seats, outside in classes(sc, ac):
        available = seats - outside
        waits = [u.waiting(c) for u in us]
        rooms = [w[0] for w in waits]
        heads = [u.t[w[1]] for u, w in zip(us, waits, strict=True)]
        take = allocate(ac, available, names, heads, rooms)
        for i, (u, (_, ok)) in enumerate(zip(us, waits, strict=True)):
            u.admit(c, ok, take[i])
            u.classes.append((c, take[i], take[i],
                              user_limit(ac, available, names, take, rooms, i)))
        log.append((c, seats, outside, available, sum(take)))
    for u in us:
        u.record(rec)
    rec.academies[academy] = SharedLog.from_rows(log)
