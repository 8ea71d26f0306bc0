"""The normal quantile's loop, compiled (numba): AS241 (PPND16) each uniform in turn, only the
branch it needs (the array form evaluated all six polynomials for every uniform).  The
constants and the accuracy are those of :mod:`hiringsim.distributions.quantile`, which passes
the tail's ``sqrt(-log(min(p, 1 - p)))`` computed by numpy, so every value is the array form's
to the bit (``tests/test_quantile_regions.py``); that tail only for the uniforms in the tails
(:func:`central` finds them), a seventh of them.  Imported only when a normal quantile is
taken."""

from __future__ import annotations

import numba
import numpy as np

from .quantile import _A, _B, _C, _D, _E, _F

__all__ = ["central", "tails"]

_COEF = np.array([_A, _B, _C, _D, _E, _F])  # six polynomials of degree 7, lowest term first


@numba.njit(cache=True)
def _poly(j, r):  # pragma: no cover - compiled
    """Horner's rule, highest term first, as :func:`hiringsim.distributions.quantile._poly`."""
    out = _COEF[j, 7]
    for k in range(6, -1, -1):
        out = out * r + _COEF[j, k]
    return out


@numba.njit(cache=True)
def central(p, z, far):  # pragma: no cover - compiled
    """Into ``z``, the quantile at each ``p`` in the central region and at 0 and 1; into
    ``far``, the positions of the others (the tails, which need numpy's
    ``sqrt(-log(min(p, 1 - p)))``), whose ``z`` is left unset; returns how many there are.
    (The arrays come from the caller: an allocation here would add to the compile.)"""
    k = 0
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
            far[k] = i
            k += 1
    return k


@numba.njit(cache=True)
def tails(z, far, p, tail):  # pragma: no cover - compiled
    """The quantile at the tails' positions ``far`` of ``z`` (``p``, ``tail``: theirs only)."""
    for j in range(far.shape[0]):
        t = tail[j]
        zt = _poly(2, t - 1.6) / _poly(3, t - 1.6) if t <= 5.0 else (
            _poly(4, t - 5.0) / _poly(5, t - 5.0))
        z[far[j]] = -zt if p[j] - 0.5 < 0 else zt
