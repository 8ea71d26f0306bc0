"""Shared academies (``[academies.<name>]``): a class calendar several roles' trainees and
outside demand take seats of, its allocation rule and its instructors.  The rule itself is stated
in :mod:`hiringsim.model.shared`; the checks across fields are :func:`academy_problems`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .fields import MAX_DAYS_FIELD, MAX_RATIO, MAX_SEATS
from .fields import field_of as _f
from .parts import SeatChange

if TYPE_CHECKING:  # pragma: no cover
    from .core import Scenario
    from .parts import Academy, Role

__all__ = ["Allocation", "OutsideDemand", "SharedAcademy", "academy_problems", "users"]

#: how a shared class's seats (after outside demand) go to its users
Allocation = Literal["fcfs", "quotas"]
#: quotas must sum to 1 within this
QUOTA_TOLERANCE = 1e-6


@dataclass(frozen=True)
class OutsideDemand:
    """Another agency's trainees taking seats of every class starting from ``from`` to ``to``."""

    start: dt.date = _f("first class start date the outside demand takes seats of", key="from")
    end: dt.date = _f("last class start date it takes seats of (inclusive)", key="to")
    seats: int = _f("seats it takes in each class starting in the period (at most the class's "
                    "seats; taken before any role's trainees)", ge=0, le=MAX_SEATS)


@dataclass(frozen=True)
class SharedAcademy:
    """An academy whose classes several roles share (e.g. FLETC), with outside demand."""

    name: str = _f("academy name (roles.<role>.academy.shared refers to it)", max_len=200)
    first_class: dt.date = _f("date of the first class")
    seats: int = _f("seats per class, outside demand included", gt=0, le=MAX_SEATS)
    every_days: float | None = _f(
        "days between class starts (>= 1; a fraction spreads classes over days: class days are "
        "floor(first_class + k x every_days))", ge=1, le=MAX_DAYS_FIELD, keep_int=True,
        default=None)
    dates: tuple[dt.date, ...] = _f("explicit class start dates (added to the cycle)", default=())
    last_class: dt.date | None = _f("no class starts after this date", default=None)
    changes: tuple[SeatChange, ...] = _f("dated changes of the seats per class", default=())
    outside: tuple[OutsideDemand, ...] = _f(
        "outside demand: periods in which another agency's trainees take seats of each class "
        "first (periods may overlap: their seats add up)", default=())
    allocation: Allocation = _f(
        "how the seats left after outside demand go to the roles: 'fcfs' (first come first "
        "served across roles by offer time, each role within its free positions) or 'quotas' "
        "(each role a share of the seats, see quotas and spill)", default="fcfs")
    quotas: tuple[tuple[str, float], ...] = _f(
        "with allocation 'quotas': each user role's share of the seats left after outside "
        "demand, e.g. {officer = 0.7, support = 0.3}, summing to 1; a role's seats are "
        "floor(share x seats), the seats left by rounding going to the largest remainders "
        "(ties: the order given)", counts=float, ge=0, le=1, default=())
    spill: bool = _f(
        "with quotas: seats a role leaves unused (too few candidates or positions) go to the "
        "other roles' remaining candidates first come first served (true), or stay empty "
        "(false)", default=True)
    instructors_per_trainee: float = _f(
        "instructors each role's cohort in a class draws per trainee: ceil(ratio x the "
        "cohort's trainees), for the cohort's program length, from the on-duty staff of "
        "instructors_from (0: none)", ge=0, le=MAX_RATIO, default=0.0)
    instructors_from: str | None = _f("the role whose on-duty staff teach the classes",
                                      max_len=200, default=None)


def users(sc: Scenario, academy: str) -> list[Role]:
    """The roles whose trainees take the classes of shared academy ``academy``, in the
    scenario's order."""
    return [r for r in sc.roles if r.academy is not None and r.academy.shared == academy]


_CALENDAR = ("first_class", "seats", "every_days", "dates", "last_class", "changes")


def _own_calendar(ac: Academy) -> list[str]:
    return [k for k in _CALENDAR if getattr(ac, k) not in (None, ())]


