"""Random-number streams: one root seed, one child per replication, one named stream per purpose.

``streams = Streams(seed, replication)``; ``streams("officer", "stage:interview")`` is a Generator
that depends only on (seed, replication, names), so changing one stage of a scenario leaves every
other stage's draws alone: two strategies run with the same seed share their luck wherever their
inputs agree (common random numbers).
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

__all__ = ["DEFAULT_SEED", "MAX_SEED", "Streams", "root_entropy", "seed_words"]

#: the seed of every command and input file that does not give one (reproducible by default)
DEFAULT_SEED = 2017

#: the largest root seed: seeds are stored with every result row as 64-bit signed integers
#: (Parquet, SQLite), so 0 <= seed < 2**63
MAX_SEED = 2**63 - 1


def root_entropy(seed: int | None) -> int:
    """The root seed as a non-negative int; ``None`` draws fresh entropy (recorded by callers)."""
    import numpy as np

    if seed is None:
        entropy = np.random.SeedSequence().entropy
        # without an entropy argument SeedSequence draws a single 128-bit int; keep 63 bits
        assert isinstance(entropy, int)
        return entropy >> 65
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        shown = seed if not isinstance(seed, int) or seed.bit_length() < 100 else "a huge int"
        raise ValueError(f"seed must be an int with 0 <= seed < 2**63 (it is stored as a 64-bit "
                         f"integer), or None for a fresh one; got {shown!r}")
    return seed


def _key(name: str) -> int:
    return zlib.crc32(name.encode("utf-8"))


def seed_words(entropy: int, spawn_key: tuple[int, ...], n_words: int, *,
               pool_size: int = 4) -> np.ndarray:
    """``np.random.SeedSequence(entropy, spawn_key=spawn_key, pool_size=pool_size)
    .generate_state(n_words)``: the same uint32 words, compiled (:mod:`hiringsim._seed_jit`;
    ``benchmarks/bench_fast_paths.py`` times both)."""
    if not _SEED:
        from ._seed_jit import seed_state

        _SEED.append(seed_state)
    return _SEED[0](entropy, spawn_key, n_words, pool_size=pool_size)


#: :func:`hiringsim._seed_jit.seed_state` once imported (it imports numba)
_SEED: list[Any] = []


class Streams:
    """Named, independent generators for one replication of one root seed."""

    def __init__(self, seed: int, replication: int = 0):
        self.seed = int(seed)
        self.replication = int(replication)
        self._cache: dict[tuple[str, ...], np.random.Generator] = {}

    def __call__(self, *names: str) -> np.random.Generator:
        gen = self._cache.get(names)
        if gen is None:
            import numpy as np

            from ._seed_jit import Seed  # SeedSequence's words, compiled

            seq = Seed(self.seed, self.spawn_key(*names))
            gen = self._cache[names] = np.random.Generator(
                np.random.PCG64(seq))  # type: ignore[arg-type]  # any ISeedSequence
        return gen

    def spawn_key(self, *names: str) -> tuple[int, ...]:
        """The spawn key of the stream ``names``: its seed sequence is
        ``SeedSequence(seed, spawn_key=spawn_key(*names))`` (as its words:
        :func:`seed_words`)."""
        return (self.replication, *(_key(n) for n in names))

    def __repr__(self) -> str:
        return f"Streams(seed={self.seed}, replication={self.replication})"
