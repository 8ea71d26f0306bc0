"""The compiled loops of :mod:`hiringsim.model.crn` (SplitMix64 by applicant, the screening
prefix), apart so that importing the model's modules (as results and measures do) does not
import numba; :func:`hiringsim.model.crn.prefix_pass` imports this when a replication runs."""

from __future__ import annotations

import numba
import numpy as np

from .crn import _G64, _M1_64, _M2_64, _TWO32

__all__ = ["mix", "prefix_jit"]


@numba.njit(cache=True)
def mix(key, ident):  # pragma: no cover - compiled
    z = key + ident * _G64
    z = (z ^ (z >> np.uint64(30))) * _M1_64
    z = (z ^ (z >> np.uint64(27))) * _M2_64
    return z ^ (z >> np.uint64(31))


@numba.njit(cache=True)
def prefix_jit(counts, stage_keys, thresholds, prob, alias, offsets, time_key
               ):  # pragma: no cover - compiled
    days = counts.shape[0]
    k_n = stage_keys.shape[0]
    flows = np.zeros((3 * k_n, days), dtype=np.int64)
    total = 0
    for d in range(days):
        total += counts[d]
    ids = np.empty(total, dtype=np.uint64)
    app = np.empty(total)
    t = np.empty(total)
    kept = 0
    low = np.uint64(0xFFFFFFFF)
    for d in range(days):
        for r in range(counts[d]):
            ident = (np.uint64(d) << np.uint64(32)) | np.uint64(r)
            day = d
            ok = True
            for k in range(k_n):
                if day >= days:  # beyond the horizon: nothing more to record
                    ok = False
                    break
                flows[3 * k, day] += 1
                b = mix(stage_keys[k], ident)
                size = offsets[k + 1] - offsets[k]
                x = float(np.int64(b & low)) * _TWO32 * size
                col = int(x)
                dur = col if x - col < prob[offsets[k] + col] else alias[offsets[k] + col]
                day += dur
                if np.int64(b >> np.uint64(32)) < thresholds[k]:
                    if day < days:
                        flows[3 * k + 1, day] += 1
                else:
                    if day < days:
                        flows[3 * k + 2, day] += 1
                    ok = False
                    break
            if ok and day < days:
                frac = float(np.int64(mix(time_key, ident) >> np.uint64(11))) * 2.0**-53
                ids[kept] = ident
                app[kept] = d + frac
                t[kept] = day + frac
                kept += 1
    return flows, ids[:kept], app[:kept], t[:kept]
