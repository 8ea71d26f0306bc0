"""The checks of a sweep across fields, after ``schema.build`` has checked each field alone.

Which keys a parameter needs (a range: low and high; a normal distribution: mean and sd), what a
design needs (a sobol design: a power of 2 and no discrete lists), and whether the base scenario
accepts every value a design can reach.  Each function appends ``(dotted field, message)``.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
from typing import TYPE_CHECKING, Any

from ..parameters import KEYS, MAX_VALUE, Parameter, is_number, pfield

if TYPE_CHECKING:  # pragma: no cover
    from hiringsim.scenario import Scenario

__all__ = ["MAX_POINTS", "MAX_RUNS", "MAX_SEED", "RESERVED", "check_parameter", "check_size",
           "check_sweep"]

#: column names of the stored tables that parameters and outcomes cannot take
RESERVED = ("point_id", "block", "sample", "replication", "seed")
#: the largest root seed: the store keeps seeds as SQLite integers (signed 64-bit)
MAX_SEED = 2**63 - 1
#: most design points: the design is built in memory and written to the store at once
MAX_POINTS = 100_000
#: most runs (design points x replications) in one sweep: about a day of computing at 0.1 s a
#: run on a few cores, and a store of a few hundred MB
MAX_RUNS = 1_000_000

Problems = list[tuple[str, str]]


def check_sweep(design: str | None, n: Any, outcomes: Any, out: Problems) -> None:
    """The sweep's own fields together: the design's size, the outcomes.

    Each argument is a value that passed the schema; None for design or outcomes, and ``...``
    for ``n``, mean it did not (already reported), so checks needing it are skipped.
    """
    if n is not ... and n is not None:
        n = int(n)
    if n is ...:
        pass
    elif design == "sobol":
        if n is None or n < 8 or n & (n - 1):
            out.append(("n", "a sobol design needs n, the base sample size: a power of 2 >= 8 "
                        f"(e.g. 64), got {n!r}"))
    elif design == "lhs":
        if n is None or n < 2:
            out.append(("n", f"an lhs design needs n, the number of points (>= 2), got {n!r}"))
    elif design is not None and n is not None:
        out.append(("n", f"not used by a {design} design; remove it"))
    if outcomes is None:
        return
    if not outcomes or not all(outcomes):
        out.append(("outcomes", f"expected a non-empty list of KPI names, got "
                                f"{list(outcomes)!r}"))
    elif len(set(outcomes)) != len(outcomes):
        out.append(("outcomes", "names must be unique"))
    else:
        for o in outcomes:
            if o in RESERVED:
                out.append(("outcomes", f"{o!r} is a reserved column name"))


def design_size(design: str, n: int | None, params: list[Parameter]) -> int:
    """How many points a design has, counted without building it (a grid: at most)."""
    d = len(params)
    if design == "lhs":
        return int(n or 0)
    if design == "sobol":
        return int(n or 0) * (d + 2)
    if design == "oat":
        return 2 * d + 1
    size = 1
    for p in params:
        if p.values is not None:
            k = len(p.values)
        else:
            k = int(p.levels or 1)
            if p.is_int and p.kind == "range" and p.low is not None and p.high is not None:
                k = min(k, int(p.high) - int(p.low) + 1)
        size *= k
    return size


def check_size(design: str, n: int | None, replications: int, params: list[Parameter],
               out: Problems) -> None:
    """The design fits: at most :data:`MAX_POINTS` points and :data:`MAX_RUNS` runs."""
    points = design_size(design, n, params)
    runs = points * replications
    if points > MAX_POINTS:
        out.append(("(design)", f"a {design} design of {points:,} points; at most "
                                f"{MAX_POINTS:,} (fewer levels, a smaller n or fewer "
                                "parameters)"))
    elif runs > MAX_RUNS:
        out.append(("(design)", f"{points:,} points x {replications:,} replications = "
                                f"{runs:,} runs; at most {MAX_RUNS:,}"))


def _is_int(x: Any) -> bool:
    return isinstance(x, numbers.Integral) and not isinstance(x, bool)


def _allowed(p: Parameter) -> tuple[set[str], set[str]] | None:
    """(allowed, required) keys of a parameter of its kind (None: unknown distribution)."""
    if p.values is not None:
        return {"values"}, {"values"}
    if p.dist is None or p.dist == "uniform":
        return {"low", "high", "levels", "dist"}, {"low", "high"}
    if p.dist == "normal":
        return {"dist", "mean", "sd", "low", "high", "levels"}, {"mean", "sd"}
    if p.dist == "lognormal":
        return {"dist", "mean", "cv", "low", "high", "levels"}, {"mean", "cv"}
    if p.dist == "triangular":
        return {"dist", "low", "mode", "high", "levels"}, {"dist", "low", "mode", "high"}
    return None


def check_parameter(p: Parameter, design: Any, base: Scenario | None,
                    out: Problems) -> Parameter:
    """Check one parameter of a sweep; return it with ``type`` resolved (from the base value)."""
    f = lambda key=None: pfield(p.path, key)  # noqa: E731
    before = len(out)
    if not p.path:
        out.append(("parameters", f"a parameter path must be a non-empty string, got {p.path!r}"))
        return p
    base_value: Any = None
    if base is not None:
        try:
            base_value = base.get(p.path)
        except KeyError as exc:
            out.append((f(), f"unknown scenario path ({exc.args[0]})"))
            return p
        if isinstance(base_value, dict | list):
            keys = ", ".join(sorted(base_value)) if isinstance(base_value, dict) else "0, 1, ..."
            out.append((f(), f"is a {'table' if isinstance(base_value, dict) else 'list'}, not "
                             f"a value; address a field inside it ({keys})"))
            return p
    if p.type is None:
        p = dataclasses.replace(p, type="int" if _is_int(base_value) else "float")
    given = {k for k in KEYS if getattr(p, k) is not None} - {"type"}
    allowed, required = _allowed(p) or (set(), set())
    how = ("a discrete list" if p.values is not None
           else f"a {p.dist} distribution" if p.dist else "a range")
    for k in sorted(given - allowed):
        out.append((f(k), f"not used by {how} in a sweep; keys for it: "
                          f"{', '.join(sorted(allowed))}"))
    for k in sorted(required - given - ({"dist"} if p.dist is None else set())):
        hint = "" if p.values is not None or p.dist else " (or values = [...] or dist = ...)"
        out.append((f(k), f"required for {how}{hint}"))
    if len(out) > before:
        return p
    p = _check_shape(p, f, out)
    # the design's needs
    if design == "sobol" and p.values is not None:
        out.append((f("values"), "a sobol design needs a range (low/high) or a distribution, "
                                 "not a discrete list; use design = \"grid\" or \"lhs\""))
    if design == "grid" and p.values is None and p.levels is None:
        out.append((f("levels"), "a grid design needs levels (how many values to take from "
                                 "the range or distribution), or give values = [...]"))
    if len(out) > before or base is None:
        return p
    # the scenario must accept every value the design can reach at the edges
    for label, value in p.extremes():
        problem = _scenario_rejects(base, p.path, value)
        if problem:
            hint = "; truncate the distribution with low/high" if p.kind == "dist" else ""
            out.append((f(), f"{label} value {value!r} rejected by the scenario: "
                             f"{problem}{hint}"))
    return p


def _check_shape(p: Parameter, f: Any, out: Problems) -> Parameter:
    """Lists, ranges and distributions that make sense; int parameters in whole numbers."""
    if p.values is not None:
        if len(p.values) == 0:
            out.append((f("values"), "empty list; give at least one value"))
        elif not all(is_number(v) or isinstance(v, str | bool) for v in p.values):
            out.append((f("values"), "values must be numbers, strings or booleans"))
        elif any(is_number(v) and not (math.isfinite(v) and abs(v) <= MAX_VALUE)
                 for v in p.values):
            bad = next(v for v in p.values if is_number(v)
                       and not (math.isfinite(v) and abs(v) <= MAX_VALUE))
            out.append((f("values"), f"numbers must be finite and within +-{MAX_VALUE:.0e}, "
                                     f"got {bad!r}"))
        elif len(set(p.values)) != len(p.values):
            out.append((f("values"), f"values must be distinct, got {list(p.values)}"))
        elif p.is_int and not all(is_number(v) and float(v).is_integer() for v in p.values):
            out.append((f("values"), f"an int parameter needs whole numbers, got "
                                     f"{list(p.values)}"))
        elif p.is_int:
            p = dataclasses.replace(p, values=tuple(int(v) for v in p.values))
    if p.low is not None and p.high is not None and not p.low < p.high:
        what = "empty" if p.low == p.high else "inverted"
        out.append((f("high"), f"{what} range: high ({p.high}) must be greater than low "
                               f"({p.low})"))
    if p.is_int:
        whole: dict[str, Any] = {}
        for k in ("low", "high"):
            v = getattr(p, k)
            if v is not None and not float(v).is_integer():
                out.append((f(k), f"an int parameter needs a whole number, got {v}"))
            elif v is not None:
                whole[k] = int(v)
        p = dataclasses.replace(p, **whole)
    # the keys each distribution requires are present (check_parameter returns early otherwise)
    if p.dist == "lognormal":
        assert p.mean is not None
        if p.mean <= 0:
            out.append((f("mean"), f"a lognormal mean must be > 0, got {p.mean}"))
    if p.dist == "triangular":
        assert p.low is not None and p.high is not None and p.mode is not None
        if p.low < p.high and not p.low <= p.mode <= p.high:
            out.append((f("mode"), f"must lie within low..high ({p.low}..{p.high}), got {p.mode}"))
    return p


def _scenario_rejects(base: Scenario, path: str, value: Any) -> str | None:
    from hiringsim.scenario import ScenarioError

    try:
        base.with_values({path: value})
    except ScenarioError as exc:
        return "; ".join(m if p == path else f"{p}: {m}" for p, m in exc.problems)
    return None
