"""Pieces both simulation modes share, so that they implement one model.

Model conventions (documented in the README, "The model"):

- Time is in days from the scenario start; day ``d`` is the interval [d, d+1).  Applications
  arrive as a Poisson process whose rate is constant within each day.
- Stages without a resource last a whole number of days: the duration drawn from the stage's
  distribution, rounded to the nearest day (``Distribution.day_pmf``).  A candidate therefore
  keeps the time of day at which they applied until they reach a resource.
- Service at a resource lasts the continuous drawn duration; candidates wait first-come
  first-served and withdraw after an exponential patience (the weekly hazard turned into a rate).
  When servers are removed, the ones that become free soonest retire (no service is cut short).
- Academy classes start at the start of their day; trainees who wash out leave at a uniformly
  distributed time within the class.
- Attrition: annual rate r is the constant hazard -ln(1 - r) per year (tenure bands piecewise).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..scenario import Attrition, Role, Scenario, class_starts

YEAR = 365.25

__all__ = [
    "YEAR",
    "Calendar",
    "daily_rate",
    "patience_rate",
    "sample_tenure",
    "position_caps",
    "server_schedule",
]


def daily_rate(sc: Scenario, role: Role) -> np.ndarray:
    """Expected applications on each simulated day."""
    rate = np.zeros(sc.days)
    periods = list(role.recruiting)
    for i, period in enumerate(periods):
        lo = sc.day(period.start)
        hi = sc.day(periods[i + 1].start) if i + 1 < len(periods) else sc.days
        rate[max(lo, 0):hi] = period.per_week / 7.0
    return rate


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


def server_schedule(sc: Scenario, name: str) -> tuple[int, list[tuple[float, int]]]:
    """Initial servers and dated changes ``[(day, servers), ...]`` of a resource."""
    res = sc.resource(name)
    return res.servers, [(float(sc.day(c.start)), c.servers) for c in res.changes]


def servers_by_day(sc: Scenario, name: str) -> np.ndarray:
    c0, changes = server_schedule(sc, name)
    out = np.full(sc.days, c0, dtype=np.int64)
    for day, c in changes:
        out[int(day):] = c
    return out


def position_caps(sc: Scenario, role: Role) -> list[tuple[float, float]]:
    """Authorized headcount as a step function ``[(day, cap), ...]`` (inf when uncapped).

    The cap counts everyone in academy, onboarding or on duty.  A role without ``positions``
    but with ``ratio`` follows the target role's authorized growth times the ratio.
    """
    phases = role.positions
    ratio = 1.0
    if phases is None and role.ratio is not None:
        phases = sc.role(sc.target.role).positions
        ratio = role.ratio
    if phases is None:
        return [(0.0, math.inf)]
    steps = [(0.0, float(role.initial))]
    for ph in phases:
        steps.append((float(sc.day(ph.start)), float(role.initial + round(ratio * ph.growth))))
    # collapse same-day steps, keep the last
    out: list[tuple[float, float]] = []
    for day, cap in steps:
        if out and out[-1][0] == day:
            out[-1] = (day, cap)
        else:
            out.append((day, cap))
    return out


def cap_at(caps: list[tuple[float, float]], t: float) -> float:
    value = caps[0][1]
    for day, cap in caps:
        if day <= t:
            value = cap
        else:
            break
    return value


@dataclass(frozen=True)
class Calendar:
    """Day-indexed helpers for one scenario (fiscal years start on 1 October)."""

    scenario: Scenario

    @property
    def dates(self):
        import pandas as pd

        return pd.date_range(self.scenario.start, periods=self.scenario.days, freq="D")

    def class_days(self, role: Role) -> list[int]:
        return class_starts(self.scenario, role.academy) if role.academy else []


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
