"""Small statistics helpers: confidence intervals for means, proportions and paired differences."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import numpy.typing as npt

__all__ = ["mean_ci", "proportion_ci", "t_quantile"]


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


def is_binary(x: npt.ArrayLike) -> bool:
    """Whether the finite values of ``x`` are all 0 or 1 (and there is at least one)."""
    a = np.asarray(x, dtype=float)
    a = a[np.isfinite(a)]
    return len(a) > 0 and bool(np.all((a == 0) | (a == 1)))
