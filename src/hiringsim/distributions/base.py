"""The base of every duration distribution, its whole-day pmf, and the limits of a spec."""

from __future__ import annotations

import dataclasses
import math
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

__all__ = ["MAX_CV", "MAX_DAYS", "MAX_DURATION_DAYS", "MAX_VALUES", "MAX_WEIGHT", "TAIL",
           "Distribution", "check_positive", "day_pmf"]

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

    def quantile(self, u: float | np.ndarray) -> Any:
        """The inverse CDF at ``u`` in [0, 1], exact: the least x with ``cdf(x) >= u``.

        Vectorised: an array of uniforms gives an array of durations, one number a float.
        Durations drawn by applicant (:mod:`hiringsim.model.crn`) are quantiles.
        """
        import numpy as np

        out = self._inverse(np.asarray(u, dtype=float))
        return float(out) if np.ndim(u) == 0 else out

    def _inverse(self, u: np.ndarray) -> np.ndarray:  # pragma: no cover - abstract
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
        return day_pmf(self)

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
def day_pmf(dist: Distribution) -> np.ndarray:
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


def check_positive(kind: str, **values: float) -> None:
    for name, v in values.items():
        if not (isinstance(v, int | float) and not isinstance(v, bool)) or not math.isfinite(v):
            raise ValueError(f"{kind}: '{name}' must be a finite number, got {v!r}")
        if v <= 0:
            raise ValueError(f"{kind}: '{name}' must be > 0, got {v!r}")
