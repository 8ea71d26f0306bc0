"""Duration distributions: small, validated, immutable value objects.

Every distribution has a readable ``repr``, a ``mean`` (days), ``sample(rng, size)`` that takes
its generator explicitly, a ``cdf`` and ``day_pmf()``: the exact probabilities of the duration
rounded to whole days (``floor(x + 0.5)``), which is how screening stages without a capacity
limit advance (see ``hiringsim.model``).  The pmf is computed from the closed-form CDF, so no
scipy import is needed to run a model.
"""

from .base import Distribution
from .kinds import Empirical, Exponential, Fixed, Gamma, Lognormal, Triangular
from .spec import distribution_from_spec, spec_json_schema

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
