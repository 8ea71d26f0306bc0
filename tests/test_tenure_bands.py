"""Tenure from unit-exponential draws, compiled (model/_tenure_jit.py), against the whole-array
band-by-band expressions it replaced: the same floats to the bit."""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from hiringsim.model.sampling import tenure_from_exp
from hiringsim.scenario import Attrition, Band
from hiringsim.schedules import YEAR


def _arrays(att: Attrition, e: np.ndarray, initial: bool) -> np.ndarray:
    """The former whole-array form."""
    out = np.full(e.shape, np.inf)
    todo = np.ones(e.shape, dtype=bool)
    start_years = 0.0
    acc = 0.0
    for band in () if initial else att.bands:
        h = -math.log1p(-band.annual_rate)
        cap = h * (band.until_years - start_years)
        if h > 0:
            left = e - acc
            hit = todo & (left <= cap)
            out = np.where(hit, (start_years + left / h) * YEAR, out)
            todo &= ~hit
        acc = acc + cap
        start_years = band.until_years
    h = -math.log1p(-att.annual_rate)
    if h > 0:
        out = np.where(todo, (start_years + (e - acc) / h) * YEAR, out)
    return out


rates = st.sampled_from([0.0, 0.01, 0.05, 0.08, 0.3, 0.9])


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), rate=rates, band_rates=st.lists(rates, max_size=3),
       initial=st.booleans())
def test_compiled_is_the_array_form(seed, rate, band_rates, initial):
    """Random bands (some with no hazard), draws with 0, inf and NaN among them."""
    rng = np.random.default_rng(seed)
    until = np.cumsum(rng.integers(1, 4, len(band_rates))).tolist()
    att = Attrition(annual_rate=rate, bands=tuple(
        Band(until_years=float(u), annual_rate=r) for u, r in zip(until, band_rates,
                                                                   strict=True)))
    e = np.concatenate([rng.exponential(1.0, 200), [0.0, np.inf, np.nan, 1e-300, 50.0]])
    got = tenure_from_exp(att, e, initial=initial)
    assert np.array_equal(got.view(np.int64), _arrays(att, e, initial).view(np.int64))
    grid = e[:6].reshape(2, 3)  # any shape, and one float
    assert np.array_equal(tenure_from_exp(att, grid, initial=initial),
                          _arrays(att, grid, initial))
    assert tenure_from_exp(att, 0.5).shape == ()
