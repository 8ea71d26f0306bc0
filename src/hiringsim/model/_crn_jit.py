"""The compiled loops of :mod:`hiringsim.model.crn` (SplitMix64 by applicant, the screening
prefix), apart so that importing the model's modules (as results and measures do) does not
import numba; :func:`hiringsim.model.crn.prefix_pass` imports this when a replication runs."""

from __future__ import annotations

import numba
import numpy as np

from .crn import _G64, _M1_64, _M2_64

__all__ = ["code", "mix", "prefix_jit"]


@numba.njit(cache=True)
def mix(key, ident):  # pragma: no cover - compiled
    z = key + ident * _G64
    z = (z ^ (z >> np.uint64(30))) * _M1_64
    z = (z ^ (z >> np.uint64(27))) * _M2_64
    return z ^ (z >> np.uint64(31))


@numba.njit(cache=True)
def code(b, at2, thr, size, off, prob32, pick2):  # pragma: no cover - compiled
    """``2 x end day + passed`` of one applicant at a stage from their bits ``b`` (``at2``:
    twice the day they enter).  The high 32 bits against the threshold ``thr`` are the
    decision; the low 32 bits give the whole-day duration by the alias method in integers:
    ``size x u32`` has the column in its high word and the fraction in its low word, exactly
    the floating-point ``x = u size``, ``col = floor(x)``, ``x - col < prob[col]`` of
    :func:`hiringsim.model.sampling.whole_days` (``prob32 = ceil(prob 2**32)``).  The two
    outcomes of a column are side by side in ``pick2`` (``2 col``, ``2 alias[col]``) and the
    comparison indexes them: no branch (a mispredicted one at random on every applicant)."""
    low = np.uint64(0xFFFFFFFF)
    y = (b & low) * size
    j = off + (y >> np.uint64(32))
    s = np.uint64((y & low) >= prob32[j])
    return at2 + pick2[np.uint64(2) * j + s] + np.int64((b >> np.uint64(32)) < thr)


@numba.njit(cache=True)
def _later(key, thr, size, off, prob32, pick2, ids, day, n, buf, ends, hist, days
           ):  # pragma: no cover - compiled
    """A later stage on ``n`` people (``ids``, ``day`` they enter): their bits in a loop of
    their own (vectorized), their ends in another, then in one pass the counts by
    ``2 x end + passed`` and the survivors kept in order in place; returns how many."""
    for i in range(n):
        buf[i] = mix(key, ids[i])
    for i in range(n):
        ends[i] = code(buf[i], 2 * day[i], thr, size, off, prob32, pick2)
    m = 0
    for i in range(n):
        c = ends[i]
        hist[c] += 1
        e = c >> 1
        ids[m] = ids[i]
        day[m] = e
        m += (c & 1) & (e < days)
    return m


@numba.njit(cache=True)
def prefix_jit(counts, stage_keys, thresholds, prob32, pick2, offsets, time_key, block
               ):  # pragma: no cover - compiled
    """Applicants through the leading screening stages.

    The first stage takes each day's applicants in three branch-free passes: their bits (a
    loop of its own, which the compiler vectorizes), their ends (:func:`code`), then the
    counts by ``2 x end + passed`` with the survivors kept in application order (counting in
    the ends' loop held each end back behind the last increment: slower, as
    ``benchmarks/bench_fast_paths.py`` shows against the commit before).  Every
    ``block`` survivors or so go through the later stages together, each stage the same
    three passes, and those who pass them all are kept: small buffers, reused, instead of
    arrays the size of all applications.  A stage's counts are folded into its daily flows
    at the end, those beyond the horizon left out.  The same
    draws and results as moving each applicant through every stage in turn
    (``tests/test_crn.py``)."""
    days = counts.shape[0]
    k_n = stage_keys.shape[0]
    flows = np.zeros((3 * k_n, days), dtype=np.int64)
    total = 0
    most = 1
    for d in range(days):
        total += counts[d]
        most = max(most, counts[d])
    if k_n == 0:
        ids = np.empty(total, dtype=np.uint64)
        app = np.empty(total)
        n = 0
        for d in range(days):
            base = np.uint64(d) << np.uint64(32)
            for r in range(counts[d]):
                ident = base | np.uint64(r)
                ids[n] = ident
                app[n] = d + float(np.int64(mix(time_key, ident) >> np.uint64(11))) * 2.0**-53
                n += 1
        return flows, ids, app, app.copy()
    # per stage, counts by 2 x end + passed (ends before days + the longest), one array:
    # stage k's at hoff[k]:hoff[k + 1] (no list of arrays, no slice assignment: each pulls
    # seconds of error-formatting code into the cold compile)
    hoff = np.zeros(k_n + 1, dtype=np.int64)
    for k in range(k_n):
        hoff[k + 1] = hoff[k] + 2 * (days + offsets[k + 1] - offsets[k])
    hist = np.zeros(hoff[k_n], dtype=np.int64)
    room = block + most
    ids = np.empty(room, dtype=np.uint64)
    day = np.empty(room, dtype=np.int64)
    buf = np.empty(room, dtype=np.uint64)
    ends = np.empty(room, dtype=np.int64)
    kept_ids = np.empty(room, dtype=np.uint64)  # those who pass every stage (grows)
    kept_day = np.empty(room, dtype=np.int64)
    kept = 0
    key = stage_keys[0]
    thr = np.uint64(thresholds[0])
    size = np.uint64(offsets[1])
    first = hist[0:hoff[1]]
    n = 0
    for d in range(days):
        c = counts[d]
        flows[0, d] = c
        base = np.uint64(d) << np.uint64(32)
        for r in range(c):
            buf[r] = mix(key, base | np.uint64(r))
        for r in range(c):
            ends[r] = code(buf[r], 2 * d, thr, size, np.uint64(0), prob32, pick2)
        for r in range(c):
            e2 = ends[r]
            first[e2] += 1
            e = e2 >> 1
            ids[n] = base | np.uint64(r)
            day[n] = e
            n += (e2 & 1) & (e < days)
        if n < block and d < days - 1:
            continue
        for k in range(1, k_n):
            n = _later(stage_keys[k], np.uint64(thresholds[k]),
                       np.uint64(offsets[k + 1] - offsets[k]), np.uint64(offsets[k]), prob32,
                       pick2, ids, day, n, buf, ends, hist[hoff[k]:hoff[k + 1]], days)
        if kept + n > kept_ids.shape[0]:
            grown = max(2 * kept_ids.shape[0], kept + n)
            more_ids = np.empty(grown, dtype=np.uint64)
            more_day = np.empty(grown, dtype=np.int64)
            for i in range(kept):
                more_ids[i] = kept_ids[i]
                more_day[i] = kept_day[i]
            kept_ids, kept_day = more_ids, more_day
        for i in range(n):
            kept_ids[kept + i] = ids[i]
            kept_day[kept + i] = day[i]
        kept += n
        n = 0
    for k in range(k_n):
        for j in range(min(hoff[k + 1] - hoff[k], 2 * days)):  # beyond the horizon left out
            flows[3 * k + 2 - (j & 1), j >> 1] += hist[hoff[k] + j]
        if k > 0:
            for d in range(days):
                flows[3 * k, d] = flows[3 * k - 2, d]
    app = np.empty(kept)
    t = np.empty(kept)
    for i in range(kept):
        ident = kept_ids[i]
        frac = float(np.int64(mix(time_key, ident) >> np.uint64(11))) * 2.0**-53
        app[i] = float(np.int64(ident >> np.uint64(32))) + frac
        t[i] = kept_day[i] + frac
    return flows, kept_ids[:kept], app, t
