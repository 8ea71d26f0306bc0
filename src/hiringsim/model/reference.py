"""The reference mode: one SimPy process per applicant, written as plainly as possible.

It exists to check the fast mode (:mod:`hiringsim.model.fast`): the test suite compares the two
in distribution.  It also keeps live end-of-day counts of every state (``record.snapshots``),
taken by a monitor that runs before anything else scheduled at each midnight, which the
conservation tests compare with the flows.
"""

from __future__ import annotations

import math
from collections import deque

import numpy as np
import simpy
from simpy.core import URGENT

from ..rng import Streams
from ..scenario import Role, Scenario, class_seats, class_starts
from .common import (
    cap_at,
    daily_rate,
    patience_rate,
    position_caps,
    sample_tenure,
    server_schedule,
    whole_days,
)
from .queue import busy_per_day
from .record import RunRecord, state_names

__all__ = ["run_reference"]

INF = math.inf


class _Person:
    __slots__ = ("app", "admitted", "withdrawn", "deadline")

    def __init__(self, app: float):
        self.app = app
        self.admitted: simpy.Event | None = None
        self.withdrawn = False
        self.deadline = INF


class _RoleSim:
    """Everything one role needs while the simulation runs."""

    def __init__(self, env: simpy.Environment, sc: Scenario, role: Role, streams: Streams):
        self.env = env
        self.sc = sc
        self.role = role
        self.name = role.name
        self.rng = {key: streams(role.name, "ref", key) for key in
                    ("arrivals", "academy", "onboarding", "attrition", "withdraw")}
        self.stage_rng = {s.name: streams(role.name, "ref", "stage", s.name) for s in role.stages}
        self.times: dict[str, list[float]] = {}
        self.count = {s: 0 for s in state_names(role)}
        self.count["on_duty"] = role.initial
        self.caps = position_caps(sc, role)
        self.cap = self.caps[0][1]
        self.occupied = role.initial
        self.waiting: deque[_Person] = deque()
        self.hire_app: list[float] = []
        self.hire_eod: list[float] = []
        self.classes: list[tuple[float, int, int, int]] = []

    def log(self, flow: str) -> None:
        self.times.setdefault(flow, []).append(self.env.now)

    def move(self, src: str | None, dst: str | None) -> None:
        if src is not None:
            self.count[src] -= 1
        if dst is not None:
            self.count[dst] += 1


class _Resource:
    """A PriorityResource whose server count follows a schedule through priority blockers."""

    def __init__(self, env: simpy.Environment, sc: Scenario, name: str):
        self.env = env
        c0, self.changes = server_schedule(sc, name)
        top = max([c0] + [c for _, c in self.changes])
        self.res = simpy.PriorityResource(env, capacity=max(top, 1))
        self.blockers: list[simpy.events.Event] = []
        self.current = max(top, 1)
        self._set(c0)
        self.start: list[float] = []
        self.end: list[float] = []
        self.wait_served: list[tuple[float, float]] = []  # (time, wait)
        self.wait_withdrew: list[tuple[float, float]] = []
        env.process(self._schedule())

    def _set(self, servers: int) -> None:
        delta = servers - self.current
        self.current = servers
        if delta < 0:
            for _ in range(-delta):
                self.blockers.append(self.res.request(priority=0))
        else:
            # cancel blockers still waiting (their servers are busy) before freeing idle ones
            waiting = [b for b in self.blockers if not b.triggered]
            granted = [b for b in self.blockers if b.triggered]
            for b in (waiting[::-1] + granted)[:delta]:
                if b.triggered:
                    self.res.release(b)
                else:
                    b.cancel()
                self.blockers.remove(b)

    def _schedule(self):
        for day, servers in self.changes:
            yield self.env.timeout(day - self.env.now)
            self._set(servers)


