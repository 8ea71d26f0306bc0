"""Busy server-days per day: the compiled loop and numpy's sort-searchsorted-cumsum agree to the
bit, and the figure is the exact overlap of the intervals with each day."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from hiringsim.model.queue import busy_per_day


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 500), days=st.integers(1, 60),
       grid=st.booleans(), ordered=st.booleans(), endless=st.booleans(),
       unserved=st.booleans())
def test_compiled_and_numpy_agree_to_the_bit(seed, n, days, grid, ordered, endless, unserved):
    """Random intervals (whole days or not, starts sorted or not, some never ending, some
    past the horizon, some never started: start and end ``inf``, as a queue gives them): the
    same floats, and those never started count nowhere."""
    rng = np.random.default_rng(seed)
    start = rng.random(n) * days * 1.2
    length = rng.exponential(days / 4, n)
    if grid:
        start, length = np.floor(start), np.ceil(length)
    if ordered:
        start = np.sort(start)
    end = start + length
    if endless:
        end[rng.random(n) < 0.1] = np.inf
    on = np.ones(n, dtype=bool)
    if unserved:
        on = rng.random(n) < 0.7
        start[~on] = end[~on] = np.inf
    fast = busy_per_day(start, end, days)
    slow = busy_per_day(start, end, days, compiled=False)
    assert np.array_equal(fast.view(np.int64), slow.view(np.int64))
    served = busy_per_day(start[on], end[on], days)
    assert np.array_equal(fast.view(np.int64), served.view(np.int64))


def test_overlap_with_each_day():
    """[0.5, 2.25) and [1, inf) over 3 days: 0.5, 2, 1.25 server-days."""
    for compiled in (True, False):
        got = busy_per_day(np.array([0.5, 1.0]), np.array([2.25, np.inf]), 3, compiled=compiled)
        assert got.tolist() == [0.5, 2.0, 1.25]
