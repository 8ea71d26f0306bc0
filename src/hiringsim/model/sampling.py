"""Random draws both simulation modes share (durations, patience, tenure), so that they
implement one model."""

from __future__ import annotations

import math

import numpy as np

from ..scenario import Attrition
from ..schedules import YEAR

__all__ = [
    "patience_rate",
    "sample_patience",
    "sample_tenure",
    "tenure_from_exp",
    "whole_days",
]


def patience_rate(withdraw_per_week: float) -> float:
    """Per-day withdrawal rate of a weekly withdrawal probability (0 -> never withdraws)."""
    if withdraw_per_week <= 0:
        return 0.0
    return -math.log1p(-withdraw_per_week) / 7.0


def sample_patience(rng: np.random.Generator, withdraw_per_week: float, size: int) -> np.ndarray:
    rate = patience_rate(withdraw_per_week)
    if rate == 0.0:
        return np.full(size, np.inf)
    return rng.exponential(1.0 / rate, size)


def sample_tenure(att: Attrition, rng: np.random.Generator, size: int, *, initial: bool = False):
    """Days until a person leaves, from the start of their tenure (piecewise-constant hazard).

    Staff on board at the start (``initial``) use the long-tenure ``annual_rate`` only.
    """
    e = rng.exponential(1.0, size)
    return tenure_from_exp(att, e, initial=initial)


def tenure_from_exp(att: Attrition, e, *, initial: bool = False):
    """Invert the cumulative hazard at unit-exponential draws ``e`` (array or float)."""
    e = np.asarray(e, dtype=float)
    out = np.full(e.shape, np.inf)
    todo = np.ones(e.shape, dtype=bool)
    start_years = 0.0
    acc = np.zeros(e.shape)
    bands = () if initial else att.bands
    for band in bands:
        h = -math.log1p(-band.annual_rate)  # per year
        width = band.until_years - start_years
        cap = h * width
        if h > 0:
            hit = todo & (e - acc <= cap)
            out[hit] = (start_years + (e[hit] - acc[hit]) / h) * YEAR
            todo &= ~hit
        acc = acc + cap
        start_years = band.until_years
    h = -math.log1p(-att.annual_rate)
    if h > 0:
        out[todo] = (start_years + (e[todo] - acc[todo]) / h) * YEAR
    return out


def whole_days(dist, rng: np.random.Generator, size: int) -> np.ndarray:
    """Whole-day durations drawn from ``dist.day_pmf()`` (Walker's alias method: one uniform
    per draw, its integer part picks a column, its fraction the column's value or its alias)."""
    prob, alias = _alias(dist)
    if len(prob) == 1:
        return np.zeros(size)
    u = rng.random(size) * len(prob)
    col = u.astype(np.int64)
    return np.where(u - col < prob[col], col, alias[col]).astype(float)


_ALIAS: dict = {}


def _alias(dist) -> tuple[np.ndarray, np.ndarray]:
    """Vose's alias tables of a whole-day pmf (exact up to floating point)."""
    table = _ALIAS.get(dist)
    if table is None:
        pmf = np.asarray(dist.day_pmf(), dtype=float)
        n = len(pmf)
        scaled = pmf * n
        prob = np.ones(n)
        alias = np.arange(n)
        small = [i for i in range(n) if scaled[i] < 1.0]
        large = [i for i in range(n) if scaled[i] >= 1.0]
        while small and large:
            s, g = small.pop(), large.pop()
            prob[s] = scaled[s]
            alias[s] = g
            scaled[g] = scaled[g] + scaled[s] - 1.0
            (small if scaled[g] < 1.0 else large).append(g)
        for i in small + large:  # leftovers are 1 up to rounding
            prob[i] = 1.0
        table = _ALIAS[dist] = (prob, alias)
    return table
