"""Uncertain inputs: a scenario's numeric fields whose values are not known, each with a
distribution that every replication draws from before it runs.

A scenario declares them in ``[uncertain."<dotted path>"]`` tables, the path as
:meth:`Scenario.with_values` and ``[[changes]]`` address fields::

    [uncertain."roles.officer.stages.interview.pass_rate"]
    dist = "beta"          # beta(a, b) or beta(mean, sd)
    a = 55
    b = 45
    note = "OIG-18-... (2017): 55 of 100 passed; ASSUMPTION: binomial sampling error only"

The rule, stated once in :data:`UNCERTAIN_RULE` (the field doc, the JSON Schema and the docs):
each replication draws every uncertain input from its own random stream, keyed by the path and
the replication (:mod:`hiringsim.draws`), and runs the scenario with the drawn values in place
of the file's; with ``inputs="fixed"`` every uncertain input keeps the value the file gives
(the *central value* is the field's value in the file, not the distribution's mean).  Each
value is drawn by the inverse CDF of one uniform number, so two scenarios run with one seed
draw the same uniform for the same path whatever else they declare (common random numbers
across strategies), and the same quantile when they give the path different distributions.

This module is the declaration and its checks: the distributions' inverse CDFs, means and
supports, and :func:`uncertain_problems` (unknown paths, parameters a distribution does not
take or that are out of range, a support that leaves the field's bounds).  Drawing is in
:mod:`hiringsim.draws`.
"""

from __future__ import annotations

import dataclasses
import math
import types
import typing
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Union, get_args, get_origin, get_type_hints

from ..distributions import Distribution
from ..distributions.base import MAX_CV, MAX_DURATION_DAYS
from .parts import field_of as _f

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

    from .core import Scenario

__all__ = ["DISTS", "UNCERTAIN_RULE", "Uncertain", "field_at", "uncertain_field",
           "uncertain_problems"]

#: the distributions an uncertain input may take ("none" in a variant removes an inherited one)
Dist = Literal["uniform", "triangular", "beta", "truncnormal", "lognormal", "discrete", "none"]
DISTS: tuple[str, ...] = get_args(Dist)

#: the parameters of each distribution: alternatives of required keys, and optional keys
_PARAMS: dict[str, tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]] = {
    "uniform": ((("low", "high"),), ()),
    "triangular": ((("low", "mode", "high"),), ()),
    "beta": ((("a", "b"), ("mean", "sd")), ()),
    "truncnormal": ((("mean", "sd", "low", "high"),), ()),
    "lognormal": ((("median", "sigma"),), ()),
    "discrete": ((("values",),), ("weights",)),
}
_ALL_PARAMS = ("low", "mode", "high", "a", "b", "mean", "sd", "median", "sigma", "values",
               "weights")
#: most values of a discrete distribution
MAX_DISCRETE = 1000
#: largest log-scale sigma of a lognormal (beyond it the distribution is all tail)
MAX_SIGMA = 5.0
#: largest magnitude of a parameter (people, days, money, rates: far beyond any of them)
MAX_PARAM = 1e15
_B = {"ge": -MAX_PARAM, "le": MAX_PARAM}
#: uniforms are kept inside [EPS, 1 - EPS] before an inverse CDF, so unbounded distributions
#: give finite values
EPS = 1e-12

#: the rule of an uncertain input, stated once (the field doc, the JSON Schema and the docs)
UNCERTAIN_RULE = (
    "Each replication draws every uncertain input from its own random stream (keyed by the "
    "dotted path and the replication: two scenarios run with one seed draw the same values for "
    "the same path and distribution whatever else they declare) and runs with the drawn values "
    "in place of the file's (whole-number fields rounded); dated changes of the same path still "
    "set their values from their dates. With fixed inputs (inputs='fixed', --fixed-inputs) "
    "every uncertain input keeps the value the file gives. Paths: any numeric field under "
    "roles.<role> or resources.<resource> (e.g. roles.<role>.stages.<stage>.pass_rate, "
    "roles.<role>.stages.<stage>.duration.mean, roles.<role>.attrition.annual_rate, "
    "roles.<role>.recruiting.0.per_week, resources.<resource>.servers); the distribution's "
    "support (the values its draws can take: a lognormal's top is its quantile at 1 - 1e-12, "
    "where the uniforms are clipped, about median * exp(7.03 sigma)) must lie within the field's "
    "bounds. Distributions: uniform(low, high), "
    "triangular(low, mode, high), beta(a, b) or beta(mean, sd), truncnormal(mean, sd, low, "
    "high), lognormal(median, sigma), discrete(values, weights); dist = \"none\" in a variant "
    "removes an input its base declares")


