"""The compiled queue's tournament tree against the pure-Python heap, bit for bit.

The compiled loop (``model/_queue_jit.py``) keeps server free times in a tournament tree, the
pure-Python loop in a binary heap; both must give the same start times and withdrawals to the
bit.  These cases aim at where a tree could go wrong: hundreds of servers, many changes up and
down (to none, and below none), retirements pending across changes, equal times (ties between
arrivals, changes and free times), services that never end, services cut short, and times
below 0 (the tree's float comparisons rather than its integer ones).
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from hiringsim.model._queue_jit import _sort_pending, fifo_queue_jit
from hiringsim.model.queue import fifo_queue
from hiringsim.model.running import staffed_queue


def _bits(x: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(x, dtype=float).view(np.int64)


@st.composite
def queues(draw):
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    n = draw(st.integers(0, 300))
    servers = draw(st.integers(0, 300))
    grid = draw(st.booleans())  # whole days: many equal times
    span = draw(st.sampled_from([5.0, 50.0, 400.0]))
    arrivals = np.sort(np.floor(rng.random(n) * span) if grid else rng.random(n) * span)
    service = rng.lognormal(draw(st.sampled_from([0.0, 2.5, 5.0])), 1.0, n)
    if grid:
        service = np.ceil(service)
    never = draw(st.sampled_from([0.0, 0.05]))  # services that never end (no attrition)
    service[rng.random(n) < never] = np.inf
    patience = np.where(rng.random(n) < draw(st.sampled_from([0.0, 0.5, 1.0])),
                        rng.exponential(10.0, n), np.inf)
    busy = np.sort(rng.random(draw(st.integers(0, servers))) * span)
    times = draw(st.lists(st.integers(0, int(span)), max_size=40, unique=True))
    low = draw(st.sampled_from([-3, 0, servers // 2]))
    counts = rng.integers(low, 2 * servers + 2, len(times)).tolist() if times else []
    changes = [(float(t), int(c)) for t, c in zip(sorted(times), counts, strict=True)]
    cut = rng.exponential(20.0, n)  # some before the start (the service takes no time then)
    until = None if draw(st.booleans()) else arrivals + (np.floor(cut) if grid else cut)
    # times before 0 (not in the model) take the tree's float comparisons instead of its
    # integer ones: shift everything
    shift = draw(st.sampled_from([0.0, 0.0, -150.25]))
    if shift:
        arrivals, busy = arrivals + shift, busy + shift
        changes = [(t + shift, c) for t, c in changes]
        until = None if until is None else until + shift
    return arrivals, service, patience, servers, changes, busy, until


@settings(max_examples=80, deadline=None)
@given(case=queues())
def test_tree_and_heap_agree_to_the_bit(case):
    """Random queues of up to 300 servers: the same start times and withdrawals, to the bit."""
    a, s, p, c, ch, b, until = case
    tree = fifo_queue(a, s, p, c, ch, busy_until=b, until=until, compiled=True)
    heap = fifo_queue(a, s, p, c, ch, busy_until=b, until=until, compiled=False)
    assert np.array_equal(_bits(tree[0]), _bits(heap[0]))
    assert np.array_equal(tree[1], heap[1])
    # the changes as an array, one (time, servers) a row: the same, both loops
    rows = np.asarray(ch, dtype=float).reshape(-1, 2)
    for compiled in (True, False):
        got = fifo_queue(a, s, p, c, rows, busy_until=b, until=until, compiled=compiled)
        assert np.array_equal(_bits(got[0]), _bits(heap[0]))
        assert np.array_equal(got[1], heap[1])


def test_staffed_queue_takes_arrays():
    """More holders than the cap: the cap applies at time 0, changes as a list or as rows."""
    busy = np.array([5.0, 6.0, 7.0])
    assert staffed_queue(2, [(4.0, 3)], busy) == (3, [(0.0, 2), (4.0, 3)])
    servers, rows = staffed_queue(2, np.array([[4.0, 3.0]]), busy)
    assert servers == 3 and rows.tolist() == [[0.0, 2.0], [4.0, 3.0]]
    assert staffed_queue(3, np.array([[4.0, 1.0]]), busy)[1].tolist() == [[4.0, 1.0]]


def test_kernel_takes_more_busy_than_servers():
    """Called directly (as the floor model does), busy servers beyond the count still serve,
    like the heap's: two busy until 5 and 7, one server, then a change to 3 servers."""
    start, _ = fifo_queue_jit(np.array([0.0, 1.0, 2.0, 8.0]), np.full(4, 10.0), np.full(4, np.inf),
                              np.array([5.0, 7.0]), 1, np.array([6.0]), np.array([3]),
                              np.full(4, np.inf))
    # servers free at 5 and 7; at 6 the count goes 1 -> 3: two more (free at 6)
    assert start.tolist() == [5.0, 6.0, 6.0, 8.0]


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), runs=st.integers(0, 6), size=st.integers(0, 40),
       grid=st.booleans())
def test_pending_sort_is_numpys(seed, runs, size, grid):
    """The queue's own sort of its pending free times (ascending runs, ties on a grid): the
    floats numpy's sort gives, in place in the first n, the rest of the buffer untouched."""
    rng = np.random.default_rng(seed)
    parts = [np.sort(np.floor(rng.random(size) * 9) if grid else rng.random(size) * 9)
             for _ in range(runs)]
    x = np.concatenate([*parts, np.zeros(0)])
    n = len(x) - int(rng.integers(0, len(x) + 1)) if len(x) else 0
    buf = np.append(x, -1.0)
    _sort_pending(buf, n)
    assert np.array_equal(_bits(buf[:n]), _bits(np.sort(x[:n])))
    assert np.array_equal(_bits(buf[n:]), _bits(np.append(x[n:], -1.0)))
