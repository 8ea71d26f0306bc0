"""The fast mode: groups where people behave alike, individuals where they compete.

- Applicants who will fail somewhere in the screening stages before the first resource are
  moved as daily cohorts: a Poisson count a day, spread over whole-day stage durations with one
  multinomial draw per day and split at each stage's exit with a binomial.  Because arrivals are
  Poisson, the applicants who will pass all of those stages are an independent Poisson stream,
  and they are followed one by one from the day they apply.
- Everyone who reaches a resource is an individual: the queue is solved exactly
  (:func:`hiringsim.model.queue.fifo_queue`), then positions, academy classes, onboarding and
  attrition are played out in time order.

This implements the same model as :mod:`hiringsim.model.reference` (one SimPy process per
applicant); the test suite checks that the two agree in distribution.
"""

from __future__ import annotations

import math

import numpy as np

from ..rng import Streams
from ..scenario import Role, Scenario
from .common import (
    cap_at,
    daily_rate,
    position_caps,
    sample_patience,
    sample_tenure,
    server_schedule,
    whole_days,
)
from .queue import busy_per_day, fifo_queue
from .record import RunRecord

__all__ = ["run_fast"]


class _Group:
    """Individuals of one role moving through the stages together (arrays)."""

    def __init__(self, role: Role, app: np.ndarray, t: np.ndarray, stage: int):
        self.role = role
        self.app = app  # application times
        self.t = t  # time of arrival at the next stage
        self.stage = stage  # index of the next stage

    def keep(self, mask: np.ndarray, t: np.ndarray) -> None:
        self.app = self.app[mask]
        self.t = t[mask]


def run_fast(sc: Scenario, seed: int, replication: int = 0) -> RunRecord:
    streams = Streams(seed, replication)
    rec = RunRecord(sc, seed, replication, "fast")
    horizon = float(sc.days)
    groups: dict[str, _Group] = {}
    for role in sc.roles:
        rec.new_role(role)
        groups[role.name] = _screening_prefix(sc, role, streams, rec)

    # Stages from the first resource on: advance each role to its next resource, then solve
    # every resource whose users have all arrived at it.
    while True:
        for g in groups.values():
            _advance_uncapacitated(g, streams, rec, horizon)
        waiting = {g.role.stages[g.stage].resource for g in groups.values()
                   if g.stage < len(g.role.stages)}
        if not waiting:
            break
        for res in sorted(waiting):
            users = [g for g in groups.values() if _uses_later(g, res)]
            if all(g.stage < len(g.role.stages) and g.role.stages[g.stage].resource == res
                   for g in users):
                _solve_resource(sc, res, users, streams, rec, horizon)
                break
        else:  # pragma: no cover - excluded by scenario validation
            raise RuntimeError("resources are used in inconsistent orders")

    for res in sc.resources:  # resources no stage uses: idle all along
        if res.name not in rec.busy:
            rec.busy[res.name] = np.zeros(sc.days)
            rec.waits[res.name] = {"served": np.zeros(0), "withdrew": np.zeros(0)}
    for role in sc.roles:
        g = groups[role.name]
        if role.academy is not None:
            _academy_role(sc, role, g, streams, rec)
        else:
            _direct_role(sc, role, g, streams, rec)
    return rec


def _uses_later(g: _Group, res: str) -> bool:
    return any(s.resource == res for s in g.role.stages[g.stage:])


