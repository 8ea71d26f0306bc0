"""Sums and order statistics over windows of days, compiled with numba, equal to numpy's to the
last bit: one call per role for every window instead of several numpy calls per window.

Why the sums are numpy's: ``a.sum()`` (and each row of ``a2d.sum(axis=1)``) of a float64
array starts from 0 and adds numpy's *pairwise* sum of the values (``pairwise_sum`` in numpy's
``loops_utils.h.src``: fewer than 8 values one by one; up to 128 in 8 running sums combined as
``((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))`` and then the rest; more, split in two
at half rounded down to a multiple of 8).  :func:`pairwise` does the same additions in the same
order (numba does not reorder floating-point additions), and ``a.mean()`` is that sum divided by
the count.  Medians and quantiles follow :mod:`.quantiles`.  The tests compare every kernel with
numpy on many sizes.  Compiled once and cached on disk.
"""

from __future__ import annotations

import math

import numba

__all__ = ["numpy_sum", "span_sums", "span_times"]


@numba.njit(cache=True)
def pairwise(a, lo, n):  # pragma: no cover - compiled
    """numpy's pairwise sum of ``a[lo:lo + n]`` (float64)."""
    if n < 8:
        res = -0.0
        for i in range(lo, lo + n):
            res += a[i]
        return res
    if n <= 128:
        r0, r1, r2, r3 = a[lo], a[lo + 1], a[lo + 2], a[lo + 3]
        r4, r5, r6, r7 = a[lo + 4], a[lo + 5], a[lo + 6], a[lo + 7]
        m = n - n % 8
        for i in range(lo + 8, lo + m, 8):
            r0 += a[i]
            r1 += a[i + 1]
            r2 += a[i + 2]
            r3 += a[i + 3]
            r4 += a[i + 4]
            r5 += a[i + 5]
            r6 += a[i + 6]
            r7 += a[i + 7]
        res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        for i in range(lo + m, lo + n):
            res += a[i]
        return res
    n2 = n // 2
    n2 -= n2 % 8
    return pairwise(a, lo, n2) + pairwise(a, lo + n2, n - n2)


@numba.njit(cache=True)
def numpy_sum(a, lo, hi):  # pragma: no cover - compiled
    """``float(a[lo:hi].sum())`` of a float64 array ``a``."""
    return 0.0 + pairwise(a, lo, hi - lo)


@numba.njit(cache=True)
def span_sums(rows, starts, ends, out):  # pragma: no cover - compiled
    """``out[:, k] = rows[:, starts[k]:ends[k]].sum(axis=1)`` for each span ``k`` (``rows``:
    float64, 2-D, each row contiguous)."""
    for r in range(rows.shape[0]):
        row = rows[r]
        for k in range(starts.shape[0]):
            out[r, k] = numpy_sum(row, starts[k], ends[k])


@numba.njit(cache=True)
def _sorted_median(s):  # pragma: no cover - compiled
    n = s.shape[0]
    if n == 0 or s[n - 1] != s[n - 1]:  # NaN sorts last
        return math.nan
    h = n // 2
    if n % 2:
        return s[h]
    return numpy_sum(s, h - 1, h + 1) / 2.0  # numpy's mean of the two middle values


@numba.njit(cache=True)
def _sorted_quantile(s, q):  # pragma: no cover - compiled
    n = s.shape[0]
    if n == 0 or s[n - 1] != s[n - 1]:
        return math.nan
    v = (n - 1) * q
    if v >= n - 1:
        return s[n - 1]
    i = math.floor(v)
    g = v - i
    a, b = s[int(i)], s[int(i) + 1]
    d = b - a
    return b - d * (1 - g) if g >= 0.5 else a + d * g


@numba.njit(cache=True)
def span_times(times, ordered, lows, highs, q, out):  # pragma: no cover - compiled
    """For each span ``k``, of ``times[lows[k]:highs[k]]`` (float64): ``out[k]`` = (mean,
    median, ``q`` quantile), as numpy's ``mean``, ``median`` and ``quantile``; NaN when empty.
    ``ordered``: ``times`` with each span sorted (numpy sorts faster than numba)."""
    for k in range(lows.shape[0]):
        lo, hi = lows[k], highs[k]
        if hi <= lo:
            out[k, 0] = out[k, 1] = out[k, 2] = math.nan
            continue
        out[k, 0] = numpy_sum(times, lo, hi) / (hi - lo)
        s = ordered[lo:hi]
        out[k, 1] = _sorted_median(s)
        out[k, 2] = _sorted_quantile(s, q)
