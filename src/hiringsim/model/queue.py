"""An exact first-come-first-served multi-server queue with withdrawals and changing servers.

Customers are taken in arrival order.  Start times of a FIFO multi-server queue never decrease,
and a customer who withdraws does not occupy a server, so one pass with a heap of server
free-times is exact (no time stepping).  Server changes are applied as soon as the next start
would fall at or after their date.  A removal retires the servers that become free soonest (the
idle ones at once, busy ones when their current case ends), exactly as priority "blocker"
requests do in the SimPy reference; an addition first cancels pending retirements.  The
compiled loop (:mod:`._queue_jit`) keeps the free times in a tournament tree instead of the heap,
with the same results to the bit.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Sequence

import numpy as np

__all__ = ["fifo_queue", "change_servers", "busy_per_day"]


def fifo_queue(
    arrivals: np.ndarray,
    service: np.ndarray,
    patience: np.ndarray,
    servers: int,
    changes: list[tuple[float, int]] | np.ndarray,
    *,
    busy_until: Sequence[float] | np.ndarray | None = None,
    until: np.ndarray | None = None,
    compiled: bool | None = None,
    service_at: Callable[[int, float], float] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Start time of each customer (``inf`` when never served) and whether they withdrew.

    ``arrivals`` must be sorted.  A customer who withdraws does so at ``arrival + patience``.
    ``changes``: ``(time, servers)`` pairs in time order, or an array of them, one a row (whole
    numbers of servers; an array spares converting a long schedule).
    ``busy_until`` gives the times at which servers busy at the start become free (the rest
    are idle).  ``until``: the latest time each customer releases its server (a service is cut
    short there; default: never).  ``compiled``: use the numba-compiled loop (default: when
    numba imports) or the pure-Python one (``False``); both give identical results.
    ``service_at(i, start)``, when given, is customer i's service time if it starts at ``start``
    (instead of ``service[i]``; the pure-Python loop runs).
    """
    busy = np.asarray([] if busy_until is None else busy_until, dtype=float)
    if len(busy) > servers:
        raise ValueError("more busy servers than servers")
    jit = None if compiled is False or service_at is not None else _compiled()
    if compiled and service_at is None and jit is None:
        raise ImportError("the compiled queue needs numba")
    if jit is None:
        steps = (changes if not isinstance(changes, np.ndarray)
                 else [(t, int(c)) for t, c in changes.reshape(-1, 2).tolist()])
        return _fifo_queue_py(arrivals, service, patience, servers, steps,
                              busy_until=busy.tolist(), service_at=service_at, until=until)
    chg = np.asarray(changes, dtype=float).reshape(-1, 2)  # whole server counts: exact
    chg_t, chg_n = chg[:, 0].copy(), chg[:, 1].astype(np.int64)
    cut = (np.full(len(arrivals), np.inf) if until is None
           else np.ascontiguousarray(until, dtype=float))
    return jit(np.ascontiguousarray(arrivals, dtype=float),
               np.ascontiguousarray(service, dtype=float),
               np.ascontiguousarray(patience, dtype=float), busy, int(servers), chg_t, chg_n, cut)


_JIT: list = []


def _compiled():
    """The numba loop, or None when numba is not importable (imported once, lazily)."""
    if not _JIT:
        try:
            from ._queue_jit import fifo_queue_jit
        except ImportError:  # pragma: no cover - numba is a dependency
            _JIT.append(None)
        else:
            _JIT.append(fifo_queue_jit)
    return _JIT[0]


