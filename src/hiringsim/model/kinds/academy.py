"""Entry through an academy: classes on a calendar with seats, within authorized positions.

A class starting on day ``c`` takes, first come first served, the candidates waiting with an
offer who have not withdrawn, up to its seats and to the positions free that day (everyone in
the academy, onboarding or on duty holds a position).  Classes start at the start of their day;
trainees who wash out leave at a uniformly distributed time within the class; graduates go on
to onboarding.  Under dated changes a class takes the length, graduation rate, seats and
cadence in effect on its start date (:mod:`hiringsim.scenario.changes`).  Under a budget a
class takes no more than the year's money carries (:mod:`hiringsim.model.money`).  Each class is
logged with what limited it (:class:`~hiringsim.model.names.Limit`).
"""

from __future__ import annotations

import math
from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ...schedules import cap_at, class_starts, seat_steps, steps_at
from .. import names as n
from .. import overlap
from ..dated import attrition_schedule, patience_by, role_now, roles, sample_by
from ..money import ledger, refused
from ..names import ClassLog, Limit
from ..order import sort_by
from ..positions import caps_for
from ..running import fast_on_board
from ..sampling import tenure_at
from ..workforce import initial_releases, onboard_and_leave
from .base import EntryKind, Group

if TYPE_CHECKING:  # pragma: no cover
    from ...rng import Streams
    from ...scenario import Role, Scenario
    from ..record import RunRecord

__all__ = ["AcademyEntry"]

#: fast mode fills classes in the compiled loop when it can (tests compare it with the Python one)
COMPILED = True


def _limit(filled: int, seats: int, room: int, afford: int | None = None) -> int:
    if filled == seats:
        return int(Limit.SEATS)
    if afford is not None and filled == afford < room:  # a budget held the class
        return int(Limit.MONEY)
    return int(Limit.POSITIONS if filled == room else Limit.CANDIDATES)


