"""The gamma quantile's loop, compiled (numba): each uniform in turn, so one person's service
time (reference mode) costs microseconds, not the per-call cost of numpy on an array of one.
The algorithm, its constants and its accuracy are those :mod:`hiringsim.distributions.quantile`
states; this module is imported only when a gamma quantile is taken."""

from __future__ import annotations

import math

import numba
import numpy as np

__all__ = ["gamma_quantiles"]


@numba.njit(cache=True, error_model="numpy")
def _pq(a, x, gln, terms):  # pragma: no cover - compiled
    """(P(a, x), Q(a, x)) at one x >= 0: the series below a + 1, the continued fraction above."""
    if x <= 0.0:
        return 0.0, 1.0
    front = math.exp(-x + a * math.log(x) - gln)
    if x < a + 1.0:
        term = 1.0 / a
        total = term
        ap = a
        for _ in range(terms):
            ap += 1.0
            term = term * x / ap
            total += term
            if abs(term) < abs(total) * 1e-15:
                break
        p = min(1.0, total * front)
        return p, 1.0 - p
    tiny = 1e-300
    b = x + 1.0 - a
    c = 1.0 / tiny
    d = 1.0 / b
    h = d
    for i in range(1, terms):
        an = -i * (i - a)
        b = b + 2.0
        d = an * d + b
        if abs(d) < tiny:
            d = tiny
        c = b + an / c
        if abs(c) < tiny:
            c = tiny
        d = 1.0 / d
        delta = d * c
        h = h * delta
        if abs(delta - 1.0) < 1e-15:
            break
    q = min(1.0, max(0.0, front * h))
    return 1.0 - q, q


@numba.njit(cache=True, error_model="numpy")
def gamma_quantiles(a, u, z, gln, gln1, steps, terms, wh_only
                    ):  # pragma: no cover - compiled
    """The gamma(a, 1) quantile at each ``u`` (``z``: the normal quantiles of ``u``, for the
    Wilson-Hilferty start; ``gln``, ``gln1``: lgamma of a and of a + 1)."""
    out = np.empty(u.shape[0])
    for i in range(u.shape[0]):
        p = u[i]
        if p >= 1.0:
            out[i] = np.inf
            continue
        if not p > 0.0:
            out[i] = 0.0
            continue
        upper = p > 0.5
        q = 1.0 - p  # exact above one half
        small = math.exp((math.log(p) + gln1) / a)
        if a > 1.0:
            x = a * max(1.0 - 1.0 / (9.0 * a) + z[i] / (3.0 * math.sqrt(a)), 0.0) ** 3
            x = max(x, small)
            if a > wh_only:
                out[i] = x
                continue
        else:
            t = 1.0 - a * (0.253 + a * 0.12)
            if p < t:
                x = (p / t) ** (1.0 / a)
            else:
                x = 1.0 - math.log1p(-(p - t) / (1.0 - t))
            x = max(x, small)
        for _ in range(steps):
            lo, hi = _pq(a, x, gln, terms)
            err = q - hi if upper else lo - p
            dens = math.exp((a - 1.0) * math.log(x) - x - gln)
            step = err / dens
            step = step / (1.0 - 0.5 * min(1.0, step * ((a - 1.0) / x - 1.0)))
            if not math.isfinite(step):
                step = 0.0
            new = x - step
            if new <= 0.0:
                new = 0.5 * x  # never below zero: halve instead
            done = abs(new - x) <= 1e-12 * new
            x = new
            if done:
                break
        out[i] = x
    return out