def academy_problems(sc: Scenario) -> list[tuple[str, str]]:
    """Problems of shared academies and of instructors, every one as (dotted field, message)."""
    from .checks import _sorted_dates, _within  # checks imports this module

    out: list[tuple[str, str]] = []
    names = {a.name for a in sc.academies}
    roles = {r.name for r in sc.roles}
    target = sc.target.role
    for role in sc.roles:
        ac = role.academy
        if ac is None:
            continue
        p = f"roles.{role.name}.academy"
        if ac.shared is None:
            for k in ("first_class", "seats"):
                if getattr(ac, k) is None:
                    out.append((f"{p}.{k}", "required (or 'shared' = the name of a shared "
                                "academy giving the calendar and seats)"))
        else:
            if ac.shared not in names:
                out.append((f"{p}.shared", f"no shared academy {ac.shared!r}; academies: "
                            f"{', '.join(sorted(names)) or '(none defined)'}"))
            for k in _own_calendar(ac):
                out.append((f"{p}.{k}", f"comes from academies.{ac.shared}: remove it here"))
            if ac.instructors_per_trainee or ac.instructors_from is not None:
                out.append((f"{p}.instructors_per_trainee",
                            f"a shared academy's instructors are set on academies.{ac.shared}"))
            for what, bad in (("entry channels", bool(role.channels)),
                              ("a running pipeline", role.pipeline is not None)):
                if bad:
                    out.append((f"{p}.shared", f"a role with {what} cannot use a shared "
                                "academy (not built); use an academy of its own"))
            if role.ratio is not None and role.positions is None \
                    and role.following != "authorized" and any(
                        u.name == target for u in users(sc, ac.shared)):
                out.append((f"{p}.shared", f"role {role.name!r} follows the headcount of the "
                            f"target role {target!r}, which uses the same shared academy: its "
                            "positions would depend on the very classes it shares (not "
                            "solved); set follows = 'authorized', give positions, or use "
                            "another academy"))
        _instructors(ac.instructors_per_trainee, ac.instructors_from, p, roles, out)
    if sc.academies and sc.warm_up_from is not None:
        out.append(("warm_up_from", "a warm-up with shared academies is not built; remove one"))
    for a in sc.academies:
        p = f"academies.{a.name}"
        mine = [u.name for u in users(sc, a.name)]
        if not mine:
            out.append((p, "no role uses this academy; set roles.<role>.academy.shared = "
                        f"{a.name!r} or remove it"))
        _within(a.first_class, sc, f"{p}.first_class", out)
        if a.every_days is None and not a.dates:
            out.append((p, "give every_days (a cycle) or dates (explicit starts)"))
        _sorted_dates(a.dates, "", f"{p}.dates", out)
        _sorted_dates(a.changes, "start", f"{p}.changes", out)
        if a.last_class is not None and a.last_class < a.first_class:
            out.append((f"{p}.last_class", f"must not be before first_class ({a.first_class})"))
        for i, o in enumerate(a.outside):
            if o.end < o.start:
                out.append((f"{p}.outside.{i}.to", f"must not be before from ({o.start})"))
        if a.allocation == "quotas":
            given = [k for k, _ in a.quotas]
            for k in given:
                if k not in mine:
                    out.append((f"{p}.quotas.{k}", f"not a role using this academy; users: "
                                f"{', '.join(mine) or '(none)'}"))
            for k in mine:
                if k not in given:
                    out.append((f"{p}.quotas", f"no quota for role {k!r} (give every user "
                                "role a share, 0 for none)"))
            total = sum(v for _, v in a.quotas)
            if abs(total - 1.0) > QUOTA_TOLERANCE:
                out.append((f"{p}.quotas", f"shares must sum to 1, got {total:g}"))
        elif a.quotas:
            out.append((f"{p}.quotas", "quotas need allocation = 'quotas'"))
        _instructors(a.instructors_per_trainee, a.instructors_from, p, roles, out)
    return out


def _instructors(ratio: float, source: str | None, p: str, roles: set[str],
                 out: list[tuple[str, str]]) -> None:
    if ratio > 0 and source is None:
        out.append((f"{p}.instructors_from", "instructors_per_trainee needs instructors_from "
                    f"(a role): one of {', '.join(sorted(roles))}"))
    if source is not None and source not in roles:
        out.append((f"{p}.instructors_from", f"no role {source!r}; roles: "
                    f"{', '.join(sorted(roles))}"))
    if source is not None and ratio == 0:
        out.append((f"{p}.instructors_per_trainee", "instructors_from needs "
                    "instructors_per_trainee > 0 (e.g. 0.0833 for one per 12 trainees)"))
