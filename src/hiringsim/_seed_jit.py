"""numpy's ``SeedSequence`` words, compiled: what :mod:`hiringsim.rng` seeds its streams with.

A replication asks for some thirty seed sequences (its named streams and the by-applicant keys
of :mod:`hiringsim.model.crn`).  :func:`seed_state` gives the words numpy's ``SeedSequence``
gives, with its mixing compiled: Melissa O'Neill's ``seed_seq`` alternative as
``numpy/random/bit_generator.pyx`` has it (a pool of words, ``hashmix``, ``mix``, then
``generate_state``), checked word for word against numpy by ``tests/test_rng.py`` and timed
against it by ``benchmarks/bench_fast_paths.py``.  :class:`Seed` hands them to a bit generator as a
seed sequence would.  Apart from :mod:`hiringsim.rng` so that importing it imports neither
numpy nor numba.
"""

from __future__ import annotations

from typing import Any

import numba
import numpy as np
from numpy.random.bit_generator import ISeedSequence

__all__ = ["POOL", "Seed", "seed_state", "seed_state_jit"]

_M32 = np.uint64(0xFFFFFFFF)
_INIT_A = np.uint64(0x43B0D7E5)
_MULT_A = np.uint64(0x931E8875)
_INIT_B = np.uint64(0x8B51F9DD)
_MULT_B = np.uint64(0x58F38DED)
_MIX_L = np.uint64(0xCA01F9DD)
_MIX_R = np.uint64(0x4973F715)
_SHIFT = np.uint64(16)
#: numpy's DEFAULT_POOL_SIZE
POOL = 4


@numba.njit(cache=True)
def seed_state_jit(entropy, n_words, size):  # pragma: no cover - compiled
    """``SeedSequence`` words: a pool of ``size`` words mixed from the assembled ``entropy``
    (uint32 words, the run's entropy padded to the pool's size when a spawn key follows, then
    the spawn key's), then ``n_words`` 32-bit words of state from the pool.  32-bit arithmetic
    in 64-bit words, masked: every product of two 32-bit values fits."""
    ne = entropy.shape[0]
    pool = np.empty(size, dtype=np.uint64)
    h = _INIT_A
    for i in range(size):
        v = np.uint64(entropy[i]) if i < ne else np.uint64(0)
        v ^= h
        h = (h * _MULT_A) & _M32
        v = (v * h) & _M32
        pool[i] = v ^ (v >> _SHIFT)
    for s in range(size + max(ne - size, 0)):
        for d in range(size):
            if s < size:
                if s == d:
                    continue
                v = pool[s]
            else:
                v = np.uint64(entropy[s])
            v ^= h
            h = (h * _MULT_A) & _M32
            v = (v * h) & _M32
            v ^= v >> _SHIFT
            r = (_MIX_L * pool[d] - _MIX_R * v) & _M32
            pool[d] = r ^ (r >> _SHIFT)
    out = np.empty(n_words, dtype=np.uint32)
    h = _INIT_B
    for i in range(n_words):
        v = pool[i % size] ^ h
        h = (h * _MULT_B) & _M32
        v = (v * h) & _M32
        out[i] = np.uint32(v ^ (v >> _SHIFT))
    return out


def _words(x: int, out: list[int]) -> None:
    """Append ``x`` (a non-negative int) as 32-bit words, least significant first (0 is one
    word), as numpy's ``_int_to_uint32_array``."""
    if 0 <= x <= 0xFFFFFFFF:
        out.append(x)
        return
    if x < 0:
        raise ValueError(f"seed words must be non-negative, got {x}")
    while x:
        out.append(x & 0xFFFFFFFF)
        x >>= 32


def seed_state(entropy: int, spawn_key: tuple[int, ...], n_words: int, *,
               pool_size: int = POOL) -> np.ndarray:
    """``np.random.SeedSequence(entropy, spawn_key=spawn_key, pool_size=pool_size)
    .generate_state(n_words)``: the same uint32 words."""
    words: list[int] = []
    _words(int(entropy), words)
    if spawn_key:
        if len(words) < pool_size:  # the run's entropy padded to the pool
            words.extend([0] * (pool_size - len(words)))
        for k in spawn_key:
            _words(int(k), words)
    return seed_state_jit(np.array(words, dtype=np.uint32), n_words, pool_size)


_U32, _U64 = np.dtype(np.uint32), np.dtype(np.uint64)


class Seed(ISeedSequence):
    """The seed sequence ``SeedSequence(entropy, spawn_key=spawn_key)`` for a bit generator:
    the same state words (:func:`seed_state`), the same ``entropy`` and ``spawn_key``."""

    __slots__ = ("entropy", "spawn_key")

    def __init__(self, entropy: int, spawn_key: tuple[int, ...]) -> None:
        self.entropy = int(entropy)
        self.spawn_key = tuple(spawn_key)

    def generate_state(self, n_words: int, dtype: Any = np.uint32) -> np.ndarray:
        dt = np.dtype(dtype)
        if dt == _U32:
            return seed_state(self.entropy, self.spawn_key, n_words)
        if dt != _U64:
            raise TypeError("only support uint32 or uint64")
        return seed_state(self.entropy, self.spawn_key, 2 * n_words).view("<u8").astype(
            np.uint64)

    def __reduce__(self) -> tuple:
        return (Seed, (self.entropy, self.spawn_key))

    def __repr__(self) -> str:
        return f"Seed(entropy={self.entropy}, spawn_key={self.spawn_key})"
