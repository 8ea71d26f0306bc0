"""Scenarios: inert, frozen, validated descriptions of a hiring surge.

A scenario is read from TOML once, checked completely, and never changed afterwards: variants
are new values (``extends`` in a file, ``Scenario.with_values`` in Python).  Every problem is
reported in one :class:`ScenarioError` naming the file, the dotted field, the bad value and what
would be valid.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

from . import schema
from .distributions import Distribution
from .errors import InputError
from .files import read_toml

__all__ = [
    "Academy",
    "Attrition",
    "Band",
    "MEASURES",
    "Measure",
    "Phase",
    "RatePeriod",
    "Resource",
    "Role",
    "Scenario",
    "ScenarioError",
    "SeatChange",
    "ServerChange",
    "Stage",
    "Target",
    "load_scenario",
    "scenario_json_schema",
]

#: which headcount counts toward a target: on duty, trained (onboarding too), on board (academy too)
Measure = Literal["on_duty", "trained", "on_board"]
MEASURES: tuple[Measure, ...] = get_args(Measure)


class ScenarioError(InputError):
    """A scenario file or value is invalid.  ``problems`` lists ``(field, message)``."""

    what = "scenario"


def _f(doc: str, **meta: Any) -> Any:
    default = meta.pop("default", dataclasses.MISSING)
    return field(default=default, metadata={"doc": doc, **meta})


@dataclass(frozen=True)
class RatePeriod:
    """Applications per week from a date until the next period starts."""

    start: dt.date = _f("first day of this rate", key="from")
    per_week: float = _f("expected applications per week (Poisson)", ge=0)


@dataclass(frozen=True)
class ServerChange:
    """From a date on, a resource has this many servers."""

    start: dt.date = _f("date the new number of servers takes effect", key="from")
    servers: int = _f("number of servers from this date", ge=0)


@dataclass(frozen=True)
class Resource:
    """A scarce resource (e.g. background investigators) that serves candidates one at a time."""

    name: str = _f("resource name")
    servers: int = _f("servers at the start (e.g. investigators)", ge=0)
    changes: tuple[ServerChange, ...] = _f("dated changes of the number of servers", default=())
    cost_per_server_year: float = _f("cost of one server for a year (USD)", ge=0, default=0.0)


@dataclass(frozen=True)
class Stage:
    """One screening step: a duration, a pass rate, optionally a scarce resource."""

    name: str = _f("stage name, unique within the role")
    pass_rate: float = _f("probability of passing the stage", ge=0, le=1)
    duration: Distribution = _f("days in the stage (service time at a resource)")
    resource: str | None = _f("resource serving this stage (capacity-limited)", default=None)
    withdraw_per_week: float = _f(
        "probability per week of waiting for the resource that a candidate withdraws",
        ge=0, lt=1, default=0.0,
    )
    cost: float = _f("cost per candidate entering the stage (USD)", ge=0, default=0.0)


@dataclass(frozen=True)
class SeatChange:
    """From a date on, each class has this many seats."""

    start: dt.date = _f("date the new seat count takes effect", key="from")
    seats: int = _f("seats per class from this date", ge=0)


@dataclass(frozen=True)
class Academy:
    """Basic training: classes on a calendar with a seat limit."""

    first_class: dt.date = _f("date of the first class")
    seats: int = _f("seats per class", gt=0)
    length_days: int = _f("class length in days", gt=0)
    graduation_rate: float = _f("fraction of trainees who graduate", ge=0, le=1)
    every_days: int | None = _f("days between class starts", gt=0, default=None)
    dates: tuple[dt.date, ...] = _f("explicit class start dates (added to the cycle)", default=())
    last_class: dt.date | None = _f("no class starts after this date", default=None)
    changes: tuple[SeatChange, ...] = _f("dated changes of the seats per class", default=())
    cost_per_trainee: float = _f("cost per trainee entering the academy (USD)", ge=0, default=0.0)


@dataclass(frozen=True)
class Phase:
    """From a date on, positions are authorized for ``growth`` above the starting headcount."""

    start: dt.date = _f("date the authorization takes effect", key="from")
    growth: int = _f("authorized positions above the starting headcount", ge=0)


@dataclass(frozen=True)
class Band:
    """Attrition for staff with tenure below ``until_years``."""

    until_years: float = _f("upper end of the tenure band in years", gt=0)
    annual_rate: float = _f("fraction of a closed cohort leaving within a year", ge=0, lt=1)


@dataclass(frozen=True)
class Attrition:
    """Annual attrition: the fraction of a closed cohort that leaves within one year.

    The rate r is turned into a constant hazard -ln(1 - r) per year, so that (1 - r) of a
    cohort remains after a year.  ``bands`` give other rates for short tenure (measured from
    graduation, or from entry on duty for roles without an academy); staff on board at the start
    use ``annual_rate``.
    """

    annual_rate: float = _f("fraction leaving within a year beyond the bands", ge=0, lt=1)
    bands: tuple[Band, ...] = _f("rates by tenure band, shortest tenure first", default=())


@dataclass(frozen=True)
class Role:
    """A kind of staff with its own pipeline (officers, mission support, legal)."""

    name: str = _f("role name")
    initial: int = _f("headcount on duty at the start", ge=0)
    stages: tuple[Stage, ...] = _f("screening stages in order")
    recruiting: tuple[RatePeriod, ...] = _f("applications per week, piecewise over dates")
    onboarding: Distribution = _f("days of field onboarding before on duty (0 for none)")
    attrition: Attrition = _f("attrition after entry on duty, e.g. {annual_rate = 0.05}")
    academy: Academy | None = _f("basic-training academy (none: straight to onboarding)",
                                 default=None)
    positions: tuple[Phase, ...] | None = _f(
        "authorized positions by phase (none: follow the target role by 'ratio', or no cap)",
        default=None,
    )
    ratio: float | None = _f("target and positions as a ratio of the target role's", gt=0,
                             default=None)
    offer_withdraw_per_week: float = _f(
        "probability per week that a candidate waiting for a position or class withdraws",
        ge=0, lt=1, default=0.0,
    )
    salary: float = _f("annual salary per person on board (USD)", ge=0, default=0.0)
    hire_cost: float = _f("cost per hire at entry on duty, e.g. incentives (USD)", ge=0,
                          default=0.0)
    application_cost: float = _f("recruiting cost per application (USD)", ge=0, default=0.0)

    def stage(self, name: str) -> Stage:
        for s in self.stages:
            if s.name == name:
                return s
        raise KeyError(f"role {self.name!r} has no stage {name!r}")


@dataclass(frozen=True)
class Target:
    """The planner's goal: net growth of one role by a deadline."""

    role: str = _f("role whose net growth is the target")
    growth: int = _f("net growth above the starting headcount", gt=0)
    deadline: dt.date = _f("date by which the growth is wanted")
    measure: Measure = _f("which headcount counts: on_duty (after onboarding), trained "
                          "(graduated: onboarding + on duty), on_board (academy too)",
                          default="trained")


