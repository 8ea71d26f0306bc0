"""Time-to-hire histogram counts (:func:`hiringsim.measures.hires.time_to_hire_histograms`),
compiled with numba: one pass over each hire, no temporary arrays.  A hire counts in bin
``min(tth // width, bins - 1)``, as the numpy expression it replaces: numba's float floor
division is Python's (``fmod``, then the quotient rounded as ``divmod`` does), which is numpy's
``floor_divide`` for float64.  Times that are negative or not finite are left to numpy (the
kernel says so).  Compiled once and cached on disk.
"""

from __future__ import annotations

import numba

__all__ = ["count_bins"]


@numba.njit(cache=True)
def count_bins(eod, application, width, out):  # pragma: no cover - compiled
    """Add to ``out`` (int64, bins long) one in bin ``min((eod - application) // width,
    bins - 1)`` for each hire; False (``out`` then unusable) at a time to hire that is negative
    or not finite."""
    last = out.shape[0] - 1
    for i in range(eod.shape[0]):
        t = eod[i] - application[i]
        if not (0.0 <= t < 1e300):
            return False
        b = t // width
        out[int(b) if b < last else last] += 1
    return True