@dataclass(frozen=True)
class Uncertain:
    """An uncertain input: a dotted path and the distribution its value is drawn from."""

    name: str = _f("dotted path of the input (the table's key), e.g. "
                   "roles.officer.stages.interview.pass_rate", max_len=500)
    dist: Dist = _f("distribution: uniform(low, high), triangular(low, mode, high), beta(a, b) "
                    "or beta(mean, sd), truncnormal(mean, sd, low, high), lognormal(median, "
                    "sigma), discrete(values, weights); 'none' in a variant removes the base's")
    low: float | None = _f("lower end (uniform, triangular, truncnormal)", **_B, default=None)
    mode: float | None = _f("most likely value (triangular)", **_B, default=None)
    high: float | None = _f("upper end (uniform, triangular, truncnormal)", **_B, default=None)
    a: float | None = _f("first shape parameter of a beta (successes + 1 in a count)", gt=0,
                         le=MAX_PARAM, default=None)
    b: float | None = _f("second shape parameter of a beta (failures + 1 in a count)", gt=0,
                         le=MAX_PARAM, default=None)
    mean: float | None = _f("mean (beta given by mean and sd; truncnormal: of the normal "
                            "before truncation)", **_B, default=None)
    sd: float | None = _f("standard deviation (beta given by mean and sd; truncnormal: of the "
                          "normal before truncation)", gt=0, le=MAX_PARAM, default=None)
    median: float | None = _f("median of a lognormal", gt=0, le=MAX_PARAM, default=None)
    sigma: float | None = _f("sigma of a lognormal (sd of the log)", gt=0, le=MAX_SIGMA,
                             default=None)
    values: tuple[float, ...] | None = _f("the values of a discrete distribution",
                                          **_B, default=None)
    weights: tuple[float, ...] | None = _f("relative weights of a discrete distribution's "
                                           "values (default: equal)", ge=0, le=MAX_PARAM,
                                           default=None)
    note: str = _f("the source of the range, or ASSUMPTION and the reasoning", max_len=2000,
                   default="")

    @property
    def path(self) -> str:
        """The dotted path of the input."""
        return self.name

    def given(self) -> tuple[str, ...]:
        """The parameters this input gives, in declaration order."""
        return tuple(k for k in _ALL_PARAMS if getattr(self, k) is not None)

    # -- the distribution (parameters checked by uncertain_problems) ---------------------------
    def _beta(self) -> tuple[float, float]:
        if self.a is not None and self.b is not None:
            return float(self.a), float(self.b)
        assert self.mean is not None and self.sd is not None
        k = self.mean * (1 - self.mean) / self.sd**2 - 1
        return self.mean * k, (1 - self.mean) * k

    def quantile(self, u: np.ndarray | float) -> np.ndarray:
        """The inverse CDF at ``u`` (uniforms in [0, 1), clipped to [EPS, 1 - EPS])."""
        import numpy as np
        from scipy import special

        q = np.clip(np.asarray(u, dtype=float), EPS, 1 - EPS)
        d = self.dist
        if d == "uniform":
            lo, hi = float(self.low), float(self.high)  # type: ignore[arg-type]
            return np.clip(lo + q * (hi - lo), lo, hi)
        if d == "triangular":
            lo, m, hi = float(self.low), float(self.mode), float(self.high)  # type: ignore
            c = (m - lo) / (hi - lo)
            left = lo + np.sqrt(q * (hi - lo) * (m - lo))
            right = hi - np.sqrt((1 - q) * (hi - lo) * (hi - m))
            return np.where(q < c, left, right)
        if d == "beta":
            # strictly inside (0, 1): the support is open (e.g. withdraw_per_week < 1)
            return np.clip(special.betaincinv(*self._beta(), q), 1e-15, 1 - 1e-15)
        if d == "truncnormal":
            mu, sd = float(self.mean), float(self.sd)  # type: ignore[arg-type]
            pa = special.ndtr((float(self.low) - mu) / sd)  # type: ignore[arg-type]
            pb = special.ndtr((float(self.high) - mu) / sd)  # type: ignore[arg-type]
            x = mu + sd * special.ndtri(pa + q * (pb - pa))
            return np.clip(x, self.low, self.high)
        if d == "lognormal":
            return float(self.median) * np.exp(float(self.sigma) * special.ndtri(q))  # type: ignore
        if d == "discrete":
            vals = np.asarray(self.values, dtype=float)
            w = np.ones(len(vals)) if self.weights is None else np.asarray(self.weights, float)
            cum = np.cumsum(w) / w.sum()
            idx = np.minimum(np.searchsorted(cum, q, side="right"), len(vals) - 1)
            return vals[idx]
        raise ValueError(f"no distribution {d!r}")  # pragma: no cover - validated

    def mean_value(self) -> float:
        """The distribution's mean."""
        from scipy import special

        d = self.dist
        if d == "uniform":
            return (float(self.low) + float(self.high)) / 2  # type: ignore[arg-type]
        if d == "triangular":
            return (float(self.low) + float(self.mode) + float(self.high)) / 3  # type: ignore
        if d == "beta":
            a, b = self._beta()
            return a / (a + b)
        if d == "truncnormal":
            mu, sd = float(self.mean), float(self.sd)  # type: ignore[arg-type]
            al, be = (float(self.low) - mu) / sd, (float(self.high) - mu) / sd  # type: ignore
            z = special.ndtr(be) - special.ndtr(al)
            phi = lambda x: math.exp(-x * x / 2) / math.sqrt(2 * math.pi)  # noqa: E731
            return mu + sd * (phi(al) - phi(be)) / z
        if d == "lognormal":
            return float(self.median) * math.exp(float(self.sigma) ** 2 / 2)  # type: ignore
        vals = list(self.values or ())
        w = list(self.weights) if self.weights is not None else [1.0] * len(vals)
        return sum(v * x for v, x in zip(vals, w, strict=True)) / sum(w)

    def support(self) -> tuple[float, float]:
        """The smallest and largest value a draw can take.  A lognormal's top is its quantile
        at ``1 - EPS``, where :meth:`quantile` clips the uniforms: a draw never exceeds it
        (about ``median * exp(7.03 * sigma)``), so a narrow lognormal fits a bounded field
        (a calibrated duration's mean)."""
        d = self.dist
        if d in ("uniform", "triangular", "truncnormal"):
            return float(self.low), float(self.high)  # type: ignore[arg-type]
        if d == "beta":
            return 0.0, 1.0
        if d == "lognormal":
            return 0.0, float(self.quantile(1 - EPS))
        return min(self.values or (0.0,)), max(self.values or (0.0,))

    def open_ends(self) -> tuple[bool, bool]:
        """Whether the support's ends are never drawn: a beta's 0 and 1, a lognormal's 0."""
        return (self.dist in ("beta", "lognormal"), self.dist == "beta")

    def __repr__(self) -> str:
        return f"Uncertain({self.name!r}, {self.describe()})"

    def describe(self) -> str:
        """``beta(a=55, b=45)``: the distribution as written."""
        return f"{self.dist}(" + ", ".join(f"{k}={_num(getattr(self, k))}"
                                           for k in self.given()) + ")"


