"""Solve requests: the levers, the options and the solve file, validated declaratively.

A solve file names a base scenario, ``[levers."dotted.path"]`` tables (``low``, ``high``,
``step``, optional ``cost_per_unit`` and ``direction``) and the options of
:func:`~hiringsim.goalseek.solve`.  The file, and the arguments of a ``solve`` call, are checked
by :func:`hiringsim.schema.build` over the dataclasses below (types and bounds from their field
metadata), then against the base scenario (each lever must be a numeric scenario field that
accepts both ends of its grid).  Every problem is reported at once in one :class:`SolveError`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import schema
from ..errors import InputError
from ..files import read_toml
from ..rng import DEFAULT_SEED
from ..scenario import Scenario, ScenarioError
from .search import METHODS

__all__ = ["ACCEPT", "Lever", "Request", "SolveError", "SolveOptions", "SolveSpec",
           "check_request", "load_solve", "solve_json_schema"]

ACCEPT = ("estimate", "bound")

Cost = Mapping[str, float] | Callable[[dict[str, float]], float] | None


class SolveError(InputError):
    """A solve request or file is invalid.  ``problems`` lists ``(field, message)``."""

    what = "solve request"


def _f(doc: str, **meta: Any) -> Any:
    default = meta.pop("default", dataclasses.MISSING)
    return field(default=default, metadata={"doc": doc, **meta})


def _is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool) or (
        isinstance(x, float) and x.is_integer())


@dataclass(frozen=True)
class Lever:
    """A scenario input the planner can change: ``path`` over ``low..high`` by ``step``.

    ``cost_per_unit``: cost of one unit above the base scenario's value (negative: a saving).
    ``direction``: +1 if raising the value raises the probability (servers, seats), -1 if
    lowering it does (days between classes); default: the sign of ``cost_per_unit``, else +1.
    """

    path: str = _f("dotted scenario path (the table's key)", key="name")
    low: float = _f("lowest value tried")
    high: float = _f("highest value tried (>= low)")
    step: float = _f("grid step: low, low + step, ... up to high", gt=0)
    cost_per_unit: float | None = _f("cost of one unit above the base value (negative: a "
                                     "saving)", default=None)
    direction: int | None = _f("1 if raising the value helps, -1 if lowering it does "
                               "(default: the sign of cost_per_unit, else 1)", default=None)

    @property
    def sign(self) -> int:
        """The helpful direction: +1 or -1."""
        if self.direction is not None:
            return int(self.direction)
        return -1 if (self.cost_per_unit or 0) < 0 else 1

    def values(self) -> list[float]:
        """The grid ``low, low + step, ..., <= high`` (ints when low, high, step are ints)."""
        k = int(math.floor((self.high - self.low) / self.step + 1e-9))
        vals = [self.low + i * self.step for i in range(k + 1)]
        if all(_is_int(x) for x in (self.low, self.high, self.step)):
            return [int(round(v)) for v in vals]
        return [round(v, 12) for v in vals]


@dataclass(frozen=True, kw_only=True)
class SolveOptions:
    """The options of a solve (``None``: the scenario's target and deadline; fresh entropy)."""

    probability: float = _f("wanted probability of the target by the deadline", gt=0, lt=1,
                            default=0.9)
    target: int | None = _f("net growth wanted (default: the scenario's target)", gt=0,
                            default=None)
    deadline: dt.date | None = _f("date by which the growth is wanted (default: the "
                                  "scenario's)", default=None)
    replications: int = _f("screening replications per setting (common random numbers)", ge=1,
                           default=40)
    verify_replications: int = _f("fresh replications that verify the answer", ge=1,
                                  default=200)
    seed: int | None = _f("root seed of the screening replications", ge=0, default=None)
    confidence: float = _f("level of the Wilson intervals", gt=0.5, lt=1, default=0.95)
    method: str = _f("search: auto, grid, staircase or greedy", choices=METHODS,
                     default="auto")
    accept: str = _f("verification passes on the fresh estimate or its lower bound",
                     choices=ACCEPT, default="estimate")
    max_evaluations: int = _f("settings screened at most (staircase and greedy)", ge=1,
                              default=200)
    max_verify: int = _f("cheapest plausible settings verified at most", ge=1, default=5)
    runners_up: int = _f("runners-up reported", ge=0, default=5)


@dataclass(frozen=True, kw_only=True)
class _SolveFile(SolveOptions):
    """A solve file: the least-cost lever setting that reaches a target with a probability."""

    base: str = _f("base scenario file, relative to this file")
    levers: tuple[Lever, ...] = _f('levers by dotted scenario path, [levers."a.b.c"]',
                                   named=Lever)
    name: str = _f("name of the solve (default: the file name)", default="")
    description: str = _f("what the solve asks", default="")


@dataclass(frozen=True)
class SolveSpec:
    """A solve file, read and checked: the base scenario, the levers and the options."""

    name: str
    base: Scenario
    levers: tuple[Lever, ...]
    options: SolveOptions
    description: str = ""
    source: str | None = None


@dataclass(frozen=True)
class Request:
    """A checked solve call: the scenario (target and deadline applied), levers, options, cost."""

    scenario: Scenario
    levers: tuple[Lever, ...]
    options: SolveOptions
    cost: Cost
    cost_kind: str


def solve_json_schema() -> dict[str, Any]:
    """The JSON Schema of solve files (for editors; ``hiringsim schema --kind solve``).

    Examples
    --------
    >>> from hiringsim.goalseek import solve_json_schema
    >>> sorted(solve_json_schema()["required"])
    ['base', 'levers']
    """
    return schema.json_schema(_SolveFile)


def load_solve(path: str | Path) -> SolveSpec:
    """Read and check a solve file (TOML).

    Parameters
    ----------
    path : the file: ``base`` (a scenario file), ``[levers."dotted.path"]`` tables with
        ``low``, ``high``, ``step`` (and ``cost_per_unit``, ``direction``), and the options of
        :func:`~hiringsim.goalseek.solve`; without ``seed`` the seed is
        :data:`hiringsim.rng.DEFAULT_SEED`.

    Raises
    ------
    SolveError
        naming the file and every bad field (unknown keys are errors).

    Examples
    --------
    >>> from hiringsim.goalseek import load_solve
    >>> spec = load_solve("scenarios/solve/seats_needed.toml")  # doctest: +SKIP
    >>> [lever.path for lever in spec.levers]  # doctest: +SKIP
    ['roles.officer.academy.seats']
    """
    from ..scenario import load_scenario

    path = Path(path)
    src = str(path)
    raw = read_toml(path, error=SolveError)
    problems: schema.Problems = []
    built = schema.build(_SolveFile, raw, "", problems)
    base = None
    if isinstance(raw.get("base"), str) and raw["base"].strip():
        try:
            base = load_scenario(path.parent / raw["base"])
        except ScenarioError as exc:
            problems += [("base", f"{exc.source}: {p}: {m}") for p, m in exc.problems]
    request = None
    if base is not None and isinstance(raw.get("levers"), dict):
        # the levers against the scenario too, even when other fields are wrong
        names = {f.name for f in dataclasses.fields(SolveOptions)}
        options = {"seed": DEFAULT_SEED, **{k: v for k, v in raw.items() if k in names}}
        try:
            request = check_request(base, raw["levers"], None, options, source=src)
        except SolveError as exc:
            problems += [p for p in exc.problems if p not in problems]
    if problems or built is None or request is None:
        raise SolveError(problems, src)
    return SolveSpec(name=built.name or path.stem, base=base, levers=request.levers,
                     options=request.options, description=built.description, source=src)


# -- checks ---------------------------------------------------------------------------------
def _raw_levers(levers: Any, problems: schema.Problems) -> list[tuple[str, dict[str, Any]]]:
    """``(path, table)`` of each lever as a solve file would give it."""
    out: list[tuple[str, dict[str, Any]]] = []
    if isinstance(levers, Mapping):
        items = list(levers.items())
    elif isinstance(levers, list | tuple):
        items = [(lv.path, lv) if isinstance(lv, Lever) else (f"[{i}]", lv)
                 for i, lv in enumerate(levers)]
    else:
        problems.append(("levers", f"expected {{path: (low, high, step)}}, {{path: table}} or "
                                   f"a list of Lever, got {type(levers).__name__}"))
        return out
    for path, spec in items:
        if isinstance(spec, Lever):
            spec = {k: v for k, v in schema.to_raw(spec).items() if k != "name"}
        elif isinstance(spec, tuple | list) and len(spec) == 3:
            spec = dict(zip(("low", "high", "step"), spec, strict=True))
        elif not isinstance(spec, Mapping):
            problems.append((f"levers.{path}", f"expected (low, high, step) or a table, got "
                                               f"{spec!r}"))
            continue
        out.append((str(path), dict(spec)))
    if not items:
        problems.append(("levers", "at least one lever is needed"))
    paths = [p for p, _ in out]
    for p in sorted({p for p in paths if paths.count(p) > 1}):
        problems.append((f"levers.{p}", "the path appears twice"))
    return out


def _lever_problems(lv: Lever, where: str) -> schema.Problems:
    """What field metadata cannot say: the order of low and high, the direction's values."""
    out = []
    if lv.high < lv.low:
        out.append((f"{where}.high", f"must be >= low ({lv.low}), got {lv.high}"))
    if lv.direction not in (None, 1, -1):
        out.append((f"{where}.direction", f"must be 1 or -1, got {lv.direction!r}"))
    return out


def _scenario_problems(scenario: Scenario, lv: Lever, where: str, *, grid: bool = True
                       ) -> schema.Problems:
    """The lever is a numeric field of the scenario that accepts both ends of its grid (the
    ends are checked when the ``grid`` is valid)."""
    try:
        base = scenario.get(lv.path)
    except KeyError as exc:
        return [(where, f"not a scenario field: {exc.args[0]}")]
    if isinstance(base, bool) or not isinstance(base, int | float):
        return [(where, f"the scenario value there is {base!r}, not a number")]
    if isinstance(base, int) and not all(_is_int(v) for v in (lv.low, lv.high, lv.step)):
        return [(where, f"the field is a whole number (base {base}); use whole low, high "
                        "and step")]
    if not grid:
        return []
    out = []
    for end, v in (("low", lv.values()[0]), ("high", lv.values()[-1])):
        try:
            scenario.with_values({lv.path: v})
        except ScenarioError as exc:
            out.append((f"{where}.{end}", "; ".join(m for _, m in exc.problems)))
    return out


def _cost(levers: tuple[Lever, ...], cost: Cost, problems: schema.Problems
          ) -> tuple[Cost, str]:
    if callable(cost):
        return cost, "callable cost of the lever values"
    if cost is None and all(x.cost_per_unit is not None for x in levers):
        cost = {x.path: x.cost_per_unit for x in levers}
    if cost is None:
        given = [x.path for x in levers if x.cost_per_unit is not None]
        if given:
            problems.append(("cost_per_unit", "give it for every lever or for none; missing "
                             "for " + ", ".join(x.path for x in levers if x.path not in given)))
        return None, "simulated cost_total mean (no lever costs given)"
    missing = [x.path for x in levers if x.path not in cost]
    if missing:
        problems.append(("cost", f"no cost per unit for {', '.join(missing)}"))
        return None, ""
    terms = ", ".join(f"{cost[x.path]:,g} per unit of {x.path}" for x in levers)
    return dict(cost), f"linear, above the base values: {terms}"


_TARGET_FIELDS = {"target.growth": "target", "target.deadline": "deadline"}


def check_request(scenario: Scenario, levers: Any, cost: Cost, options: Mapping[str, Any], *,
                  source: str | None = None) -> Request:
    """Check a solve call completely; :class:`SolveError` lists every problem found.

    ``options``: raw option values (as in a solve file) for :class:`SolveOptions`.
    """
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be a hiringsim Scenario, got {type(scenario).__name__}")
    source = source if source is not None else scenario.source
    problems: schema.Problems = []
    opts = schema.build(SolveOptions, dict(options), "", problems)
    built = []
    tables = _raw_levers(levers, problems)
    for path, raw in tables:
        where = f"levers.{path}"
        lv = schema.build(Lever, {**raw, "name": path}, where, problems)
        if lv is not None:
            more = _lever_problems(lv, where)
            problems += more
            built.append((where, lv, not more))
    lv_all = tuple(lv for _, lv, ok in built if ok)
    cost_arg, kind = _cost(lv_all, cost, problems) if len(lv_all) == len(tables) else (None, "")
    sets = {k: v for k, v in (("target.growth", getattr(opts, "target", None)),
                              ("target.deadline", getattr(opts, "deadline", None)))
            if v is not None}
    if sets:
        try:
            scenario = scenario.with_values(sets)
        except ScenarioError as exc:
            problems += [(_TARGET_FIELDS.get(p, p), m) for p, m in exc.problems]
    for where, lv, ok in built:
        problems += _scenario_problems(scenario, lv, where, grid=ok)
    if problems:
        raise SolveError(problems, source)
    assert opts is not None
    return Request(scenario=scenario, levers=lv_all, options=opts, cost=cost_arg,
                   cost_kind=kind)
