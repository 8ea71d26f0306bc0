"""Duration distributions: small, validated, immutable value objects.

Every distribution has a readable ``repr``, a ``mean`` (days), ``sample(rng, size)`` that takes
its generator explicitly, a ``cdf`` and ``day_pmf()``: the exact probabilities of the duration
rounded to whole days (``floor(x + 0.5)``), which is how screening stages without a capacity
limit advance (see ``hiringsim.model``).  The pmf is computed from the closed-form CDF, so no
scipy import is needed to run a model.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

__all__ = [
    "Distribution",
    "Empirical",
    "Exponential",
    "Fixed",
    "Gamma",
    "Lognormal",
    "Triangular",
    "distribution_from_spec",
    "spec_json_schema",
]

#: probability mass left out of the upper tail of a whole-day pmf (then renormalised)
TAIL = 1e-9

#: whole-day pmfs stop at this many days: one more than the longest horizon a scenario may have
#: (40 years of 366 days), so a duration this long ends after any simulated period and the mass
#: of a heavier tail is put on this last day instead of being resolved day by day
MAX_DAYS = 40 * 366 + 1

#: the largest duration (days) a spec may give as a mean, value or bound: 10 years
MAX_DURATION_DAYS = 3653

#: the largest coefficient of variation (sd / mean) of gamma and lognormal durations: beyond it
#: nearly all of the mass sits at zero and the rest in a tail of centuries
MAX_CV = 10.0

#: the most observed values an empirical distribution may hold
MAX_VALUES = 10_000

#: the largest relative weight of an empirical value (weights are counts or proportions)
MAX_WEIGHT = 1e9


class Distribution:
    """Base class: subclasses are frozen dataclasses."""

    kind: ClassVar[str] = ""

    @property
    def mean(self) -> float:  # pragma: no cover - abstract
        raise NotImplementedError

    def cdf(self, x: float) -> float:  # pragma: no cover - abstract
        raise NotImplementedError

    def sample(  # pragma: no cover - abstract
        self, rng: np.random.Generator, size: int | None = None
    ) -> float | np.ndarray:
        """A draw (``size=None``) or an array of ``size`` draws, in days."""
        raise NotImplementedError

    def below(self, x: float) -> float:
        """P(X < x): the CDF's left limit (equal to ``cdf`` for continuous distributions)."""
        return self.cdf(x)

    def upper(self) -> float:
        """A point beyond which at most ``TAIL`` of the mass lies."""
        hi = max(1.0, 2.0 * self.mean)
        while 1.0 - self.cdf(hi) > TAIL and hi < MAX_DAYS:
            hi *= 1.5
        return hi

    def day_pmf(self) -> np.ndarray:
        """P(round(X) = j) for j = 0, 1, ..., with rounding half up; sums to 1."""
        return _day_pmf(self)

    def to_spec(self) -> dict[str, Any]:
        if not dataclasses.is_dataclass(self):  # pragma: no cover - subclasses are dataclasses
            raise TypeError(f"{type(self).__name__} must be a dataclass")
        spec: dict[str, Any] = {"dist": self.kind}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value is not None:
                spec[f.name] = list(value) if isinstance(value, tuple) else value
        return spec


@lru_cache(maxsize=512)
def _day_pmf(dist: Distribution) -> np.ndarray:
    import numpy as np

    # round half up: X rounds to j when j - 0.5 <= X < j + 0.5
    hi = int(math.floor(dist.upper() + 0.5)) + 1
    capped = hi >= MAX_DAYS
    hi = min(hi, MAX_DAYS - 1)
    edges = [dist.below(j + 0.5) for j in range(hi + 1)]
    pmf = np.empty(hi + 1)
    pmf[0] = edges[0]
    pmf[1:] = np.diff(edges)
    if capped:  # a tail beyond any horizon: all of it on day MAX_DAYS
        pmf = np.append(pmf, max(0.0, 1.0 - edges[-1]))
    pmf = np.clip(pmf, 0.0, None)
    last = np.nonzero(pmf > 0)[0]
    pmf = pmf[: last[-1] + 1] if len(last) else np.array([1.0])
    pmf /= pmf.sum()
    pmf.setflags(write=False)
    return pmf


def _check_positive(kind: str, **values: float) -> None:
    for name, v in values.items():
        if not (isinstance(v, int | float) and not isinstance(v, bool)) or not math.isfinite(v):
            raise ValueError(f"{kind}: '{name}' must be a finite number, got {v!r}")
        if v <= 0:
            raise ValueError(f"{kind}: '{name}' must be > 0, got {v!r}")


