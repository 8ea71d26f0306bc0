"""The reference mode: one SimPy process per applicant, written as plainly as possible.

It exists to check the fast mode (:mod:`hiringsim.model.fast`): the test suite compares the two
in distribution.  Each stage's kind provides the applicant's process through that stage, each
role's entry kind the admission and training.  The run also keeps live end-of-day counts of
every state (``record.snapshots``), taken by a monitor that runs before anything else scheduled
at each midnight, which the conservation tests compare with the flows.  A role whose vetting
overlaps training runs it in a process of its own beside the applicant's, which removes the
person from wherever they are on a failure (:mod:`hiringsim.model.overlap`).
"""

from __future__ import annotations

import bisect
import itertools
import math
from collections import defaultdict, deque
from collections.abc import Generator
from operator import attrgetter
from typing import Any

import numpy as np
import simpy
from simpy.core import URGENT
from simpy.resources.resource import SortedQueue

from ..rng import Streams
from ..scenario import Role, Scenario
from ..schedules import applicant_rate, position_caps, server_schedule
from . import crn, overlap, pool
from . import names as n
from .dated import role_now
from .first_of import FirstOf
from .kinds import entry_kind, stage_kind
from .money import ledger, ticks
from .positions import followed_cap, followed_states, follows_target
from .queue import busy_per_day
from .record import ClassLog, RunRecord, on_board_states, state_names
from .running import opening_stocks, start_headcount
from .running_ref import start_running
from .sampling import patience_rate
from .shared_ref import start_shared
from .warmup import report_day
from .workforce import initial_staff, serve

__all__ = ["run_reference"]

INF = math.inf


class _Person:
    __slots__ = ("app", "id", "admitted", "withdrawn", "deadline", "where", "hire", "proc")

    def __init__(self, app: float, ident: int):
        self.app = app
        #: who they are: their draws at each stage (hiringsim.model.crn)
        self.id = ident
        self.admitted: simpy.Event | None = None
        self.withdrawn = False
        self.deadline = INF
        #: overlapping vetting (hiringsim.model.overlap): where the person is, their hire index
        #: and their process (to remove them)
        self.where: str | None = None
        self.hire = -1
        self.proc: Any = None


class _RoleSim:
    """Everything one role needs while the simulation runs."""

    def __init__(self, env: simpy.Environment, sc: Scenario, role: Role, streams: Streams):
        self.env = env
        self.sc = sc
        self.role = role
        self.name = role.name
        self.entry = entry_kind(role)
        self.streams = streams
        self.rng = {key: streams(role.name, "ref", key) for key in
                    ("arrivals", "academy", "onboarding", "attrition", "withdraw", "pipeline")}
        self.stage_rng = {s.name: streams(role.name, "ref", "stage", s.name) for s in role.stages}
        self.stage_key = crn.keys(self.stage_rng)  # draws by applicant (model.crn)
        self.service_key = crn.keys(self.stage_rng, crn.SERVICE)  # service times (model.crn)
        #: each stage's kind, by index (a dated change never changes a stage's kind)
        self.kinds = [stage_kind(s) for s in role.stages]
        self.vetting = overlap.first(role)  # the first vetting stage's index (model.overlap)
        self.times: defaultdict[str, list[float]] = defaultdict(list)  # flow -> event times
        self.count = {s: 0 for s in state_names(role)}
        self.count[n.ON_DUTY] = role.initial
        for state, count in opening_stocks(role).items():  # a running pipeline
            self.count[state] += count
        #: positions follow the target role's live headcount (set at each midnight)
        self.following = follows_target(role)
        self.caps = [(0.0, float(role.initial))] if self.following else position_caps(sc, role)
        self.cap = self.caps[0][1]
        self.occupied = start_headcount(role, on_board_states(role))
        self.waiting: deque[_Person] = deque()
        self.hire_app: list[float] = []
        self.hire_eod: list[float] = []
        self.classes: list[tuple[int, int, int, int]] = []
        #: hire index -> removal time (vetting that overlaps training)
        self.removed_at: dict[int, float] = {}
        #: the role's money, if a budget holds it (hiringsim.model.money)
        self.money = ledger(sc, role)

    def log(self, flow: str) -> None:
        self.times[flow].append(self.env._now)  # (env.now, without the property's call)

    def move(self, src: str | None, dst: str | None) -> None:
        if src is not None:
            self.count[src] -= 1
        if dst is not None:
            self.count[dst] += 1

    def admit(self, me: _Person, state: str) -> None:
        """Entry on duty of a waiting candidate into ``state`` (a position is taken)."""
        self.occupied += 1
        self.log(n.EOD)
        me.where, me.hire = state, len(self.hire_eod)
        self.hire_app.append(me.app)
        self.hire_eod.append(self.env.now)
        if self.money is not None:
            self.money.commit(self.env.now)
        self.move(n.OFFER_WAIT, state)
        assert me.admitted is not None
        me.admitted.succeed()

    def release(self) -> None:
        """A position is freed."""
        self.occupied -= 1
        self.entry.admit_now(self)


