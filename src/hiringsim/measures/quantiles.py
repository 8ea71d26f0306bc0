"""Median and quantiles of an already sorted sample, equal to numpy's to the last bit.

``np.median`` and ``np.quantile`` partition their input on every call and cost tens of
microseconds of Python each; a replication's summary asks for them once per fiscal year and
role.  Sorting a window's times once and reading the order statistics here gives the same
numbers: numpy's median (the middle value, or the mean of the two middle values) and its
default ``"linear"`` quantile (Hyndman and Fan's method 7: virtual index ``(n - 1) q``, the two
neighbours interpolated from the nearer one, as ``numpy.lib._function_base_impl._lerp`` does).
For float64 samples only (numpy's float32 result type depends on its version); the tests
compare both with numpy on many sizes.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["median_and_quantile", "median_sorted", "quantile_partitioned", "quantile_sorted"]


def median_sorted(s: np.ndarray) -> float:
    """``float(np.median(s))`` of a sorted float64 sample (NaN when empty)."""
    n = len(s)
    if n == 0 or s[-1] != s[-1]:  # NaN sorts last
        return math.nan
    h = n // 2
    if n % 2:
        return float(s[h])
    return float(s[h - 1:h + 1].mean())  # numpy's own mean of the two middle values


def quantile_sorted(s: np.ndarray, q: float) -> float:
    """``float(np.quantile(s, q))`` of a sorted float64 sample, ``0 <= q <= 1`` (NaN when
    empty)."""
    n = len(s)
    if n == 0 or s[-1] != s[-1]:  # NaN sorts last
        return math.nan
    v = (n - 1) * q
    if v >= n - 1:
        return float(s[-1])
    i = math.floor(v)
    g = v - i
    a, b = float(s[i]), float(s[i + 1])
    d = b - a
    return b - d * (1 - g) if g >= 0.5 else a + d * g


def quantile_partitioned(x: np.ndarray, q: float) -> float:
    """``float(np.quantile(x, q))`` of a float64 sample without NaN, ``0 <= q <= 1``, from one
    partition (about half of what ``np.quantile`` costs): the two order statistics around the
    virtual index, interpolated as :func:`quantile_sorted` does (NaN when empty)."""
    n = len(x)
    if n == 0:
        return math.nan
    v = (n - 1) * q
    if v >= n - 1:
        return float(x.max())
    i = math.floor(v)
    part = np.partition(x, i)
    a, b = float(part[i]), float(part[i + 1:].min())
    g = v - i
    d = b - a
    return b - d * (1 - g) if g >= 0.5 else a + d * g


def median_and_quantile(x: np.ndarray, q: float) -> tuple[float, float]:
    """``(np.median(x), np.quantile(x, q))`` as floats (NaN when empty), from one sort when
    ``x`` is float64."""
    if x.dtype != np.float64:
        return ((float(np.median(x)), float(np.quantile(x, q))) if len(x)
                else (math.nan, math.nan))
    s = np.sort(x)
    return median_sorted(s), quantile_sorted(s, q)