@dataclass(frozen=True)
class AcademyEntry(EntryKind):
    """Entry on duty at the start of an academy class."""

    name = "academy"
    observed = ("academy_entered", "academy_graduated", "academy_washed_out")

    def applies(self, role: Role) -> bool:
        return role.academy is not None

    def flows(self, role: Role) -> list[str]:
        return [n.ACADEMY_WASHOUT, n.ACADEMY_GRADUATE]

    def states(self, role: Role) -> list[str]:
        return [n.ACADEMY]

    def stocks(self, role: Role, cum: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        return {n.ACADEMY: cum[n.EOD] - cum[n.ACADEMY_GRADUATE] - cum[n.ACADEMY_WASHOUT]}

    def into_onboarding(self, cum: dict[str, np.ndarray]) -> np.ndarray:
        return cum[n.ACADEMY_GRADUATE]

    def funnel_rows(self, role: Role, flows: dict[str, np.ndarray]) -> list[dict[str, Any]]:
        return [{"stage": n.ACADEMY, "entered": int(flows[n.EOD].sum()),
                 "passed": int(flows[n.ACADEMY_GRADUATE].sum()),
                 "failed": int(flows[n.ACADEMY_WASHOUT].sum()), "withdrew": 0}]

    def capacity_rows(self, sc: Scenario, role: Role, rec: RunRecord, window: int
                      ) -> list[dict[str, Any]]:
        cl = rec.classes[role.name]
        seats, filled = cl.seats.sum(), cl.filled.sum()
        util = float(filled / seats) if seats else math.nan
        in_w = cl.day < window
        seats_w = cl.seats[in_w].sum()
        util_w = float(cl.filled[in_w].sum() / seats_w) if seats_w else math.nan
        return [{
            "resource": f"academy:{role.name}", "kind": "academy", "utilization": util,
            "utilization_surge": util_w, "wait_mean": math.nan,
            "wait_p90": math.nan, "served": int(filled), "withdrew": 0,
            "capacity_days": float(seats),
            "classes_full": int((cl.limit == Limit.SEATS).sum()),
            "classes_short_of_positions": int((cl.limit == Limit.POSITIONS).sum()),
            "classes_short_of_candidates": int((cl.limit == Limit.CANDIDATES).sum()),
        }]

    def training_cost(self, role: Role, flows: dict[str, np.ndarray]) -> float:
        assert role.academy is not None
        return float(flows[n.EOD].sum() * role.academy.cost_per_trainee)

    def training_cost_daily(self, role: Role, flows: dict[str, np.ndarray]) -> np.ndarray:
        assert role.academy is not None
        return flows[n.EOD] * float(role.academy.cost_per_trainee)

    # -- fast mode ----------------------------------------------------------------------------
    def fast(self, sc: Scenario, role: Role, g: Group, streams: Streams, rec: RunRecord) -> None:
        ac = role.academy
        assert ac is not None
        name = role.name
        days = sc.days
        t_off, app, removal = overlap.offers(g)
        order, t_off = sort_by(t_off)  # the stable order (model.order)
        app = app[order]
        count = len(t_off)
        versions = roles(sc, name)  # the role in effect in each epoch (model.dated)
        rw = streams(name, "withdraw", "offer")
        deadline = t_off + patience_by(rw, [r.offer_withdraw_per_week for r in versions],
                                       sc.epoch_of(t_off))
        if removal is not None:  # vetting overlaps training: removals after entry
            removal = removal[order]
        deadline, fails = overlap.offer_deadlines(deadline, removal)
        caps = caps_for(sc, role, rec)
        rng_ac = streams(name, "academy")
        u_wash = rng_ac.random(count)
        u_grad = rng_ac.random(count)
        graduates = u_grad < ac.graduation_rate
        rng_on = streams(name, "onboarding")
        onboarding = [r.onboarding for r in versions]
        if len(set(onboarding)) == 1:
            onboard = np.asarray(role.onboarding.sample(rng_on, count), dtype=float)
        e_att = streams(name, "attrition", "hires").exponential(1.0, count)
        attrition = attrition_schedule(sc, name)
        tenure = tenure_at(attrition, 0.0, e_att)
        length = float(ac.length_days)
        release = np.where(graduates, length + tenure, u_wash * length)  # after class start
        # by class start: length and graduation rate; tenure from graduation in calendar time
        dated = len(attrition) > 1 or len({(r.academy.length_days, r.academy.graduation_rate)
                                           for r in versions if r.academy}) > 1
        lengths = np.full(count, length)

        # Positions held = initial + admitted - released; releases are counted by day (a
        # release never falls exactly on a class start, which is a whole day).
        released_by_day = np.zeros(days + 1, dtype=np.int64)
        initial_leave = initial_releases(role, streams, rec)
        if role.pipeline is not None:  # on board at the start: running classes, onboarding
            initial_leave = np.concatenate([initial_leave, fast_on_board(sc, role, streams, rec)])
        np.add.at(released_by_day, np.minimum(np.floor(initial_leave), days).astype(np.int64), 1)
        held = len(initial_leave)
        seat_sched = seat_steps(sc, role)
        money = ledger(sc, role)  # None without a budget (model.money)
        starts = class_starts(sc, role)
        if COMPILED and money is None and not dated:  # plain arithmetic: the loop compiled
            idx, eod, log, gone = _fill_compiled(starts, seat_sched, caps, t_off, deadline,
                                                 release, removal, released_by_day, held, days)
        else:
            counted_to = 0
            head = ptr = n_admitted = 0
            admitted_parts: list[np.ndarray] = []
            admitted_days: list[np.ndarray] = []
            withdrawn_parts: list[np.ndarray] = []
            classes = []
            for j, c in enumerate(starts):
                seats = int(cap_at(seat_sched, c))
                ptr = int(np.searchsorted(t_off, c, side="right"))
                held -= int(released_by_day[counted_to:c].sum())
                counted_to = c
                room = int(min(seats, max(cap_at(caps, c) - held, 0)))
                afford = room if money is None else money.fits(c, room)
                filled = 0
                if afford > 0 and ptr > head:
                    ok = np.flatnonzero(deadline[head:ptr] > c)[:afford]
                    filled = len(ok)
                    if filled:
                        chosen = head + ok
                        skipped = np.ones(ok[-1] + 1, dtype=bool)
                        skipped[ok] = False
                        gone = head + np.flatnonzero(skipped)
                        new_head = int(chosen[-1]) + 1
                        if filled < afford:  # everyone else in the window has withdrawn
                            gone = np.concatenate([gone, np.arange(new_head, ptr)])
                            new_head = ptr
                        admitted_parts.append(chosen)
                        admitted_days.append(np.full(filled, float(c)))
                        if dated:
                            _by_class(sc, versions, attrition, c,
                                      slice(n_admitted, n_admitted + filled), u_grad, u_wash,
                                      e_att, graduates, tenure, lengths, release)
                        rel = c + release[n_admitted:n_admitted + filled]
                        if removal is not None:
                            rel = np.minimum(rel, removal[chosen])
                        n_admitted += filled
                        if money is not None:
                            money.commit_many(c, rel)
                        np.add.at(released_by_day,
                                  np.minimum(np.floor(rel), days).astype(np.int64), 1)
                        held += filled
                    else:
                        gone = np.arange(head, ptr)
                        new_head = ptr
                    withdrawn_parts.append(gone)
                    head = new_head
                if (money is not None and filled == afford < room
                        and (deadline[head:ptr] > c).any()):
                    money.hold(c, starts[j + 1] if j + 1 < len(starts) else days)
                classes.append((c, seats, filled, _limit(filled, seats, room, afford)))
            if money is not None:
                rec.budget[name] = money.finish()
            withdrawn_parts.append(np.arange(head, count))
            gone = np.concatenate(withdrawn_parts)
            idx = np.concatenate(admitted_parts) if admitted_parts else np.zeros(0, np.int64)
            eod = np.concatenate(admitted_days) if admitted_days else np.zeros(0)
            log = ClassLog.from_rows(classes)
        overlap.leave_offer_list(rec, name, deadline, fails, gone)
        k = len(idx)
        grad = graduates[:k]
        rec.add_times(name, n.EOD, eod)
        length_k = lengths[:k] if dated else length
        t_grad_all = eod + length_k
        if len(set(onboarding)) > 1:  # by the day onboarding starts
            onboard_k = np.zeros(k)
            onboard_k[grad] = sample_by(onboarding, sc.epoch_of(t_grad_all[grad]), rng_on)
        else:
            onboard_k = onboard[:k]
        known = ~np.isnan(app[idx])  # a running pipeline's people applied before the start
        rec.hires[name] = {"application": app[idx][known], "eod": eod[known]}
        if removal is not None:
            overlap.academy_flows(rec, name, eod, grad, eod + u_wash[:k] * length_k, length_k,
                                  onboard_k, tenure[:k], removal[idx])
            # removed only if still on board when the vetting fails
            rec.hires[name]["removed"] = overlap.removed_if_on_board(
                removal[idx], eod + release[:k])[known]
        else:
            rec.add_times(name, n.ACADEMY_WASHOUT, (eod + u_wash[:k] * length_k)[~grad])
            t_grad = t_grad_all[grad]
            rec.add_times(name, n.ACADEMY_GRADUATE, t_grad)
            onboard_and_leave(rec, name, t_grad, onboard_k[grad], tenure[:k][grad])
        rec.classes[name] = log

    # -- reference mode -----------------------------------------------------------------------
    def start(self, rs: Any) -> None:
        rs.env.process(_classes(rs))

    def train(self, rs: Any) -> Generator[Any, Any, bool]:
        env = rs.env
        ac = role_now(rs).academy  # the class starts now: its length and graduation rate
        assert ac is not None
        length = float(ac.length_days)
        u = rs.rng["academy"].random()
        if rs.rng["academy"].random() >= ac.graduation_rate:
            yield env.timeout(u * length)
            rs.log(n.ACADEMY_WASHOUT)
            rs.move(n.ACADEMY, None)
            rs.release()
            return False
        yield env.timeout(length)
        rs.log(n.ACADEMY_GRADUATE)
        rs.move(n.ACADEMY, n.ONBOARDING)
        return True


def _fill_compiled(starts: list[int], seat_sched: list[tuple[int, Any]],
                   caps: list[tuple[float, float]], t_off: np.ndarray, deadline: np.ndarray,
                   release: np.ndarray, removal: np.ndarray | None,
                   released_by_day: np.ndarray, held: int, days: int
                   ) -> tuple[np.ndarray, np.ndarray, ClassLog, np.ndarray]:
    """Fast mode without a budget or dated changes: the class loop of :meth:`AcademyEntry.fast`
    compiled (:mod:`hiringsim.model._classes_jit`).  Returns the admitted (waiting-list
    indices, increasing), their entry days, the classes, and everyone else (they withdrew)."""
    from .._classes_jit import fill_classes

    c = np.asarray(starts, dtype=np.int64)
    seats = np.asarray(steps_at(seat_sched, c), dtype=np.int64)
    cap = np.asarray(steps_at(caps, c), dtype=float)
    idx, eod, filled, limit = fill_classes(
        c, seats, cap, t_off, deadline, release,
        np.zeros(0) if removal is None else removal, released_by_day, held, days,
        int(Limit.SEATS), int(Limit.POSITIONS), int(Limit.CANDIDATES))
    kept = np.ones(len(t_off), dtype=bool)
    kept[idx] = False
    return idx, eod, ClassLog(c, seats, filled, limit), np.flatnonzero(kept)


def _by_class(sc: Scenario, versions: list[Role], attrition: list[tuple[int, Any]], c: int,
              sl: slice, u_grad: np.ndarray, u_wash: np.ndarray, e_att: np.ndarray,
              graduates: np.ndarray, tenure: np.ndarray, lengths: np.ndarray,
              release: np.ndarray) -> None:
    """Fast mode under dated changes: the admitted ``sl`` of the class starting on day ``c``
    take its length and graduation rate and leave by the attrition from graduation on."""
    ac = versions[int(sc.epoch_of(c))].academy
    assert ac is not None
    length = float(ac.length_days)
    graduates[sl] = u_grad[sl] < ac.graduation_rate
    tenure[sl] = tenure_at(attrition, c + length, e_att[sl])
    lengths[sl] = length
    release[sl] = np.where(graduates[sl], length + tenure[sl], u_wash[sl] * length)


def _classes(rs: Any) -> Generator[Any, Any, None]:
    """Reference mode: start each class and fill it from the waiting list."""
    env = rs.env
    seat_sched = seat_steps(rs.sc, rs.role)
    starts = class_starts(rs.sc, rs.role)
    for j, c in enumerate(starts):
        yield env.timeout(c - env.now)
        seats = int(cap_at(seat_sched, c))
        free = cap_at(rs.caps, env.now) - rs.occupied
        room = afford = int(min(seats, max(free, 0)))
        filled = 0
        while rs.waiting and filled < room:
            me = rs.waiting.popleft()
            if me.withdrawn or me.deadline <= env.now:
                continue
            if refused(rs, me, starts[j + 1] if j + 1 < len(starts) else rs.sc.days):
                afford = filled  # a budget holds the class (model.money)
                break
            rs.admit(me, n.ACADEMY)
            filled += 1
        rs.classes.append((c, seats, filled, _limit(filled, seats, room, afford)))
