"""The FIFO queue loop of :func:`hiringsim.model.queue.fifo_queue`, compiled with numba.

Same algorithm, same floating-point operations, so the same start times to the bit; the test
suite checks both against each other.  Used when numba can be imported (it is a dependency);
the pure-Python loop remains the reference and the fallback.  Compiled once and cached on disk.
"""

from __future__ import annotations

import heapq

import numba
import numpy as np

__all__ = ["fifo_queue_jit"]


@numba.njit(cache=True)
def fifo_queue_jit(arr, svc, pat, busy, servers, chg_t, chg_n, cut):  # pragma: no cover - compiled
    n = arr.shape[0]
    inf = np.inf
    start = np.full(n, inf)
    withdrew = np.zeros(n, dtype=np.bool_)
    heap = [0.0]
    heap.pop()
    for x in busy:
        heap.append(x)
    for _ in range(servers - busy.shape[0]):
        heap.append(0.0)
    heapq.heapify(heap)
    pending = [0.0]
    pending.pop()
    current = servers
    ci = 0
    nchg = chg_t.shape[0]
    next_change = chg_t[0] if nchg > 0 else inf
    for i in range(n):
        a = arr[i]
        f = heap[0] if len(heap) > 0 else inf
        s = a if a > f else f
        while ci < nchg and s >= next_change:
            t_chg = chg_t[ci]
            new = chg_n[ci]
            ci += 1
            next_change = chg_t[ci] if ci < nchg else inf
            delta = new - current
            current = new
            if delta > 0:
                kept = [p for p in pending if p > t_chg]
                kept.sort()
                pending = kept
                while delta > 0 and len(pending) > 0:
                    heapq.heappush(heap, pending.pop())
                    delta -= 1
                for _ in range(delta):
                    heapq.heappush(heap, t_chg)
            elif delta < 0:
                for _ in range(-delta):
                    if len(heap) == 0:
                        break
                    f = heapq.heappop(heap)
                    if f > t_chg:
                        pending.append(f)
            f = heap[0] if len(heap) > 0 else inf
            s = a if a > f else f
        if s - a > pat[i]:
            withdrew[i] = True
            continue
        if s == inf:
            continue
        start[i] = s
        e = s + svc[i]
        heapq.heapreplace(heap, e if e < cut[i] else cut[i])
    return start, withdrew
