"""The inversion of a banded cumulative hazard (:func:`hiringsim.model.sampling.tenure_from_exp`),
compiled with numba: one pass over the draws instead of a few whole-array expressions a band.
The per-band constants are computed by the caller in Python, as before; each draw takes the
same floating-point operations (``(start + (e - acc) / h) * YEAR`` in the band it falls in), so
the same tenures to the bit.  Compiled once and cached on disk.
"""

from __future__ import annotations

import numba
import numpy as np

__all__ = ["invert_bands"]


@numba.njit(cache=True)
def invert_bands(e, hs, caps, accs, starts, year, out):  # pragma: no cover - compiled
    """Into ``out``, for each draw of ``e``: the first band ``k`` with ``hs[k] > 0`` and
    ``e - accs[k] <= caps[k]`` gives ``(starts[k] + (e - accs[k]) / hs[k]) * year``; the last
    band (the long-tenure rate) takes every draw left, if its ``hs`` is above 0; else ``inf``.
    (``out`` comes from the caller: an allocation here would add to the compile.)"""
    last = hs.shape[0] - 1
    for i in range(e.shape[0]):
        x = e[i]
        v = np.inf
        for k in range(last + 1):
            h = hs[k]
            if h > 0:
                left = x - accs[k]
                if k == last or left <= caps[k]:
                    v = (starts[k] + left / h) * year
                    break
        out[i] = v
