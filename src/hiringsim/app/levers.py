"""The main levers a planner moves in the app, read from and written to a scenario.

A lever is one number: its value at the start of the simulation.  Moving it moves the whole
schedule by the same factor: investigators 1,000 -> 2,000 also doubles a later contract
expansion to 1,500 (-> 3,000), so a lever means "this much more (or less) throughout", not "this
much until the first scheduled change".  Days between classes has no schedule and is set as is.
Nothing here imports the web framework; the functions are pure and tested directly.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from ..scenario import Scenario

__all__ = ["LEVERS", "Lever", "apply", "available", "current", "resource_for"]


@dataclasses.dataclass(frozen=True)
class Lever:
    """One lever: a key, its label with units, and the bounds of its input box."""

    key: str
    label: str
    low: int
    high: int
    step: int = 1


LEVERS: tuple[Lever, ...] = (
    Lever("seats", "Academy seats per class", 1, 2000),
    Lever("every_days", "Days between academy classes", 1, 365),
    Lever("servers", "Background investigators (concurrent cases)", 0, 100_000, 10),
    Lever("per_week", "Recruiting: applications per week", 0, 1_000_000, 10),
)


def resource_for(scenario: Scenario) -> str | None:
    """The resource the target role's screening waits on (its first capacity-limited stage)."""
    role = scenario.role(scenario.target.role)
    for stage in role.stages:
        if stage.resource is not None:
            return stage.resource
    return None


def available(scenario: Scenario) -> list[Lever]:
    """The levers this scenario has (no academy: no seats; no resource: no investigators)."""
    role = scenario.role(scenario.target.role)
    out = []
    for lever in LEVERS:
        if lever.key == "seats" and (role.academy is None or role.academy.shared):
            continue
        if lever.key == "every_days" and (role.academy is None or role.academy.every_days is None):
            continue
        if lever.key == "servers" and resource_for(scenario) is None:
            continue
        if lever.key == "per_week" and not role.recruiting:
            continue
        out.append(lever)
    return out


def current(scenario: Scenario) -> dict[str, int]:
    """Each available lever's value at the start of the simulation."""
    role = scenario.role(scenario.target.role)
    values: dict[str, int] = {}
    for lever in available(scenario):
        if lever.key == "seats":
            assert role.academy is not None and role.academy.seats is not None
            values["seats"] = role.academy.seats
        elif lever.key == "every_days":
            assert role.academy is not None and role.academy.every_days is not None
            values["every_days"] = int(role.academy.every_days)
        elif lever.key == "servers":
            values["servers"] = scenario.resource(str(resource_for(scenario))).servers
        elif lever.key == "per_week":
            values["per_week"] = round(role.recruiting[0].per_week)
    return values


def _scaled(raw: list[dict[str, Any]], field: str, factor: float, *,
            whole: bool) -> list[dict[str, Any]]:
    out = []
    for item in raw:
        item = dict(item)
        v = item[field] * factor
        item[field] = round(v) if whole else v
        out.append(item)
    return out


def apply(scenario: Scenario, values: dict[str, int], *, name: str | None = None) -> Scenario:
    """``scenario`` with the levers in ``values`` moved (unknown or unchanged keys ignored).

    Raises :class:`hiringsim.ScenarioError` when a value is invalid (e.g. 0 seats).
    """
    before = current(scenario)
    role = scenario.target.role
    prefix = f"roles.{role}"
    changes: dict[str, Any] = {}
    for key, value in values.items():
        old = before.get(key)
        if old is None or value == old:
            continue
        factor = value / old if old else None
        if key == "seats":
            changes[f"{prefix}.academy.seats"] = value
            seat_changes = scenario.get(f"{prefix}.academy.changes")
            if seat_changes and factor is not None:
                changes[f"{prefix}.academy.changes"] = _scaled(seat_changes, "seats", factor,
                                                               whole=True)
        elif key == "every_days":
            changes[f"{prefix}.academy.every_days"] = value
        elif key == "servers":
            res = f"resources.{resource_for(scenario)}"
            changes[f"{res}.servers"] = value
            server_changes = scenario.get(f"{res}.changes")
            if server_changes and factor is not None:
                changes[f"{res}.changes"] = _scaled(server_changes, "servers", factor,
                                                    whole=True)
        elif key == "per_week":
            rates = scenario.get(f"{prefix}.recruiting")
            if factor is None:  # from zero: the first period gets the value, the rest stay
                rates = [dict(rates[0], per_week=value), *rates[1:]]
            else:
                rates = _scaled(rates, "per_week", factor, whole=False)
                rates[0]["per_week"] = value
            changes[f"{prefix}.recruiting"] = rates
    if not changes:
        return scenario if name is None else scenario.with_values({}, name=name)
    return scenario.with_values(changes, name=name)
