"""Fast mode, direct entry under a budget: the first-come-first-served position queue of
:func:`hiringsim.model.queue.fifo_queue` with money as a second gate.

A candidate starts at the first time when a position is free *and* the ledger carries the
commitment (:meth:`hiringsim.model.money.Ledger.earliest`); the money gate is the same for
everyone at a given time, so start times still never decrease and one pass in arrival order is
exact.  The days a candidate whom a position awaited waited for money are the days held by
money.  Without a budget this module is not used (the vectorized queue runs unchanged).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable
from typing import Any

import numpy as np

from .money import Ledger
from .queue import change_servers
from .running import staffed_queue
from .sampling import tenure_at

__all__ = ["money_fifo", "money_start"]


def money_start(caps: list[tuple[float, float]], initial_leave: np.ndarray, count: int,
                t_off: np.ndarray, tenure: np.ndarray, deadline: np.ndarray,
                attrition: list[tuple[int, Any]], e_att: np.ndarray,
                removal: np.ndarray | None, money: Ledger) -> tuple[np.ndarray, np.ndarray]:
    """Direct entry's position queue (as :class:`~hiringsim.model.kinds.direct.Direct` sets it
    up) with the money gate; ``tenure`` is rewritten with each tenure drawn at admission."""
    changes: list[tuple[float, int]] = []
    if len(caps) == 1 and caps[0][1] == math.inf:  # positions never bind: one per candidate
        servers = len(initial_leave) + count
    else:
        servers, changes = staffed_queue(
            int(caps[0][1]), [(day, int(cap)) for day, cap in caps[1:]], initial_leave)
    at = None
    if len(attrition) > 1:  # under dated attrition a tenure depends on its start
        def at(i: int, start: float) -> float:
            tenure[i] = float(tenure_at(attrition, start, e_att[i:i + 1])[0])
            return float(tenure[i])
    return money_fifo(t_off, tenure, deadline - t_off, servers, changes, money,
                      busy_until=initial_leave, until=removal, service_at=at)


def money_fifo(arrivals: np.ndarray, service: np.ndarray, patience: np.ndarray, servers: int,
               changes: list[tuple[float, int]], money: Ledger, *,
               busy_until: np.ndarray | None = None, until: np.ndarray | None = None,
               service_at: Callable[[int, float], float] | None = None,
               ) -> tuple[np.ndarray, np.ndarray]:
    """Start time of each customer (``inf``: never) and whether they withdrew; each start is
    committed in ``money`` with its release (start + service, cut at ``until``)."""
    n = len(arrivals)
    start = np.full(n, math.inf)
    withdrew = np.zeros(n, dtype=bool)
    busy = [] if busy_until is None else [float(x) for x in busy_until]
    heap = busy + [0.0] * (servers - len(busy))
    heapq.heapify(heap)
    pending: list[float] = []  # free times of busy servers that retire when done
    current, ci, nchg = servers, 0, len(changes)
    inf = math.inf
    cut = np.full(n, inf) if until is None else np.asarray(until, dtype=float)

    def apply() -> None:
        """The next change of the number of positions."""
        nonlocal ci, current, pending
        t_chg, new = changes[ci]
        ci += 1
        pending = change_servers(heap, pending, new - current, t_chg)
        current = new

    def settle(t: float) -> float:
        """The first time from ``t`` when a position is free, with every change of the
        positions up to that time applied, one at a time (as :func:`fifo_queue` does): a change
        can retire the position that was free, or open one sooner."""
        s = max(t, heap[0] if heap else inf)
        while ci < nchg and s >= changes[ci][0]:
            apply()
            s = max(t, heap[0] if heap else inf)
        return s

    clock = 0.0  # the latest time money was asked about: nobody starts before (first in line)
    for i in range(n):
        a, pat = float(arrivals[i]), float(patience[i])
        seat = -1.0  # when a position awaited the candidate
        by_money = False
        while True:
            s = settle(a)
            if seat < 0:
                seat = s
            if clock > s:  # money held the line until ``clock``: positions as they are then
                s, by_money = settle(clock), True
            if s == inf or s - a > pat or s >= money.days:
                break
            s_m = money.earliest(s)
            if s_m == s:
                break
            clock, by_money = s_m, True
            if s_m - a > pat or s_m == inf:  # withdraws while money holds
                s = s_m
                break
        if by_money and seat < money.days:
            money.hold(seat, min(s, a + pat, float(money.days)))
        if s - a > patience[i]:
            withdrew[i] = True
            continue
        if s == inf:
            continue
        start[i] = s
        e = s + (service[i] if service_at is None else service_at(i, s))
        e = min(e, cut[i])
        heapq.heapreplace(heap, e)
        if s < money.days:
            money.commit(s, e)
    return start, withdrew
