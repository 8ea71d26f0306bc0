"""The compiled loops of :mod:`hiringsim.model.crn` (SplitMix64 by applicant, the screening
prefix), apart so that importing the model's modules (as results and measures do) does not
import numba; :func:`hiringsim.model.crn.prefix_pass` imports this when a replication runs."""

from __future__ import annotations

import numba
import numpy as np

from .crn import _G64, _M1_64, _M2_64

__all__ = ["mix", "prefix_jit"]


@numba.njit(cache=True)
def mix(key, ident):  # pragma: no cover - compiled
    z = key + ident * _G64
    z = (z ^ (z >> np.uint64(30))) * _M1_64
    z = (z ^ (z >> np.uint64(27))) * _M2_64
    return z ^ (z >> np.uint64(31))


@numba.njit(cache=True)
def _days(b, low, size, off, prob32, alias):  # pragma: no cover - compiled
    """A whole-day duration by the alias method from the low 32 bits of ``b``, in integers:
    ``size x u32`` has the column in its high word and the fraction in its low word, exactly
    the floating-point ``x = u size``, ``col = floor(x)``, ``x - col < prob[col]`` of
    :func:`hiringsim.model.sampling.whole_days` (``prob32 = ceil(prob 2**32)``)."""
    y = (b & low) * size
    col = np.int64(y >> np.uint64(32))
    return col if (y & low) < prob32[off + col] else alias[off + col]


@numba.njit(cache=True)
def prefix_jit(counts, stage_keys, thresholds, prob32, alias, offsets, time_key
               ):  # pragma: no cover - compiled
    """Applicants through the leading screening stages, stage by stage.

    The first stage takes each day's applicants in three branch-free passes (draws, a
    four-way histogram of (duration, outcome) for the daily flows when a day's
    applicants outnumber half its cells, and the survivors kept in
    application order); later stages take the survivors of the one before.  Flows beyond the
    horizon land in a last column that is dropped.  The same draws and results as moving each
    applicant through every stage in turn (``tests/test_crn.py``)."""
    days = counts.shape[0]
    k_n = stage_keys.shape[0]
    flows = np.zeros((3 * k_n, days + 1), dtype=np.int64)
    low = np.uint64(0xFFFFFFFF)
    total = 0
    most = 1
    for d in range(days):
        total += counts[d]
        most = max(most, counts[d])
    ids = np.empty(total, dtype=np.uint64)
    day = np.empty(total, dtype=np.int64)
    n = 0
    if k_n == 0:
        for d in range(days):
            base = np.uint64(d) << np.uint64(32)
            for r in range(counts[d]):
                ids[n] = base | np.uint64(r)
                day[n] = d
                n += 1
    else:
        key = stage_keys[0]
        thr = np.uint64(thresholds[0])
        size = np.uint64(offsets[1])
        code = np.empty(most, dtype=np.int64)  # 2 x duration + passed, one day's applicants
        cells = 2 * offsets[1]
        hist = np.zeros((4, cells), dtype=np.int64)  # four copies: no chain of increments
        for d in range(days):
            c = counts[d]
            flows[0, d] = c
            base = np.uint64(d) << np.uint64(32)
            for r in range(c):
                b = mix(key, base | np.uint64(r))
                code[r] = 2 * _days(b, low, size, 0, prob32, alias) + (
                    (b >> np.uint64(32)) < thr)
            if 2 * c < cells:  # few applicants a day: one increment each
                for r in range(c):
                    flows[2 - (code[r] & 1), min(d + (code[r] >> 1), days)] += 1
            else:
                for r in range(c):
                    hist[r & 3, code[r]] += 1
                for j in range(cells):
                    h = hist[0, j] + hist[1, j] + hist[2, j] + hist[3, j]
                    if h:
                        hist[0, j] = hist[1, j] = hist[2, j] = hist[3, j] = 0
                        flows[2 - (j & 1), min(d + (j >> 1), days)] += h
            for r in range(c):
                e = d + (code[r] >> 1)
                ids[n] = base | np.uint64(r)
                day[n] = e
                n += (code[r] & 1) & (e < days)
    for k in range(1, k_n):
        key = stage_keys[k]
        thr = np.uint64(thresholds[k])
        off = offsets[k]
        size = np.uint64(offsets[k + 1] - off)
        row = 3 * k + 2
        for d in range(days):
            flows[3 * k, d] = flows[3 * k - 2, d]
        m = 0
        for i in range(n):
            ident = ids[i]
            b = mix(key, ident)
            e = day[i] + _days(b, low, size, off, prob32, alias)
            passed = (b >> np.uint64(32)) < thr
            flows[row - passed, min(e, days)] += 1
            ids[m] = ident
            day[m] = e
            m += passed & (e < days)
        n = m
    app = np.empty(n)
    t = np.empty(n)
    for i in range(n):
        ident = ids[i]
        frac = float(np.int64(mix(time_key, ident) >> np.uint64(11))) * 2.0**-53
        app[i] = float(np.int64(ident >> np.uint64(32))) + frac
        t[i] = day[i] + frac
    return flows[:, :days].copy(), ids[:n].copy(), app, t
