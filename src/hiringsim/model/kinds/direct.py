"""Direct entry: no academy; candidates enter on duty (onboarding) as soon as a position is free.

Positions are servers held for a tenure: starting staff hold theirs until they leave, and a
lower cap retires the positions that free up first (nobody is dismissed).  Candidates wait
first come first served and may withdraw while they wait.  Under dated changes of attrition a
hire's tenure depends on the day they enter, so the queue draws it at admission.  Under a budget
the first in line also waits for money (:mod:`hiringsim.model.money`,
:mod:`hiringsim.model.money_queue`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import names as n
from .. import overlap
from ..dated import attrition_schedule, patience_by, roles, sample_by
from ..money import ledger, refused
from ..money_queue import money_start
from ..order import sort_by
from ..positions import cap_steps
from ..queue import fifo_queue
from ..running import fast_on_board, staffed_queue
from ..sampling import tenure_at
from ..workforce import initial_releases, onboard_and_leave
from .base import EntryKind, Group

if TYPE_CHECKING:  # pragma: no cover
    from ...rng import Streams
    from ...scenario import Role, Scenario
    from ..record import RunRecord

__all__ = ["Direct"]


@dataclass(frozen=True)
class Direct(EntryKind):
    """Straight to onboarding when a position is free."""

    name = "direct"

    def applies(self, role: Role) -> bool:
        return role.academy is None

    def fast(self, sc: Scenario, role: Role, g: Group, streams: Streams, rec: RunRecord) -> None:
        name = role.name
        days = float(sc.days)
        t_off, app, removal = overlap.offers(g)
        order, t_off = sort_by(t_off)  # the stable order (model.order)
        app = app[order]
        count = len(t_off)
        versions = roles(sc, name)  # the role in effect in each epoch (model.dated)
        rw = streams(name, "withdraw", "offer")
        deadline = t_off + patience_by(rw, [r.offer_withdraw_per_week for r in versions],
                                       sc.epoch_of(t_off))
        if removal is not None:  # vetting overlaps onboarding: removals after entry
            removal = removal[order]
        deadline, fails = overlap.offer_deadlines(deadline, removal)
        rng_on = streams(name, "onboarding")
        onboarding = [r.onboarding for r in versions]
        onboard = np.asarray(role.onboarding.sample(rng_on, count), dtype=float)
        e_att = streams(name, "attrition", "hires").exponential(1.0, count)
        attrition = attrition_schedule(sc, name)
        tenure = tenure_at(attrition, t_off, e_att)  # from entry: t_off when admitted at once
        caps = cap_steps(sc, role, rec)  # rows (day, cap)
        initial_leave = initial_releases(role, streams, rec)
        if role.pipeline is not None:  # on board at the start: onboarding
            initial_leave = np.concatenate([initial_leave, fast_on_board(sc, role, streams, rec)])
        money = ledger(sc, role)  # None without a budget (model.money)
        if money is not None:
            start, withdrew = money_start([(d, c) for d, c in caps.tolist()], initial_leave,
                                          count, t_off, tenure, deadline, attrition, e_att,
                                          removal, money)
            admitted = np.flatnonzero(np.isfinite(start) & (start < days))
            admit_t = start[admitted]
            tenure = tenure[admitted]
            onboard = onboard[admitted]
            rec.budget[name] = money.finish()
        elif len(caps) == 1 and caps[0, 1] == math.inf:
            admitted = np.arange(count)
            admit_t = t_off
            withdrew = np.zeros(0, dtype=np.int64)
        else:
            servers, changes = staffed_queue(int(caps[0, 1]), caps[1:], initial_leave)
            # under dated attrition a tenure depends on its start: drawn when admitted
            at = None if len(attrition) == 1 else _tenure_from(attrition, e_att, tenure)
            start, withdrew = fifo_queue(t_off, tenure, deadline - t_off, servers,
                                         changes, busy_until=initial_leave, service_at=at,
                                         until=removal)
            admitted = np.flatnonzero(np.isfinite(start) & (start < days))
            admit_t = start[admitted]
            tenure = tenure[admitted]
            onboard = onboard[admitted]
        if len(set(onboarding)) > 1:  # by the day onboarding starts
            onboard = sample_by(onboarding, sc.epoch_of(admit_t), rng_on)
        overlap.leave_offer_list(rec, name, deadline, fails, withdrew)
        k = len(admitted)
        eod = np.asarray(admit_t, dtype=float)
        rec.add_times(name, n.EOD, eod)
        known = ~np.isnan(app[admitted])  # a running pipeline's people applied before the start
        rec.hires[name] = {"application": app[admitted][known], "eod": eod[known]}
        if removal is not None:
            overlap.onboard_and_leave(rec, name, eod, onboard[:k], tenure[:k], removal[admitted])
            # removed only if still on board when the vetting fails
            rec.hires[name]["removed"] = overlap.removed_if_on_board(
                removal[admitted], eod + tenure[:k])[known]
        else:
            onboard_and_leave(rec, name, eod, onboard[:k], tenure[:k])

    def admit_now(self, rs: Any) -> None:
        while rs.waiting and rs.occupied < rs.cap:
            me = rs.waiting.popleft()
            if me.withdrawn or me.deadline <= rs.env.now:
                continue
            if refused(rs, me, rs.env.now):  # a budget holds hiring (model.money)
                break
            rs.admit(me, n.ONBOARDING)


def _tenure_from(attrition: list[tuple[int, Any]], e: np.ndarray, out: np.ndarray
                 ) -> Callable[[int, float], float]:
    """Customer i's tenure if admitted at ``start`` (written into ``out``) for the queue."""
    def at(i: int, start: float) -> float:
        out[i] = float(tenure_at(attrition, start, e[i:i + 1])[0])
        return out[i]
    return at
