"""The compiled pieces of a replication's summary equal numpy to the last bit: the pairwise sum
of any slice (:mod:`hiringsim.measures._sums_jit`), each row of a 2-D slice, a window's mean,
median and quantile, a quantile from one partition, and the flows' running totals."""

from __future__ import annotations

import numpy as np
import pytest

from hiringsim.measures._sums_jit import numpy_sum, span_sums, span_times
from hiringsim.measures.quantiles import quantile_partitioned
from hiringsim.model.record import cumulative


def _bits(x) -> bytes:
    return np.asarray(x, dtype=np.float64).tobytes()


def _samples(rng):
    """Float64 samples of sizes 0-300 and a few large, of several shapes and magnitudes."""
    for n in [*range(301), 1_000, 4_097, 9_001]:
        yield n, rng.random(n + 3) * 10.0 ** rng.integers(-3, 9)
        yield n, rng.integers(0, 50, n + 3) * 1234.56789  # daily dollars: few values
        yield n, rng.standard_normal(n + 3) * 1e5  # signs mixed


def test_pairwise_sum_is_numpys_on_every_size():
    """``numpy_sum(a, lo, hi)`` is ``a[lo:hi].sum()`` bit for bit (offset slices too)."""
    rng = np.random.default_rng(1)
    for n, a in _samples(rng):
        lo = int(rng.integers(0, 4))
        assert _bits(numpy_sum(a, lo, lo + n)) == _bits(a[lo:lo + n].sum()), n


def test_span_sums_are_each_rows_slice_sum():
    """Every row and span of a 2-D array: numpy's ``sum(axis=1)`` of the slice, bit for
    bit, empty spans 0."""
    rng = np.random.default_rng(2)
    for days in (1, 9, 130, 400, 2_771):
        rows = rng.random((6, days)) * 10.0 ** rng.integers(-2, 8, (6, 1))
        cuts = np.sort(rng.integers(0, days + 1, (12, 2)), axis=1)
        starts, ends = cuts[:, 0].copy(), cuts[:, 1].copy()
        out = np.empty((6, 12))
        span_sums(rows, starts, ends, out)
        want = np.stack([rows[:, s:e].sum(axis=1) for s, e in zip(starts, ends, strict=True)],
                        axis=1)
        assert out.tobytes() == want.tobytes(), days


def test_span_times_are_numpys_mean_median_and_quantile():
    """Each span's mean, median and 0.9 quantile are numpy's bit for bit; NaN when empty."""
    rng = np.random.default_rng(3)
    for n, a in _samples(rng):
        if n > 1_000 and rng.random() < 0.5:
            continue
        ordered = a.copy()
        ordered[1:1 + n].sort()
        out = np.empty((2, 3))
        span_times(a, ordered, np.array([1, 2]), np.array([1 + n, 2]), 0.9, out)
        seg = a[1:1 + n]
        want = ([seg.mean(), np.median(seg), np.quantile(seg, 0.9)] if n
                else [np.nan] * 3)
        assert _bits(out[0]) == _bits(want), n
        assert np.isnan(out[1]).all()


@pytest.mark.parametrize("q", [0.0, 0.1, 0.5, 0.9, 0.999, 1.0])
def test_quantile_from_one_partition_is_numpys(q):
    """Sizes 1-300 and a few large, with ties and zeros: ``np.quantile`` bit for bit."""
    rng = np.random.default_rng(4)
    for n in [*range(1, 301), 5_000, 61_214]:
        x = rng.exponential(20.0, n)
        if n % 3 == 0:
            x = np.floor(x)
        x[rng.random(n) < 0.2] = 0.0
        assert _bits(quantile_partitioned(x, q)) == _bits(np.quantile(x, q)), n
    assert np.isnan(quantile_partitioned(np.zeros(0), q))


def test_cumulative_is_each_flows_cumsum():
    """Running totals of int64 flows (the compiled pass) and of others (numpy's, the
    fallback): the values and the type of ``np.cumsum`` of each flow."""
    rng = np.random.default_rng(5)
    flows = {f"f{i}": rng.integers(0, 1_000, 50) for i in range(7)}
    for given in (flows, {**flows, "small": np.ones(50, dtype=np.int32)},
                  {**flows, "short": np.ones(3, dtype=np.int64)}, {}):
        got = cumulative(given)
        assert list(got) == list(given)
        for k, v in given.items():
            want = np.cumsum(v)
            assert got[k].dtype == want.dtype and np.array_equal(got[k], want), k
