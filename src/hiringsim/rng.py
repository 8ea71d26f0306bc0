"""Random-number streams: one root seed, one child per replication, one named stream per purpose.

``streams = Streams(seed, replication)``; ``streams("officer", "stage:interview")`` is a Generator
that depends only on (seed, replication, names), so changing one stage of a scenario leaves every
other stage's draws alone: two strategies run with the same seed share their luck wherever their
inputs agree (common random numbers).
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

__all__ = ["DEFAULT_SEED", "MAX_SEED", "Streams", "root_entropy"]

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

            seq = np.random.SeedSequence(self.seed, spawn_key=self.spawn_key(*names))
            gen = self._cache[names] = np.random.Generator(np.random.PCG64(seq))
        return gen

    def spawn_key(self, *names: str) -> tuple[int, ...]:
        """The spawn key of the stream ``names``: its seed sequence is
        ``SeedSequence(seed, spawn_key=spawn_key(*names))``."""
        return (self.replication, *(_key(n) for n in names))

    def __repr__(self) -> str:
        return f"Streams(seed={self.seed}, replication={self.replication})"
