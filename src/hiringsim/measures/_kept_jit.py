"""What results keep of a replication's windows (:mod:`.kept`), compiled with numba: one pass
each where the numpy expressions they replace take a dozen calls, with the same outcome.

- :func:`entry_counts`: hires by day of entry on duty, the day being the floor of the time in
  float32, when those days are in order within the run (else False, and :mod:`.kept` keeps
  each hire's day as before).
- :func:`people_paid`: the whole numbers ``k = rint(dollars / pay)`` when ``float(k) * pay``
  gives back every day's dollars bit for bit (else False).

Compiled once and cached on disk.
"""

from __future__ import annotations

import math

import numba
import numpy as np

__all__ = ["entry_counts", "people_paid"]


@numba.njit(cache=True)
def entry_counts(eod, days, out):  # pragma: no cover - compiled
    """Add to ``out`` (int64, ``days`` long) one on the day ``floor(float32(t))`` of each time
    ``t`` in ``eod``; False (``out`` then unusable) unless every such day is within
    ``0..days - 1`` and they never decrease (NaN fails)."""
    last = -1
    for i in range(eod.shape[0]):
        t = np.float32(eod[i])
        if not (0.0 <= t < days):  # NaN too
            return False
        d = int(math.floor(t))
        if d < last:
            return False
        out[d] += 1
        last = d
    return True


@numba.njit(cache=True)
def people_paid(dollars, pay, out):  # pragma: no cover - compiled
    """``out`` (int64) = ``rint(dollars / pay)`` (zeros when ``pay`` is 0) when each times
    ``pay`` gives back ``dollars`` bit for bit, for finite ``dollars`` and ``|k| < 2**62``;
    else False.  ``pay``: finite and >= 0."""
    for i in range(dollars.shape[0]):
        x = dollars[i]
        if not math.isfinite(x):
            return False
        k = np.rint(x / pay) if pay > 0 else 0.0
        if not abs(k) < 2.0 ** 62:
            return False
        j = np.int64(k)
        back = np.float64(j) * pay
        if back != x or math.copysign(1.0, back) != math.copysign(1.0, x):  # bit for bit
            return False
        out[i] = j
    return True