class _InsortQueue(SortedQueue):
    """SimPy's request queue in the same order, kept cheaply: SimPy re-sorts the whole queue on
    every request (a Python key call per waiting request, a third of a run's time behind a long
    queue); inserting the new request after those with an equal key (``bisect.insort_right``)
    gives exactly the order of that stable sort, with O(log n) key calls."""

    def append(self, item: Any) -> None:
        if self.maxlen is not None and len(self) >= self.maxlen:
            raise RuntimeError("Cannot append event. Queue is full.")
        bisect.insort_right(self, item, key=_KEY)


_KEY = attrgetter("key")


class _PriorityResource(simpy.PriorityResource):
    PutQueue = _InsortQueue


class _Resource:
    """A PriorityResource whose server count follows a schedule through priority blockers."""

    def __init__(self, env: simpy.Environment, sc: Scenario, name: str):
        self.env = env
        c0, self.changes = server_schedule(sc, name)
        top = max([c0] + [c for _, c in self.changes])
        self.res = _PriorityResource(env, capacity=max(top, 1))
        self.blockers: list[Any] = []
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

    def _schedule(self) -> Generator[Any, Any, None]:
        for day, servers in self.changes:
            yield self.env.timeout(day - self.env.now)
            self._set(servers)


def run_reference(sc: Scenario, seed: int, replication: int = 0) -> RunRecord:
    """One replication in reference mode."""
    env = simpy.Environment()
    streams = Streams(seed, replication)
    rec = RunRecord(sc, seed, replication, "reference")
    roles = {r.name: _RoleSim(env, sc, r, streams) for r in sc.roles}
    resources = {r.name: _Resource(env, sc, r.name) for r in sc.resources}
    snapshots = {name: {s: np.zeros(sc.days, dtype=np.int64) for s in rs.count}
                 for name, rs in roles.items()}
    ids = itertools.count(crn.PIPELINE)  # a running pipeline's people
    start_running(list(roles.values()), resources, lambda app: _Person(app, next(ids)),
                  _applicant, _offer)

    for rs in roles.values():
        for sim in rs.entry.sims(rs):  # the role, or each of its entry channels
            env.process(_arrivals(sim, resources))
        env.process(initial_staff(rs))
        env.process(_caps(rs))
        if rs.money is not None and rs.role.academy is None:
            env.process(ticks(rs))
        rs.entry.start(rs)
    shared = start_shared(env, sc, roles)  # one class process per shared academy
    env.process(_monitor(env, sc, roles, snapshots, sc.days))
    env.run(until=sc.days + 0.5)  # the last midnight snapshot runs at sc.days

    for rs in roles.values():
        rec.new_role(rs.role)
        for flow, times in rs.times.items():
            rec.add_times(rs.name, flow, np.asarray(times, dtype=float))
        # the run goes on to the last midnight snapshot: keep only what happened before it
        app, eod = np.asarray(rs.hire_app, dtype=float), np.asarray(rs.hire_eod, dtype=float)
        keep = (eod < sc.days) & ~np.isnan(app)  # a running pipeline's people applied before
        rec.hires[rs.name] = {"application": app[keep], "eod": eod[keep]}
        if rs.role.tentative_from is not None:
            rec.hires[rs.name]["removed"] = overlap.hire_removals(rs)[keep]
        if rs.role.academy is not None:
            rec.classes[rs.name] = ClassLog.from_rows(rs.classes)
        rs.entry.record(rs, rec)
        if rs.money is not None:
            rec.budget[rs.name] = rs.money.finish()
    shared(rec)
    s0 = report_day(sc)  # a warm-up's waits from the start
    for name, r in resources.items():
        start, end = np.asarray(r.start, dtype=float), np.asarray(r.end, dtype=float)
        keep = start < sc.days
        rec.busy[name] = busy_per_day(start[keep], end[keep], sc.days)
        rec.waits[name] = {key: np.asarray([w for t, w in pairs if s0 <= t < sc.days],
                                           dtype=float)
                           for key, pairs in (("served", r.wait_served),
                                              ("withdrew", r.wait_withdrew))}
    rec.snapshots = snapshots
    return rec


