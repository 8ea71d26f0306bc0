"""Distribution value objects and the whole-day sampler both modes share."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from hiringsim.distributions import (
    Empirical,
    Exponential,
    Fixed,
    Gamma,
    Lognormal,
    Triangular,
    distribution_from_spec,
)
from hiringsim.model.sampling import whole_days

DISTS = [Gamma(21, 0.5), Lognormal(45, 0.6), Exponential(10), Triangular(3, 7, 14),
         Fixed(2.5), Empirical((1.0, 2.0, 5.4), (1.0, 2.0, 1.0))]


@pytest.mark.parametrize("dist", DISTS, ids=repr)
def test_whole_day_sampler_follows_the_pmf(dist):
    """Alias-table draws follow day_pmf (chi-square goodness of fit at the 0.1% level)."""
    pmf = dist.day_pmf()
    x = whole_days(dist, np.random.default_rng(7), 200_000).astype(int)
    counts = np.bincount(x, minlength=len(pmf))
    assert len(counts) == len(pmf)
    if np.count_nonzero(pmf) == 1:  # a single possible value: every draw is it
        assert np.all(counts == pmf * len(x))
        return
    keep = pmf * len(x) >= 5  # chi-square needs expected counts of 5 or more
    expected = pmf[keep] * len(x)
    observed = counts[keep]
    expected = expected * observed.sum() / expected.sum()
    assert stats.chisquare(observed, expected).pvalue > 1e-3


@pytest.mark.parametrize("dist", DISTS, ids=repr)
def test_pmf_mean_is_close_to_the_mean(dist):
    """Rounding to whole days moves the mean by at most half a day."""
    pmf = dist.day_pmf()
    assert pmf.sum() == pytest.approx(1.0)
    assert abs((np.arange(len(pmf)) * pmf).sum() - dist.mean) <= 0.5 + 1e-9


def test_rounding_is_half_up():
    """2.5 days rounds to 3, 2.49 to 2 (round half up)."""
    assert np.argmax(Fixed(2.5).day_pmf()) == 3
    assert np.argmax(Fixed(2.49).day_pmf()) == 2


@pytest.mark.parametrize(("spec", "match"), [
    ({"dist": "gamma", "mean": 10}, "missing cv"),
    ({"dist": "gamma", "mean": -1, "cv": 0.5}, "must be > 0"),
    ({"dist": "weibull", "mean": 1}, "must be one of"),
    ({"dist": "fixed", "value": 3, "cv": 1}, "does not take cv"),
    ({"dist": "triangular", "low": 5, "mode": 2, "high": 9}, "low <= mode <= high"),
    ("ten", "expected a number"),
])
def test_bad_specs_say_what_is_valid(spec, match):
    """A bad distribution table is refused with what would be valid."""
    with pytest.raises(ValueError, match=match):
        distribution_from_spec(spec)


def test_readable_repr_and_round_trip():
    """Distributions print readably and their spec rebuilds an equal value."""
    g = Gamma(30, 0.5)
    assert repr(g) == "Gamma(mean=30, cv=0.5)"
    for d in DISTS:
        assert distribution_from_spec(d.to_spec()) == d
