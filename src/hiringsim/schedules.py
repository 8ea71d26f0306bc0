"""Schedules a scenario implies, day by day: recruiting rates, servers, authorized positions,
class starts and seats, fiscal years.

These belong to the scenario layer: both simulation modes, the measures and the plots read them
from here, so that what a scenario means is computed in one place.  Days are offsets from the
scenario's start; day ``d`` is the interval [d, d+1).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

    from .scenario import Role, Scenario

__all__ = [
    "YEAR",
    "cap_at",
    "class_seats",
    "class_starts",
    "applicant_rate",
    "by_day",
    "daily_rate",
    "fiscal_year_ends",
    "position_caps",
    "seat_steps",
    "server_schedule",
    "servers_by_day",
    "steps",
    "steps_at",
]

#: days in a year, for annual rates and costs
YEAR = 365.25


def daily_rate(sc: Scenario, role: Role) -> np.ndarray:
    """Expected applications on each simulated day: the recruiting periods', with the role's
    seasonality and pay response (:func:`hiringsim.scenario.market.applied`; a finite pool
    draws them down further, :mod:`hiringsim.model.pool`)."""
    import numpy as np

    from .scenario.market import applied

    rate = np.zeros(sc.days)
    periods = list(role.recruiting)
    for i, period in enumerate(periods):
        lo = sc.day(period.start)
        hi = sc.day(periods[i + 1].start) if i + 1 < len(periods) else sc.days
        rate[max(lo, 0):hi] = period.per_week / 7.0
    return applied(sc, role, rate)


def applicant_rate(sc: Scenario, role: Role) -> np.ndarray:
    """Expected applicants (people) on each simulated day: applications per day divided by the
    applications each applicant files (the model follows people)."""
    return daily_rate(sc, role) / role.applications_per_applicant


def steps(sc: Scenario, path: str, base: Any, old: Iterable[tuple[dt.date, Any]] = ()
          ) -> list[tuple[int, Any]]:
    """The one schedule of a dated input: ``[(0, base), (day, value), ...]``, the value at
    dotted ``path`` from each date on.  Dates come from the scenario's ``changes`` and from an
    older spelling ``old`` (``academy.changes``, ``resources.X.changes``); sorted by date, the
    older spelling first on a shared date (a top-level change wins)."""
    events = [(sc.day(d), v) for d, v in old]
    events += [(sc.day(c.start), c.values[path])
               for c in sorted(sc.changes, key=lambda c: c.start) if path in c.values]
    events.sort(key=lambda e: e[0])
    return [(0, base), *events]


def by_day(sc: Scenario, value: Callable[[Scenario], float]) -> float | np.ndarray:
    """An input on each simulated day, read by ``value`` from the scenario in effect: the
    number itself when it never changes (so that totals are computed as without changes), else
    a float64 array over days."""
    import numpy as np

    values = [float(value(ep)) for _, ep in sc.epochs]
    if len(set(values)) == 1:
        return values[0]
    return np.asarray(values)[sc.epoch_of(np.arange(sc.days))]


def server_schedule(sc: Scenario, name: str) -> tuple[int, list[tuple[float, int]]]:
    """Initial servers and dated changes ``[(day, servers), ...]`` of a resource."""
    res = sc.resource(name)
    sched = steps(sc, f"resources.{name}.servers", res.servers,
                  [(c.start, c.servers) for c in res.changes])
    return res.servers, [(float(day), int(v)) for day, v in sched[1:]]


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


def cap_at(caps: Sequence[tuple[float, Any]], t: float) -> Any:
    """The value of a step function ``[(day, cap), ...]`` at time ``t``."""
    value = caps[0][1]
    for day, cap in caps:
        if day <= t:
            value = cap
        else:
            break
    return value


def steps_at(caps: Sequence[tuple[float, Any]], t: Any) -> Any:
    """:func:`cap_at` at each of the sorted or unsorted times ``t`` (an array of the values;
    ``caps`` sorted by day, as every step function here)."""
    import numpy as np

    days = np.asarray([d for d, _ in caps], dtype=float)
    values = np.asarray([v for _, v in caps])
    at = np.searchsorted(days, np.asarray(t, dtype=float), side="right") - 1
    return values[np.maximum(at, 0)]


def seat_steps(sc: Scenario, role: Role) -> list[tuple[int, Any]]:
    """Seats per class of ``role``'s academy by class start day (:func:`steps`)."""
    academy = role.academy
    assert academy is not None
    return calendar_seats(sc, academy, f"roles.{role.name}.academy")


def calendar_seats(sc: Scenario, calendar: Any, path: str) -> list[tuple[int, Any]]:
    """Seats per class of an academy's ``calendar`` (a role's academy or a shared one, at
    dotted ``path``) by class start day (:func:`steps`)."""
    return steps(sc, f"{path}.seats", calendar.seats,
                 [(c.start, c.seats) for c in calendar.changes])


def class_seats(sc: Scenario, role: Role, day: int) -> int:
    """Seats of a class of ``role``'s academy starting on ``day``."""
    return int(cap_at(seat_steps(sc, role), day))


def class_starts(sc: Scenario, role: Role) -> list[int]:
    """Class start days of ``role``'s academy, sorted and unique.

    The cycle runs from ``first_class`` every ``every_days`` (class days floor(anchor + k x
    every_days)); a dated change of every_days restarts it on the change date.
    """
    academy = role.academy
    assert academy is not None
    return calendar_starts(sc, academy, f"roles.{role.name}.academy")


def calendar_starts(sc: Scenario, calendar: Any, path: str) -> list[int]:
    """Class start days of an academy's ``calendar`` (a role's academy or a shared one, at
    dotted ``path``), as :func:`class_starts` states (computed once per scenario:
    :attr:`~hiringsim.scenario.Scenario.derived`)."""
    key = ("calendar_starts", path, calendar)
    try:
        days = sc.derived.get(key)
    except TypeError:  # a calendar that cannot be hashed: computed each time
        return _calendar_starts(sc, calendar, path)
    if days is None:
        days = sc.derived[key] = tuple(_calendar_starts(sc, calendar, path))
    return list(days)


def _calendar_starts(sc: Scenario, calendar: Any, path: str) -> list[int]:
    """:func:`calendar_starts`, computed."""
    academy = calendar
    last = sc.day(min(academy.last_class or sc.end, sc.end))
    first = sc.day(academy.first_class)
    days = set()
    cycle = steps(sc, f"{path}.every_days", academy.every_days)
    for i, (lo, every) in enumerate(cycle):
        hi = cycle[i + 1][0] if i + 1 < len(cycle) else math.inf
        if every is None or hi <= first:
            continue
        anchor, k = max(lo, first), 0
        while (d := math.floor(anchor + k * every)) < hi and d <= last:
            days.add(d)
            k += 1
    for date in academy.dates:
        if date <= sc.start + dt.timedelta(days=last):
            days.add(sc.day(date))
    if academy.every_days is None:
        days.add(first)
    return sorted(days)


def fiscal_year_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    """The 30 Septembers (US federal fiscal-year ends) from ``start`` to ``end``."""
    out = []
    year = start.year if start <= dt.date(start.year, 9, 30) else start.year + 1
    while dt.date(year, 9, 30) <= end:
        out.append(dt.date(year, 9, 30))
        year += 1
    return out