def _monitor(env, sc, roles, snapshots, days) -> Generator[Any, Any, None]:
    """Record every state's count at the end of each day, before the next day's events; then
    set the next day's cap of roles whose positions follow the target role's headcount."""
    following = [rs for rs in roles.values() if rs.following]
    target = roles[sc.target.role]
    s0, base = report_day(sc), {}  # a warm-up: added from the start's headcount on
    for d in range(days):
        ev = env.event()
        ev._ok = True
        ev._value = None
        env.schedule(ev, URGENT, (d + 1) - env.now)
        yield ev
        for name, rs in roles.items():
            snap = snapshots[name]
            for state, count in rs.count.items():
                snap[state][d] = count
        for rs in following:
            count = sum(target.count[s] for s in followed_states(sc, rs.role))
            if d + 1 == s0:
                base[rs.name] = count
            cap = followed_cap(sc, rs.role, count, base.get(rs.name))
            if cap != rs.cap:
                rs.cap = cap
                rs.caps.append((float(d + 1), cap))
                rs.entry.admit_now(rs)


def _arrivals(rs: _RoleSim, resources) -> Generator[Any, Any, None]:
    env = rs.env
    timeout, process = env.timeout, env.process
    rate = applicant_rate(rs.sc, rs.role)
    rng = rs.rng["arrivals"]
    # a finite pool: the daily counts drawn day by day from what is left (model.pool)
    counts = None if rs.role.pool is None else pool.draw(rs.role.pool, rate, (1.0,), rng)[0]
    for d in range(rs.sc.days):
        count = rng.poisson(rate[d]) if counts is None else counts[d]
        # Python floats (the same values): numpy scalars would make the clock, and every time
        # computed from it for the rest of the run, numpy scalars, several times slower
        for rank, t in enumerate(np.sort(d + rng.random(count)).tolist()):
            yield timeout(t - env.now)
            process(_applicant(rs, resources, _Person(env.now, d << 32 | rank)))


def _applicant(rs: _RoleSim, resources, me: _Person, first: int = 0
               ) -> Generator[Any, Any, None]:
    """Applicant ``me`` through the stages from index ``first`` (above 0: in the pipeline at
    the start), the offer list, training and service."""
    if first == 0:  # a new applicant
        rs.log(n.APPLICANTS)
    for i in range(first, rs.vetting):
        stage = role_now(rs).stages[i]  # the stage in effect when the applicant enters it
        passed = yield from rs.kinds[i].process(rs, stage, resources, me.id)
        if not passed:
            return
    if rs.vetting < len(rs.role.stages):  # a tentative offer while the vetting runs
        rs = overlap.tentative(rs, me, resources)
        try:
            yield from _offer(rs, me)
        except simpy.Interrupt:  # failed the vetting: removed (logged by the vetting)
            if me.hire >= 0 and (money := getattr(rs, "money", None)) is not None:
                money.left(rs.env.now)  # removed after entry: has left (model.money)
            return
    else:
        yield from _offer(rs, me)


def _offer(rs: _RoleSim, me: _Person, *, opening: bool = False) -> Generator[Any, Any, None]:
    """Wait for a position (and a class seat), enter on duty, train and serve.  ``opening``:
    already on the offer list at the start (counted there), first in line."""
    env = rs.env
    if not opening:
        rs.move(None, n.OFFER_WAIT)
    me.admitted = env.event()
    rate = patience_rate(role_now(rs).offer_withdraw_per_week)
    me.deadline = env.now + (rs.rng["withdraw"].exponential(1.0 / rate) if rate > 0 else INF)
    rs.waiting.append(me)
    rs.entry.admit_now(rs)
    if not me.admitted.triggered:
        if me.deadline < INF:
            yield FirstOf(env, me.admitted, env.timeout(me.deadline - env.now))  # | cheaper
        else:
            yield me.admitted
    if not me.admitted.triggered:
        me.withdrawn = True
        rs.log(n.OFFER_WITHDRAW)
        rs.move(n.OFFER_WAIT, None)
        return
    # entered on duty (the position was taken at admission)
    trained = yield from rs.entry.train(rs)
    if trained:
        yield from serve(rs)
    if (money := getattr(rs, "money", None)) is not None:  # the hire has left
        money.left(env.now)  # (an entry channel's view has none: refused with a budget)


def _caps(rs: _RoleSim) -> Generator[Any, Any, None]:
    env = rs.env
    for day, cap in rs.caps[1:] if rs.caps[0][0] == 0 else rs.caps:
        yield env.timeout(day - env.now)
        rs.cap = cap
        rs.entry.admit_now(rs)
