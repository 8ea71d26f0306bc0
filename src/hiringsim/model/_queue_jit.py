"""The FIFO queue loop of :func:`hiringsim.model.queue.fifo_queue`, compiled with numba.

The pure-Python loop keeps the servers' free times in a binary heap (:mod:`heapq`); this one
keeps them in a tournament tree: a complete binary tree over a fixed row of server slots (one
leaf per server that exists at some time, a slot without a server holding ``inf``), each inner
node holding the smallest free time below it and the slot it is in.  Replacing the soonest free
time (every start) rewrites one leaf-to-root path, one comparison per level against a sibling
whose address does not depend on the data, where the heap's sift-down compares two children and
follows the smaller.  When every time that can enter the tree has its sign bit clear (times in
the model are never below 0), the comparisons are made on the floats' bits read as integers,
which order alike, and each level's choice is arithmetic, without a branch the processor would
mispredict.  On the baseline's queues (a thousand to fourteen thousand servers) that takes a
quarter to a half of the heap's time (``benchmarks/bench_queue.py``).

Same results to the bit: the loop asks its structure only for the smallest free time, to take
it out and to put a value in, so what it computes depends only on the multiset of free times,
which both structures hold alike; the floating-point operations (``max``, ``s + service``,
``min(end, until)``) are the pure-Python loop's.  (The one way equal values could differ is
``-0.0`` against ``0.0``, which no time of the model takes, and which sends the loop to float
comparisons; NaN times are not supported by either loop.)  The test suite checks both loops
against each other on random queues.  Used when numba can be imported (it is a dependency);
compiled once and cached on disk.
"""

from __future__ import annotations

import math

import numba
import numpy as np

__all__ = ["fifo_queue_jit"]


@numba.njit(cache=True, inline="always")
def _put(val, key, slot, leaf, x, plain):  # pragma: no cover - compiled
    """Leaf ``leaf`` of the tree holds ``x``: its path to the root is recomputed.

    ``plain``: every time in the tree is a float with its sign bit clear (not NaN), so its bits
    read as an int64 (``key``, the same memory) order as the floats do, and each level's choice
    is made by integer arithmetic (the sign of the difference as a mask), without a branch.
    """
    node = val.shape[0] // 2 + leaf
    val[node] = x
    slot[node] = leaf
    if plain:
        best = key[node]
        at = slot[node]
        while node > 1:
            d = key[node ^ 1] - best  # no overflow: both in [0, 2**63)
            m = d >> 63  # all ones when the other is smaller
            best += d & m
            at += (slot[node ^ 1] - at) & m
            node >>= 1
            key[node] = best
            slot[node] = at
        return
    best = x
    at = leaf
    while node > 1:
        other = val[node ^ 1]
        if other < best:
            best = other
            at = slot[node ^ 1]
        node >>= 1
        val[node] = best
        slot[node] = at


@numba.njit(cache=True)
def _unsigned(x, nan_ok):  # pragma: no cover - compiled
    """True when every value of ``x`` has its sign bit clear (``nan_ok``: or is NaN)."""
    for v in x:
        if v != v:
            if not nan_ok:
                return False
        elif v < 0.0 or (v == 0.0 and math.copysign(1.0, v) < 0.0):
            return False
    return True


@numba.njit(cache=True)
def _sort_pending(x, n):  # pragma: no cover - compiled
    """Sorts ``x[:n]`` ascending in place (no NaN): an insertion sort.

    The queue's pending free times are short and a few ascending runs (each retirement takes
    the soonest free first), often one, which it passes over in one scan.  Numba's own ``sort``
    gives the same floats in the same order but pulls its quicksort into the compile (1.2 of
    the queue's 4.5 s cold; this one takes 0.1).
    """
    for i in range(1, n):
        v = x[i]
        j = i
        while j > 0 and v < x[j - 1]:
            x[j] = x[j - 1]
            j -= 1
        x[j] = v


