"""A pipeline already running at the start (``Role.pipeline``): the rule, and the fast mode.

A planning horizon that starts today does not start with an empty pipeline.  A role's
``pipeline`` puts people in its states at the start (time 0); from then on they follow the same
model as everybody else, in both modes (the reference mode's processes are in
:mod:`hiringsim.model.running_ref`):

- **In a screening stage** (``stages = {exam = 800}``): each leaves the stage after ``U x D``
  (``U`` uniform on [0, 1), ``D`` a fresh whole-day duration draw of the stage), passes with the
  stage's pass rate and goes on through the next stages.
- **In service at a resource stage** (``{background = 1500}``): each holds one of the resource's
  servers from the start for ``U x D`` (``D`` a fresh service-time draw), then passes or fails.
  They must fit in the servers at the start (validated).
- **Queued for a resource stage** (``{background_queue = 300}``): at the head of the resource's
  FIFO queue at time 0, in the order given (roles in scenario order), ahead of every new
  arrival; they withdraw with the stage's hazard, counted from the start.
- **Waiting** (``waiting = 300``): on the offer list at time 0, first in line, with the offer
  withdrawal hazard counted from the start.
- **In a running class** (``classes = [{start = 2017-01-09, trainees = 48}]``): the class
  started on a date ``c`` before the start (less than ``length_days`` before it, validated);
  each trainee graduates at ``c + length_days`` with the academy's graduation rate, or washes
  out at a time uniform over the rest of the class (from the start to its end: the trainees
  counted are those who had not washed out by the start).  Graduates go on to onboarding.
- **In onboarding** (``onboarding = 400``): operational after ``U x D`` (``D`` a fresh draw of
  the onboarding duration); tenure drawn as for a new hire at entry, counted from the start.

Trainees and people in onboarding hold positions from the start: authorized positions
(``initial`` + growth) cap everybody on board, these people included.  Their states start
non-empty (the record's opening stocks, :func:`opening_stocks`); no flow records their entry,
so costs incurred before the start (stage costs, the academy's cost per trainee, hiring
incentives) are not counted; their salaries from the start on are.  Growth toward a target is
measured above the headcount at the start in the target's measured states
(:func:`start_headcount`): ``initial`` plus the pipeline's people in onboarding (and, for
``on_board``, in classes).  People of the pipeline have no application time in the run, so they
are left out of time-to-hire measures (they still count as hires when they enter on duty).

**With entry channels** (``Role.channels``) the pipeline is the role's own channel's
(``Role.channel``): its stages, and its candidates waiting (first on that channel's pool -- the
academy's, or direct entry's -- at time 0).  Trainees of running academy classes and people in
onboarding hold the role's positions from the start, whatever channel they came by, and free
them when they leave, against every channel's intakes.  The channel's flows kept per channel
(``RunRecord.channels``) include the pipeline people's stage flows and entries on duty; the
role's opening stocks are in ``RunRecord.opening``.  (Further channels start empty.)

**With vetting that overlaps training** (``Role.tentative_from``, :mod:`hiringsim.model.overlap`),
people counted in a vetting stage (the ``tentative_from`` stage or a later one; in service or
queued) already hold a tentative offer at the start: they are on the offer list (counted there,
not in the stage: ``offer_wait`` opens with them and the waiting; no ``offer:tentative`` flow) and
their vetting goes on as above -- those in service finish after ``U x D`` holding their server,
the queued wait for a server at the head of the queue (without the stage's withdrawal hazard:
offer holders wait on the offer list, with the offer's hazard from the start) -- then through
the later vetting stages; a failure removes them from wherever they are then (offer list,
academy, onboarding, duty), like any offer holder.  People in a stage before the vetting go on
as new applicants do (a tentative offer on entering the ``tentative_from`` stage).  On the offer
list at time 0, the waiting and these offer holders are in a random order (who got an offer
first before the start is not known; a fixed order by stage would favour, or not, those whose
vetting is still to fail).

All draws for them come from streams of their own (``pipeline``), so a scenario without a
pipeline makes exactly the draws it made before.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, overload

import numpy as np

from . import dated
from . import names as n
from .crn import PIPELINE
from .overlap import first
from .sampling import tenure_at, whole_days
from .workforce import onboard_and_leave

if TYPE_CHECKING:  # pragma: no cover
    from ..rng import Streams
    from ..scenario import Role, Scenario
    from .kinds.base import Group
    from .record import RunRecord

__all__ = ["Running", "fast_on_board", "fast_start", "first_day_servers", "in_service",
           "opening_stocks",
           "queued_first", "stage_counts", "start_headcount", "staffed_queue"]

_QUEUE = "_queue"


def stage_counts(role: Role) -> list[tuple[int, bool, int]]:
    """``(stage index, queued, count)`` of the pipeline's stage entries, in the given order."""
    if role.pipeline is None:
        return []
    index = {s.name: i for i, s in enumerate(role.stages)}
    out = []
    for key, count in role.pipeline.stages:
        if key in index:
            out.append((index[key], False, count))
        else:
            out.append((index[key.removesuffix(_QUEUE)], True, count))
    return out


