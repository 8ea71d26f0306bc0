"""The compiled bookkeeping of a served stage (model/_served_jit.py) against the array
expressions it replaced: the same day counts, masks and waits, to the bit."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from hiringsim.model._count_jit import count_days
from hiringsim.model._served_jit import user_flows, waits


def _people(seed: int, n: int, days: int):
    rng = np.random.default_rng(seed)
    t = rng.random(n) * days * 1.2 - 1.0  # some before the start, some past the horizon
    pat = np.where(rng.random(n) < 0.5, rng.exponential(days / 3, n), np.inf)
    start = t + rng.exponential(days / 5, n)
    withdrew = rng.random(n) < 0.2
    start[withdrew | (rng.random(n) < 0.1)] = np.inf  # withdrew, or never served
    svc = np.where(rng.random(n) < 0.05, np.inf, rng.exponential(days / 4, n))
    ok = rng.random(n) < 0.6
    return t, pat, start, withdrew, start + svc, ok


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 300), days=st.integers(1, 40),
       first=st.integers(0, 20))
def test_user_flows_are_the_array_expressions(seed, n, days, first):
    """Entered from ``first`` on, withdrew at t + patience, started where finite, passed or
    failed at the end: the counts, and who passed and who failed among the served."""
    t, pat, start, withdrew, end, ok = _people(seed, n, days)
    flows = [np.zeros(days, dtype=np.int64) for _ in range(5)]
    passed, failed = np.empty(n, dtype=bool), np.empty(n, dtype=bool)
    user_flows(*flows, t, pat, start, withdrew, end, ok, first, days, passed, failed,
               np.zeros(2 * days, dtype=np.int64))
    got = np.isfinite(start)
    want = [np.zeros(days, dtype=np.int64) for _ in range(5)]
    for flow, times in zip(want, (t[first:], (t + pat)[withdrew], start[got],
                                  end[got & ok], end[got & ~ok]), strict=True):
        count_days(flow, np.ascontiguousarray(times), days)
    assert all(np.array_equal(a, b) for a, b in zip(flows, want, strict=True))
    assert np.array_equal(passed, got & ok) and np.array_equal(failed, got & ~ok)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 300), days=st.integers(1, 40),
       lo=st.integers(0, 5))
def test_waits_are_the_array_expressions(seed, n, days, lo):
    """Waits of those served from ``lo`` to the horizon, patience of those who withdrew then."""
    t, pat, start, withdrew, _, _ = _people(seed, n, days)
    served, gone = np.empty(n), np.empty(n)
    ns, nw = waits(start, t, pat, withdrew, lo, float(days), served, gone)
    served, gone = served[:ns], gone[:nw]
    on = np.isfinite(start) & (lo <= start) & (start < days)
    out = withdrew & (lo <= t + pat) & (t + pat < days)
    assert np.array_equal(served.view(np.int64), (start - t)[on].view(np.int64))
    assert np.array_equal(gone.view(np.int64), pat[out].view(np.int64))
