"""Schedules a scenario implies, day by day: recruiting rates, servers, authorized positions,
class starts and seats, fiscal years.

These belong to the scenario layer: both simulation modes, the measures and the plots read them
from here, so that what a scenario means is computed in one place.  Days are offsets from the
scenario's start; day ``d`` is the interval [d, d+1).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

    from .scenario import Academy, Role, Scenario

__all__ = [
    "YEAR",
    "cap_at",
    "class_seats",
    "class_starts",
    "applicant_rate",
    "daily_rate",
    "fiscal_year_ends",
    "position_caps",
    "server_schedule",
    "servers_by_day",
]

#: days in a year, for annual rates and costs
YEAR = 365.25


def daily_rate(sc: Scenario, role: Role) -> np.ndarray:
    """Expected applications on each simulated day."""
    import numpy as np

    rate = np.zeros(sc.days)
    periods = list(role.recruiting)
    for i, period in enumerate(periods):
        lo = sc.day(period.start)
        hi = sc.day(periods[i + 1].start) if i + 1 < len(periods) else sc.days
        rate[max(lo, 0):hi] = period.per_week / 7.0
    return rate


def applicant_rate(sc: Scenario, role: Role) -> np.ndarray:
    """Expected applicants (people) on each simulated day: applications per day divided by the
    applications each applicant files (the model follows people)."""
    return daily_rate(sc, role) / role.applications_per_applicant


def server_schedule(sc: Scenario, name: str) -> tuple[int, list[tuple[float, int]]]:
    """Initial servers and dated changes ``[(day, servers), ...]`` of a resource."""
    res = sc.resource(name)
    return res.servers, [(float(sc.day(c.start)), c.servers) for c in res.changes]


def servers_by_day(sc: Scenario, name: str) -> np.ndarray:
    """Servers of a resource on each day (int64)."""
    import numpy as np

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
    """The value of a step function ``[(day, cap), ...]`` at time ``t``."""
    value = caps[0][1]
    for day, cap in caps:
        if day <= t:
            value = cap
        else:
            break
    return value


def class_seats(sc: Scenario, academy: Academy, day: int) -> int:
    """Seats of a class starting on ``day``."""
    seats = academy.seats
    for ch in academy.changes:
        if sc.day(ch.start) <= day:
            seats = ch.seats
    return seats


def class_starts(sc: Scenario, academy: Academy) -> list[int]:
    """Class start days, sorted and unique."""
    last = min(academy.last_class or sc.end, sc.end)
    days = set()
    if academy.every_days is not None:
        d = academy.first_class
        while d <= last:
            days.add(sc.day(d))
            d += dt.timedelta(days=academy.every_days)
    for d in academy.dates:
        if d <= last:
            days.add(sc.day(d))
    if academy.every_days is None:
        days.add(sc.day(academy.first_class))
    return sorted(days)


def fiscal_year_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    """The 30 Septembers (US federal fiscal-year ends) from ``start`` to ``end``."""
    out = []
    year = start.year if start <= dt.date(start.year, 9, 30) else start.year + 1
    while dt.date(year, 9, 30) <= end:
        out.append(dt.date(year, 9, 30))
        year += 1
    return out