def run_reference(sc: Scenario, seed: int, replication: int = 0) -> RunRecord:
    env = simpy.Environment()
    streams = Streams(seed, replication)
    rec = RunRecord(sc, seed, replication, "reference")
    roles = {r.name: _RoleSim(env, sc, r, streams) for r in sc.roles}
    resources = {r.name: _Resource(env, sc, r.name) for r in sc.resources}
    snapshots = {name: {s: np.zeros(sc.days, dtype=np.int64) for s in rs.count}
                 for name, rs in roles.items()}

    for rs in roles.values():
        env.process(_arrivals(rs, resources))
        env.process(_initial_staff(rs))
        env.process(_caps(rs))
        if rs.role.academy is not None:
            env.process(_classes(rs))
    env.process(_monitor(env, roles, snapshots, sc.days))
    env.run(until=sc.days + 0.5)  # the last midnight snapshot runs at sc.days

    for rs in roles.values():
        rec.new_role(rs.role)
        for flow, times in rs.times.items():
            rec.add_times(rs.name, flow, np.asarray(times, dtype=float))
        # the run goes on to the last midnight snapshot: keep only what happened before it
        app, eod = np.asarray(rs.hire_app, dtype=float), np.asarray(rs.hire_eod, dtype=float)
        rec.hires[rs.name] = {"application": app[eod < sc.days], "eod": eod[eod < sc.days]}
        if rs.role.academy is not None:
            rec.classes[rs.name] = np.asarray(rs.classes, dtype=float).reshape(-1, 4)
    for name, r in resources.items():
        start, end = np.asarray(r.start, dtype=float), np.asarray(r.end, dtype=float)
        keep = start < sc.days
        rec.busy[name] = busy_per_day(start[keep], end[keep], sc.days)
        rec.waits[name] = {key: np.asarray([w for t, w in pairs if t < sc.days], dtype=float)
                           for key, pairs in (("served", r.wait_served),
                                              ("withdrew", r.wait_withdrew))}
    rec.snapshots = snapshots
    return rec


def _monitor(env, roles, snapshots, days):
    """Record every state's count at the end of each day, before the next day's events."""
    for d in range(days):
        ev = env.event()
        ev._ok = True
        ev._value = None
        env.schedule(ev, URGENT, (d + 1) - env.now)
        yield ev
        for name, rs in roles.items():
            snap = snapshots[name]
            for state, n in rs.count.items():
                snap[state][d] = n


def _arrivals(rs: _RoleSim, resources):
    env = rs.env
    rate = daily_rate(rs.sc, rs.role)
    rng = rs.rng["arrivals"]
    for d in range(rs.sc.days):
        n = rng.poisson(rate[d])
        for t in np.sort(d + rng.random(n)):
            yield env.timeout(t - env.now)
            env.process(_applicant(rs, resources))


def _applicant(rs: _RoleSim, resources):
    env = rs.env
    me = _Person(env.now)
    rs.log("applications")
    for stage in rs.role.stages:
        rng = rs.stage_rng[stage.name]
        rs.log(f"{stage.name}:enter")
        if stage.resource is None:
            rs.move(None, stage.name)
            yield env.timeout(whole_days(stage.duration, rng, 1)[0])
        else:
            r = resources[stage.resource]
            rs.move(None, f"{stage.name}:queue")
            arrived = env.now
            req = r.res.request(priority=1)
            rate = patience_rate(stage.withdraw_per_week)
            if rate > 0:
                got = yield req | env.timeout(rs.rng["withdraw"].exponential(1.0 / rate))
                served = req in got
            else:
                yield req
                served = True
            if not served:
                req.cancel()
                rs.log(f"{stage.name}:withdraw")
                rs.move(f"{stage.name}:queue", None)
                r.wait_withdrew.append((env.now, env.now - arrived))
                return
            rs.log(f"{stage.name}:start")
            rs.move(f"{stage.name}:queue", stage.name)
            r.wait_served.append((env.now, env.now - arrived))
            r.start.append(env.now)
            service = float(stage.duration.sample(rng))
            r.end.append(env.now + service)
            yield env.timeout(service)
            r.res.release(req)
        rs.move(stage.name, None)
        if rng.random() < stage.pass_rate:
            rs.log(f"{stage.name}:pass")
        else:
            rs.log(f"{stage.name}:fail")
            return
    # tentative offer: wait for a position (and a class seat)
    rs.move(None, "offer_wait")
    me.admitted = env.event()
    rate = patience_rate(rs.role.offer_withdraw_per_week)
    me.deadline = env.now + (rs.rng["withdraw"].exponential(1.0 / rate) if rate > 0 else INF)
    rs.waiting.append(me)
    if rs.role.academy is None:
        _admit_direct(rs)
    if not me.admitted.triggered:
        if me.deadline < INF:
            yield me.admitted | env.timeout(me.deadline - env.now)
        else:
            yield me.admitted
    if not me.admitted.triggered:
        me.withdrawn = True
        rs.log("offer:withdraw")
        rs.move("offer_wait", None)
        return
    # entered on duty (rs.occupied was counted at admission)
    yield from _on_board(rs)


