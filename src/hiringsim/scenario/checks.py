"""Checks across fields of a scenario (after each field is valid on its own)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..distributions.base import MAX_DAYS
from .academies import academy_problems
from .budget import budget_problems
from .channel_checks import channel_problems
from .market import market_problems
from .running import pipeline_problems
from .size import size_problems
from .warmup import first_date, warm_up_problems

if TYPE_CHECKING:  # pragma: no cover
    from .core import Scenario

__all__ = ["FIRST_DATE", "LAST_DATE", "MAX_HORIZON_DAYS", "cross_checks"]

#: the longest horizon, end - start in days (40 years); whole-day duration pmfs reach beyond it
MAX_HORIZON_DAYS = 40 * 366
assert MAX_DAYS > MAX_HORIZON_DAYS
#: simulated days lie within these dates (schedules and fiscal years stay far from year 9999)
FIRST_DATE, LAST_DATE = dt.date(1900, 1, 1), dt.date(2199, 12, 31)


def _sorted_dates(items: Iterable[Any], attr: str, path: str, out: list[tuple[str, str]], *,
                  strict: bool = True) -> None:
    prev = None
    for i, item in enumerate(items):
        d = getattr(item, attr) if attr else item
        if prev is not None and (d <= prev if strict else d < prev):
            out.append((f"{path}.{i}", f"dates must be in increasing order; {d} follows {prev}"))
        prev = d


def _within(d: dt.date, sc: Scenario, path: str, out: list[tuple[str, str]], *,
            reported: bool = False) -> None:
    """``d`` within the simulated period (from a warm-up's date; ``reported``: from start)."""
    lo = sc.start if reported else first_date(sc)
    if not (lo <= d <= sc.end):
        out.append((path, f"{d} is outside the simulated period {lo}..{sc.end}"))


def cross_checks(sc: Scenario) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if sc.end <= sc.start:
        out.append(("end", f"must be after start ({sc.start}), got {sc.end}"))
        return out
    if (sc.end - sc.start).days > MAX_HORIZON_DAYS:
        out.append(("end", f"horizon is over 40 years ({sc.start}..{sc.end})"))
    for name, d in (("start", sc.start), ("end", sc.end)):
        if not FIRST_DATE <= d <= LAST_DATE:
            out.append((name, f"must be between {FIRST_DATE} and {LAST_DATE} (a planning "
                              f"horizon), got {d}"))
    role_names = [r.name for r in sc.roles]
    res_names = {r.name for r in sc.resources}
    if not sc.roles:
        out.append(("roles", "at least one role is needed"))
    if sc.target.role not in role_names:
        out.append(("target.role", f"no role {sc.target.role!r}; roles: {', '.join(role_names)}"))
    _within(sc.target.deadline, sc, "target.deadline", out, reported=True)
    for res in sc.resources:
        p = f"resources.{res.name}"
        _sorted_dates(res.changes, "start", f"{p}.changes", out)
        for i, ch in enumerate(res.changes):
            _within(ch.start, sc, f"{p}.changes.{i}.from", out)
    orders: list[list[str]] = []
    for role in sc.roles:
        p = f"roles.{role.name}"
        if role.name == "(shared)":  # the cost table's pseudo-role of shared resources
            out.append((p, "'(shared)' is reserved for the costs shared by roles (resources' "
                           "servers); name the role otherwise"))
        prev = 0.0
        for i, band in enumerate(role.attrition.bands):
            if band.until_years <= prev:
                out.append((f"{p}.attrition.bands.{i}.until_years",
                            f"bands must be in increasing tenure order; {band.until_years} "
                            f"follows {prev}"))
            prev = band.until_years
        if not role.stages:
            out.append((f"{p}.stages", "at least one stage is needed"))
        seen: set[str] = set()
        used: list[str] = []
        for s in role.stages:
            if s.name in seen:
                out.append((f"{p}.stages.{s.name}", "stage names must be unique within a role"))
            seen.add(s.name)
            if s.resource is not None:
                if s.resource not in res_names:
                    out.append((f"{p}.stages.{s.name}.resource",
                                f"no resource {s.resource!r}; resources: "
                                f"{', '.join(sorted(res_names)) or '(none defined)'}"))
                elif s.resource in used:
                    out.append((f"{p}.stages.{s.name}.resource",
                                f"resource {s.resource!r} already serves an earlier stage"))
                used.append(s.resource)
            elif s.withdraw_per_week > 0:
                out.append((f"{p}.stages.{s.name}.withdraw_per_week",
                            "only stages with a resource have a wait to withdraw from; "
                            "set resource or remove withdraw_per_week"))
        orders.append(used)
        if not role.recruiting:
            out.append((f"{p}.recruiting", "at least one period, e.g. [{from = 2017-03-01, "
                        "per_week = 1000}]"))
        _sorted_dates(role.recruiting, "start", f"{p}.recruiting", out)
        for i, period in enumerate(role.recruiting):
            _within(period.start, sc, f"{p}.recruiting.{i}.from", out)
        if role.positions is not None:
            _sorted_dates(role.positions, "start", f"{p}.positions", out)
            for i, ph in enumerate(role.positions):
                _within(ph.start, sc, f"{p}.positions.{i}.from", out)
        if role.ratio is not None and role.name == sc.target.role:
            out.append((f"{p}.ratio", "the target role cannot follow itself; remove ratio"))
        if role.follows is not None and (role.ratio is None or role.positions is not None
                                             or role.name == sc.target.role):
            out.append((f"{p}.follows", "only a role with a ratio and no positions of its own "
                        "follows the target role; set ratio, remove positions, or remove "
                        "follows"))
        out.extend(channel_problems(sc, role))
        out.extend(market_problems(role))
        if role.tentative_from is not None and role.tentative_from not in seen:
            out.append((f"{p}.tentative_from",
                        f"no stage {role.tentative_from!r} in role {role.name!r}; stages: "
                        f"{', '.join(s.name for s in role.stages) or '(none)'}"))
        ac = role.academy
        if ac is not None and ac.first_class is not None:
            _within(ac.first_class, sc, f"{p}.academy.first_class", out)
        if ac is not None and ac.shared is None:
            if ac.every_days is None and not ac.dates:
                out.append((f"{p}.academy", "give every_days (a cycle) or dates (explicit starts)"))
            _sorted_dates(ac.dates, "", f"{p}.academy.dates", out)
            for i, d in enumerate(ac.dates):
                _within(d, sc, f"{p}.academy.dates.{i}", out)
            _sorted_dates(ac.changes, "start", f"{p}.academy.changes", out)
            for i, seat_change in enumerate(ac.changes):
                _within(seat_change.start, sc, f"{p}.academy.changes.{i}.from", out)
            if ac.last_class is not None and ac.first_class is not None \
                    and ac.last_class < ac.first_class:
                out.append((f"{p}.academy.last_class",
                            f"must not be before first_class ({ac.first_class})"))
    # resources must be met in one order by every role (the fast mode processes them in turn)
    pos: dict[tuple[str, str], int] = {}
    for used in orders:
        for a_i, a in enumerate(used):
            for b in used[a_i + 1:]:
                pos[(a, b)] = 1
    for a, b in pos:
        if (b, a) in pos and a < b:
            out.append(("resources", f"roles use resources {a!r} and {b!r} in opposite orders; "
                        "use one order in every role"))
    out.extend(academy_problems(sc))
    out.extend(pipeline_problems(sc))
    out.extend(warm_up_problems(sc))
    out.extend(budget_problems(sc))
    # the size of one fast replication (simulate and reference mode are checked when run)
    out.extend(size_problems(sc))
    return out
