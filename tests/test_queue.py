"""The exact FIFO queue: the compiled loop and the pure-Python loop agree to the bit."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hiringsim.model.queue import fifo_queue


def _case(seed: int, n: int, servers: int, changes, busy: int, withdraw: bool):
    rng = np.random.default_rng(seed)
    arrivals = np.sort(rng.random(n) * 400)
    service = rng.lognormal(2.5, 0.8, n)
    patience = rng.exponential(30, n) if withdraw else np.full(n, np.inf)
    busy_until = np.sort(rng.random(min(busy, servers)) * 100)
    return arrivals, service, patience, servers, changes, busy_until


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 400), servers=st.integers(0, 12),
       changes=st.lists(st.tuples(st.integers(1, 399), st.integers(0, 15)), max_size=4),
       busy=st.integers(0, 12), withdraw=st.booleans())
def test_compiled_and_python_loops_agree(seed, n, servers, changes, busy, withdraw):
    """Random queues with server changes up and down, busy starts and withdrawals: same result."""
    changes = sorted({t: c for t, c in changes}.items())
    changes = [(float(t), c) for t, c in changes]
    a, s, p, c, ch, b = _case(seed, n, servers, changes, busy, withdraw)
    jit = fifo_queue(a, s, p, c, ch, busy_until=b, compiled=True)
    py = fifo_queue(a, s, p, c, ch, busy_until=b, compiled=False)
    assert np.array_equal(jit[0], py[0])
    assert np.array_equal(jit[1], py[1])
    # services cut short at a time of their own (a position freed by a removal)
    until = a + np.random.default_rng(seed).exponential(40, len(a))
    jit = fifo_queue(a, s, p, c, ch, busy_until=b, until=until, compiled=True)
    py = fifo_queue(a, s, p, c, ch, busy_until=b, until=until, compiled=False)
    assert np.array_equal(jit[0], py[0])
    assert np.array_equal(jit[1], py[1])


def test_single_server_fixed_service_is_exact():
    """One server, 10-day services, arrivals every day: starts every 10 days, both loops."""
    arrivals = np.arange(5, dtype=float)
    for compiled in (True, False):
        start, withdrew = fifo_queue(arrivals, np.full(5, 10.0), np.full(5, np.inf), 1, [],
                                     compiled=compiled)
        assert start.tolist() == [0.0, 10.0, 20.0, 30.0, 40.0]
        assert not withdrew.any()


def test_until_frees_the_server_early():
    """One server, 10-day services cut at arrival + 4: the next starts at the cut, both loops."""
    arrivals = np.arange(4, dtype=float)
    for compiled in (True, False):
        start, _ = fifo_queue(arrivals, np.full(4, 10.0), np.full(4, np.inf), 1, [],
                              until=np.array([4.0, 9.0, 100.0, 100.0]), compiled=compiled)
        assert start.tolist() == [0.0, 4.0, 9.0, 19.0]


def test_more_busy_than_servers_is_refused():
    """Starting with more busy servers than servers is an error, not a silent truncation."""
    with pytest.raises(ValueError, match="more busy servers"):
        fifo_queue(np.zeros(1), np.ones(1), np.ones(1), 1, [], busy_until=[1.0, 2.0])
