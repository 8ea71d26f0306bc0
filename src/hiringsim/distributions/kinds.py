"""The duration distributions: fixed, exponential, gamma, lognormal, triangular, empirical."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar

from .base import Distribution, check_positive

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

__all__ = ["Empirical", "Exponential", "Fixed", "Gamma", "Lognormal", "Triangular"]


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

    def _inverse(self, u: np.ndarray) -> np.ndarray:
        import numpy as np

        return np.full(u.shape, float(self.value))


@dataclass(frozen=True)
class Exponential(Distribution):
    """Memoryless durations with the given mean (days)."""

    mean_days: float
    kind: ClassVar[str] = "exponential"

    def __post_init__(self) -> None:
        check_positive("exponential", mean=self.mean_days)

    @property
    def mean(self) -> float:
        return float(self.mean_days)

    def cdf(self, x: float) -> float:
        return 0.0 if x <= 0 else -math.expm1(-x / self.mean_days)

    def sample(self, rng: np.random.Generator, size: int | None = None) -> float | np.ndarray:
        return rng.exponential(self.mean_days, size)

    def _inverse(self, u: np.ndarray) -> np.ndarray:
        import numpy as np

        with np.errstate(divide="ignore"):
            return -self.mean_days * np.log1p(-u)

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
        check_positive("gamma", mean=self.mean_days, cv=self.cv)

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

    def _inverse(self, u: np.ndarray) -> np.ndarray:
        from .quantile import gamma

        return self.scale * gamma(self.shape, u)

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
        check_positive("lognormal", mean=self.mean_days, cv=self.cv)

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

    def _inverse(self, u: np.ndarray) -> np.ndarray:
        import numpy as np

        from .quantile import normal

        with np.errstate(over="ignore"):
            return np.exp(self.mu + self.sigma * normal(u))

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

    def _inverse(self, u: np.ndarray) -> np.ndarray:
        import numpy as np

        a, c, b = self.low, self.mode, self.high
        at_mode = (c - a) / (b - a)  # F(mode)
        with np.errstate(invalid="ignore"):
            left = a + np.sqrt(u * (b - a) * (c - a))
            right = b - np.sqrt((1.0 - u) * (b - a) * (b - c))
        return np.where(u < at_mode, left, right)


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

    def _inverse(self, u: np.ndarray) -> np.ndarray:
        """The least observed value whose ``cdf`` reaches ``u`` (values of weight 0 never)."""
        import numpy as np

        support, cum = _steps(self)
        i = np.searchsorted(cum, u, side="left")
        return support[np.minimum(i, len(support) - 1)]

    def __repr__(self) -> str:
        return f"Empirical(n={len(self.values)}, mean={self.mean:g})"


@lru_cache(maxsize=256)
def _steps(dist: Empirical) -> tuple[np.ndarray, np.ndarray]:
    """An empirical distribution's values of positive weight in order and its cdf at each."""
    import numpy as np

    probs: dict[float, float] = {}
    for v, p in zip(dist.values, dist._probs(), strict=True):
        if p > 0:
            probs[float(v)] = probs.get(float(v), 0.0) + p
    support = np.array(sorted(probs))
    cum = np.array([dist.cdf(v) for v in support])
    return support, cum


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
