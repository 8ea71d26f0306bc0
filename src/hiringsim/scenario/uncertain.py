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

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, get_args

from .fields import field_of as _f

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np


__all__ = ["DISTS", "UNCERTAIN_RULE", "Uncertain", "uncertain_field"]

#: the distributions an uncertain input may take ("none" in a variant removes an inherited one)
Dist = Literal["uniform", "triangular", "beta", "truncnormal", "lognormal", "discrete", "none"]
DISTS: tuple[str, ...] = get_args(Dist)

#: the parameters of each distribution: alternatives of required keys, and optional keys
PARAMS: dict[str, tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]] = {
    "uniform": ((("low", "high"),), ()),
    "triangular": ((("low", "mode", "high"),), ()),
    "beta": ((("a", "b"), ("mean", "sd")), ()),
    "truncnormal": ((("mean", "sd", "low", "high"),), ()),
    "lognormal": ((("median", "sigma"),), ()),
    "discrete": ((("values",),), ("weights",)),
}
ALL_PARAMS = ("low", "mode", "high", "a", "b", "mean", "sd", "median", "sigma", "values",
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
        return tuple(k for k in ALL_PARAMS if getattr(self, k) is not None)

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
