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
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import schema
from ..errors import InputError
from ..files import read_toml
from ..parameters import Parameter, pfield
from ..rng import DEFAULT_SEED
from ..scenario import Scenario, ScenarioError
from .search import METHODS

__all__ = ["ACCEPT", "LEVER_KEYS", "MAX_RUNS", "MAX_SEED", "Lever", "LeverValue", "Request",
           "SolveError", "SolveOptions", "SolveSpec", "check_request", "load_solve",
           "solve_json_schema"]

ACCEPT = ("estimate", "bound")
#: the largest seed: seeds are kept as 64-bit integers in result tables
MAX_SEED = 2**63 - 1
#: most replications a solve may run in its search and in its verification each (about a day
#: of computing at 0.1 s a replication on a few cores)
MAX_RUNS = 1_000_000

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


def _where(path: str, key: str | None = None) -> str:
    return pfield(path, key, table="levers")


#: a goal-seeking lever is a :class:`hiringsim.parameters.Parameter` with low, high and step
Lever = Parameter
#: the keys of a lever table (the other Parameter keys belong to sweeps)
LEVER_KEYS = ("low", "high", "step", "cost_per_unit", "direction")
_REQUIRED = ("low", "high", "step")


@dataclass(frozen=True, kw_only=True)
class SolveOptions:
    """The options of a solve (``None``: the scenario's target and deadline; fresh entropy)."""

    probability: float = _f("wanted probability of the target by the deadline", gt=0, lt=1,
                            default=0.9)
    target: int | None = _f("net growth wanted (default: the scenario's target)", gt=0,
                            default=None)
    deadline: dt.date | None = _f("date by which the growth is wanted (default: the "
                                  "scenario's)", default=None)
    replications: int = _f("screening replications per setting at most (common random "
                           "numbers; a setting stops earlier once they decide it, see "
                           "hiringsim.goalseek.sequential)", ge=1, le=MAX_RUNS // 10, default=40)
    verify_replications: int = _f("fresh replications that verify the answer at most (they stop "
                                  "earlier only where a confidence bound decides, see "
                                  "hiringsim.goalseek.sequential)", ge=1, le=MAX_RUNS,
                                  default=200)
    seed: int | None = _f("root seed of the screening replications (at most 2**63 - 1)", ge=0,
                          le=MAX_SEED, default=None)
    confidence: float = _f("level of the Wilson intervals", gt=0.5, lt=1, default=0.95)
    method: str = _f("search: auto, grid, staircase or greedy", choices=METHODS,
                     default="auto")
    accept: str = _f("verification passes on the fresh estimate or its lower bound",
                     choices=ACCEPT, default="estimate")
    max_evaluations: int = _f("settings screened at most (staircase and greedy)", ge=1,
                              le=MAX_RUNS // 10, default=200)
    max_verify: int = _f("cheapest plausible settings verified at most", ge=1, le=1000,
                         default=5)
    runners_up: int = _f("runners-up reported", ge=0, le=1000, default=5)


@dataclass(frozen=True, kw_only=True)
class _SolveFile(SolveOptions):
    """A solve file: the least-cost lever setting that reaches a target with a probability."""

    base: str = _f("base scenario file, relative to this file")
    levers: Any = _f('levers by dotted scenario path: [levers."a.b.c"] tables')
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
    #: what the cost axis measures: 'cost (USD)', or a lever's label when the "cost" is the
    #: lever's own setting (solve_one)
    cost_label: str = "cost (USD)"


def solve_json_schema() -> dict[str, Any]:
    """The JSON Schema of solve files (for editors; ``hiringsim schema --kind solve``).

    Examples
    --------
    >>> from hiringsim.goalseek import solve_json_schema
    >>> sorted(solve_json_schema()["required"])
    ['base', 'levers']
    """
    out = schema.json_schema(_SolveFile)
    lever = schema.json_schema(Parameter)
    del lever["$schema"]
    lever["properties"] = {k: lever["properties"][k] for k in LEVER_KEYS}
    lever["required"] = list(_REQUIRED)
    lever["description"] = "a lever: the values low, low + step, ..., up to high"
    out["properties"]["levers"] = {"type": "object", "minProperties": 1,
                                   "additionalProperties": lever,
                                   "description": out["properties"]["levers"]["description"]}
    return out


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
    if "levers" in raw and not isinstance(raw["levers"], dict):
        problems.append(("levers", 'expected tables like [levers."resources.x.servers"], got '
                                   f"{raw['levers']!r}"))
    elif base is not None and "levers" in raw:
        # the levers against the scenario too, even when other fields are wrong
        names = {f.name for f in dataclasses.fields(SolveOptions)}
        options = {"seed": DEFAULT_SEED, **{k: v for k, v in raw.items() if k in names}}
        try:
            request = check_request(base, raw["levers"], None, options, source=src)
        except SolveError as exc:
            problems += [p for p in exc.problems if p not in problems]
    if problems or built is None or request is None:
        raise SolveError(problems, src)
    assert base is not None  # request is only checked against a base
    return SolveSpec(name=built.name or path.stem, base=base, levers=request.levers,
                     options=request.options, description=built.description, source=src)


# -- checks ---------------------------------------------------------------------------------
def _raw_levers(levers: Any, problems: schema.Problems) -> list[tuple[str, dict[str, Any]]]:
    """``(path, table)`` of each lever as a solve file would give it."""
    out: list[tuple[str, dict[str, Any]]] = []
    if isinstance(levers, Mapping):
        items = list(levers.items())
    elif isinstance(levers, list | tuple):
        items = [(lv.path, lv) if isinstance(lv, Parameter) else (f"[{i}]", lv)
                 for i, lv in enumerate(levers)]
    else:
        problems.append(("levers", f"expected {{path: (low, high, step)}}, {{path: table}} or "
                                   f"a list of Lever, got {type(levers).__name__}"))
        return out
    for path, spec in items:
        if isinstance(spec, Parameter):
            spec = spec.to_dict()
        elif isinstance(spec, tuple | list) and len(spec) == 3:
            spec = dict(zip(("low", "high", "step"), spec, strict=True))
        elif not isinstance(spec, Mapping):
            problems.append((_where(str(path)), f"expected (low, high, step) or a table, got "
                                                f"{spec!r}"))
            continue
        out.append((str(path), dict(spec)))
    if not items:
        problems.append(("levers", "at least one lever is needed"))
    paths = [p for p, _ in out]
    for p in sorted({p for p in paths if paths.count(p) > 1}):
        problems.append((_where(p), "the path appears twice"))
    return out


def _lever_keys(path: str, raw: Mapping[str, Any]) -> schema.Problems:
    """A lever table holds the lever keys only, low, high and step among them."""
    out = [(_where(path, k), schema.unknown_key(k, LEVER_KEYS))
           for k in raw if k not in LEVER_KEYS]
    out += [(_where(path, k), "required for a lever") for k in _REQUIRED if k not in raw]
    return out


def _scenario_problems(scenario: Scenario, lv: Lever, where: str, *, grid: bool = True
                       ) -> schema.Problems:
    """The lever is a numeric field of the scenario, not the target, that accepts both ends of
    its grid (the grid is checked when it is valid)."""
    if lv.path == "target" or lv.path.startswith("target."):
        return [(where, "the target is the question, not a lever: set the options target and "
                        "deadline (or the scenario's [target]) instead")]
    try:
        base = scenario.get(lv.path)
    except KeyError as exc:
        return [(where, f"not a scenario field: {exc.args[0]}")]
    if isinstance(base, bool) or not isinstance(base, int | float):
        return [(where, f"the scenario value there is {base!r}, not a number")]
    if not grid:
        return []
    if isinstance(base, int) and not all(_is_int(v) for v in (lv.low, lv.high, lv.step)):
        return [(where, f"the field is a whole number (base {base}); use whole low, high "
                        "and step")]
    out = []
    for end, v in (("low", lv.grid()[0]), ("high", lv.grid()[-1])):
        try:
            scenario.with_values({lv.path: v})
        except ScenarioError as exc:
            out.append((f"{where}.{end}", "; ".join(m for _, m in exc.problems)))
    return out


class LeverValue:
    """The "cost" of :func:`~hiringsim.goalseek.solve_one`: the lever's own setting (in its
    helpful direction), not money; reports and plots say so."""

    def __init__(self, path: str, sign: int):
        self.path, self.sign = path, sign

    def __call__(self, values: Mapping[str, float]) -> float:
        return self.sign * values[self.path]

    @property
    def label(self) -> str:
        from ..labels import input_label

        return input_label(self.path)


def _cost(levers: tuple[Lever, ...], cost: Cost, problems: schema.Problems
          ) -> tuple[Cost, str]:
    if isinstance(cost, LeverValue):
        return cost, (f"the setting of {cost.label} itself (no money cost: the least setting "
                      "that reaches the goal)")
    if callable(cost):
        return cost, "callable cost of the lever values"
    if cost is None and all(x.cost_per_unit is not None for x in levers):
        cost = {x.path: x.cost_per_unit for x in levers if x.cost_per_unit is not None}
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


def _size_problems(levers: tuple[Lever, ...], opts: SolveOptions) -> schema.Problems:
    """The search and the verification each run at most :data:`MAX_RUNS` replications."""
    import math

    from .search import choose

    sizes = [len(lv.grid()) for lv in levers]
    settings = math.prod(sizes)
    method = choose(opts.method, sizes, opts.max_evaluations)
    screened = settings if method == "grid" else min(settings, opts.max_evaluations)
    out = []
    if screened * opts.replications > MAX_RUNS:
        out.append(("(search)", f"{screened:,} settings x {opts.replications:,} replications = "
                                f"{screened * opts.replications:,} runs; at most {MAX_RUNS:,} "
                                "(fewer lever values, replications or max_evaluations)"))
    verify = (opts.max_verify + 1) * opts.verify_replications
    if verify > MAX_RUNS:
        out.append(("(search)", f"verifying up to {opts.max_verify + 1:,} settings x "
                                f"{opts.verify_replications:,} replications = {verify:,} runs; "
                                f"at most {MAX_RUNS:,}"))
    return out


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
        where = _where(path)
        keys = _lever_keys(path, raw)
        problems += keys
        lv = schema.build(Parameter, {k: v for k, v in raw.items() if k in LEVER_KEYS}
                          | {"path": path}, where, problems)
        if lv is not None:
            more = [] if keys else lv.lever_problems(where)
            problems += more
            built.append((where, lv, not (keys or more)))
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
    if opts is not None and len(lv_all) == len(tables) and lv_all:
        problems += _size_problems(lv_all, opts)
    if problems:
        raise SolveError(problems, source)
    assert opts is not None
    label = (cost_arg.label if isinstance(cost_arg, LeverValue) else
             "simulated total cost (USD)" if cost_arg is None else
             "cost above the base values (USD)" if isinstance(cost_arg, Mapping) else
             "cost (the cost function's units)")
    return Request(scenario=scenario, levers=lv_all, options=opts, cost=cost_arg,
                   cost_kind=kind, cost_label=label)