@dataclass(frozen=True)
class Scenario:
    """A complete, validated scenario.  Build with :func:`load_scenario` or ``from_dict``."""

    name: str = _f("scenario name")
    start: dt.date = _f("first simulated day")
    end: dt.date = _f("last simulated day (the horizon)")
    target: Target = _f("the net-growth target")
    roles: tuple[Role, ...] = _f("roles by name", named=Role)
    resources: tuple[Resource, ...] = _f("scarce resources by name", named=Resource, default=())
    description: str = _f("what the scenario represents", default="")
    source: str | None = field(default=None, compare=False, metadata={"internal": True})

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def from_dict(cls, raw: dict[str, Any], *, source: str | None = None) -> Scenario:
        """Validate raw data (as read from TOML) into a Scenario, or raise ScenarioError."""
        if not isinstance(raw, dict):
            raise ScenarioError([("(top level)", "expected a table of scenario fields, got "
                                  f"{type(raw).__name__}")], source)
        raw = copy.deepcopy(raw)
        raw.pop("extends", None)
        sets = raw.pop("set", None)
        problems: list[tuple[str, str]] = []
        if sets is not None:
            if not isinstance(sets, dict):
                raise ScenarioError([("set", "expected a table of dotted paths")], source)
            for path, value in sets.items():
                try:
                    _assign(raw, path, value)
                except KeyError as exc:
                    problems.append((f"set.{path}", exc.args[0]))
        if problems:
            raise ScenarioError(problems, source)
        built = schema.build(cls, raw, "", problems)
        if built is not None:
            problems.extend(_cross_checks(built))
        if problems:
            raise ScenarioError(problems, source)
        return dataclasses.replace(built, source=source)

    def to_dict(self) -> dict[str, Any]:
        """Raw data that ``from_dict`` turns back into an equal Scenario."""
        return schema.to_raw(self)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), default=_json_default, indent=1)

    @classmethod
    def from_json(cls, text: str, *, source: str | None = None) -> Scenario:
        try:
            raw = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ScenarioError([("(syntax)", f"not valid JSON: {exc}")], source) from None
        return cls.from_dict(raw, source=source)

    def with_values(self, values: dict[str, Any], *, name: str | None = None) -> Scenario:
        """A new scenario with fields replaced by dotted path, validated like a file.

        Paths address tables by key and arrays of named tables by ``name`` or index:
        ``{"resources.background.servers": 400, "roles.officer.stages.exam.pass_rate": 0.6}``.
        """
        raw = self.to_dict()
        problems = []
        # errors name the overrides, not the base file, which is valid
        where = f"{self.source or self.name!s} + with_values"
        for path, value in values.items():
            try:
                _assign(raw, path, _rawify(value))
            except KeyError as exc:
                problems.append((path, exc.args[0]))
        if problems:
            raise ScenarioError(problems, where)
        if name is not None:
            raw["name"] = name
        try:
            built = Scenario.from_dict(raw, source=where)
        except ScenarioError as exc:
            raise ScenarioError(exc.problems, where) from None
        return dataclasses.replace(built, source=self.source)

    def get(self, path: str) -> Any:
        """The raw value at a dotted path (as ``with_values`` addresses it)."""
        node: Any = self.to_dict()
        for part in path.split("."):
            node = _child(node, part, path)
        return node

    # -- conveniences ------------------------------------------------------------------------
    def role(self, name: str) -> Role:
        for r in self.roles:
            if r.name == name:
                return r
        raise KeyError(f"scenario {self.name!r} has no role {name!r}")

    def resource(self, name: str) -> Resource:
        for r in self.resources:
            if r.name == name:
                return r
        raise KeyError(f"scenario {self.name!r} has no resource {name!r}")

    @property
    def days(self) -> int:
        """Number of simulated days (start to end inclusive)."""
        return (self.end - self.start).days + 1

    def day(self, date: dt.date) -> int:
        return (date - self.start).days

    def target_growth(self, role: str) -> float:
        """Net growth wanted for ``role`` (the target, or its ratio of the target)."""
        if role == self.target.role:
            return float(self.target.growth)
        r = self.role(role)
        return float(self.target.growth * r.ratio) if r.ratio is not None else float("nan")

    def _repr_html_(self) -> str:  # pragma: no cover - exercised in notebooks
        from .display import scenario_html

        return scenario_html(self)

    def __repr__(self) -> str:
        roles = ", ".join(f"{r.name}:{r.initial}" for r in self.roles)
        return (f"Scenario({self.name!r}, {self.start}..{self.end}, target +{self.target.growth} "
                f"{self.target.role} by {self.target.deadline}, roles [{roles}])")