def opening_stocks(role: Role) -> dict[str, int]:
    """People in each state at the start (the pipeline's; staff on duty are ``initial``)."""
    pl = role.pipeline
    out: dict[str, int] = {}
    if pl is None:
        return out
    vetting, holders = first(role), 0
    for i, queued, count in stage_counts(role):
        if i >= vetting:  # in a vetting stage: on the offer list, holding a tentative offer
            holders += count
            continue
        name = role.stages[i].name
        state = n.queue(name) if queued else name
        out[state] = out.get(state, 0) + count
    out[n.OFFER_WAIT] = pl.waiting + holders
    if role.academy is not None:
        out[n.ACADEMY] = sum(c.trainees for c in pl.classes)
    out[n.ONBOARDING] = pl.onboarding
    return {k: v for k, v in out.items() if v}


def start_headcount(role: Role, states: list[str], opening: dict[str, int] | None = None
                    ) -> int:
    """The headcount in ``states`` at the start: ``initial`` on duty plus the pipeline's people
    (the baseline growth is measured from).  ``opening``: a record's opening stocks (after a
    warm-up, each replication's, on duty included); none: the scenario's."""
    if opening is None:
        opening = opening_stocks(role)
    return (opening.get(n.ON_DUTY, role.initial) * (n.ON_DUTY in states)
            + sum(opening.get(s, 0) for s in states if s != n.ON_DUTY))


# -- fast mode --------------------------------------------------------------------------------
@dataclass
class Running:
    """Fast mode: where a role's pipeline people join its group of individuals."""

    #: stage index -> arrival times of those who join the group there (queued people first)
    joins: dict[int, list[np.ndarray]] = field(default_factory=dict)
    #: stage index -> how many of those were queued at the start (no entry flow)
    queued: dict[int, int] = field(default_factory=dict)
    #: resource stage index -> when the servers held at the start become free
    busy: dict[int, np.ndarray] = field(default_factory=dict)
    #: (stage index, count): the group's leading members were queued there at the start
    fresh: tuple[int, int] = (-1, 0)
    #: with overlap: orders the offer holders at the start (see :meth:`offer_order`)
    rng: np.random.Generator | None = None
    #: how many have joined so far (their ids)
    joined: int = 0

    def add(self, stage: int, t: np.ndarray) -> None:
        self.joins.setdefault(stage, []).append(t)

    def merge(self, g: Group) -> None:
        """Put the people joining at ``g``'s current stage ahead of the group's members (after
        the first vetting stage, they hold a tentative offer since the start)."""
        parts = self.joins.pop(g.stage, None)
        if parts is None:
            return
        self.fresh = (g.stage, self.queued.pop(g.stage, 0))
        t = np.concatenate(parts)
        g.app = np.concatenate([np.full(len(t), np.nan), g.app])
        # no application in the run: ids of their own (hiringsim.model.crn)
        g.ids = np.concatenate([np.arange(self.joined, self.joined + len(t), dtype=np.uint64)
                                + np.uint64(PIPELINE), g.ids])
        self.joined += len(t)
        g.t = np.concatenate([t, g.t])
        if g.offer is not None:
            g.offer = np.concatenate([np.zeros(len(t)), g.offer])


    def offer_order(self, app: np.ndarray, offer: np.ndarray) -> np.ndarray:
        """With overlap: an order of the offer list's people in which those on it at the start
        (waiting, or holding a tentative offer) come first, in a random order."""
        if self.rng is None:
            return np.arange(len(app))
        opening = np.isnan(app) & (offer == 0)
        return np.concatenate([self.rng.permutation(np.flatnonzero(opening)),
                               np.flatnonzero(~opening)])