def _fifo_queue_py(
    arrivals: np.ndarray,
    service: np.ndarray,
    patience: np.ndarray,
    servers: int,
    changes: list[tuple[float, int]],
    *,
    busy_until: list[float] | None = None,
    service_at: Callable[[int, float], float] | None = None,
    until: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The pure-Python loop of :func:`fifo_queue` (the reference for the compiled one)."""
    n = len(arrivals)
    start = [math.inf] * n
    withdrew = [False] * n
    busy = [] if busy_until is None else [float(x) for x in busy_until]
    if len(busy) > servers:
        raise ValueError("more busy servers than servers")
    heap = busy + [0.0] * (servers - len(busy))
    heapq.heapify(heap)
    pending: list[float] = []  # free times of busy servers that retire when done
    current = servers
    ci = 0
    nchg = len(changes)
    inf = math.inf
    next_change = changes[0][0] if nchg else inf
    heapreplace = heapq.heapreplace
    arr = arrivals.tolist()
    svc = service.tolist()
    pat = patience.tolist()
    cut = [inf] * n if until is None else np.asarray(until, dtype=float).tolist()
    for i in range(n):
        a = arr[i]
        f = heap[0] if heap else inf
        s = a if a > f else f
        while ci < nchg and s >= next_change:
            t_chg, new = changes[ci]
            ci += 1
            next_change = changes[ci][0] if ci < nchg else inf
            pending = change_servers(heap, pending, new - current, t_chg)
            current = new
            f = heap[0] if heap else inf
            s = a if a > f else f
        if s - a > pat[i]:
            withdrew[i] = True
            continue
        if s == inf:
            continue
        start[i] = s
        e = s + (svc[i] if service_at is None else service_at(i, s))
        heapreplace(heap, e if e < cut[i] else cut[i])
    return np.asarray(start, dtype=float), np.asarray(withdrew, dtype=bool)


def change_servers(heap: list[float], pending: list[float], delta: int, t: float
                   ) -> list[float]:
    """``delta`` more (or fewer) servers from time ``t`` in a queue's pure-Python loop:
    ``heap`` holds the free times of the servers, ``pending`` those of busy servers that
    retire when done (returned, maybe a new list).  More: pending retirements are cancelled,
    the latest free first, then idle servers added at ``t``; fewer: the servers free soonest
    retire (at once if idle by ``t``, else when done).  The compiled loop does the same."""
    if delta > 0:
        pending = sorted(p for p in pending if p > t)
        while delta > 0 and pending:
            heapq.heappush(heap, pending.pop())
            delta -= 1
        for _ in range(delta):
            heapq.heappush(heap, t)
    elif delta < 0:
        for _ in range(-delta):
            if not heap:
                break
            f = heapq.heappop(heap)
            if f > t:
                pending.append(f)
    return pending


def busy_per_day(start: np.ndarray, end: np.ndarray, days: int, *,
                 compiled: bool | None = None) -> np.ndarray:
    """Busy server-days on each day, from service intervals [start, end).

    An interval starting at ``inf`` (never served; its end ``inf`` too) counts nowhere, so a
    queue's start and end times can be passed whole.  ``compiled``: the numba loop (default:
    when numba imports) or numpy's sort, searchsorted and cumsum (``False``); the same floats.
    """
    out = np.zeros(days)
    if len(start) == 0:
        return out
    jit = _busy_compiled() if compiled is not False else None
    if jit is not None:
        # a FIFO queue's starts come sorted (those served): sorting them again is the most of
        # the work
        below, ordered = jit
        s, e = (np.ascontiguousarray(x, dtype=float) for x in (start, end))
        s, e = (x if ordered(x) else np.sort(x) for x in (s, e))
        return np.diff(below(s, days) - below(e, days))
    t = np.arange(days + 1, dtype=float)

    def integral(points: np.ndarray) -> np.ndarray:
        points = np.sort(points)
        idx = np.searchsorted(points, t, side="left")
        csum = np.concatenate([[0.0], np.cumsum(points)])
        return t * idx - csum[idx]

    total = integral(start) - integral(end)
    return np.diff(total)


def _busy_compiled():
    """The compiled loops of :func:`busy_per_day` (the integral, the order check), or None
    without numba."""
    if not _JIT:
        _compiled()
    if _JIT[0] is None:  # pragma: no cover - numba is a dependency
        return None
    from ._queue_jit import busy_integral_jit, nondecreasing_jit

    return busy_integral_jit, nondecreasing_jit