def _screening_prefix(sc: Scenario, role: Role, streams: Streams, rec: RunRecord) -> _Group:
    name = role.name
    flows = rec.flows[name]
    days = sc.days
    k0 = next((i for i, s in enumerate(role.stages) if s.resource is not None), len(role.stages))
    prefix = role.stages[:k0]
    p_all = math.prod(s.pass_rate for s in prefix)
    rate = daily_rate(sc, role)
    rng = streams(name, "arrivals")
    n_ind = rng.poisson(rate * p_all)
    n_coh = rng.poisson(rate * (1.0 - p_all)) if p_all < 1.0 else np.zeros(days, np.int64)
    flows["applications"] += n_ind + n_coh

    # individuals who pass every prefix stage
    total = int(n_ind.sum())
    app = np.repeat(np.arange(days, dtype=float), n_ind) + rng.random(total)
    t = app.copy()
    for s in prefix:
        rs = streams(name, "stage", s.name)
        rec.add_times(name, f"{s.name}:enter", t)
        t = t + whole_days(s.duration, rs, len(t))
        rec.add_times(name, f"{s.name}:pass", t)

    # the cohort of those who fail somewhere in the prefix
    entering = n_coh.astype(np.int64)
    for k, s in enumerate(prefix):
        rs = streams(name, "cohort", s.name)
        flows[f"{s.name}:enter"] += entering
        exits = _spread(entering, s.duration, rs, days)
        rest = math.prod(x.pass_rate for x in prefix[k:])
        p_fail = 1.0 if rest >= 1.0 else min(1.0, (1.0 - s.pass_rate) / (1.0 - rest))
        fail = rs.binomial(exits, p_fail)
        flows[f"{s.name}:fail"] += fail
        flows[f"{s.name}:pass"] += exits - fail
        entering = exits - fail
    keep = t < days
    return _Group(role, app[keep], t[keep], k0)


def _spread(counts: np.ndarray, dist, rng: np.random.Generator, days: int) -> np.ndarray:
    """Exit counts per day of daily cohorts with i.i.d. whole-day durations (exact).

    One multinomial draw per day costs about (days x pmf length); drawing each person's
    duration costs about (people): use whichever is cheaper — both are exact.
    """
    pmf = dist.day_pmf()
    out = np.zeros(days + len(pmf), dtype=np.int64)
    nz = np.nonzero(counts)[0]
    if len(nz) == 0:
        return out[:days]
    if len(pmf) == 1:
        out[nz] += counts[nz]
        return out[:days]
    people = int(counts.sum())
    if people * 2 < len(nz) * len(pmf):
        exits = np.repeat(nz, counts[nz]) + whole_days(dist, rng, people).astype(np.int64)
        return np.bincount(exits, minlength=days)[:days]
    split = rng.multinomial(counts[nz], pmf)
    for b in range(len(pmf)):
        out[nz + b] += split[:, b]
    return out[:days]


def _advance_uncapacitated(g: _Group, streams: Streams, rec: RunRecord, horizon: float) -> None:
    role = g.role
    while g.stage < len(role.stages) and role.stages[g.stage].resource is None:
        s = role.stages[g.stage]
        rs = streams(role.name, "stage", s.name)
        n = len(g.t)
        rec.add_times(role.name, f"{s.name}:enter", g.t)
        end = g.t + whole_days(s.duration, rs, n)
        ok = rs.random(n) < s.pass_rate
        rec.add_times(role.name, f"{s.name}:pass", end[ok])
        rec.add_times(role.name, f"{s.name}:fail", end[~ok])
        g.keep(ok & (end < horizon), end)
        g.stage += 1