def _on_board(rs: _RoleSim):
    env = rs.env
    role = rs.role
    if role.academy is not None:
        length = float(role.academy.length_days)
        u = rs.rng["academy"].random()
        if rs.rng["academy"].random() >= role.academy.graduation_rate:
            yield env.timeout(u * length)
            rs.log("academy:washout")
            rs.move("academy", None)
            _release(rs)
            return
        yield env.timeout(length)
        rs.log("academy:graduate")
        rs.move("academy", "onboarding")
    onboard = float(role.onboarding.sample(rs.rng["onboarding"]))
    tenure = float(sample_tenure(role.attrition, rs.rng["attrition"], 1)[0])
    if tenure < onboard:
        yield env.timeout(tenure)
        rs.log("onboarding:leave")
        rs.move("onboarding", None)
        _release(rs)
        return
    yield env.timeout(onboard)
    rs.log("operational")
    rs.move("onboarding", "on_duty")
    yield env.timeout(tenure - onboard)
    rs.log("duty:leave")
    rs.move("on_duty", None)
    _release(rs)


def _admit(rs: _RoleSim, me: _Person) -> None:
    rs.occupied += 1
    rs.log("eod")
    rs.hire_app.append(me.app)
    rs.hire_eod.append(rs.env.now)
    rs.move("offer_wait", "academy" if rs.role.academy is not None else "onboarding")
    me.admitted.succeed()


def _admit_direct(rs: _RoleSim) -> None:
    while rs.waiting and rs.occupied < rs.cap:
        me = rs.waiting.popleft()
        if me.withdrawn or me.deadline <= rs.env.now:
            continue
        _admit(rs, me)


def _release(rs: _RoleSim) -> None:
    rs.occupied -= 1
    if rs.role.academy is None:
        _admit_direct(rs)


def _initial_staff(rs: _RoleSim):
    env = rs.env
    leave = np.sort(sample_tenure(rs.role.attrition, rs.rng["attrition"], rs.role.initial,
                                  initial=True))
    for t in leave:
        if t >= rs.sc.days:
            return
        yield env.timeout(t - env.now)
        rs.log("initial:leave")
        rs.move("on_duty", None)
        _release(rs)


def _caps(rs: _RoleSim):
    env = rs.env
    for day, cap in rs.caps[1:] if rs.caps[0][0] == 0 else rs.caps:
        yield env.timeout(day - env.now)
        rs.cap = cap
        if rs.role.academy is None:
            _admit_direct(rs)


def _classes(rs: _RoleSim):
    env = rs.env
    ac = rs.role.academy
    for c in class_starts(rs.sc, ac):
        yield env.timeout(c - env.now)
        seats = class_seats(rs.sc, ac, c)
        free = cap_at(rs.caps, env.now) - rs.occupied
        room = int(min(seats, max(free, 0)))
        filled = 0
        while rs.waiting and filled < room:
            me = rs.waiting.popleft()
            if me.withdrawn or me.deadline <= env.now:
                continue
            _admit(rs, me)
            filled += 1
        limit = 0 if filled == seats else (1 if filled == room else 2)
        rs.classes.append((c, seats, filled, limit))