@dataclass(frozen=True)
class Fixed(Distribution):
    """Always ``value`` days."""

    value: float
    kind: ClassVar[str] = "fixed"

    def __post_init__(self) -> None:
        if not math.isfinite(self.value) or self.value < 0:
            raise ValueError(f"fixed: 'value' must be a finite number >= 0, got {self.value!r}")

    @property
    def mean(self) -> float:
        return float(self.value)

    def cdf(self, x: float) -> float:
        return 1.0 if x >= self.value else 0.0

    def below(self, x: float) -> float:
        return 1.0 if x > self.value else 0.0

    def upper(self) -> float:
        return float(self.value)

    def sample(self, rng: np.random.Generator, size: int | None = None) -> float | np.ndarray:
        import numpy as np

        return float(self.value) if size is None else np.full(size, float(self.value))


@dataclass(frozen=True)
class Exponential(Distribution):
    """Memoryless durations with the given mean (days)."""

    mean_days: float
    kind: ClassVar[str] = "exponential"

    def __post_init__(self) -> None:
        _check_positive("exponential", mean=self.mean_days)

    @property
    def mean(self) -> float:
        return float(self.mean_days)

    def cdf(self, x: float) -> float:
        return 0.0 if x <= 0 else -math.expm1(-x / self.mean_days)

    def sample(self, rng: np.random.Generator, size: int | None = None) -> float | np.ndarray:
        return rng.exponential(self.mean_days, size)

    def to_spec(self) -> dict[str, Any]:
        return {"dist": "exponential", "mean": self.mean_days}

    def __repr__(self) -> str:
        return f"Exponential(mean={self.mean_days:g})"


@dataclass(frozen=True)
class Gamma(Distribution):
    """Gamma durations given by mean and coefficient of variation (sd / mean)."""

    mean_days: float
    cv: float
    kind: ClassVar[str] = "gamma"

    def __post_init__(self) -> None:
        _check_positive("gamma", mean=self.mean_days, cv=self.cv)

    @property
    def shape(self) -> float:
        return 1.0 / self.cv**2

    @property
    def scale(self) -> float:
        return self.mean_days * self.cv**2

    @property
    def mean(self) -> float:
        return float(self.mean_days)

    def cdf(self, x: float) -> float:
        return 0.0 if x <= 0 else _gammainc(self.shape, x / self.scale)

    def sample(self, rng: np.random.Generator, size: int | None = None) -> float | np.ndarray:
        return rng.gamma(self.shape, self.scale, size)

    def to_spec(self) -> dict[str, Any]:
        return {"dist": "gamma", "mean": self.mean_days, "cv": self.cv}

    def __repr__(self) -> str:
        return f"Gamma(mean={self.mean_days:g}, cv={self.cv:g})"


@dataclass(frozen=True)
class Lognormal(Distribution):
    """Lognormal durations given by mean and coefficient of variation."""

    mean_days: float
    cv: float
    kind: ClassVar[str] = "lognormal"

    def __post_init__(self) -> None:
        _check_positive("lognormal", mean=self.mean_days, cv=self.cv)

    @property
    def sigma(self) -> float:
        return math.sqrt(math.log1p(self.cv**2))

    @property
    def mu(self) -> float:
        return math.log(self.mean_days) - 0.5 * self.sigma**2

    @property
    def mean(self) -> float:
        return float(self.mean_days)

    def cdf(self, x: float) -> float:
        if x <= 0:
            return 0.0
        return 0.5 * math.erfc(-(math.log(x) - self.mu) / (self.sigma * math.sqrt(2.0)))

    def sample(self, rng: np.random.Generator, size: int | None = None) -> float | np.ndarray:
        return rng.lognormal(self.mu, self.sigma, size)

    def to_spec(self) -> dict[str, Any]:
        return {"dist": "lognormal", "mean": self.mean_days, "cv": self.cv}

    def __repr__(self) -> str:
        return f"Lognormal(mean={self.mean_days:g}, cv={self.cv:g})"


