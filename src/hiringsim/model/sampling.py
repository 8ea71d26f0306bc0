"""Random draws both simulation modes share (durations, patience, tenure), so that they
implement one model.

Tenure is drawn as one unit exponential per person and turned into a departure by inverting the
cumulative attrition hazard (:func:`tenure_at`); the hazard is piecewise constant in tenure
bands and, when the scenario changes attrition on dates, in calendar time as well.
"""

from __future__ import annotations

import math

import numpy as np

from ..scenario import Attrition
from ..schedules import YEAR

__all__ = [
    "patience_rate",
    "sample_patience",
    "sample_tenure",
    "tenure_at",
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


def tenure_at(schedule: list[tuple[int, Attrition]], t0, e, *, initial: bool = False):
    """Days from ``t0`` until a person leaves, from unit-exponential draws ``e``.

    ``schedule`` is the attrition in effect from each day ``[(0, att), (day, att), ...]``: the
    hazard at calendar time t and tenure t - t0 is that of the epoch holding t, in the band
    holding the tenure (``initial``: the starting staff, ``annual_rate`` only).  With one epoch
    this is :func:`tenure_from_exp` (the same values); otherwise the cumulative hazard is
    inverted segment by segment between the person's calendar and tenure breakpoints.
    """
    if len(schedule) == 1:
        return tenure_from_exp(schedule[0][1], e, initial=initial)
    e = np.asarray(e, dtype=float)
    t0 = np.broadcast_to(np.asarray(t0, dtype=float), e.shape).ravel()
    flat = e.ravel()
    days = np.asarray([d for d, _ in schedule], dtype=float)
    edges = [np.asarray([] if initial else [b.until_years for b in att.bands]) for _, att in
             schedule]
    rates = [np.asarray([-math.log1p(-r) for r in
                         ([] if initial else [b.annual_rate for b in att.bands])
                         + [att.annual_rate]]) for _, att in schedule]
    tenure_edges = np.unique(np.concatenate(edges)) * YEAR
    points = np.concatenate([t0[:, None] + tenure_edges[None, :],
                             np.broadcast_to(days[1:], (len(t0), len(days) - 1))], axis=1)
    points = np.sort(np.where(points > t0[:, None], points, np.inf), axis=1)
    points = np.concatenate([points, np.full((len(t0), 1), np.inf)], axis=1)
    out = np.full(len(t0), np.inf)
    todo = np.ones(len(t0), dtype=bool)
    acc = np.zeros(len(t0))
    a = t0.copy()
    for col in range(points.shape[1]):
        b = points[:, col]
        mid = np.where(np.isfinite(b), (a + b) / 2, a + 1.0)
        epoch = np.searchsorted(days, mid, side="right") - 1
        h = np.zeros(len(t0))
        for k in range(len(schedule)):
            sel = epoch == k
            band = np.searchsorted(edges[k], (mid[sel] - t0[sel]) / YEAR, side="right")
            h[sel] = rates[k][band]
        with np.errstate(invalid="ignore"):
            cap = np.where(np.isfinite(b), h * (b - a) / YEAR, np.where(h > 0, np.inf, 0.0))
        hit = todo & (h > 0) & (flat - acc <= cap)
        out[hit] = a[hit] + (flat[hit] - acc[hit]) / h[hit] * YEAR
        todo &= ~hit
        acc = acc + np.where(np.isfinite(cap), cap, 0.0)
        a = b
        if not todo.any():
            break
    return (out - t0).reshape(e.shape)


def tenure_from_exp(att: Attrition, e, *, initial: bool = False):
    """Invert the cumulative hazard at unit-exponential draws ``e`` (array or float).

    Band by band: the hazard used up before a band is the same for everyone, a scalar; each
    draw is inverted in the band it falls in, in one compiled pass
    (:mod:`hiringsim.model._tenure_jit`).
    """
    from ._tenure_jit import invert_bands

    e = np.asarray(e, dtype=float)
    rows = []  # (hazard per year, its cap in the band, hazard used before, band start)
    start_years = 0.0
    acc = 0.0
    bands = () if initial else att.bands
    for band in bands:
        h = -math.log1p(-band.annual_rate)  # per year
        width = band.until_years - start_years
        cap = h * width
        rows.append((h, cap, acc, start_years))
        acc = acc + cap
        start_years = band.until_years
    rows.append((-math.log1p(-att.annual_rate), math.inf, acc, start_years))
    hs, caps, accs, starts = np.asarray(rows).T.copy()
    flat = np.ascontiguousarray(e.ravel())
    out = np.empty(len(flat))
    invert_bands(flat, hs, caps, accs, starts, YEAR, out)
    return out.reshape(e.shape)


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
