"""The compiled loops of :func:`hiringsim.model.order.sort_by`'s packed path: each time's bits
with its index in the low bits (one integer to sort), and back: the order, the times in it and
whether two times shared their high bits.  Apart so that importing the model's modules does not
import numba."""

from __future__ import annotations

import numba
import numpy as np

__all__ = ["pack", "unpack"]

#: the largest bit pattern of a float that is not NaN (+inf); the sign bit clear below it
_INF_BITS = np.int64(0x7FF0000000000000)


@numba.njit(cache=True)
def pack(a, bits):  # pragma: no cover - compiled
    """``(keys, plain)``: each value's bits read as an int64, the low ``bits`` of them replaced
    by its index; ``plain`` when every value has its sign bit clear and is not NaN (0.0 to
    +inf), for which the bits order as the values do."""
    n = a.shape[0]
    x = a.view(np.int64)
    keys = np.empty(n, dtype=np.int64)
    low = (np.int64(1) << bits) - 1
    plain = True
    for i in range(n):
        v = x[i]
        plain &= (v >= 0) & (v <= _INF_BITS)
        keys[i] = (v & ~low) | i
    return keys, plain


@numba.njit(cache=True)
def unpack(keys, a, bits):  # pragma: no cover - compiled
    """``(order, a[order], distinct)`` from sorted keys: the indices in their low bits, and
    whether the high bits (each value with its low ``bits`` cleared) all differ."""
    n = keys.shape[0]
    low = (np.int64(1) << bits) - 1
    order = np.empty(n, dtype=np.intp)
    s = np.empty(n)
    prev = np.int64(-1)
    distinct = True
    for i in range(n):
        k = keys[i]
        high = k >> bits
        distinct &= high != prev
        prev = high
        j = k & low
        order[i] = j
        s[i] = a[j]
    return order, s, distinct
