"""Sweep specifications: which inputs vary, how, and what to measure.

A :class:`Sweep` is an inert, frozen, validated value, like a scenario.  Its fields, and those
of each :class:`~hiringsim.parameters.Parameter`, carry the documentation and bounds from which
:func:`hiringsim.schema.build` checks them (the same mechanism as scenario files) and
:func:`sweep_json_schema` describes the file format; the checks across fields (a range needs
low and high, a sobol design needs a power of 2, the base scenario must accept every value a
design can reach) follow.  Every problem is reported at once, in one :class:`SweepError` naming
the file and the dotted field, whether the sweep is read by :func:`load_sweep` or built in
Python.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import schema
from ..errors import InputError
from ..files import read_toml
from ..parameters import Parameter, pfield
from ..scenario import Scenario
from .analysis import ESTIMATORS
from .checks import (
    MAX_POINTS,
    MAX_RUNS,
    MAX_SEED,
    RESERVED,
    check_parameter,
    check_size,
    check_sweep,
)

__all__ = ["DESIGNS", "MAX_POINTS", "MAX_RUNS", "MAX_SEED", "MODES", "Parameter", "Sweep",
           "SweepError", "load_sweep", "sweep_from_dict", "sweep_json_schema"]

DESIGNS = ("grid", "lhs", "sobol", "oat")
#: simulation modes, as :data:`hiringsim.replication.MODES` (not imported: it loads the model)
MODES = ("fast", "reference")


class SweepError(InputError):
    """A sweep file or value is invalid.  ``problems`` lists ``(field, message)``."""

    what = "sweep"


def _f(doc: str, **meta: Any) -> Any:
    default = meta.pop("default", dataclasses.MISSING)
    return field(default=default, metadata={"doc": doc, **meta})


_INTERNAL = {"internal": True}


@dataclass(frozen=True, kw_only=True)
class Sweep:
    """A validated sensitivity sweep: parameters, a design, replications, outcomes and a seed.

    ``design``: ``grid`` (every combination of each parameter's values or ``levels``), ``lhs``
    (``n`` Latin-hypercube points), ``sobol`` (Saltelli scheme: ``n`` base samples, a power of 2,
    giving ``n * (d + 2)`` points) or ``oat`` (the nominal point plus each parameter alone at its
    low and high value: ``2 d + 1`` points, for tornado charts).  Replication ``r`` of every point
    uses the seed pair ``(seed, r)``: common random numbers across points.  ``base`` is the
    scenario the parameters modify (``None`` for a model given directly as ``evaluate``).

    Examples
    --------
    >>> from hiringsim.sweep import Parameter, Sweep
    >>> sweep = Sweep(parameters=[Parameter("x", low=0, high=1)], outcomes=["y"],
    ...               design="oat", seed=1)
    >>> sweep.n_points
    3
    """

    parameters: tuple[Parameter, ...] = _f(
        "the inputs that vary: one table per dotted scenario path")
    outcomes: tuple[str, ...] = _f(
        "KPIs recorded for every run, e.g. target_by_deadline, growth@2019-09-30")
    design: str = _f("grid, lhs (Latin hypercube), sobol (Saltelli) or oat (one at a time)",
                     choices=DESIGNS)
    seed: int = _f("root seed: replication r of every point uses the seed pair (seed, r); "
                   "at most 2**63 - 1 (the store keeps it as a 64-bit integer)",
                   ge=0, le=MAX_SEED)
    n: int | None = _f("lhs: the number of points; sobol: base samples, a power of 2 >= 8",
                       ge=1, le=MAX_RUNS, default=None)
    replications: int = _f(f"replications per design point (points x replications: at most "
                           f"{MAX_RUNS:,})", ge=1, le=MAX_RUNS, default=1)
    base: Scenario | None = field(default=None, metadata=_INTERNAL)
    estimator: str = _f(
        "the variance that normalises a sobol design's indices: saltelli (of the outputs at A "
        "and B, as scipy.stats.sobol_indices) or pooled (of all n (d + 2) outputs: narrower "
        "intervals from the same runs); numerators Saltelli 2010 (S1) and Jansen (ST); other "
        "designs ignore it (so that sweep.replace(design=\"oat\") keeps working)",
        choices=ESTIMATORS, default="saltelli")
    mode: str = _f("simulation mode", choices=MODES, default="fast")
    name: str = _f("sweep name (default: the file name)", default="sweep")
    description: str = _f("what the sweep asks", default="")
    source: str | None = field(default=None, compare=False, repr=False, metadata=_INTERNAL)

    def __post_init__(self) -> None:
        if isinstance(self.outcomes, str):
            object.__setattr__(self, "outcomes", (self.outcomes,))
        problems: list[tuple[str, str]] = []
        checked = _validate(_head(self), _parameters(self, problems), self.base, problems)
        if problems:
            raise SweepError(problems, self.source)
        for k, v in checked.items():
            object.__setattr__(self, k, v)

    # -- views ---------------------------------------------------------------------------------
    @property
    def names(self) -> list[str]:
        return [p.path for p in self.parameters]

    @property
    def n_points(self) -> int:
        """Number of design points."""
        d = len(self.parameters)
        if self.design in ("sobol", "lhs"):
            assert self.n is not None, "lhs and sobol designs require n (sweep.checks)"
            return self.n * (d + 2) if self.design == "sobol" else self.n
        if self.design == "oat":
            return 2 * d + 1
        return math.prod(len(p.grid_values()) for p in self.parameters)

    def to_dict(self) -> dict[str, Any]:
        """The sweep as a sweep file would say it (the base scenario is kept apart)."""
        out: dict[str, Any] = {"name": self.name, "design": self.design}
        if self.n is not None:
            out["n"] = self.n
        if self.estimator != "saltelli":
            out["estimator"] = self.estimator
        out.update(replications=self.replications, seed=self.seed, outcomes=list(self.outcomes),
                   mode=self.mode,
                   parameters={p.path: p.to_dict() for p in self.parameters})
        if self.description:
            out["description"] = self.description
        return out

    def spec(self) -> dict[str, Any]:
        """What must match for a store to be resumed: the sweep minus name and description."""
        out = self.to_dict()
        out.pop("name")
        out.pop("description", None)
        return out

    def replace(self, **changes: Any) -> Sweep:
        """A new, validated sweep with fields replaced (e.g. ``design="oat", n=None``)."""
        return dataclasses.replace(self, **changes)

    def __repr__(self) -> str:
        n = f", n={self.n}" if self.n is not None else ""
        return (f"Sweep({self.name!r}, {self.design}{n}, {len(self.parameters)} parameters, "
                f"{self.n_points} points x {self.replications} replications, "
                f"outcomes={list(self.outcomes)}, seed={self.seed})")


class _Fields(Sweep):
    """A Sweep's fields as ``schema.build`` converts them, before the checks across fields."""

    def __post_init__(self) -> None:
        pass


_HEAD = tuple(f for f in dataclasses.fields(Sweep)
              if f.init and not f.metadata.get("internal") and f.name != "parameters")


def _head(sw: Sweep) -> dict[str, Any]:
    """The sweep's own fields as a file states them."""
    return {f.name: schema.to_raw(getattr(sw, f.name)) for f in _HEAD}


def _parameters(sw: Sweep, out: list[tuple[str, str]]) -> dict[str, Any] | None:
    """The sweep's parameters as a file states them: tables by path (duplicates reported)."""
    if not isinstance(sw.parameters, list | tuple):
        out.append(("parameters", f"expected a list of Parameter objects, got "
                                  f"{type(sw.parameters).__name__}"))
        return None
    table: dict[str, Any] = {}
    for p in sw.parameters:
        if not isinstance(p, Parameter):
            out.append(("parameters", f"expected Parameter objects, got {p!r}"))
        elif p.path in table:
            out.append((pfield(p.path), "listed twice"))
        else:
            table[p.path] = p.to_dict()
    return table


def _validate(head: dict[str, Any], table: Any, base: Scenario | None,
              out: list[tuple[str, str]]) -> dict[str, Any]:
    """Check a sweep as a file states it: the schema of every field, then across fields.

    ``head`` holds the sweep's own keys, ``table`` the parameter tables by dotted path (None:
    missing).  Returns the checked fields (parameters with their type resolved) to set.
    """
    before = len(out)
    fields = schema.build(_Fields, {**head, **({} if table is None else {"parameters": ()})},
                          "", out)
    bad = {path.split(".")[0] for path, _ in out[before:]}
    params: list[Parameter] = []
    if isinstance(table, dict):
        for path, spec in table.items():
            if isinstance(spec, dict) and "path" in spec:
                out.append((pfield(path, "path"), "unknown key (the table's key is the path)"))
                continue
            if not isinstance(spec, dict):
                out.append((pfield(path), "expected a table, e.g. {low = 0.6, high = 0.8}"))
                continue
            p = schema.build(Parameter, {**spec, "path": path}, pfield(path), out)
            if p is not None:
                params.append(p)
    elif table is not None:
        out.append(("parameters", "expected a table of parameters by dotted path"))
    # the checks across fields read the fields that passed the schema (the rest are reported)
    good = {f.name: getattr(fields, f.name) if fields else head.get(f.name)
            for f in _HEAD if f.name not in bad}
    design, outcomes = good.get("design"), good.get("outcomes")
    check_sweep(design, good.get("n", ...), outcomes, out)
    if table is not None and not table:
        out.append(("parameters", "at least one parameter is needed"))
    resolved = []
    for p in params:
        if p.path in RESERVED or (isinstance(outcomes, list | tuple) and p.path in outcomes):
            out.append((pfield(p.path), "a parameter cannot be named like a reserved column "
                                        f"({', '.join(RESERVED)}) or an outcome"))
        resolved.append(check_parameter(p, design, base, out))
    if len(out) == before and fields is not None:   # the size, once everything it reads is valid
        check_size(fields.design, fields.n, fields.replications, resolved, out)
    if fields is None:
        return {}
    return {**{f.name: getattr(fields, f.name) for f in _HEAD}, "parameters": tuple(resolved)}


# -- files -----------------------------------------------------------------------------------------
def load_sweep(path: str | Path) -> Sweep:
    """Read a sweep file (TOML), load its base scenario and validate everything.

    ``base`` in the file is a scenario file path, relative to the sweep file.

    Raises
    ------
    SweepError
        Naming the file and the dotted field of every problem.

    Examples
    --------
    >>> sweep = load_sweep("scenarios/sweeps/baseline_uncertainty.toml")  # doctest: +SKIP
    >>> sweep.design, sweep.n_points                                       # doctest: +SKIP
    ('sobol', 3328)
    """
    path = Path(path)
    raw = read_toml(path, error=SweepError)
    return sweep_from_dict(raw, source=str(path), root=path.parent, name=path.stem)


def sweep_from_dict(raw: dict[str, Any], *, source: str | None = None,
                    root: Path | None = None, name: str = "sweep",
                    base: Scenario | None = None) -> Sweep:
    """Build a Sweep from raw sweep-file data (as ``Sweep.to_dict`` gives it).

    A ``base`` key is a scenario file path resolved against ``root``; without one, the ``base``
    argument (a Scenario or None) is used.
    """
    if not isinstance(raw, dict):
        raise SweepError([("(top level)", "expected a table of sweep fields")], source)
    head = {"name": name, **raw}
    table = head.pop("parameters", None)
    out: list[tuple[str, str]] = []
    if "base" in head:
        base = _load_base(head.pop("base"), root, out)
    checked = _validate(head, table, base, out)
    if out:
        raise SweepError(out, source)
    return Sweep(**checked, base=base, source=source)


def _load_base(value: Any, root: Path | None, out: list[tuple[str, str]]) -> Scenario | None:
    if not isinstance(value, str):
        out.append(("base", f"expected a path to a scenario file, got {value!r}"))
        return None
    from hiringsim.scenario import ScenarioError, load_scenario

    path = (root or Path(".")) / value
    try:
        return load_scenario(path)
    except ScenarioError as exc:
        out.append(("base", f"cannot load {path}: {exc}"))
        return None


def sweep_json_schema() -> dict[str, Any]:
    """JSON Schema of the sweep file format (for editor completion and checks).

    Examples
    --------
    >>> sorted(sweep_json_schema()["required"])
    ['design', 'outcomes', 'parameters', 'seed']
    """
    out = schema.json_schema(Sweep)
    param = schema.json_schema(Parameter)
    del param["$schema"]
    param["properties"].pop("path")
    param["required"] = [r for r in param.get("required", []) if r != "path"] or None
    if param["required"] is None:
        del param["required"]
    props = out["properties"]
    props["parameters"] = {**props["parameters"], "type": "object",
                           "additionalProperties": param, "minProperties": 1}
    props["parameters"].pop("items", None)
    props["base"] = {"type": "string",
                     "description": "scenario file the parameters modify (relative path)"}
    return out
