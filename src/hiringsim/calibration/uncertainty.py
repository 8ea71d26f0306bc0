"""The uncertainty of each fitted input: a distribution a planner can draw the input from.

Every fitted value gets a distribution that stands for what the data say about it (a
flat-prior posterior, approximately), in the vocabulary of a scenario's uncertain inputs:

- a proportion estimated from counts (a pass rate with ``passed`` and ``failed``, the academy
  graduation rate) is ``beta(a, b)`` with the Jeffreys posterior's effective counts
  ``a = k / phi + 1/2``, ``b = (n - k) / phi + 1/2``;
- any other probability (a pass rate from ``passed`` alone, a weekly withdrawal probability,
  an annual attrition rate) is the ``beta(a, b)`` whose two quantiles are the ends of the
  estimator's interval;
- a positive quantity (applications per week, a mean duration or service time) is
  ``lognormal(median, sigma)`` with the interval's ends as its quantiles
  (``median = sqrt(low x high)``, ``sigma = ln(high / low) / (2 z)``); a likelihood-ratio
  interval of a rate or a mean is close to symmetric on the log scale.

Both kinds of error are in it.  The sampling error of the data is the likelihood (binomial or
Poisson counts, a profile likelihood for durations and attrition); model misspecification is
counted by quasi-likelihood: ``phi`` is the Pearson chi-square of the fitted series over its
degrees of freedom (:func:`dispersion`), the counts are divided by it (the log-likelihood too),
so every interval is widened by about ``sqrt(phi)``.  Where the model's own counts are binomial
or Poisson, ``phi`` is not taken below 1 (less scatter than the model's own cannot be
misspecification, only chance); for the timing of exits given entrants, which is less variable
than Poisson, the estimated ``phi`` is used as it is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import numpy.typing as npt

__all__ = ["InputDistribution", "beta_counts", "dispersion", "from_interval", "is_probability",
           "pearson"]

#: dispersion factors are kept within these bounds (a few periods give a noisy chi-square)
PHI_BOUNDS = (0.2, 10.0)


@dataclass(frozen=True)
class InputDistribution:
    """A fitted input's distribution: ``dist`` and its parameters, by name, in the order the
    scenario's uncertain-input syntax takes them (``beta``: a, b; ``lognormal``: median,
    sigma; ``uniform``: low, high)."""

    dist: str
    params: tuple[tuple[str, float], ...]

    def ppf(self, q: npt.ArrayLike) -> np.ndarray:
        """Quantiles."""
        from scipy.special import betaincinv, ndtri

        q = np.asarray(q, float)
        p = dict(self.params)
        if self.dist == "beta":
            return np.asarray(betaincinv(p["a"], p["b"], q), float)
        if self.dist == "lognormal":
            return p["median"] * np.exp(p["sigma"] * ndtri(q))
        if self.dist == "uniform":
            return p["low"] + q * (p["high"] - p["low"])
        raise ValueError(f"unknown distribution {self.dist!r}")

    @property
    def mean(self) -> float:
        p = dict(self.params)
        if self.dist == "beta":
            return p["a"] / (p["a"] + p["b"])
        if self.dist == "lognormal":
            return p["median"] * math.exp(p["sigma"] ** 2 / 2)
        return (p["low"] + p["high"]) / 2

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """``size`` draws with the generator given (inverse cdf of uniforms)."""
        return self.ppf(rng.random(size))

    def toml(self) -> list[str]:
        """The ``dist = ...`` and parameter lines of an uncertain input's table."""
        return [f'dist = "{self.dist}"'] + [f"{k} = {v:.6g}" for k, v in self.params]

    def __repr__(self) -> str:
        return f"{self.dist}({', '.join(f'{k}={v:.4g}' for k, v in self.params)})"


def _z(confidence: float) -> float:
    return NormalDist().inv_cdf(0.5 + confidence / 2)


def pearson(observed: npt.ArrayLike, expected: npt.ArrayLike,
            variance: npt.ArrayLike | None = None) -> tuple[float, int]:
    """Pearson chi-square of observed counts against their expectations (variance: Poisson
    unless given) and the number of terms, over the terms with a positive variance."""
    o, e = np.asarray(observed, float), np.asarray(expected, float)
    v = e if variance is None else np.asarray(variance, float)
    keep = v > 1e-9
    return float(((o[keep] - e[keep]) ** 2 / v[keep]).sum()), int(keep.sum())


def dispersion(chi2: float, df: int, *, floor: float = 1.0) -> float:
    """Quasi-likelihood dispersion ``chi2 / df`` within ``[floor, 10]`` (1 without degrees of
    freedom)."""
    if df <= 0 or not math.isfinite(chi2):
        return max(1.0, floor)
    return min(max(chi2 / df, floor, PHI_BOUNDS[0]), PHI_BOUNDS[1])


def beta_counts(k: float, n: float, phi: float = 1.0) -> InputDistribution:
    """Jeffreys posterior of a proportion from ``k`` of ``n``, counts divided by ``phi``."""
    return InputDistribution("beta", (("a", k / phi + 0.5), ("b", (n - k) / phi + 0.5)))


def is_probability(path: str) -> bool:
    """Whether a fitted field is a probability (between 0 and 1)."""
    return path.endswith(("pass_rate", "graduation_rate", "withdraw_per_week", "annual_rate"))


def from_interval(path: str, estimate: float, low: float, high: float,
                  confidence: float) -> InputDistribution | None:
    """The distribution whose central ``confidence`` interval is ``[low, high]``: beta for a
    probability, lognormal for a positive quantity; uniform on ``[0, high]`` when the low end
    is 0 (nothing observed); None when the interval is empty."""
    if not (math.isfinite(low) and math.isfinite(high)) or high <= low:
        return None
    if low <= 0:
        return InputDistribution("uniform", (("low", 0.0), ("high", float(high))))
    if is_probability(path):
        return _beta_matching(low, high, confidence)
    z = _z(confidence)
    return InputDistribution("lognormal", (("median", math.sqrt(low * high)),
                                           ("sigma", math.log(high / low) / (2 * z))))


def _beta_matching(low: float, high: float, confidence: float) -> InputDistribution:
    """The beta with quantiles (1 -/+ confidence) / 2 at low and high (a moment-matched start,
    refined on the log of its parameters)."""
    from scipy.optimize import least_squares
    from scipy.special import betaincinv

    a_q, b_q = (1 - confidence) / 2, (1 + confidence) / 2
    z = _z(confidence)
    m = min(max((low + high) / 2, 1e-9), 1 - 1e-9)
    sd = (high - low) / (2 * z)
    nu = max(m * (1 - m) / sd**2 - 1, 1e-3)
    lo_t, hi_t = math.log(low / (1 - low)), math.log(high / (1 - high)) if high < 1 else 40.0

    def gap(x):
        a, b = np.exp(x)
        q = betaincinv(a, b, [a_q, b_q])
        q = np.clip(q, 1e-300, 1 - 1e-16)
        return np.log(q / (1 - q)) - [lo_t, hi_t]

    fit = least_squares(gap, np.log([m * nu, (1 - m) * nu]), method="lm", xtol=1e-12)
    a, b = np.exp(fit.x)
    if not np.all(np.isfinite([a, b])) or np.abs(gap(fit.x)).max() > 1e-3:  # pragma: no cover
        a, b = m * nu, (1 - m) * nu
    return InputDistribution("beta", (("a", float(a)), ("b", float(b))))
