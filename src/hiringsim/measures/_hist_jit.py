"""Time-to-hire histogram counts (:func:`hiringsim.measures.hires.time_to_hire_histograms`),
compiled with numba: one pass over each hire, no temporary arrays.  A hire counts in bin
``min(tth // width, bins - 1)``, as the numpy expression it replaces, for a whole-number
``width`` (a week: 7 days).

Why the bins are numpy's: numpy's float ``floor_divide`` (as Python's ``//``) takes the exact
remainder ``fmod(t, width)`` and divides ``t`` less it, a multiple ``k width`` of the width that a
float holds exactly while below 2**50 (``k`` whole, ``width`` a small whole number): the result is
``k``, the floor of the exact quotient.  Here ``q = floor(t / width)`` is that floor or, when the
rounded division reached the next whole number, one more (never less: rounding is monotonic and
``k`` is a float); ``q width`` is exact, so ``q width > t`` says which.  Times that are negative,
not finite or from 2**50 on are left to numpy (the kernel says so).  Compiled once and cached on
disk.
"""

from __future__ import annotations

import math

import numba

__all__ = ["count_bins"]

_LIMIT = 2.0 ** 50


@numba.njit(cache=True)
def count_bins(eod, application, width, out):  # pragma: no cover - compiled
    """Add to ``out`` (int64, bins long) one in bin ``min((eod - application) // width,
    bins - 1)`` for each hire (``width``: a whole number of days); False (``out`` then
    unusable) at a time to hire that is negative, not finite or from 2**50 on."""
    last = out.shape[0] - 1
    top = last * width  # times from here on fall in the last bin
    for i in range(eod.shape[0]):
        t = eod[i] - application[i]
        if not (0.0 <= t < _LIMIT):
            return False
        if t >= top:
            out[last] += 1
            continue
        q = math.floor(t / width)
        if q * width > t:
            q -= 1.0
        out[int(q)] += 1
    return True