def _num(v: Any) -> str:
    if isinstance(v, tuple):
        return "[" + ", ".join(f"{x:g}" for x in v) + "]"
    return f"{v:g}"


def uncertain_field(doc: str) -> Any:
    """The Scenario field holding its uncertain inputs."""
    return _f(doc, named=Uncertain, default=())


# -- the field a path names -------------------------------------------------------------------
def _strip(tp: Any) -> Any:
    if get_origin(tp) in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        return args[0]
    return tp


def field_at(root: type, path: str) -> tuple[type, typing.Mapping[str, Any]]:
    """``(int or float, bounds metadata)`` of the numeric field at ``path`` in the dataclass
    ``root`` (the Scenario), or ``KeyError`` saying why the path names no numeric field.  A
    distribution's parameters (``duration.mean``) and a duration given as a number of days
    (``duration``) count as floats >= 0."""
    seg = path.split(".")
    if seg[0] not in ("roles", "resources") or len(seg) < 3:
        raise KeyError("give a numeric field under roles.<role> or resources.<resource>, e.g. "
                       "roles.officer.stages.interview.pass_rate")
    tp: Any = root
    meta: typing.Mapping[str, Any] = {}
    i = 0
    while i < len(seg):
        tp = _strip(tp)
        if tp is Distribution:
            if i != len(seg) - 1:
                raise KeyError(f"{'.'.join(seg[:i + 1])}: a distribution's parameter has no "
                               "fields")
            limit = MAX_CV if seg[i] == "cv" else MAX_DURATION_DAYS
            return float, {"ge": 0, "le": limit}
        if not (isinstance(tp, type) and dataclasses.is_dataclass(tp)):
            raise KeyError(f"{'.'.join(seg[:i])} is not a table: it has no field {seg[i]!r}")
        fields = {f.metadata.get("key", f.name): f for f in dataclasses.fields(tp)
                  if f.init and not f.metadata.get("internal")}
        f = fields.get(seg[i])
        if f is None:
            raise KeyError(f"no field {seg[i]!r} in {'.'.join(seg[:i]) or 'the scenario'}; "
                           f"fields: {', '.join(sorted(fields))}")
        meta = f.metadata
        tp = _strip(get_type_hints(tp)[f.name])
        if "named" in meta or (get_origin(tp) is tuple and dataclasses.is_dataclass(
                get_args(tp)[0])):
            tp = meta["named"] if "named" in meta else get_args(tp)[0]
            i += 1  # the entry's name (or index), checked against the scenario's raw data
            if i == len(seg) - 1:
                raise KeyError(f"{'.'.join(seg)}: give a field of the entry")
        i += 1
    tp = _strip(tp)
    if tp is Distribution:  # a duration given as a number of days
        return float, {"ge": 0, "le": MAX_DURATION_DAYS}
    if tp not in (int, float) or meta.get("counts"):
        raise KeyError(f"{path} is not a numeric field")
    return tp, meta


