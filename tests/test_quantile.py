"""Exact inverse CDFs (``Distribution.quantile``): scipy's ``ppf`` on a grid, and cdf(quantile)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import special, stats

from hiringsim.distributions import Empirical, Exponential, Fixed, Gamma, Lognormal, Triangular
from hiringsim.distributions import quantile as q

#: a grid of uniforms, with the extremes a 53-bit uniform can take (0 and 1 - 2**-53)
U = np.concatenate([[0.0, 2.0**-53, 1e-12, 2.0**-32, 1e-6, 1e-3], np.linspace(0.01, 0.99, 99),
                    [0.999, 1 - 1e-6, 1 - 2.0**-32, 1 - 1e-12, 1 - 2.0**-53]])


def _close(x: np.ndarray, ref: np.ndarray, rel: float, atol: float = 0.0) -> None:
    np.testing.assert_allclose(x, ref, rtol=rel, atol=atol)


def test_the_normal_quantile_is_as241():
    inner = U[(U > 0) & (U < 1)]
    _close(q.normal(inner), special.ndtri(inner), 1e-14)
    assert q.normal(0.0) == -np.inf and q.normal(1.0) == np.inf
    assert q.normal(0.5) == 0.0


@pytest.mark.parametrize("shape", [0.01, 0.1, 0.5, 0.99, 1.0, 1.7, 4.0, 25.0, 400.0, 1e4])
def test_the_gamma_quantile_inverts_p_to_1e_10(shape):
    _close(q.gamma(shape, U), special.gammaincinv(shape, U), 1e-10)


def test_a_nearly_fixed_gamma_is_wilson_hilferty_to_1e_8():
    """Shapes above WH_ONLY (cv under 0.001): the approximation alone, quickly (less exact in
    the far tails)."""
    body = U[(U >= 1e-3) & (U <= 1 - 1e-3)]
    _close(q.gamma(4e6, body), special.gammaincinv(4e6, body), 1e-8)
    _close(q.gamma(4e6, U[1:-1]), special.gammaincinv(4e6, U[1:-1]), 1e-6)
    _close(Gamma(30, 1e-4).quantile(U[1:-1]), np.full(len(U) - 2, 30.0), 1e-3)


@pytest.mark.parametrize(("mean", "cv"), [(21, 0.5), (60, 0.5), (10, 0.1), (3, 2.0), (5, 10.0)])
def test_gamma_and_lognormal_match_scipy_ppf(mean, cv):
    g = Gamma(mean, cv)
    _close(g.quantile(U), stats.gamma(g.shape, scale=g.scale).ppf(U), 1e-10)
    ln = Lognormal(mean, cv)
    _close(ln.quantile(U), stats.lognorm(ln.sigma, scale=math.exp(ln.mu)).ppf(U), 1e-13)


@pytest.mark.parametrize("mean", [0.5, 10.0, 365.0])
def test_exponential_matches_scipy_ppf(mean):
    _close(Exponential(mean).quantile(U), stats.expon(scale=mean).ppf(U), 1e-14)


@pytest.mark.parametrize(("low", "mode", "high"), [(3, 7, 14), (0, 0, 5), (2, 9, 9), (1, 1.5, 2)])
def test_triangular_matches_scipy_ppf(low, mode, high):
    ref = stats.triang((mode - low) / (high - low), loc=low, scale=high - low).ppf(U)
    # b - sqrt((1 - u) ...) cancels near u = F(mode): rounding of the width, not relative
    _close(Triangular(low, mode, high).quantile(U), ref, 1e-12, atol=1e-14 * high)


@pytest.mark.parametrize(("values", "weights"), [
    ((1.0, 2.0, 5.4), (1.0, 2.0, 1.0)), ((7.0,), None), ((3.0, 1.0, 3.0, 2.0), None),
    ((0.0, 4.0, 9.0), (0.0, 3.0, 1.0))])
def test_empirical_is_the_discrete_inverse_of_its_cdf(values, weights):
    dist = Empirical(values, weights)
    x = dist.quantile(U)
    # the least value whose cdf reaches u (scipy's rule; values of weight 0 are never drawn)
    w = np.ones(len(values)) if weights is None else np.asarray(weights, float)
    keep = w > 0
    xk, pk = np.asarray(values, float)[keep], w[keep] / w.sum()
    xs = np.unique(xk)
    ps = np.array([pk[xk == v].sum() for v in xs])
    ref = stats.rv_discrete(values=(xs, ps)).ppf(U[U > 0])
    np.testing.assert_array_equal(x[U > 0], ref)
    assert x[0] == xs[0]  # u = 0: the smallest value drawn
    for xi, ui in zip(x, U, strict=True):
        assert dist.cdf(xi) >= ui and dist.below(xi) <= ui


def test_fixed_and_one_float():
    assert Fixed(2.5).quantile(0.3) == 2.5
    np.testing.assert_array_equal(Fixed(0.0).quantile(U), np.zeros(len(U)))
    for dist in (Gamma(21, 0.5), Lognormal(45, 0.6), Exponential(10), Triangular(3, 7, 14),
                 Empirical((1.0, 2.0))):
        one = dist.quantile(0.37)
        assert isinstance(one, float)
        assert one == dist.quantile(np.array([0.2, 0.37]))[1]


#: shapes from 1/9 up (smaller ones put quantiles at 1e-9 below the smallest double)
DISTS = st.one_of(
    st.builds(Gamma, st.floats(0.5, 400), st.floats(0.05, 3)),
    st.builds(Lognormal, st.floats(0.5, 400), st.floats(0.05, 10)),
    st.builds(Exponential, st.floats(0.1, 400)),
    st.builds(lambda a, b, c: Triangular(a, a + b * (c + 0.1), a + c + 0.1),
              st.floats(0, 50), st.floats(0, 1), st.floats(0, 50)),
)


@given(DISTS, st.floats(1e-9, 1 - 1e-9))
def test_cdf_of_quantile_is_u(dist, u):
    """Continuous kinds: cdf(quantile(u)) = u (the inverse is exact to rounding)."""
    x = dist.quantile(u)
    assert x >= 0
    assert dist.cdf(x) == pytest.approx(u, rel=1e-8, abs=1e-12)