@dataclass(frozen=True)
class Triangular(Distribution):
    """Triangular durations on [low, high] with the given mode."""

    low: float
    mode: float
    high: float
    kind: ClassVar[str] = "triangular"

    def __post_init__(self) -> None:
        vals = (self.low, self.mode, self.high)
        if not all(isinstance(v, int | float) and math.isfinite(v) for v in vals):
            raise ValueError(f"triangular: low, mode, high must be finite numbers, got {vals}")
        if not (0 <= self.low <= self.mode <= self.high) or self.low == self.high:
            raise ValueError(
                "triangular: need 0 <= low <= mode <= high and low < high, "
                f"got low={self.low}, mode={self.mode}, high={self.high}"
            )

    @property
    def mean(self) -> float:
        return (self.low + self.mode + self.high) / 3.0

    def cdf(self, x: float) -> float:
        a, c, b = self.low, self.mode, self.high
        if x <= a:
            return 0.0
        if x >= b:
            return 1.0
        if x <= c:
            return (x - a) ** 2 / ((b - a) * (c - a))
        return 1.0 - (b - x) ** 2 / ((b - a) * (b - c))

    def upper(self) -> float:
        return float(self.high)

    def sample(self, rng: np.random.Generator, size: int | None = None) -> float | np.ndarray:
        return rng.triangular(self.low, self.mode, self.high, size)


@dataclass(frozen=True)
class Empirical(Distribution):
    """Observed durations (days), drawn with the given weights (equal by default)."""

    values: tuple[float, ...]
    weights: tuple[float, ...] | None = None
    kind: ClassVar[str] = "empirical"

    def __post_init__(self) -> None:
        if len(self.values) == 0:
            raise ValueError("empirical: 'values' must hold at least one duration")
        if any((not math.isfinite(v)) or v < 0 for v in self.values):
            raise ValueError("empirical: every value must be a finite number of days >= 0")
        if self.weights is not None:
            if len(self.weights) != len(self.values):
                raise ValueError(
                    f"empirical: 'weights' must have one entry per value "
                    f"({len(self.values)}), got {len(self.weights)}"
                )
            if any((not math.isfinite(w)) or w < 0 for w in self.weights) or sum(self.weights) <= 0:
                raise ValueError("empirical: weights must be >= 0 with a positive sum")

    def _probs(self) -> list[float]:
        w = self.weights or (1.0,) * len(self.values)
        total = float(sum(w))
        return [x / total for x in w]

    @property
    def mean(self) -> float:
        return float(sum(v * p for v, p in zip(self.values, self._probs(), strict=True)))

    def cdf(self, x: float) -> float:
        return float(sum(p for v, p in zip(self.values, self._probs(), strict=True) if v <= x))

    def below(self, x: float) -> float:
        return float(sum(p for v, p in zip(self.values, self._probs(), strict=True) if v < x))

    def upper(self) -> float:
        return float(max(self.values))

    def sample(self, rng: np.random.Generator, size: int | None = None) -> float | np.ndarray:
        import numpy as np

        return rng.choice(np.asarray(self.values, float), size=size, p=self._probs())

    def __repr__(self) -> str:
        return f"Empirical(n={len(self.values)}, mean={self.mean:g})"


_KINDS: dict[str, tuple[type[Distribution], tuple[str, ...], tuple[str, ...]]] = {
    # kind: (class, required keys, optional keys)
    "fixed": (Fixed, ("value",), ()),
    "exponential": (Exponential, ("mean",), ()),
    "gamma": (Gamma, ("mean", "cv"), ()),
    "lognormal": (Lognormal, ("mean", "cv"), ()),
    "triangular": (Triangular, ("low", "mode", "high"), ()),
    "empirical": (Empirical, ("values",), ("weights",)),
}


def _days(kind: str, key: str, v: Any) -> float:
    """A parameter of a spec as a float, or ``ValueError`` saying what is expected."""
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise ValueError(f"{kind}: '{key}' must be a number, got {_show(v)}")
    try:
        return float(v)
    except OverflowError:
        raise ValueError(f"{kind}: '{key}' must be a finite number, got {_show(v)}") from None


def _show(v: Any) -> str:
    text = repr(v) if not isinstance(v, int) or v.bit_length() < 200 else "a huge integer"
    return text if len(text) <= 60 else text[:57] + "..."


#: upper bounds of spec parameters, and why (also stated in :func:`spec_json_schema`)
_LIMITS: dict[str, tuple[float, str]] = {
    **{k: (MAX_DURATION_DAYS, "days: 10 years") for k in ("value", "mean", "low", "mode", "high",
                                                          "values")},
    "cv": (MAX_CV, "a coefficient of variation"),
    "weights": (MAX_WEIGHT, "relative weights"),
}


def _check_limits(kind: str, spec: dict[str, Any]) -> None:
    for k, (limit, why) in _LIMITS.items():
        v = spec.get(k)
        if v is None:
            continue
        items = v if isinstance(v, list | tuple) else [v]
        if k == "values" and len(items) > MAX_VALUES:
            raise ValueError(f"{kind}: 'values' may hold at most {MAX_VALUES:,} durations, got "
                             f"{len(items):,}; fit a distribution to so many observations")
        worst = max(items, default=0.0)
        if worst > limit:
            raise ValueError(f"{kind}: '{k}' must be <= {limit:g} ({why}), got {_show(worst)}")