def _bounds_problem(meta: typing.Mapping[str, Any], lo: float, hi: float,
                    open_ends: tuple[bool, bool] = (False, False)) -> str | None:
    parts = []
    bad = False
    if "ge" in meta:
        parts.append(f">= {meta['ge']}")
        bad |= lo < meta["ge"]
    if "gt" in meta:
        parts.append(f"> {meta['gt']}")
        bad |= lo < meta["gt"] or (lo == meta["gt"] and not open_ends[0])
    if "le" in meta:
        parts.append(f"<= {meta['le']}")
        bad |= hi > meta["le"]
    if "lt" in meta:
        parts.append(f"< {meta['lt']}")
        bad |= hi > meta["lt"] or (hi == meta["lt"] and not open_ends[1])
    if not bad:
        return None
    return (f"the distribution's draws range over [{lo:g}, {hi:g}], outside the field's bounds "
            f"({' and '.join(parts)}); narrow or truncate it (e.g. truncnormal, or beta for a "
            "rate)")


# -- checks ----------------------------------------------------------------------------------
def uncertain_problems(sc: Scenario) -> list[tuple[str, str]]:
    """Every problem of ``sc.uncertain`` as ``(uncertain."<path>".<field>, message)``."""
    from .extends import child

    out: list[tuple[str, str]] = []
    raw = sc.to_dict()
    for u in sc.uncertain:
        here = f'uncertain."{u.name}"'
        before = len(out)
        out.extend(_param_problems(u, here))
        try:
            node: Any = raw
            for part in u.name.split("."):
                node = child(node, part, u.name)
            tp, meta = field_at(type(sc), u.name)
        except KeyError as exc:
            out.append((here, f"no such input: {exc.args[0]}"))
            continue
        if isinstance(node, bool) or not isinstance(node, int | float):
            out.append((here, f"not a number in this scenario (it holds {node!r:.60}); give "
                              "the path of a number, e.g. a duration's mean (duration.mean)"))
            continue
        if len(out) > before:
            continue
        lo, hi = u.support()
        if tp is int:
            lo, hi = float(round(lo)), float(round(hi)) if math.isfinite(hi) else hi
        why = _bounds_problem(meta, lo, hi, u.open_ends() if tp is float else (False, False))
        if why:
            out.append((f"{here}.dist", why))
    return out


