"""Sweep specifications: which inputs vary, how, and what to measure.

A :class:`Sweep` is an inert, frozen, validated value, like a scenario: every problem (an unknown
scenario path, an empty or inverted range, a value the scenario rejects, a design that cannot use
a parameter) is reported at construction, before any run, in one :class:`SweepError` naming the
file and the field.  :func:`load_sweep` reads the same thing from a TOML file.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..parameters import DISTS, Parameter, is_number, pfield

if TYPE_CHECKING:  # pragma: no cover

    from hiringsim.scenario import Scenario

__all__ = ["DESIGNS", "DISTS", "Parameter", "Sweep", "SweepError", "load_sweep"]

DESIGNS = ("grid", "lhs", "sobol", "oat")

#: column names of the stored tables that parameters and outcomes cannot take
RESERVED = ("point_id", "block", "sample", "replication", "seed")
_PARAM_KEYS = ("values", "low", "high", "dist", "mean", "sd", "cv", "mode", "type", "levels")
_SWEEP_KEYS = ("name", "description", "base", "design", "n", "replications", "seed", "outcomes",
               "mode", "parameters")


class SweepError(InputError):
    """A sweep file or value is invalid.  ``problems`` lists ``(field, message)``."""

    what = "sweep"


def _is_number(x: Any) -> bool:
    return is_number(x)


def _is_number_list(xs: Any) -> bool:
    return all(is_number(x) for x in xs)


@dataclass(frozen=True, kw_only=True)
class Sweep:
    """A validated sensitivity sweep: parameters, a design, replications, outcomes and a seed.

    ``design``: ``grid`` (every combination of each parameter's values or ``levels``), ``lhs``
    (``n`` Latin-hypercube points), ``sobol`` (Saltelli scheme: ``n`` base samples, a power of 2,
    giving ``n * (d + 2)`` points) or ``oat`` (the nominal point plus each parameter alone at its
    low and high value: ``2 d + 1`` points, for tornado charts).  Replication ``r`` of every point
    uses the seed pair ``(seed, r)``: common random numbers across points.  ``base`` is the
    scenario the parameters modify (``None`` for a model given directly as ``evaluate``).
    """

    parameters: tuple[Parameter, ...]
    outcomes: tuple[str, ...]
    design: str
    seed: int
    n: int | None = None
    replications: int = 1
    base: Scenario | None = None
    mode: str = "fast"
    name: str = "sweep"
    description: str = ""
    source: str | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "parameters", tuple(self.parameters))
        if isinstance(self.outcomes, str):
            object.__setattr__(self, "outcomes", (self.outcomes,))
        object.__setattr__(self, "outcomes", tuple(self.outcomes))
        problems: list[tuple[str, str]] = []
        resolved = _check_sweep(self, problems)
        if problems:
            raise SweepError(problems, self.source)
        object.__setattr__(self, "parameters", resolved)

    # -- views ---------------------------------------------------------------------------------
    @property
    def names(self) -> list[str]:
        return [p.path for p in self.parameters]

    @property
    def n_points(self) -> int:
        """Number of design points."""
        d = len(self.parameters)
        if self.design == "sobol":
            return self.n * (d + 2)
        if self.design == "lhs":
            return self.n
        if self.design == "oat":
            return 2 * d + 1
        return math.prod(len(p.grid_values()) for p in self.parameters)

    def to_dict(self) -> dict[str, Any]:
        """The sweep as a sweep file would say it (the base scenario is kept apart)."""
        out: dict[str, Any] = {"name": self.name, "design": self.design}
        if self.n is not None:
            out["n"] = self.n
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


# -- validation ----------------------------------------------------------------------------------
def _check_sweep(sw: Sweep, out: list[tuple[str, str]]) -> tuple[Parameter, ...]:
    if sw.design not in DESIGNS:
        out.append(("design", f"must be one of {', '.join(DESIGNS)}; got {sw.design!r}"))
    if not _is_int(sw.seed) or sw.seed < 0:
        out.append(("seed", f"must be a whole number >= 0, got {sw.seed!r}"))
    if not _is_int(sw.replications) or sw.replications < 1:
        out.append(("replications", f"must be a whole number >= 1, got {sw.replications!r}"))
    if sw.design == "sobol":
        if not _is_int(sw.n) or sw.n < 8 or sw.n & (sw.n - 1):
            out.append(("n", "a sobol design needs n, the base sample size: a power of 2 >= 8 "
                        f"(e.g. 64), got {sw.n!r}"))
    elif sw.design == "lhs":
        if not _is_int(sw.n) or sw.n < 2:
            out.append(("n", f"an lhs design needs n, the number of points (>= 2), got {sw.n!r}"))
    elif sw.design in ("grid", "oat") and sw.n is not None:
        out.append(("n", f"not used by a {sw.design} design; remove it"))
    if not isinstance(sw.mode, str):
        out.append(("mode", f"expected a string, got {sw.mode!r}"))
    if not sw.outcomes or not all(isinstance(o, str) and o for o in sw.outcomes):
        out.append(("outcomes", f"expected a non-empty list of KPI names, got {sw.outcomes!r}"))
    elif len(set(sw.outcomes)) != len(sw.outcomes):
        out.append(("outcomes", "names must be unique"))
    else:
        for o in sw.outcomes:
            if o in RESERVED:
                out.append(("outcomes", f"{o!r} is a reserved column name"))
    if not sw.parameters:
        out.append(("parameters", "at least one parameter is needed"))
    seen: set[str] = set()
    resolved = []
    for p in sw.parameters:
        if not isinstance(p, Parameter):
            out.append(("parameters", f"expected Parameter objects, got {p!r}"))
            continue
        if p.path in seen:
            out.append((pfield(p.path), "listed twice"))
        if p.path in RESERVED or p.path in sw.outcomes:
            out.append((pfield(p.path), "a parameter cannot be named like a reserved column "
                                        f"({', '.join(RESERVED)}) or an outcome"))
        seen.add(p.path)
        resolved.append(_check_parameter(p, sw, out))
    return tuple(resolved)


def _is_int(x: Any) -> bool:
    return isinstance(x, numbers.Integral) and not isinstance(x, bool)


def _check_parameter(p: Parameter, sw: Sweep, out: list[tuple[str, str]]) -> Parameter:
    """Check one parameter; return it with ``type`` resolved and lists as tuples."""
    f = lambda key=None: pfield(p.path, key)  # noqa: E731
    before = len(out)
    if not isinstance(p.path, str) or not p.path:
        out.append(("parameters", f"a parameter path must be a non-empty string, got {p.path!r}"))
        return p
    if p.values is not None and not isinstance(p.values, list | tuple):
        out.append((f("values"), f"expected a list, got {p.values!r}"))
        return p
    if p.values is not None:
        p = dataclasses.replace(p, values=tuple(p.values))
    base_value: Any = None
    if sw.base is not None:
        try:
            base_value = sw.base.get(p.path)
        except KeyError as exc:
            out.append((f(), f"unknown scenario path ({exc.args[0]})"))
            return p
        if isinstance(base_value, dict | list):
            keys = ", ".join(sorted(base_value)) if isinstance(base_value, dict) else "0, 1, ..."
            out.append((f(), f"is a {'table' if isinstance(base_value, dict) else 'list'}, not "
                             f"a value; address a field inside it ({keys})"))
            return p
    # type: declared, or inferred from the base value
    if p.type is None:
        inferred = "int" if _is_int(base_value) else "float"
        p = dataclasses.replace(p, type=inferred)
    elif p.type not in ("int", "float"):
        out.append((f("type"), f"must be \"int\" or \"float\", got {p.type!r}"))
        return p
    given = {k for k in _PARAM_KEYS if getattr(p, k) is not None} - {"type"}
    if p.values is not None:
        allowed, required = {"values"}, {"values"}
    elif p.dist is None or p.dist == "uniform":
        allowed, required = {"low", "high", "levels", "dist"}, {"low", "high"}
    elif p.dist == "normal":
        allowed, required = {"dist", "mean", "sd", "low", "high", "levels"}, {"mean", "sd"}
    elif p.dist == "lognormal":
        allowed, required = {"dist", "mean", "cv", "low", "high", "levels"}, {"mean", "cv"}
    elif p.dist == "triangular":
        allowed = required = {"dist", "low", "mode", "high"}
        allowed = allowed | {"levels"}
    else:
        out.append((f("dist"), f"must be one of {', '.join(DISTS)}; got {p.dist!r}"))
        return p
    how = ("a discrete list" if p.values is not None
           else f"a {p.dist} distribution" if p.dist else "a range")
    for k in sorted(given - allowed):
        out.append((f(k), f"not used by {how}; keys for it: {', '.join(sorted(allowed))}"))
    for k in sorted(required - given - ({"dist"} if p.dist is None else set())):
        hint = "" if p.values is not None or p.dist else " (or values = [...] or dist = ...)"
        out.append((f(k), f"required for {how}{hint}"))
    if len(out) > before:
        return p
    for k in ("low", "high", "mean", "sd", "cv", "mode"):
        v = getattr(p, k)
        if v is not None and (not _is_number(v) or not math.isfinite(v)):
            out.append((f(k), f"expected a finite number, got {v!r}"))
    if len(out) > before:
        return p
    # shapes of ranges and distributions
    if p.values is not None:
        if len(p.values) == 0:
            out.append((f("values"), "empty list; give at least one value"))
        elif not all(_is_number(v) or isinstance(v, str | bool) for v in p.values):
            out.append((f("values"), "values must be numbers, strings or booleans"))
        elif len(set(p.values)) != len(p.values):
            out.append((f("values"), f"values must be distinct, got {list(p.values)}"))
        elif p.is_int and not all(_is_number(v) and float(v).is_integer() for v in p.values):
            out.append((f("values"), f"an int parameter needs whole numbers, got "
                                     f"{list(p.values)}"))
        elif p.is_int:
            p = dataclasses.replace(p, values=tuple(int(v) for v in p.values))
    if p.low is not None and p.high is not None and not p.low < p.high:
        what = "empty" if p.low == p.high else "inverted"
        out.append((f("high"), f"{what} range: high ({p.high}) must be greater than low "
                               f"({p.low})"))
    if p.is_int:
        for k in ("low", "high"):
            v = getattr(p, k)
            if v is not None and not float(v).is_integer():
                out.append((f(k), f"an int parameter needs a whole number, got {v}"))
    if p.sd is not None and p.sd <= 0:
        out.append((f("sd"), f"must be > 0, got {p.sd}"))
    if p.cv is not None and p.cv <= 0:
        out.append((f("cv"), f"must be > 0, got {p.cv}"))
    if p.dist == "lognormal" and p.mean is not None and p.mean <= 0:
        out.append((f("mean"), f"a lognormal mean must be > 0, got {p.mean}"))
    if p.dist == "triangular" and len(out) == before and not p.low <= p.mode <= p.high:
        out.append((f("mode"), f"must lie within low..high ({p.low}..{p.high}), got {p.mode}"))
    if p.levels is not None and (not _is_int(p.levels) or p.levels < 2):
        out.append((f("levels"), f"must be a whole number >= 2, got {p.levels!r}"))
    # the design's needs
    if sw.design == "sobol" and p.values is not None:
        out.append((f("values"), "a sobol design needs a range (low/high) or a distribution, "
                                 "not a discrete list; use design = \"grid\" or \"lhs\""))
    if sw.design == "grid" and p.values is None and p.levels is None:
        out.append((f("levels"), "a grid design needs levels (how many values to take from "
                                 "the range or distribution), or give values = [...]"))
    if len(out) > before or sw.base is None:
        return p
    # the scenario must accept every value the design can reach at the edges
    for label, value in p.extremes():
        problem = _scenario_rejects(sw.base, p.path, value)
        if problem:
            hint = "; truncate the distribution with low/high" if p.kind == "dist" else ""
            out.append((f(), f"{label} value {value!r} rejected by the scenario: "
                             f"{problem}{hint}"))
    return p


def _scenario_rejects(base: Scenario, path: str, value: Any) -> str | None:
    from hiringsim.scenario import ScenarioError

    try:
        base.with_values({path: value})
    except ScenarioError as exc:
        return "; ".join(m if p == path else f"{p}: {m}" for p, m in exc.problems)
    return None


# -- files -----------------------------------------------------------------------------------------
def load_sweep(path: str | Path) -> Sweep:
    """Read a sweep file (TOML), load its base scenario and validate everything.

    Raises :class:`SweepError` naming the file and the field for any problem.
    """
    path = Path(path)
    source = str(path)
    try:
        with open(path, "rb") as fh:
            raw = tomllib.load(fh)
    except FileNotFoundError:
        raise SweepError([("(file)", "no such file")], source) from None
    except tomllib.TOMLDecodeError as exc:
        raise SweepError([("(syntax)", f"not valid TOML: {exc}")], source) from None
    return sweep_from_dict(raw, source=source, root=path.parent, name=path.stem)


def sweep_from_dict(raw: dict[str, Any], *, source: str | None = None,
                    root: Path | None = None, name: str = "sweep",
                    base: Scenario | None = None) -> Sweep:
    """Build a Sweep from raw sweep-file data (as ``Sweep.to_dict`` gives it).

    A ``base`` key is a scenario file path resolved against ``root``; without one, the ``base``
    argument (a Scenario or None) is used.
    """
    out: list[tuple[str, str]] = []
    for k in raw:
        if k not in _SWEEP_KEYS:
            out.append((k, f"unknown key; valid keys here: {', '.join(sorted(_SWEEP_KEYS))}"))
    for k in ("design", "seed", "outcomes", "parameters"):
        if k not in raw:
            out.append((k, "required"))
    if "base" in raw:
        if not isinstance(raw["base"], str):
            out.append(("base", f"expected a path to a scenario file, got {raw['base']!r}"))
        else:
            from hiringsim.scenario import ScenarioError, load_scenario

            base_path = (root or Path(".")) / raw["base"]
            try:
                base = load_scenario(base_path)
            except ScenarioError as exc:
                out.append(("base", f"cannot load {base_path}: {exc}"))
    params = []
    table = raw.get("parameters", {})
    if not isinstance(table, dict):
        out.append(("parameters", "expected a table of parameters by dotted path"))
        table = {}
    for ppath, spec in table.items():
        if not isinstance(spec, dict):
            out.append((pfield(ppath), "expected a table, e.g. {low = 0.6, high = 0.8}"))
            continue
        unknown = sorted(set(spec) - set(_PARAM_KEYS))
        for k in unknown:
            out.append((pfield(ppath, k),
                        f"unknown key; valid keys here: {', '.join(sorted(_PARAM_KEYS))}"))
        if unknown:
            continue
        params.append(Parameter(ppath, **spec))
    for k in ("name", "description", "mode", "design"):
        if k in raw and not isinstance(raw[k], str):
            out.append((k, f"expected a string, got {raw[k]!r}"))
    if isinstance(raw.get("outcomes"), str):
        out.append(("outcomes", "expected a list of KPI names, e.g. [\"target_day\"]"))
    if out:
        raise SweepError(out, source)
    kwargs = {k: raw[k] for k in ("n", "replications", "mode", "description") if k in raw}
    return Sweep(parameters=tuple(params), outcomes=tuple(raw["outcomes"]),
                 design=raw["design"], seed=raw["seed"], base=base,
                 name=raw.get("name", name), source=source, **kwargs)
