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

__all__ = ["DEFAULT_SEED", "Streams", "root_entropy"]

#: the seed of every command and input file that does not give one (reproducible by default)
DEFAULT_SEED = 2017


def root_entropy(seed: int | None) -> int:
    """The root seed as a non-negative int; ``None`` draws fresh entropy (recorded by callers)."""
    import numpy as np

    if seed is None:
        entropy = np.random.SeedSequence().entropy
        # without an entropy argument SeedSequence draws a single 128-bit int
        assert isinstance(entropy, int)
        return entropy
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise ValueError(f"seed must be a non-negative int or None, got {seed!r}")
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

            seq = np.random.SeedSequence(
                self.seed, spawn_key=(self.replication, *(_key(n) for n in names))
            )
            gen = self._cache[names] = np.random.Generator(np.random.PCG64(seq))
        return gen

    def __repr__(self) -> str:
        return f"Streams(seed={self.seed}, replication={self.replication})"
