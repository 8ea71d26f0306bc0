"""Small statistics helpers: confidence intervals for means, proportions and paired differences."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import numpy.typing as npt

__all__ = ["mean_ci", "paired_proportion_difference_ci", "proportion_ci",
           "proportion_difference_ci", "t_quantile"]


def t_quantile(p: float, df: int) -> float:
    """Quantile of Student's t (scipy.special, imported only when needed)."""
    if df <= 0:
        return math.nan
    from scipy.special import stdtrit

    return float(stdtrit(df, p))


def mean_ci(x: npt.ArrayLike, confidence: float = 0.95) -> tuple[float, float, float]:
    """Mean and two-sided t interval of the finite values of ``x``; NaNs when n < 2."""
    a = np.asarray(x, dtype=float)
    a = a[np.isfinite(a)]
    n = len(a)
    if n == 0:
        return math.nan, math.nan, math.nan
    m = float(a.mean())
    if n < 2:
        return m, math.nan, math.nan
    half = t_quantile(0.5 + confidence / 2, n - 1) * float(a.std(ddof=1)) / math.sqrt(n)
    return m, m - half, m + half


def proportion_ci(successes: float, n: float, confidence: float = 0.95
                  ) -> tuple[float, float, float]:
    """Proportion with its Wilson score interval (sensible at 0 and 1)."""
    if n == 0:
        return math.nan, math.nan, math.nan
    from statistics import NormalDist

    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = successes / n
    denom = 1 + z**2 / n
    centre = (p + z**2 / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
    return p, max(0.0, centre - half), min(1.0, centre + half)


def proportion_difference_ci(a: npt.ArrayLike, b: npt.ArrayLike, confidence: float = 0.95
                             ) -> tuple[float, float, float]:
    """Difference of two independent proportions (0/1 samples ``a`` minus ``b``) with
    Newcombe's hybrid score interval (Newcombe 1998, Statistics in Medicine 17:873, method 10):
    inside [-1, 1], sensible at 0 and 1."""
    x, y = _finite(a), _finite(b)
    if len(x) == 0 or len(y) == 0:
        return math.nan, math.nan, math.nan
    p1, l1, u1 = proportion_ci(float(x.sum()), len(x), confidence)
    p2, l2, u2 = proportion_ci(float(y.sum()), len(y), confidence)
    d = p1 - p2
    return d, max(-1.0, d - math.hypot(p1 - l1, u2 - p2)), min(1.0, d + math.hypot(u1 - p1,
                                                                                  p2 - l2))


def paired_proportion_difference_ci(a: npt.ArrayLike, b: npt.ArrayLike,
                                    confidence: float = 0.95) -> tuple[float, float, float]:
    """Difference of two paired proportions (0/1 ``a[i]`` minus ``b[i]``; pairs with a NaN
    left out) with Newcombe's hybrid score interval for paired data (Newcombe 1998,
    Statistics in Medicine 17:2635, method 10): Wilson intervals of both proportions combined
    with the phi correlation of the pairs; inside [-1, 1]."""
    x, y = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    ok = np.isfinite(x) & np.isfinite(y)
    x, y = x[ok], y[ok]
    n = len(x)
    if n == 0:
        return math.nan, math.nan, math.nan
    both, only_a = float(np.sum((x == 1) & (y == 1))), float(np.sum((x == 1) & (y == 0)))
    only_b, neither = float(np.sum((x == 0) & (y == 1))), float(np.sum((x == 0) & (y == 0)))
    p1, l1, u1 = proportion_ci(both + only_a, n, confidence)
    p2, l2, u2 = proportion_ci(both + only_b, n, confidence)
    margins = (both + only_a) * (only_b + neither) * (both + only_b) * (only_a + neither)
    phi = (both * neither - only_a * only_b) / math.sqrt(margins) if margins > 0 else 0.0
    d = p1 - p2
    low = math.sqrt(max(0.0, (p1 - l1) ** 2 - 2 * phi * (p1 - l1) * (u2 - p2) + (u2 - p2) ** 2))
    high = math.sqrt(max(0.0, (u1 - p1) ** 2 - 2 * phi * (u1 - p1) * (p2 - l2) + (p2 - l2) ** 2))
    return d, max(-1.0, d - low), min(1.0, d + high)


def _finite(x: npt.ArrayLike) -> np.ndarray:
    a = np.asarray(x, dtype=float)
    return a[np.isfinite(a)]


def is_binary(x: npt.ArrayLike) -> bool:
    """Whether the finite values of ``x`` are all 0 or 1 (and there is at least one)."""
    a = np.asarray(x, dtype=float)
    a = a[np.isfinite(a)]
    return len(a) > 0 and bool(np.all((a == 0) | (a == 1)))