def _solve_resource(sc: Scenario, res: str, users: list[_Group], streams: Streams,
                    rec: RunRecord, horizon: float) -> None:
    arr, svc, pat, who = [], [], [], []
    for gi, g in enumerate(users):
        s = g.role.stages[g.stage]
        rs = streams(g.role.name, "stage", s.name)
        n = len(g.t)
        arr.append(g.t)
        svc.append(np.asarray(s.duration.sample(rs, n), dtype=float))
        rw = streams(g.role.name, "withdraw", s.name)
        pat.append(sample_patience(rw, s.withdraw_per_week, n))
        who.append(np.full(n, gi))
    a = np.concatenate(arr)
    order = np.argsort(a, kind="stable")
    a, sv, pt, _wh = a[order], np.concatenate(svc)[order], np.concatenate(pat)[order], \
        np.concatenate(who)[order]
    c0, changes = server_schedule(sc, res)
    start, withdrew = fifo_queue(a, sv, pt, c0, changes)
    served = np.isfinite(start)
    end = start + sv
    rec.busy[res] = busy_per_day(start[served], end[served], sc.days)
    w = {"served": (start - a)[served & (start < horizon)],
         "withdrew": pt[withdrew & (a + pt < horizon)]}
    rec.waits[res] = w
    back = np.empty_like(order)
    back[order] = np.arange(len(order))
    for gi, g in enumerate(users):
        s = g.role.stages[g.stage]
        name = g.role.name
        idx = back[np.concatenate([[0], np.cumsum([len(x) for x in arr])])[gi]:][: len(arr[gi])]
        st, wd, en = start[idx], withdrew[idx], end[idx]
        rec.add_times(name, f"{s.name}:enter", g.t)
        rec.add_times(name, f"{s.name}:withdraw", (g.t + pt[idx])[wd])
        got = np.isfinite(st)
        rec.add_times(name, f"{s.name}:start", st[got])
        ok = streams(name, "decide", s.name).random(len(st)) < s.pass_rate
        rec.add_times(name, f"{s.name}:pass", en[got & ok])
        rec.add_times(name, f"{s.name}:fail", en[got & ~ok])
        g.keep(got & ok & (en < horizon), en)
        g.stage += 1


def _initial_releases(role: Role, streams: Streams, rec: RunRecord) -> np.ndarray:
    leave = sample_tenure(role.attrition, streams(role.name, "attrition", "initial"), role.initial,
                          initial=True)
    rec.add_times(role.name, "initial:leave", leave)
    return leave


def _academy_role(sc: Scenario, role: Role, g: _Group, streams: Streams, rec: RunRecord) -> None:
    from ..scenario import class_seats, class_starts

    ac = role.academy
    name = role.name
    days = sc.days
    order = np.argsort(g.t, kind="stable")
    t_off, app = g.t[order], g.app[order]
    n = len(t_off)
    rw = streams(name, "withdraw", "offer")
    deadline = t_off + sample_patience(rw, role.offer_withdraw_per_week, n)
    caps = position_caps(sc, role)
    rng_ac = streams(name, "academy")
    u_wash = rng_ac.random(n)
    graduates = rng_ac.random(n) < ac.graduation_rate
    onboard = np.asarray(role.onboarding.sample(streams(name, "onboarding"), n), dtype=float)
    tenure = sample_tenure(role.attrition, streams(name, "attrition", "hires"), n)
    L = float(ac.length_days)
    release = np.where(graduates, L + tenure, u_wash * L)  # position freed, after class start

    # Positions held = initial + admitted - released; releases are counted by day (a release
    # never falls exactly on a class start, which is a whole day).
    released_by_day = np.zeros(days + 1, dtype=np.int64)
    initial_leave = _initial_releases(role, streams, rec)
    np.add.at(released_by_day, np.minimum(np.floor(initial_leave), days).astype(np.int64), 1)
    held = role.initial
    counted_to = 0
    head = ptr = n_admitted = 0
    admitted_parts: list[np.ndarray] = []
    admitted_at: list[np.ndarray] = []
    withdrawn_parts: list[np.ndarray] = []
    classes = []
    for c in class_starts(sc, ac):
        seats = class_seats(sc, ac, c)
        ptr = int(np.searchsorted(t_off, c, side="right"))
        held -= int(released_by_day[counted_to:c].sum())
        counted_to = c
        room = int(min(seats, max(cap_at(caps, c) - held, 0)))
        filled = 0
        if room > 0 and ptr > head:
            ok = np.flatnonzero(deadline[head:ptr] > c)[:room]
            filled = len(ok)
            if filled:
                chosen = head + ok
                skipped = np.ones(ok[-1] + 1, dtype=bool)
                skipped[ok] = False
                gone = head + np.flatnonzero(skipped)
                new_head = int(chosen[-1]) + 1
                if filled < room:  # everyone else in the window has withdrawn
                    gone = np.concatenate([gone, np.arange(new_head, ptr)])
                    new_head = ptr
                admitted_parts.append(chosen)
                admitted_at.append(np.full(filled, float(c)))
                rel = c + release[n_admitted:n_admitted + filled]
                n_admitted += filled
                np.add.at(released_by_day, np.minimum(np.floor(rel), days).astype(np.int64), 1)
                held += filled
            else:
                gone = np.arange(head, ptr)
                new_head = ptr
            withdrawn_parts.append(gone)
            head = new_head
        limit = 0 if filled == seats else (1 if filled == room else 2)
        classes.append((c, seats, filled, limit))
    withdrawn_parts.append(np.arange(head, n))
    gone = np.concatenate(withdrawn_parts) if withdrawn_parts else np.zeros(0, np.int64)
    rec.add_times(name, "offer:withdraw", deadline[gone])
    admitted_idx = np.concatenate(admitted_parts) if admitted_parts else np.zeros(0, np.int64)
    admitted_at = np.concatenate(admitted_at) if admitted_at else np.zeros(0)

    k = len(admitted_idx)
    idx = admitted_idx
    eod = admitted_at
    grad = graduates[:k]
    rec.add_times(name, "eod", eod)
    rec.add_times(name, "academy:washout", (eod + u_wash[:k] * L)[~grad])
    t_grad = (eod + L)[grad]
    rec.add_times(name, "academy:graduate", t_grad)
    _onboard_and_leave(rec, name, t_grad, onboard[:k][grad], tenure[:k][grad])
    rec.hires[name] = {"application": app[idx], "eod": eod}
    rec.classes[name] = np.asarray(classes, dtype=float).reshape(-1, 4)


