"""The normal quantile's loops, compiled (numba): AS241 (PPND16), the central region's function
over every uniform (a vectorized loop), the tails' only where needed (the array form evaluated
all six polynomials for every uniform).  The
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


_A0, _A1, _A2, _A3, _A4, _A5, _A6, _A7 = _A
_B0, _B1, _B2, _B3, _B4, _B5, _B6, _B7 = _B


@numba.njit(cache=True, inline="always")
def _central(q):  # pragma: no cover - compiled
    """The central region's rational function at ``q = p - 0.5``: :func:`_poly` 0 over 1,
    written out (the same operations in the same order) so that a loop of it vectorizes."""
    r = 0.180625 - q * q
    a = ((((((_A7 * r + _A6) * r + _A5) * r + _A4) * r + _A3) * r + _A2) * r + _A1) * r + _A0
    b = ((((((_B7 * r + _B6) * r + _B5) * r + _B4) * r + _B3) * r + _B2) * r + _B1) * r + _B0
    return q * a / b


@numba.njit(cache=True, error_model="numpy")
def central(p, z, far):  # pragma: no cover - compiled
    """Into ``z``, the quantile at each ``p`` in the central region and at 0 and 1; into
    ``far``, the positions of the others (the tails, which need numpy's
    ``sqrt(-log(min(p, 1 - p)))``), whose ``z`` is left unset; returns how many there are.
    (The arrays come from the caller: an allocation here would add to the compile.)

    The central function goes over every ``p`` in a loop without a branch, which the compiler
    vectorizes (``error_model="numpy"``: a division is not checked for a zero divisor; in the
    central region this one is at least 1, and the values it gives elsewhere are overwritten),
    and a second pass sets 0, 1 and the tails apart: quicker than a branch on every uniform
    (``benchmarks/bench_fast_paths.py`` times both)."""
    n = p.shape[0]
    for i in range(n):
        z[i] = _central(p[i] - 0.5)
    k = 0
    for i in range(n):
        v = p[i]
        if not (abs(v - 0.5) <= 0.425):
            if v <= 0.0:
                z[i] = -np.inf
            elif v >= 1.0:
                z[i] = np.inf
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
