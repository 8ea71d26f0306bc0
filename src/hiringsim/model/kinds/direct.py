"""Direct entry: no academy; candidates enter on duty (onboarding) as soon as a position is free.

Positions are servers held for a tenure: starting staff hold theirs until they leave, and a
lower cap retires the positions that free up first (nobody is dismissed).  Candidates wait
first come first served and may withdraw while they wait.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import names as n
from ..positions import caps_for
from ..queue import fifo_queue
from ..running import fast_on_board, staffed_queue
from ..sampling import sample_patience, sample_tenure
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
        order = np.argsort(g.t, kind="stable")
        t_off, app = g.t[order], g.app[order]
        count = len(t_off)
        rw = streams(name, "withdraw", "offer")
        deadline = t_off + sample_patience(rw, role.offer_withdraw_per_week, count)
        onboard = np.asarray(role.onboarding.sample(streams(name, "onboarding"), count),
                             dtype=float)
        tenure = sample_tenure(role.attrition, streams(name, "attrition", "hires"), count)
        caps = caps_for(sc, role, rec)
        initial_leave = initial_releases(role, streams, rec)
        if role.pipeline is not None:  # on board at the start: onboarding
            initial_leave = np.concatenate([initial_leave, fast_on_board(sc, role, streams, rec)])
        if len(caps) == 1 and caps[0][1] == math.inf:
            admitted = np.arange(count)
            admit_t = t_off
            withdraw_t = np.zeros(0)
        else:
            servers, changes = staffed_queue(
                int(caps[0][1]), [(day, int(cap)) for day, cap in caps[1:]], initial_leave)
            start, withdrew = fifo_queue(t_off, tenure, deadline - t_off, servers,
                                         changes, busy_until=initial_leave)
            admitted = np.flatnonzero(np.isfinite(start) & (start < days))
            admit_t = start[admitted]
            withdraw_t = deadline[withdrew]
            tenure = tenure[admitted]
            onboard = onboard[admitted]
        rec.add_times(name, n.OFFER_WITHDRAW, withdraw_t)
        k = len(admitted)
        eod = np.asarray(admit_t, dtype=float)
        rec.add_times(name, n.EOD, eod)
        onboard_and_leave(rec, name, eod, onboard[:k], tenure[:k])
        known = ~np.isnan(app[admitted])  # a running pipeline's people applied before the start
        rec.hires[name] = {"application": app[admitted][known], "eod": eod[known]}

    def admit_now(self, rs: Any) -> None:
        while rs.waiting and rs.occupied < rs.cap:
            me = rs.waiting.popleft()
            if me.withdrawn or me.deadline <= rs.env.now:
                continue
            rs.admit(me, n.ONBOARDING)
