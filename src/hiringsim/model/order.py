"""Sorting orders fast mode needs, exactly as numpy's stable sort gives them.

:func:`argsort` is ``np.argsort(a, kind="stable")``, faster: numpy's default sort (vectorised
quicksort) is several times quicker on the float times fast mode sorts, and an unstable sort
gives the stable order whenever no two values are equal.  Ties (and NaNs, which do not compare
equal) are checked for after the sort, in one pass, and then the stable sort runs instead, so
the order is always the stable one.

Quicker still on the many times fast mode sorts (:data:`PACKED_FROM` and more, none negative
or NaN): each time's bits read as an integer order as the times do, so with its index in the
low ``b`` bits (``2**b`` at least the count) one integer sort (numpy's vectorised sort, quicker
than its argsort) gives the order, read back from the low bits.  That is the
order of the times themselves whenever no two of them agree in all but those low bits (then
none are tied either), which the pass reading the order back checks; else the sort above runs
instead.  That happens when two times fall in one span of ``2**b`` units in the last place
(a few hundred-millionths of a day at the baseline's times): for its largest sort, 66,172
queue arrivals, in about 2% of replications.  ``benchmarks/bench_fast_paths.py`` times both
paths on the baseline's sorts and counts how often the packed one hands on.
"""

from __future__ import annotations

import numpy as np

__all__ = ["PACKED_FROM", "argsort", "picks", "sort_by"]


def argsort(a: np.ndarray) -> np.ndarray:
    """The indices that sort ``a`` (1-d), equal values in their original order."""
    return sort_by(a)[0]


#: from this many values :func:`sort_by` tries the packed sort first (below, the compiled
#: passes cost more than they save)
PACKED_FROM = 256


def sort_by(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`argsort` of ``a`` and ``a`` in that order (the gather the tie check makes)."""
    if len(a) >= PACKED_FROM and a.dtype == np.float64 and a.ndim == 1:
        from ._order_jit import pack, unpack  # compiled; numba imported only when a model runs

        a = np.ascontiguousarray(a)
        bits = (len(a) - 1).bit_length()
        keys, plain = pack(a, bits)
        if plain:
            keys.sort()
            order, s, distinct = unpack(keys, a, bits)
            if distinct:
                return order, s
    order = np.argsort(a)
    s = a[order]
    if len(s) > 1 and (np.isnan(s[-1]) or (s[1:] == s[:-1]).any()):
        order = np.argsort(a, kind="stable")
        s = a[order]
    return order, s


def picks(mask: np.ndarray) -> np.ndarray:
    """What selects ``x[mask]`` fastest, the same elements in the same order: the positions of
    the True values (a gather; boolean selection branches on every element and is several
    times slower on mixed masks), or the mask itself when nearly all are True."""
    size = mask.size
    if np.count_nonzero(mask) > size - size // 16:
        return mask
    return np.flatnonzero(mask)
