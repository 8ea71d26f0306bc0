"""Likelihood tools the estimators share: profile intervals on a grid, exact Poisson intervals,
whole-day duration kernels and their convolution with observed inflows."""

from __future__ import annotations

import math

import numpy as np

from .series import Series

__all__ = ["FITTABLE", "GRID", "convolve", "family", "period_sums", "pmfs", "poisson_ci",
           "profile_interval"]

#: duration families with a ``mean`` to fit
FITTABLE = ("exponential", "gamma", "lognormal")
#: points of a likelihood grid
GRID = 160


def _chi2(confidence: float) -> float:
    from statistics import NormalDist

    return NormalDist().inv_cdf(0.5 + confidence / 2) ** 2


def profile_interval(grid: np.ndarray, prof: np.ndarray, confidence: float
                     ) -> tuple[float, float, float, bool]:
    """Estimate, likelihood-ratio interval and whether it reaches the grid's edge, from a
    profile log-likelihood on a grid."""
    i = int(np.nanargmax(prof))
    dev = 2 * (prof[i] - prof)
    cut = _chi2(confidence)
    ok = dev <= cut
    lo_i = i
    while lo_i > 0 and ok[lo_i - 1]:
        lo_i -= 1
    hi_i = i
    while hi_i < len(grid) - 1 and ok[hi_i + 1]:
        hi_i += 1

    def cross(a, b):  # linear interpolation of the deviance crossing between grid a and b
        da, db = dev[a], dev[b]
        if not np.isfinite(db) or db == da:
            return grid[a]
        return grid[a] + (cut - da) / (db - da) * (grid[b] - grid[a])

    lo = cross(lo_i, lo_i - 1) if lo_i > 0 else grid[0]
    hi = cross(hi_i, hi_i + 1) if hi_i < len(grid) - 1 else grid[-1]
    edge = lo_i == 0 or hi_i == len(grid) - 1
    return float(grid[i]), float(lo), float(hi), edge


def poisson_ci(k: float, confidence: float) -> tuple[float, float]:
    """Exact (Garwood) interval for a Poisson mean given a count k."""
    from scipy.special import gammaincinv

    a = 1 - confidence
    lo = 0.0 if k == 0 else gammaincinv(k, a / 2)
    return float(lo), float(gammaincinv(k + 1, 1 - a / 2))


def family(spec: dict) -> tuple[str, float] | None:
    """``(family, cv)`` of a duration whose mean can be fitted, else None."""
    if isinstance(spec, dict) and spec.get("dist") in FITTABLE:
        return spec["dist"], float(spec.get("cv", 1.0))
    return None


def pmfs(spec: dict, means: np.ndarray, n: int, service: bool) -> np.ndarray:
    """Whole-day exit-lag pmfs (rows: means) of a stage duration.

    Stages without a resource move in whole days (lag = round(D)); service at a resource
    starts at a uniform time of day and lasts D (lag = floor(U + D)).
    """
    from scipy.special import gammainc, ndtr

    fam = family(spec)
    j = np.arange(n, dtype=float)
    if fam is None:  # the scenario's own distribution, no mean to vary
        from ..distributions import distribution_from_spec

        dist = distribution_from_spec(spec)
        if not service:
            pmf = np.zeros(n)
            p = dist.day_pmf()[:n]
            pmf[:len(p)] = p
            return pmf[None, :]
        xs = np.linspace(0, n + 1, 40 * (n + 1) + 1)
        cdf_xs = np.array([dist.cdf(x) for x in xs])
        g = np.concatenate([[0], np.cumsum((cdf_xs[1:] + cdf_xs[:-1]) / 2 * np.diff(xs))])
        big = np.interp(np.arange(-1, n + 1), xs, g, left=0.0)
        return np.clip(big[2:] - 2 * big[1:-1] + big[:-2], 0, None)[None, :]
    kind, cv = fam
    m = np.asarray(means, float)[:, None]
    if kind in ("exponential", "gamma"):
        shape = 1.0 if kind == "exponential" else 1.0 / cv**2
        scale = m / shape

        def cdf(x):
            return gammainc(shape, x / scale)

        def partial(x):  # E[D; D <= x]
            return m * gammainc(shape + 1, x / scale)
    else:
        s = math.sqrt(math.log1p(cv**2))
        mu = np.log(m) - s**2 / 2

        def cdf(x):
            return ndtr((np.log(np.maximum(x, 1e-300)) - mu) / s) * (x > 0)

        def partial(x):
            return m * ndtr((np.log(np.maximum(x, 1e-300)) - mu - s**2) / s) * (x > 0)
    if not service:
        edges = cdf(np.maximum(j + 0.5, 0))
        return np.diff(np.concatenate([np.zeros((len(m), 1)), edges], axis=1), axis=1)
    x = np.arange(-1, n + 1, dtype=float)
    xp = np.maximum(x, 0)
    g = np.where(x > 0, xp * cdf(xp) - partial(xp), 0.0)  # G(x) = integral of the cdf
    return np.clip(g[:, 2:] - 2 * g[:, 1:-1] + g[:, :-2], 0, None)


def convolve(x: np.ndarray, kernels: np.ndarray, days: int) -> np.ndarray:
    """Rows: x convolved with each kernel row, first ``days`` values."""
    n = 1 << int(math.ceil(math.log2(days + kernels.shape[1])))
    fx = np.fft.rfft(x, n)
    return np.fft.irfft(fx[None, :] * np.fft.rfft(kernels, n, axis=1), n, axis=1)[:, :days]


def period_sums(daily: np.ndarray, s: Series) -> np.ndarray:
    """Rows of daily values summed over the periods of ``s``."""
    cum = np.concatenate([np.zeros((daily.shape[0], 1)), np.cumsum(daily, axis=1)], axis=1)
    return cum[:, s.d1 + 1] - cum[:, s.d0]