def _param_problems(u: Uncertain, here: str) -> list[tuple[str, str]]:
    """Parameters the distribution does not take, lacks, or that are out of range."""
    if u.dist == "none":  # removed by from_dict before building; never reaches here
        return [(f"{here}.dist", "'none' removes an inherited input; nothing to remove here")]
    alts, optional = _PARAMS[u.dist]
    given = set(u.given())
    takes = " or ".join("(" + ", ".join(a) + ")" for a in alts) + (
        f"; optional {', '.join(optional)}" if optional else "")
    out = [(f"{here}.{k}", f"{u.dist} does not take {k!r}; it takes {takes}")
           for k in _ALL_PARAMS if k in given and not any(k in a for a in alts)
           and k not in optional]
    match = [a for a in alts if set(a) <= given]
    if not match:
        out.append((f"{here}.dist", f"{u.dist} needs {takes}; given: "
                                    f"{', '.join(sorted(given)) or 'none'}"))
        return out
    extra = given - set(match[0]) - set(optional)
    out += [(f"{here}.{k}", f"{u.dist} given by {', '.join(match[0])} does not also take "
                            f"{k!r}") for k in sorted(extra) if any(k in a for a in alts)]
    if out:
        return out
    return _value_problems(u, here)


def _value_problems(u: Uncertain, here: str) -> list[tuple[str, str]]:
    d, out = u.dist, []
    if d in ("uniform", "triangular", "truncnormal") and not u.low < u.high:  # type: ignore
        out.append((f"{here}.high", f"must be > low ({u.low:g}), got {u.high:g}"))
    if d == "triangular" and not u.low <= u.mode <= u.high:  # type: ignore[operator]
        out.append((f"{here}.mode", f"must lie in [low, high] = [{u.low:g}, {u.high:g}], got "
                                    f"{u.mode:g}"))
    if d == "truncnormal" and u.low < u.high:  # type: ignore[operator]
        from scipy import special

        mu, sd = float(u.mean), float(u.sd)  # type: ignore[arg-type]
        mass = special.ndtr((u.high - mu) / sd) - special.ndtr((u.low - mu) / sd)  # type: ignore
        if not mass > 1e-9:
            out.append((f"{here}.mean", f"[low, high] = [{u.low:g}, {u.high:g}] holds almost "
                                        f"none of the normal({mu:g}, {sd:g}); move the mean or "
                                        "widen the range"))
    if d == "beta" and u.mean is not None:
        m, s = float(u.mean), float(u.sd or 0.0)
        if not 0 < m < 1:
            out.append((f"{here}.mean", f"a beta's mean must be in (0, 1), got {m:g}"))
        elif not s**2 < m * (1 - m):
            out.append((f"{here}.sd", f"a beta with mean {m:g} needs sd < "
                                      f"{math.sqrt(m * (1 - m)):.4g}, got {s:g}"))
    if d == "discrete":
        vals, w = u.values or (), u.weights
        if not all(math.isfinite(x) and abs(x) <= MAX_PARAM for x in (*vals, *(w or ()))):
            out.append((f"{here}.values", f"values and weights must be finite numbers of at "
                                          f"most {MAX_PARAM:g} in magnitude"))
        if not 1 <= len(vals) <= MAX_DISCRETE:
            out.append((f"{here}.values", f"give 1 to {MAX_DISCRETE} values, got {len(vals)}"))
        if w is not None:
            if len(w) != len(vals):
                out.append((f"{here}.weights", f"give one weight per value ({len(vals)}), got "
                                               f"{len(w)}"))
            elif any(x < 0 for x in w) or not sum(w) > 0:
                out.append((f"{here}.weights", "weights must be >= 0 with a positive sum"))
    return out