def load_scenario(path: str | Path) -> Scenario:
    """Read a TOML scenario (following ``extends``), validate it, and return a Scenario."""
    path = Path(path)
    raw = _read_with_extends(path, seen=())
    return Scenario.from_dict(raw, source=str(path))


def scenario_json_schema() -> dict[str, Any]:
    """JSON Schema of the scenario file format (for editor completion and checks).

    A file with ``extends`` holds only what it changes: its tables merge key by key into the
    base's, so nothing is required in them; an array replaces the base's whole, so each of its
    items must still be complete.  The schema says so with ``if``/``then``/``else``.
    """
    full = schema.json_schema(Scenario)
    full["properties"]["extends"] = {
        "type": "string", "description": "path of a scenario this one builds on (relative)"}
    full["properties"]["set"] = {
        "type": "object", "description": "dotted-path overrides applied after extends"}
    head = {k: full.pop(k) for k in ("$schema", "title", "description") if k in full}
    return {**head, "if": {"required": ["extends"]}, "then": _partial(full), "else": full}


def _partial(node: Any, *, in_items: bool = False) -> Any:
    """A copy of a JSON Schema with ``required`` dropped outside array items."""
    if isinstance(node, list):
        return [_partial(x, in_items=in_items) for x in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for k, v in node.items():
        if k == "required" and not in_items:
            continue
        out[k] = _partial(v, in_items=in_items or k in ("items", "prefixItems"))
    return out


# -- internals ------------------------------------------------------------------------------
def _json_default(obj: Any) -> Any:
    if isinstance(obj, dt.date):
        return obj.isoformat()
    raise TypeError(obj)


def _rawify(value: Any) -> Any:
    if isinstance(value, Distribution):
        return value.to_spec()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return schema.to_raw(value)
    if hasattr(value, "item") and callable(value.item):  # numpy scalar
        return value.item()
    return value


def _read_with_extends(path: Path, seen: tuple[Path, ...]) -> dict[str, Any]:
    resolved = path.resolve()
    if resolved in seen:
        chain = " -> ".join(str(p) for p in (*seen, resolved))
        raise ScenarioError([("extends", f"circular extends: {chain}")], str(path))
    where = f" (extended by {seen[-1]})" if seen else ""
    raw = read_toml(path, error=ScenarioError, context=where)
    parent = raw.get("extends")
    if parent is None:
        return raw
    if not isinstance(parent, str):
        raise ScenarioError([("extends", f"expected a file path string, got {parent!r}")],
                            str(path))
    base = _read_with_extends(path.parent / parent, (*seen, resolved))
    merged = _merge(base, {k: v for k, v in raw.items() if k not in ("extends", "set")})
    sets = dict(base.get("set", {}) or {})
    sets.update(raw.get("set", {}) or {})
    if sets:
        merged["set"] = sets
    else:
        merged.pop("set", None)
    return merged


def _merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Tables merge key by key; any other value (arrays included) replaces the base's."""
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    return out


def _child(node: Any, part: str, path: str) -> Any:
    if isinstance(node, dict):
        if part not in node:
            present = ", ".join(sorted(node)) or "(none)"
            raise KeyError(f"no field {part!r}; present here: {present}")
        return node[part]
    if isinstance(node, list):
        for item in node:
            if isinstance(item, dict) and item.get("name") == part:
                return item
        if part.isdigit() and int(part) < len(node):
            return node[int(part)]
        names = [str(i.get("name")) for i in node if isinstance(i, dict) and "name" in i]
        raise KeyError(f"no entry {part!r}; entries: {', '.join(names) or len(node)}")
    raise KeyError(f"{path}: cannot descend into {node!r}")


def _assign(raw: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    node: Any = raw
    for part in parts[:-1]:
        if isinstance(node, dict) and part not in node:
            node[part] = {}  # let validation report unknown tables with valid keys
        node = _child(node, part, path)
    last = parts[-1]
    if isinstance(node, dict):
        node[last] = copy.deepcopy(value)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            if isinstance(item, dict) and item.get("name") == last:
                node[i] = copy.deepcopy(value)
                return
        if last.isdigit() and int(last) < len(node):
            node[int(last)] = copy.deepcopy(value)
            return
        raise KeyError(f"no entry {last!r} in the list at {'.'.join(parts[:-1])}")
    else:
        raise KeyError(f"cannot set a field inside {node!r}")


def _sorted_dates(items: Iterable[Any], attr: str, path: str, out: list[tuple[str, str]], *,
                  strict: bool = True) -> None:
    prev = None
    for i, item in enumerate(items):
        d = getattr(item, attr) if attr else item
        if prev is not None and (d <= prev if strict else d < prev):
            out.append((f"{path}.{i}", f"dates must be in increasing order; {d} follows {prev}"))
        prev = d


def _within(d: dt.date, sc: Scenario, path: str, out: list[tuple[str, str]]) -> None:
    if not (sc.start <= d <= sc.end):
        out.append((path, f"{d} is outside the simulated period {sc.start}..{sc.end}"))


def _cross_checks(sc: Scenario) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if sc.end <= sc.start:
        out.append(("end", f"must be after start ({sc.start}), got {sc.end}"))
        return out
    if (sc.end - sc.start).days > 40 * 366:
        out.append(("end", f"horizon is over 40 years ({sc.start}..{sc.end})"))
    role_names = [r.name for r in sc.roles]
    res_names = {r.name for r in sc.resources}
    if not sc.roles:
        out.append(("roles", "at least one role is needed"))
    if sc.target.role not in role_names:
        out.append(("target.role", f"no role {sc.target.role!r}; roles: {', '.join(role_names)}"))
    _within(sc.target.deadline, sc, "target.deadline", out)
    for res in sc.resources:
        p = f"resources.{res.name}"
        _sorted_dates(res.changes, "start", f"{p}.changes", out)
        for i, ch in enumerate(res.changes):
            _within(ch.start, sc, f"{p}.changes.{i}.from", out)
    orders: list[list[str]] = []
    for role in sc.roles:
        p = f"roles.{role.name}"
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
        ac = role.academy
        if ac is not None:
            _within(ac.first_class, sc, f"{p}.academy.first_class", out)
            if ac.every_days is None and not ac.dates:
                out.append((f"{p}.academy", "give every_days (a cycle) or dates (explicit starts)"))
            _sorted_dates(ac.dates, "", f"{p}.academy.dates", out)
            for i, d in enumerate(ac.dates):
                _within(d, sc, f"{p}.academy.dates.{i}", out)
            _sorted_dates(ac.changes, "start", f"{p}.academy.changes", out)
            for i, seat_change in enumerate(ac.changes):
                _within(seat_change.start, sc, f"{p}.academy.changes.{i}.from", out)
            if ac.last_class is not None and ac.last_class < ac.first_class:
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
    return out
