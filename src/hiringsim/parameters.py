"""Scenario inputs addressed by dotted path with a range: what sweeps vary and goal seeking moves.

A :class:`Parameter` names one input of a scenario (``roles.officer.stages.exam.pass_rate``) and
how it may vary: a discrete list, a range, or a distribution (for sensitivity sweeps), or a
range with a ``step``, a ``cost_per_unit`` and a ``direction`` (a goal-seeking lever).  It is an
inert frozen value; its fields carry the documentation and bounds from which
:func:`hiringsim.schema.build` validates a file and :func:`hiringsim.schema.json_schema`
describes the format.  Which fields go together (a range needs low and high, a lever needs a
step) is checked by the experiment that uses it: :mod:`hiringsim.sweep` and
:meth:`Parameter.lever_problems`.
"""

from __future__ import annotations

import dataclasses
import math
import numbers
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from . import schema

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

__all__ = ["DISTS", "EPS", "KEYS", "MAX_GRID", "MAX_VALUE", "OAT_QUANTILES", "TYPES",
           "Parameter", "pfield"]

DISTS = ("uniform", "normal", "triangular", "lognormal")
TYPES = ("int", "float")
#: unit-cube samples are kept inside [EPS, 1 - EPS] before an inverse CDF, so that unbounded
#: distributions give finite values; validation checks the scenario accepts both extremes.
EPS = 1e-6
#: quantiles used as "low" and "high" in a one-at-a-time design for distributions
OAT_QUANTILES = (0.05, 0.95)
#: largest magnitude of a parameter's numbers: far beyond any scenario quantity (people, days,
#: money), and whole numbers up to it are exact in float64 (2**53 ~ 9.0e15), so int
#: parameters never overflow
MAX_VALUE = 10**15
#: most values one parameter's grid may hold -- a lever's ``(high - low) / step + 1``, a grid
#: design's ``levels`` -- so that a tiny step over a wide range cannot exhaust memory
MAX_GRID = 100_000
_BOUND = {"ge": -MAX_VALUE, "le": MAX_VALUE}


def _f(doc: str, **meta: Any) -> Any:
    default = meta.pop("default", None)
    return field(default=default, kw_only=True, metadata={"doc": doc, **meta})


def pfield(path: str, key: str | None = None, *, table: str = "parameters") -> str:
    """The field name of a parameter as written in a file: ``parameters."a.b".low``."""
    return f'{table}."{path}"' + (f".{key}" if key else "")