def distribution_from_spec(spec: Any) -> Distribution:
    """Build a distribution from a scenario value: a number (fixed days) or a table.

    Raises ``ValueError`` with a message that says what would be valid, whatever ``spec`` holds.
    """
    if isinstance(spec, Distribution):
        _check_limits(spec.kind, spec.to_spec())
        return spec
    if isinstance(spec, bool):
        raise ValueError(f"expected a number of days or a table with 'dist', got {spec!r}")
    if isinstance(spec, int | float):
        value = _days("fixed", "value", spec)
        _check_limits("fixed", {"value": value})
        return Fixed(value)
    if not isinstance(spec, dict):
        raise ValueError(
            f"expected a number of days or a table like {{dist = \"gamma\", mean = 30, cv = 0.5}}, "
            f"got {_show(spec)}"
        )
    kind = spec.get("dist")
    if not isinstance(kind, str) or kind not in _KINDS:
        raise ValueError(f"'dist' must be one of {sorted(_KINDS)}, got {_show(kind)}")
    cls, required, optional = _KINDS[kind]
    keys = {str(k) for k in spec} - {"dist"}
    missing = [k for k in required if k not in keys]
    unknown = sorted(keys - set(required) - set(optional))
    if missing:
        raise ValueError(f"{kind} needs {', '.join(required)}; missing {', '.join(missing)}")
    if unknown:
        valid = ", ".join(("dist",) + required + optional)
        raise ValueError(f"{kind} does not take {', '.join(unknown)} (valid keys: {valid})")
    args: list[float | tuple[float, ...] | None] = []
    for k in required + optional:
        v = spec.get(k)
        if k in ("values", "weights"):
            if v is None:
                args.append(None)
                continue
            if not isinstance(v, list | tuple) or not all(
                isinstance(x, int | float) and not isinstance(x, bool) for x in v
            ):
                raise ValueError(f"{kind}: '{k}' must be a list of numbers, got {_show(v)}")
            args.append(tuple(_days(kind, k, x) for x in v))
        else:
            args.append(_days(kind, k, v))
    _check_limits(kind, dict(zip(required + optional, args, strict=True)))
    return cls(*args)


def spec_json_schema() -> dict[str, Any]:
    """JSON Schema of a duration spec: a number of days or a table of one of the kinds."""
    def param(k: str) -> dict[str, Any]:
        number: dict[str, Any] = {"type": "number", "minimum": 0}
        if k in _LIMITS:
            number["maximum"] = _LIMITS[k][0]
        if k in ("values", "weights"):
            out: dict[str, Any] = {"type": "array", "items": number, "minItems": 1}
            if k == "values":
                out["maxItems"] = MAX_VALUES
            return out
        return number

    kinds = []
    for kind, (_cls, required, optional) in _KINDS.items():
        props = {"dist": {"const": kind}, **{k: param(k) for k in required + optional}}
        kinds.append({"type": "object", "properties": props, "required": ["dist", *required],
                      "additionalProperties": False})
    return {
        "description": f"days: a number (fixed) or {{dist = {'|'.join(_KINDS)}, ...}}; means "
                       f"and bounds at most {MAX_DURATION_DAYS} days (10 years), cv at most "
                       f"{MAX_CV:g}",
        "anyOf": [{"type": "number", "minimum": 0, "maximum": MAX_DURATION_DAYS}, *kinds],
    }


def _gammainc(a: float, x: float) -> float:
    """Regularised lower incomplete gamma P(a, x) (series / continued fraction)."""
    if x <= 0:
        return 0.0
    gln = math.lgamma(a)
    if x < a + 1.0:
        term = total = 1.0 / a
        ap = a
        for _ in range(10_000):
            ap += 1.0
            term *= x / ap
            total += term
            if abs(term) < abs(total) * 1e-15:
                break
        return min(1.0, total * math.exp(-x + a * math.log(x) - gln))
    tiny = 1e-300
    b = x + 1.0 - a
    c = 1.0 / tiny
    d = 1.0 / b
    h = d
    for i in range(1, 10_000):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = tiny if abs(d) < tiny else d
        c = b + an / c
        c = tiny if abs(c) < tiny else c
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-15:
            break
    return max(0.0, 1.0 - math.exp(-x + a * math.log(x) - gln) * h)