def fast_start(sc: Scenario, role: Role, g: Group, streams: Streams, rec: RunRecord) -> None:
    """Play out the pipeline's people in stages up to where they join ``g`` (recorded)."""
    pl = role.pipeline
    assert pl is not None
    run = g.running = Running()
    name = role.name
    vetting = first(role)
    if vetting < len(role.stages):  # offer holders at the start: in a random order
        run.rng = streams(name, "pipeline", "offer")
    for i, q, c in stage_counts(role):  # at the head of the queue, in the order given
        if q:
            run.add(i, np.zeros(c))
            run.queued[i] = run.queued.get(i, 0) + c
    for i, q, c in stage_counts(role):
        if q or c == 0:
            continue
        s = role.stages[i]
        rng = streams(name, "pipeline", "stage", s.name)
        if s.resource is None:
            left = rng.random(c) * whole_days(s.duration, rng, c)
        else:
            left = rng.random(c) * np.asarray(s.duration.sample(rng, c), dtype=float)
            run.busy[i] = np.concatenate([run.busy.get(i, np.zeros(0)), left])
        ok = rng.random(c) < s.pass_rate
        rec.add_times(name, n.passed(s.name), left[ok])
        rec.add_times(name, n.failed(s.name), left[~ok])
        held = g if i >= vetting else None  # holds a tentative offer
        if held is not None:
            _park(held, left, ok, sc.days)
        _walk(sc, role, i + 1, left[ok & (left < sc.days)], run, streams, rec, held)
    if pl.waiting:
        run.add(len(role.stages), np.zeros(pl.waiting))
    run.merge(g)


def _park(g: Group, end: np.ndarray, ok: np.ndarray, horizon: float) -> None:
    """Set aside offer holders of a running pipeline who do not go on: removed at ``end`` if
    failed, never if they pass after the horizon (:func:`hiringsim.model.overlap.settle`)."""
    out = ~ok | (end >= horizon)
    removal = np.where(ok, np.inf, end)[out]
    g.parked.append((np.full(len(removal), np.nan), np.zeros(len(removal)), removal))


def _walk(sc: Scenario, role: Role, i: int, t: np.ndarray, run: Running, streams: Streams,
          rec: RunRecord, held: Group | None = None) -> None:
    """Through screening stages from index ``i`` to the next resource stage, the first vetting
    stage or the offer list (the same model as
    :meth:`~hiringsim.model.kinds.screening.Screening.fast_step`); ``held``: the group of
    offer holders (in a vetting stage at the start), who go on to the end of the vetting."""
    name = role.name
    stop = len(role.stages) if held is not None else first(role)
    while i < stop and role.stages[i].resource is None and len(t):
        s = role.stages[i]
        rng = streams(name, "pipeline", "walk", s.name)
        rec.add_times(name, n.enter(s.name), t)
        versions, epoch = dated.stages(sc, name, i), sc.epoch_of(t)  # in effect on entering
        end = t + dated.whole_days_by([v.duration for v in versions], epoch, rng)
        ok = rng.random(len(t)) < dated.by_epoch([v.pass_rate for v in versions], epoch)
        rec.add_times(name, n.passed(s.name), end[ok])
        rec.add_times(name, n.failed(s.name), end[~ok])
        if held is not None:
            _park(held, end, ok, sc.days)
        t = end[ok & (end < sc.days)]
        i += 1
    if len(t):
        run.add(i, t)


