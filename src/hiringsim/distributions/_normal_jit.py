"""The normal quantile's polynomials (AS241), compiled (numba): the same operations as numpy's in
:func:`hiringsim.distributions.quantile.normal`, in the same order (Horner's rule, then one
division; no fused multiply-add), so the same floats.  The logarithm of the tails is numpy's,
taken before (a compiled ``log`` may differ from numpy's in the last bit).  Imported only when
a normal quantile is taken."""

from __future__ import annotations

import numba
import numpy as np

__all__ = ["as241"]


@numba.njit(cache=True, inline="always")
def _poly(c, r):  # pragma: no cover - compiled
    out = c[7]
    for k in range(6, -1, -1):
        out = out * r + c[k]
    return out


@numba.njit(cache=True)
def as241(q, mid, tail, a, b, c, d, e, f):  # pragma: no cover - compiled
    """z at each ``q = p - 0.5``: the central ratio where ``mid``, else the tail ratio at the
    next of ``tail`` (sqrt(-log(min(p, 1 - p))) of the others, in order), signed like q."""
    z = np.empty(q.shape[0])
    j = 0
    for i in range(q.shape[0]):
        x = q[i]
        if mid[i]:
            r = 0.180625 - x * x
            z[i] = x * _poly(a, r) / _poly(b, r)
        else:
            t = tail[j]
            j += 1
            if t <= 5.0:
                zt = _poly(c, t - 1.6) / _poly(d, t - 1.6)
            else:
                zt = _poly(e, t - 5.0) / _poly(f, t - 5.0)
            z[i] = -zt if x < 0 else zt
    return z
