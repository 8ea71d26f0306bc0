"""The Scenario: a complete, validated, frozen description of a hiring surge, and its loading."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import schema
from ..distributions import Distribution
from .academies import SharedAcademy
from .budget import BUDGET_RULE, Budget, Unspent
from .changes import change_problems, epoch_of
from .checks import cross_checks
from .errors import ScenarioError
from .extends import apply_sets, child, read_with_extends
from .fields import field_of as _f
from .parts import Resource, Role, Target
from .timeline import CHANGE_RULE, WARM_UP_RULE, Change
from .uncertain import UNCERTAIN_RULE, Uncertain, uncertain_field
from .uncertain_checks import uncertain_problems

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["Scenario", "load_scenario", "scenario_json_schema"]


@dataclass(frozen=True)
class Scenario:
    """A complete, validated scenario.  Build with :func:`load_scenario` or ``from_dict``."""

    name: str = _f("scenario name (a label; also the default output folder)", max_len=200)
    start: dt.date = _f("first simulated day")
    end: dt.date = _f("last simulated day (the horizon)")
    target: Target = _f("the net-growth target")
    roles: tuple[Role, ...] = _f("roles by name", named=Role)
    resources: tuple[Resource, ...] = _f("scarce resources by name", named=Resource, default=())
    academies: tuple[SharedAcademy, ...] = _f(
        "academies shared by several roles and outside demand, by name (a role takes their "
        "classes with roles.<role>.academy.shared)", named=SharedAcademy, default=())
    description: str = _f("what the scenario represents", default="")
    changes: tuple[Change, ...] = _f(
        "dated changes of inputs: [[changes]] tables with from, set (dotted path -> value) and "
        "an optional note. " + CHANGE_RULE, default=())
    warm_up_from: dt.date | None = _f(WARM_UP_RULE, default=None)
    budget: tuple[Budget, ...] = _f(
        "appropriations: [[budget]] tables with fiscal_year, amount, an optional role and "
        "note. " + BUDGET_RULE, default=())
    budget_unspent: Unspent = _f("what a fiscal year's unspent budget does at its end: lapse, "
                                 "or carry_over into the next year", default="lapse")
    budget_allotment: dict[str, float] | None = _f(
        "each role's share of an overall budget (no role), summing to 1, e.g. {officer = 0.8, "
        "support = 0.2}; required with an overall budget and several roles", default=None,
        hash=False)
    uncertain: tuple[Uncertain, ...] = uncertain_field(
        "uncertain inputs: [uncertain.\"<dotted path>\"] tables with dist, its parameters and "
        "a note. " + UNCERTAIN_RULE)
    source: str | None = field(default=None, compare=False, metadata={"internal": True})
    #: what loading noticed and a planner should know (e.g. stages a variant dropped)
    notes: tuple[str, ...] = field(default=(), compare=False, metadata={"internal": True})
    #: the scenario a warm-up runs (hiringsim.model.warmup): the date its reports start from
    reports_from: dt.date | None = field(default=None, compare=False,
                                         metadata={"internal": True})

    # -- construction -------------------------------------------------------------------------
    @classmethod
    def from_dict(cls, raw: dict[str, Any], *, source: str | None = None) -> Scenario:
        """Validate raw data (as read from TOML) into a Scenario, or raise ScenarioError."""
        if not isinstance(raw, dict):
            raise ScenarioError([("(top level)", "expected a table of scenario fields, got "
                                  f"{type(raw).__name__}")], source)
        return cls._from_own(copy.deepcopy(raw), source=source)

    @classmethod
    def _from_own(cls, raw: dict[str, Any], *, source: str | None) -> Scenario:
        """``from_dict`` of raw data this call may change (``with_values``'s fresh copy)."""
        raw.pop("extends", None)
        sets = raw.pop("set", None)
        problems: list[tuple[str, str]] = []
        if sets is not None and not isinstance(sets, dict):
            problems.append(("set", f"expected a table of dotted paths, e.g. "
                                    f"{{\"roles.officer.initial\" = 10}}; got {sets!r}"[:200]))
        elif sets:
            apply_sets(raw, sets, problems)
        if isinstance(raw.get("uncertain"), dict):  # dist = "none": a variant removes the input
            raw["uncertain"] = {k: v for k, v in raw["uncertain"].items()
                                if not (isinstance(v, dict) and v.get("dist") == "none")}
        # a bad path hides nothing: the rest is validated and cross-checked all the same
        built = schema.build(cls, raw, "", problems)
        if built is not None:
            problems.extend(cross_checks(built))
            if built.changes:
                problems.extend(change_problems(built, build=not problems))
            if built.uncertain:
                problems.extend(uncertain_problems(built))
        elif isinstance(raw.get("uncertain"), dict):  # one bad table hides no other's problems
            problems.extend(_uncertain_alone(cls, raw))
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
        A path given a value here is no longer uncertain (``Scenario.uncertain``): the value is
        now fixed, e.g. a lever a sweep or ``solve`` sets.
        """
        raw = self.to_dict()
        if isinstance(raw.get("uncertain"), dict):
            raw["uncertain"] = {k: v for k, v in raw["uncertain"].items() if k not in values}
            if not raw["uncertain"]:
                del raw["uncertain"]
        problems: list[tuple[str, str]] = []
        # errors name the overrides, not the base file, which is valid
        where = f"{self.source or self.name!s} + with_values"
        apply_sets(raw, {path: _rawify(value) for path, value in values.items()}, problems,
                   prefix="")
        if name is not None:
            raw["name"] = name
        try:
            built = Scenario._from_own(raw, source=where)
        except ScenarioError as exc:
            raise ScenarioError(problems + exc.problems, where) from None
        if problems:
            raise ScenarioError(problems, where)
        return dataclasses.replace(built, source=self.source)

    def get(self, path: str) -> Any:
        """The raw value at a dotted path (as ``with_values`` addresses it)."""
        node: Any = self.to_dict()
        for part in path.split("."):
            node = child(node, part, path)
        return node

    def diff(self, other: Scenario, *, names: bool = False) -> pd.DataFrame:
        """The inputs that differ from ``other``: path, label, a (this), b (other).

        See :func:`hiringsim.scenario.diff.diff`.
        """
        from .diff import diff

        return diff(self, other, names=names)

    # -- dated changes (hiringsim.scenario.changes) -------------------------------------------
    @functools.cached_property
    def epochs(self) -> tuple[tuple[int, Scenario], ...]:
        """``((day, scenario in effect from that day), ...)``: one epoch without ``changes``
        (computed once per scenario)."""
        from .changes import epochs

        return epochs(self)

    def epoch_of(self, t: Any) -> Any:
        """Index into :attr:`epochs` of the epoch in effect at each time ``t`` (days)."""
        return epoch_of(self, t)

    @functools.cached_property
    def derived(self) -> dict[Any, Any]:
        """Values the model derives from this scenario alone, each computed once per scenario
        (a scenario never changes) and keyed by what computes it, e.g. its class start days
        (:func:`hiringsim.schedules.calendar_starts`).  Not an input: not compared, not saved."""
        return {}

    # -- conveniences ------------------------------------------------------------------------
    def role(self, name: str) -> Role:
        for r in self.roles:
            if r.name == name:
                return r
        raise KeyError(f"scenario {self.name!r} has no role {name!r}")

    def academy(self, name: str) -> SharedAcademy:
        for a in self.academies:
            if a.name == name:
                return a
        raise KeyError(f"scenario {self.name!r} has no shared academy {name!r}")

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

    def inputs(self) -> pd.DataFrame:
        """Every input: path, label, value (see :func:`hiringsim.scenario.diff.inputs`)."""
        from .diff import inputs

        return inputs(self)

    def _repr_html_(self) -> str:
        from ..display import scenario_html

        return scenario_html(self)

    def __repr__(self) -> str:
        roles = ", ".join(f"{r.name}:{r.initial}" for r in self.roles)
        return (f"Scenario({self.name!r}, {self.start}..{self.end}, target +{self.target.growth} "
                f"{self.target.role} by {self.target.deadline}, roles [{roles}])")


def _uncertain_alone(cls: type[Scenario], raw: dict[str, Any]) -> list[tuple[str, str]]:
    """The problems of the uncertain inputs that build, when the scenario does not (its other
    problems are reported already): checked against the rest of the scenario if it builds."""
    rest = schema.build(cls, {k: v for k, v in raw.items() if k != "uncertain"}, "", [])
    if rest is None:
        return []
    ok = []
    for name, table in raw["uncertain"].items():
        one = schema.build(Uncertain, {**table, "name": name} if isinstance(table, dict)
                           else table, "", [])
        if one is not None:
            ok.append(one)
    return uncertain_problems(dataclasses.replace(rest, uncertain=tuple(ok)))


def load_scenario(path: str | Path) -> Scenario:
    """Read a TOML scenario (following ``extends``), validate it, and return a Scenario."""
    path = Path(path)
    notes: list[str] = []
    raw = read_with_extends(path, seen=(), notes=notes)
    return dataclasses.replace(Scenario.from_dict(raw, source=str(path)), notes=tuple(notes))


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
    full["properties"]["uncertain_inputs"] = {
        "type": "string", "description": "path of a file of [uncertain.\"<path>\"] tables "
        "(relative; e.g. what `hiringsim calibrate --fragment` writes) whose uncertain inputs "
        "this scenario takes; its own [uncertain] tables merge into them key by key"}
    head: dict[str, Any] = {k: full.pop(k) for k in ("$schema", "title", "description")
                            if k in full}
    return {**head, "if": {"required": ["extends"]}, "then": _partial(full), "else": full}


def _partial(node: Any, *, in_items: bool = False) -> Any:
    """A copy of a JSON Schema for a variant: ``required`` dropped in tables and in the items of
    named arrays (which merge by name: only ``name`` stays required), kept in other array
    items (which replace the base's whole)."""
    if isinstance(node, list):
        return [_partial(x, in_items=in_items) for x in node]
    if not isinstance(node, dict):
        return node
    out = {}
    for k, v in node.items():
        if k == "required" and not in_items:
            continue
        if k in ("items", "prefixItems") and isinstance(v, dict) \
                and "name" in v.get("properties", {}):
            out[k] = {**_partial(v), "required": ["name"]}
            continue
        out[k] = _partial(v, in_items=in_items or k in ("items", "prefixItems"))
    if "replace" not in out.get("properties", {"replace": 0}) and any(
            isinstance(p, dict) and p.get("type") == "array"
            and "name" in p.get("items", {}).get("properties", {})
            for p in out["properties"].values()):
        out["properties"] = {**out["properties"], "replace": {
            "type": "array", "items": {"type": "string"},
            "description": "named arrays or tables of this table that replace the base's as a "
                           "whole"}}
    return out


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
