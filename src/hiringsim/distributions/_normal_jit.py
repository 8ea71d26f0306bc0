"""The normal quantile's loop, compiled (numba): AS241 (PPND16) each uniform in turn, only the
branch it needs (the array form evaluated all six polynomials for every uniform).  The
constants and the accuracy are those of :mod:`hiringsim.distributions.quantile`, which passes
the tail's ``sqrt(-log(min(p, 1 - p)))`` computed by numpy, so every value is the array form's
to the bit (``tests/test_quantile_regions.py``).  Imported only when a normal quantile is taken."""

from __future__ import annotations

import numba
import numpy as np

from .quantile import _A, _B, _C, _D, _E, _F

__all__ = ["ppnd16"]

_COEF = np.array([_A, _B, _C, _D, _E, _F])  # six polynomials of degree 7, lowest term first


@numba.njit(cache=True)
def _poly(j, r):  # pragma: no cover - compiled
    """Horner's rule, highest term first, as :func:`hiringsim.distributions.quantile._poly`."""
    out = _COEF[j, 7]
    for k in range(6, -1, -1):
        out = out * r + _COEF[j, k]
    return out


@numba.njit(cache=True)
def ppnd16(p, tail):  # pragma: no cover - compiled
    """The standard normal quantile at each ``p`` (``tail``: numpy's sqrt(-log(min(p, 1-p))))."""
    z = np.empty(p.shape[0])
    for i in range(p.shape[0]):
        q = p[i] - 0.5
        if p[i] <= 0.0:
            z[i] = -np.inf
        elif p[i] >= 1.0:
            z[i] = np.inf
        elif abs(q) <= 0.425:
            r = 0.180625 - q * q
            z[i] = q * _poly(0, r) / _poly(1, r)
        else:
            t = tail[i]
            zt = _poly(2, t - 1.6) / _poly(3, t - 1.6) if t <= 5.0 else (
                _poly(4, t - 5.0) / _poly(5, t - 5.0))
            z[i] = -zt if q < 0 else zt
    return z