def queued_first(g: Group) -> int:
    """How many leading members of ``g`` were queued at its current stage at the start."""
    run = g.running
    if run is None or run.fresh[0] != g.stage:
        return 0
    return run.fresh[1]


def in_service(users: list[Group]) -> np.ndarray | None:
    """When the servers held at the start by ``users``' pipeline people become free (None:
    nobody held one)."""
    parts = [g.running.busy.pop(g.stage) for g in users
             if g.running is not None and g.stage in g.running.busy]
    return np.concatenate(parts) if parts else None


def first_day_servers(servers: int, changes: list[tuple[float, int]]
                      ) -> tuple[int, list[tuple[float, int]]]:
    """A resource's servers and changes with a change dated at the start applied at once (the
    servers people in service at the start hold are counted against the first day's)."""
    while changes and changes[0][0] <= 0.0:
        servers, changes = changes[0][1], changes[1:]
    return servers, changes


@overload
def staffed_queue(servers: int, changes: np.ndarray, busy: np.ndarray) -> tuple[int, np.ndarray]:
    ...


@overload
def staffed_queue(servers: int, changes: list[tuple[float, int]], busy: np.ndarray
                  ) -> tuple[int, list[tuple[float, int]]]:
    ...


def staffed_queue(servers: int, changes: list[tuple[float, int]] | np.ndarray, busy: np.ndarray
                  ) -> tuple[int, list[tuple[float, int]] | np.ndarray]:
    """Servers and changes of a position queue whose holders at the start may exceed its cap:
    the cap applies at time 0 by retiring the positions that free up first (nobody leaves).
    ``changes``: ``(day, servers)`` pairs, or an array of them, one a row (returned alike)."""
    if len(busy) <= servers:
        return servers, changes
    if isinstance(changes, np.ndarray):
        return len(busy), np.concatenate([[[0.0, servers]], changes.reshape(-1, 2)])
    return len(busy), [(0.0, servers), *changes]


def fast_on_board(sc: Scenario, role: Role, streams: Streams, rec: RunRecord) -> np.ndarray:
    """Trainees of running classes and people in onboarding at the start: their flows
    (recorded) and when each frees a position."""
    pl = role.pipeline
    if pl is None:
        return np.zeros(0)
    name = role.name
    rng = streams(name, "pipeline", "on_board")
    parts = []
    ac = role.academy
    for cl in pl.classes:
        assert ac is not None  # validated: classes only with an academy
        k = cl.trainees
        end = float(sc.day(cl.start) + ac.length_days)  # > 0 (validated)
        wash = rng.random(k) * end
        grad = rng.random(k) < ac.graduation_rate
        # onboarding in effect at graduation; attrition a calendar-time hazard from then
        onboard = np.asarray(dated.roles(sc, name)[int(sc.epoch_of(end))].onboarding.sample(
            rng, k), dtype=float)
        tenure = tenure_at(dated.attrition_schedule(sc, name), end, rng.exponential(1.0, k))
        rec.add_times(name, n.ACADEMY_WASHOUT, wash[~grad])
        rec.add_times(name, n.ACADEMY_GRADUATE, np.full(int(grad.sum()), end))
        onboard_and_leave(rec, name, np.full(int(grad.sum()), end), onboard[grad], tenure[grad])
        parts.append(np.where(grad, end + tenure, wash))
    k = pl.onboarding
    left = rng.random(k) * np.asarray(role.onboarding.sample(rng, k), dtype=float)
    tenure = tenure_at(dated.attrition_schedule(sc, name), 0.0, rng.exponential(1.0, k))
    onboard_and_leave(rec, name, np.zeros(k), left, tenure)
    parts.append(tenure)
    return np.concatenate(parts)
