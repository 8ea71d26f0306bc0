"""Sorting orders fast mode needs, exactly as numpy's stable sort gives them.

:func:`argsort` is ``np.argsort(a, kind="stable")``, faster: numpy's default sort (vectorised
quicksort) is several times quicker on the float times fast mode sorts, and an unstable sort
gives the stable order whenever no two values are equal.  Ties (and NaNs, which do not compare
equal) are checked for after the sort, in one pass, and then the stable sort runs instead, so
the order is always the stable one.
"""

from __future__ import annotations

import numpy as np

__all__ = ["argsort", "picks", "sort_by"]


def argsort(a: np.ndarray) -> np.ndarray:
    """The indices that sort ``a`` (1-d), equal values in their original order."""
    return sort_by(a)[0]


def sort_by(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """:func:`argsort` of ``a`` and ``a`` in that order (the gather the tie check makes)."""
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
