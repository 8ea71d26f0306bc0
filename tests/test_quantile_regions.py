"""The normal quantile, each region evaluated only where it applies, equals to the bit the
formula that evaluates every region everywhere and then chooses (AS241 as first written)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from hiringsim.distributions.quantile import _A, _B, _C, _D, _E, _F, normal


def _poly(c, r):
    """Horner's rule with whole arrays, highest term first (as the compiled loop)."""
    out = np.full_like(r, c[-1])
    for k in c[-2::-1]:
        out = out * r + k
    return out


def _everywhere(u):
    p = np.asarray(u, dtype=float)
    q = p - 0.5
    with np.errstate(divide="ignore", invalid="ignore"):
        r = 0.180625 - q * q
        z = q * _poly(_A, r) / _poly(_B, r)
        tail = np.sqrt(-np.log(np.minimum(p, 1.0 - p)))
        zt = np.where(tail <= 5.0, _poly(_C, tail - 1.6) / _poly(_D, tail - 1.6),
                      _poly(_E, tail - 5.0) / _poly(_F, tail - 5.0))
    z = np.where(np.abs(q) <= 0.425, z, np.where(q < 0, -zt, zt))
    return np.where(p <= 0.0, -np.inf, np.where(p >= 1.0, np.inf, z))


def _same(a, b) -> bool:
    a, b = np.asarray(a), np.asarray(b)
    return a.shape == b.shape and np.array_equal(a.view(np.int64), b.view(np.int64))


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), n=st.integers(0, 3000), power=st.sampled_from([1, 4, 60]))
def test_by_region_is_the_same_float(seed, n, power):
    """Uniforms as fast mode draws them (53 bits), pushed into the tails: the same floats."""
    rng = np.random.default_rng(seed)
    u = (rng.integers(0, 2**53, n) * 2.0**-53) ** power
    u[: n // 3] = 1.0 - u[: n // 3]
    assert _same(normal(u), _everywhere(u))


def test_edges_and_shapes():
    """The region boundaries, 0, 1, the smallest numbers, a scalar and a 2-d array."""
    edges = np.array([0.0, 1.0, 0.5, 0.075, 0.925, np.nextafter(0.075, 0), np.nextafter(0.925, 1),
                      1e-300, 5e-324, 1.0 - 2.0**-53, np.exp(-25.0), np.exp(-25.0) * 1.0001])
    assert _same(normal(edges), _everywhere(edges))
    assert _same(normal(0.3), _everywhere(0.3))
    assert _same(normal(edges[:8].reshape(2, 4)), _everywhere(edges[:8].reshape(2, 4)))
    assert normal(np.zeros(0)).shape == (0,)