def _onboard_and_leave(rec: RunRecord, name: str, t0: np.ndarray, onboard: np.ndarray,
                       tenure: np.ndarray) -> None:
    early = tenure < onboard
    rec.add_times(name, "onboarding:leave", (t0 + tenure)[early])
    rec.add_times(name, "operational", (t0 + onboard)[~early])
    rec.add_times(name, "duty:leave", (t0 + tenure)[~early])


def _direct_role(sc: Scenario, role: Role, g: _Group, streams: Streams, rec: RunRecord) -> None:
    """Roles without an academy: enter on duty as soon as a position is free (FIFO)."""
    name = role.name
    days = float(sc.days)
    order = np.argsort(g.t, kind="stable")
    t_off, app = g.t[order], g.app[order]
    n = len(t_off)
    rw = streams(name, "withdraw", "offer")
    deadline = t_off + sample_patience(rw, role.offer_withdraw_per_week, n)
    onboard = np.asarray(role.onboarding.sample(streams(name, "onboarding"), n), dtype=float)
    tenure = sample_tenure(role.attrition, streams(name, "attrition", "hires"), n)
    caps = position_caps(sc, role)
    initial_leave = _initial_releases(role, streams, rec)
    if len(caps) == 1 and caps[0][1] == math.inf:
        admitted = np.arange(n)
        admit_t = t_off
        withdraw_t = np.zeros(0)
    else:
        # Positions are servers held for a tenure; starting staff hold theirs until they leave;
        # a lower cap retires the positions that free up first (nobody is dismissed).
        changes = [(day, int(cap)) for day, cap in caps[1:]]
        start, withdrew = fifo_queue(t_off, tenure, deadline - t_off, int(caps[0][1]), changes,
                                     busy_until=initial_leave)
        admitted = np.flatnonzero(np.isfinite(start) & (start < days))
        admit_t = start[admitted]
        withdraw_t = deadline[withdrew]
        tenure = tenure[admitted]
        onboard = onboard[admitted]
    rec.add_times(name, "offer:withdraw", withdraw_t)
    k = len(admitted)
    eod = np.asarray(admit_t, dtype=float)
    rec.add_times(name, "eod", eod)
    _onboard_and_leave(rec, name, eod, onboard[:k], tenure[:k])
    rec.hires[name] = {"application": app[admitted], "eod": eod}
