"""The compiled FIFO queue on the baseline's own queues: the tournament tree against a heap.

    python benchmarks/bench_queue.py [--quick]

One baseline replication (fast mode, seed 1) is run with the compiled queue wrapped, to keep
the inputs of each of its queues: the background investigation (every role's arrivals at the
shared resource) and each direct-entry role's positions-as-servers queue.  Each queue is then
timed (CPU, ``time.process_time``, the median of several repeats, the two kernels alternately)
with the model's kernel (``hiringsim.model._queue_jit.fifo_queue_jit``, a tournament tree) and
with the heap kernel it replaced (below: the same loop on numba's :mod:`heapq`), after checking
that both give the same start times to the bit.
"""

from __future__ import annotations

import heapq
import os
import statistics
import sys
import time
from pathlib import Path

import numba
import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BASELINE = ROOT / "scenarios" / "baseline.toml"
if str(ROOT / "src") not in sys.path:  # pragma: no cover - run from a checkout
    sys.path.insert(0, str(ROOT / "src"))


@numba.njit(cache=True)
def heap_queue(arr, svc, pat, busy, servers, chg_t, chg_n, cut):  # pragma: no cover - compiled
    """The compiled queue before the tournament tree: server free times in a heap."""
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


def baseline_queues() -> list[tuple]:
    """The arguments of every compiled queue call in one baseline replication."""
    import hiringsim
    from hiringsim.model import queue

    sc = hiringsim.load_scenario(BASELINE)
    kernel = queue._compiled()
    calls: list[tuple] = []

    def keep(*args):
        calls.append(args)
        return kernel(*args)

    queue._JIT[0] = keep
    try:
        hiringsim.run_replication(sc, seed=1)
    finally:
        queue._JIT[0] = kernel
    return calls


def _cpu(fn, args) -> float:
    t0 = time.process_time()
    fn(*args)
    return time.process_time() - t0


def rows(quick: bool) -> list[dict]:
    from hiringsim.model._queue_jit import fifo_queue_jit

    load = f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    repeats = 9 if quick else 31
    out = []
    for args in baseline_queues():
        new, old = fifo_queue_jit(*args), heap_queue(*args)
        if not all(np.array_equal(x.view(np.int8), y.view(np.int8))
                   for x, y in zip(new, old, strict=True)):  # pragma: no cover
            raise AssertionError("the tree and the heap disagree")
        tree_s, heap_s = [], []
        for _ in range(repeats):
            tree_s.append(_cpu(fifo_queue_jit, args))
            heap_s.append(_cpu(heap_queue, args))
        tree, heap = statistics.median(tree_s), statistics.median(heap_s)
        what = (f"{len(args[0]):,} arrivals, {args[4]:,} servers at the start, "
                f"{len(args[5]):,} changes")
        out.append({"measure": f"compiled queue, {what} (CPU ms)", "value": tree * 1e3,
                    "unit": "ms", "target": None, "op": "",
                    "note": f"median of {repeats}; the heap it replaced {heap * 1e3:.2f} ms, "
                            f"{heap / tree:.2f}x; {load}"})
    return out


if __name__ == "__main__":  # pragma: no cover
    for row in rows("--quick" in sys.argv):
        print(row)