@dataclass(frozen=True)
class Parameter:
    """One scenario input addressed by dotted path, with the range it may take.

    For a sweep give exactly one of: ``values`` (a discrete list), ``low``/``high`` (a uniform
    range), or ``dist`` with its parameters -- ``uniform`` (low, high), ``normal`` (mean, sd;
    optional low/high truncation), ``triangular`` (low, mode, high), ``lognormal`` (mean, cv;
    optional low/high truncation).  ``type`` is ``"int"`` or ``"float"`` (default: the base
    scenario value's type); int parameters are rounded after sampling (an int range gives each
    whole number in low..high the same share).  ``levels`` sets how many values a grid design
    takes: evenly spaced with both ends for a range, the quantiles (i + 0.5) / levels for a
    distribution.  Unbounded distributions are sampled between their 1e-6 and 1 - 1e-6
    quantiles; the scenario must accept the values there (truncate with low/high otherwise).

    As a goal-seeking lever give ``low``, ``high`` and ``step`` (the values :meth:`grid`
    lists), optionally ``cost_per_unit`` (cost of one unit above the base scenario's value;
    negative: a saving) and ``direction`` (+1 if raising the value helps, -1 if lowering it
    does; default: the sign of ``cost_per_unit``, else +1).

    Examples
    --------
    >>> Parameter("resources.background.servers", low=2, high=6, step=2).grid()
    [2, 4, 6]
    >>> Parameter("roles.officer.stages.exam.pass_rate", low=0.6, high=0.8).kind
    'range'
    """

    path: str = field(metadata={"doc": "dotted scenario path, e.g. resources.background.servers"})
    values: tuple[Any, ...] | None = _f("a discrete list of values (numbers, strings or booleans)")
    low: float | None = _f("low end of the range (for a distribution: truncation)", **_BOUND)
    high: float | None = _f("high end of the range (for a distribution: truncation)", **_BOUND)
    dist: str | None = _f("distribution of an uncertain input (default: uniform on low..high)",
                          choices=DISTS)
    mean: float | None = _f("mean of a normal or lognormal distribution", **_BOUND)
    sd: float | None = _f("standard deviation of a normal distribution", gt=0, le=MAX_VALUE)
    cv: float | None = _f("coefficient of variation of a lognormal distribution (at most "
                          "1000: beyond that the distribution is all tail)", gt=0, le=1000)
    mode: float | None = _f("most likely value of a triangular distribution", **_BOUND)
    type: str | None = _f("int or float (default: the base scenario value's type)",
                          choices=TYPES)
    levels: int | None = _f("how many values a grid design takes from a range or distribution",
                            ge=2, le=MAX_GRID)
    step: float | None = _f("lever grid step: low, low + step, ..., up to high", gt=0,
                            le=MAX_VALUE)
    cost_per_unit: float | None = _f("lever cost of one unit above the base value "
                                     "(negative: a saving)", **_BOUND)
    direction: int | None = _f("lever direction: 1 if raising the value helps, -1 if lowering "
                               "it does (default: the sign of cost_per_unit, else 1)",
                               ge=-1, le=1)

    # -- views ---------------------------------------------------------------------------------
    @property
    def kind(self) -> str:
        """``values``, ``range`` (uniform low..high) or ``dist``."""
        if self.values is not None:
            return "values"
        if self.dist is None or self.dist == "uniform":
            return "range"
        return "dist"

    @property
    def is_int(self) -> bool:
        return self.type == "int"

    @property
    def sign(self) -> int:
        """+1 if raising the value helps, -1 if lowering it does (a lever's ``direction``)."""
        if self.direction is not None:
            return int(self.direction)
        return -1 if (self.cost_per_unit or 0) < 0 else 1

    def grid(self) -> list[float]:
        """A lever's values ``low, low + step, ..., <= high`` (ints when low, high, step are)."""
        low, high, step = self.low, self.high, self.step
        assert low is not None and high is not None and step is not None, "a lever's grid"
        k = int(math.floor((high - low) / step + 1e-9))
        vals = [low + i * step for i in range(k + 1)]
        if all(_is_whole(x) for x in (low, high, step)):
            return [int(round(v)) for v in vals]
        return [round(v, 12) for v in vals]

    def lever_problems(self, where: str) -> list[tuple[str, str]]:
        """Problems with this parameter as a goal-seeking lever, as ``(field, message)``.

        The field checks of the schema (types and bounds) and the lever's own: low, high and
        step are required, high >= low, direction is 1 or -1.  ``where`` prefixes the fields
        (e.g. ``levers."resources.bi.servers"``).
        """
        out: list[tuple[str, str]] = []
        for k in ("low", "high", "step"):
            v = getattr(self, k)
            if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
                out.append((f"{where}.{k}", f"expected a number, got {v!r}"))
        if out:
            return out
        assert self.low is not None and self.high is not None  # numbers: checked just above
        schema.build(Parameter, {"path": self.path, **self.to_dict()}, where, out)
        if self.high < self.low:
            out.append((f"{where}.high", f"must be >= low ({self.low}), got {self.high}"))
        elif self.step is not None and self.step > 0 and (
                (self.high - self.low) / self.step + 1 > MAX_GRID):
            out.append((f"{where}.step", f"gives {(self.high - self.low) / self.step + 1:,.0f} "
                                         f"values from {self.low} to {self.high}; at most "
                                         f"{MAX_GRID:,}: use a larger step"))
        if self.direction == 0:
            out.append((f"{where}.direction", f"must be 1 or -1, got {self.direction!r}"))
        return out

    def to_dict(self) -> dict[str, Any]:
        """The parameter as written in a file (without its path)."""
        out: dict[str, Any] = {}
        for f in dataclasses.fields(self):
            v = getattr(self, f.name)
            if f.name != "path" and v is not None:
                out[f.name] = list(v) if isinstance(v, tuple) else v
        return out

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self.to_dict().items())
        return f"Parameter({self.path!r}, {inner})"

    # -- sampling (all vectorised; scipy.stats only inside) ---------------------------------
    def from_unit(self, u: np.ndarray) -> np.ndarray:
        """Map unit-cube samples ``u`` (any shape) to parameter values (object array for lists)."""
        import numpy as np

        u = np.asarray(u, dtype=float)
        if self.kind == "values":
            values = self._values()
            k = len(values)
            idx = np.minimum((u * k).astype(np.int64), k - 1)
            return np.asarray(values, dtype=object)[idx]
        if self.kind == "range":
            lo, hi = self._range()
            if self.is_int:
                x = np.floor(lo + np.clip(u, 0.0, 1.0) * (hi - lo + 1.0))
                return np.minimum(x, hi).astype(np.int64)
            return np.clip(lo + u * (hi - lo), lo, hi)   # clip: 0.6 + 1.0 * 0.2 > 0.8
        return self.quantile(u)

    def quantile(self, q: np.ndarray | float) -> np.ndarray:
        """Inverse CDF of the parameter's distribution (ranges: uniform), rounded if int."""
        import numpy as np

        q = np.asarray(q, dtype=float)
        if self.kind == "range":
            lo, hi = self._range()
            x = np.clip(lo + q * (hi - lo), lo, hi)
        else:
            frozen = self._frozen()
            a = frozen.cdf(self.low) if self.low is not None else 0.0
            b = frozen.cdf(self.high) if self.high is not None else 1.0
            x = frozen.ppf(np.clip(a + q * (b - a), EPS, 1.0 - EPS))
            if self.low is not None or self.high is not None:
                x = np.clip(x, -np.inf if self.low is None else self.low,
                            np.inf if self.high is None else self.high)
        return np.rint(x).astype(np.int64) if self.is_int else x

    def _values(self) -> tuple[Any, ...]:
        """The discrete list of a ``values`` parameter."""
        assert self.values is not None, "only for kind == 'values'"
        return self.values

    def _range(self) -> tuple[float, float]:
        """``(low, high)`` as floats, of a range (both required by the sweep's checks)."""
        assert self.low is not None and self.high is not None, "only for kind == 'range'"
        return float(self.low), float(self.high)

    def _frozen(self) -> Any:
        from scipy import stats

        # the sweep's checks require each distribution's parameters (sweep.checks._allowed)
        if self.dist == "normal":
            return stats.norm(loc=self.mean, scale=self.sd)
        if self.dist == "lognormal":
            assert self.mean is not None and self.cv is not None
            sigma = math.sqrt(math.log1p(self.cv**2))
            return stats.lognorm(s=sigma, scale=self.mean * math.exp(-0.5 * sigma**2))
        if self.dist == "triangular":
            assert self.low is not None and self.high is not None and self.mode is not None
            width = self.high - self.low
            return stats.triang(c=(self.mode - self.low) / width, loc=self.low, scale=width)
        raise ValueError(f"no distribution {self.dist!r}")  # pragma: no cover - validated

    def grid_values(self) -> list[Any]:
        """The values a full-grid design takes: the list, evenly spaced range, or quantiles."""
        import numpy as np

        if self.kind == "values":
            return list(self._values())
        assert self.levels is not None, "a grid design requires levels (sweep.checks)"
        k = int(self.levels)
        if self.kind == "range":
            x = np.linspace(*self._range(), k)
            x = np.rint(x).astype(np.int64) if self.is_int else x
        else:
            x = self.quantile((np.arange(k) + 0.5) / k)
        return [v.item() for v in (np.unique(x) if self.is_int else x)]

    def extremes(self) -> list[tuple[str, Any]]:
        """The values a design can reach at the edges, labelled (checked against the scenario)."""
        if self.kind == "values":
            return [(f"values[{i}]", v) for i, v in enumerate(self._values())]
        if self.kind == "range":
            return [("low", self.quantile(0.0).item()), ("high", self.quantile(1.0).item())]
        return [(f"{EPS:g} quantile", self.quantile(0.0).item()),
                (f"{1 - EPS:g} quantile", self.quantile(1.0).item())]

    def oat_values(self, base_value: Any = None) -> tuple[Any, Any, Any]:
        """(low, nominal, high) for a one-at-a-time design.

        Low/high: the range ends, the list's first and last value, or the 5% and 95% quantiles
        of a distribution.  Nominal: the base scenario's value if the design can reach it, else
        the middle of the range, list or distribution.
        """
        if self.kind == "values":
            vals = list(self._values())
            lo, hi = vals[0], vals[-1]
            if all(is_number(v) for v in vals):
                lo, hi = min(vals), max(vals)
            mid = base_value if base_value in vals else vals[(len(vals) - 1) // 2]
            return lo, mid, hi
        if self.kind == "range":
            lo, hi = self.quantile(0.0).item(), self.quantile(1.0).item()
        else:
            lo, hi = (self.quantile(q).item() for q in OAT_QUANTILES)
        inside = (is_number(base_value)
                  and self.quantile(0.0).item() <= base_value <= self.quantile(1.0).item())
        mid = base_value if inside else self.quantile(0.5).item()
        if self.is_int:
            mid = int(round(mid))
        return lo, mid, hi


#: every key a parameter table may hold in a file
KEYS = tuple(f.name for f in dataclasses.fields(Parameter) if f.name != "path")


def is_number(x: Any) -> bool:
    """A real number that is not a bool."""
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


def _is_whole(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool) or (
        isinstance(x, float) and x.is_integer())