@numba.njit(cache=True)
def fifo_queue_jit(arr, svc, pat, busy, servers, chg_t, chg_n, cut):  # pragma: no cover - compiled
    n = arr.shape[0]
    inf = np.inf
    # what enters the tree: busy times, 0, change times, min(start + service, until) with the
    # start one of those or a later arrival
    plain = (_unsigned(busy, False) and _unsigned(chg_t, False) and _unsigned(cut, False)
             and _unsigned(svc, True))
    start = np.full(n, inf)
    withdrew = np.zeros(n, dtype=np.bool_)
    nchg = chg_t.shape[0]
    nb = busy.shape[0]
    size = max(servers, nb)  # servers in the tree (the heap's length)
    # never more servers at once than the most ever asked for, plus the deepest shortfall
    # below none and any busy beyond the count
    most, least = servers, 0
    for k in range(nchg):
        most = max(most, chg_n[k])
        least = min(least, chg_n[k])
    p = 1
    while p < most - least + size - servers:
        p *= 2
    val = np.full(2 * p, inf)
    key = val.view(np.int64)
    slot = np.zeros(2 * p, dtype=np.int64)
    here = np.zeros(p, dtype=np.bool_)  # which slots hold a server
    for k in range(p):
        slot[p + k] = k
    for k in range(size):
        val[p + k] = busy[k] if k < nb else 0.0
        here[k] = True
    for node in range(p - 1, 0, -1):
        c = 2 * node + (1 if val[2 * node + 1] < val[2 * node] else 0)
        val[node] = val[c]
        slot[node] = slot[c]
    free = np.empty(p, dtype=np.int64)  # empty slots, a stack
    nfree = 0
    for k in range(p - 1, size - 1, -1):
        free[nfree] = k
        nfree += 1
    pending = np.empty(p)  # free times of busy servers that retire when done
    npend = 0
    current = servers
    ci = 0
    next_change = chg_t[0] if nchg > 0 else inf
    for i in range(n):
        a = arr[i]
        f = val[1]
        s = a if a > f else f
        while ci < nchg and s >= next_change:
            t_chg = chg_t[ci]
            new = chg_n[ci]
            ci += 1
            next_change = chg_t[ci] if ci < nchg else inf
            delta = new - current
            current = new
            if delta > 0:  # cancel pending retirements, the latest free first, then add
                kept = 0
                for k in range(npend):
                    if pending[k] > t_chg:
                        pending[kept] = pending[k]
                        kept += 1
                npend = kept
                _sort_pending(pending, npend)
                while delta > 0:
                    if npend > 0:
                        npend -= 1
                        x = pending[npend]
                    else:
                        x = t_chg
                    nfree -= 1
                    leaf = free[nfree]
                    here[leaf] = True
                    _put(val, key, slot, leaf, x, plain)
                    size += 1
                    delta -= 1
            elif delta < 0:  # retire the servers free soonest
                for _ in range(-delta):
                    if size == 0:
                        break
                    f = val[1]
                    leaf = slot[1]
                    if not here[leaf]:  # all inf: the winner may be an empty slot
                        leaf = 0
                        while not here[leaf]:
                            leaf += 1
                    here[leaf] = False
                    free[nfree] = leaf
                    nfree += 1
                    size -= 1
                    _put(val, key, slot, leaf, inf, plain)
                    if f > t_chg:
                        pending[npend] = f
                        npend += 1
            f = val[1]
            s = a if a > f else f
        if s - a > pat[i]:
            withdrew[i] = True
            continue
        if s == inf:
            continue
        start[i] = s
        e = s + svc[i]
        _put(val, key, slot, slot[1], e if e < cut[i] else cut[i], plain)
    return start, withdrew


@numba.njit(cache=True)
def busy_integral_jit(points, days):  # pragma: no cover - compiled
    """At each whole time t = 0..days, the sum over ``points`` below t of t - point:
    ``t * k - (p[0] + ... + p[k-1])``, the sum accumulated in order as ``np.cumsum`` does.
    ``points``: nondecreasing once the ``inf`` among them (services never started) are left
    out, which are passed over."""
    out = np.empty(days + 1)
    total = 0.0
    j = 0
    k = 0
    n = points.shape[0]
    for d in range(days + 1):
        t = float(d)
        while j < n:
            p = points[j]
            if p < t:
                total += p
                k += 1
            elif p != np.inf:
                break
            j += 1
        out[d] = t * k - total
    return out


@numba.njit(cache=True)
def nondecreasing_jit(x):  # pragma: no cover - compiled
    """True when ``x`` is nondecreasing once its ``inf`` are left out (and holds no NaN)."""
    last = -np.inf
    for v in x:
        if v == np.inf:
            continue
        if not (v >= last):
            return False
        last = v
    return True
