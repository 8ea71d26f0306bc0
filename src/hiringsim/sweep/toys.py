"""Small models with known answers, for tests, examples and benchmarks.

Each is an ``evaluate(values, seed, replication) -> dict[str, float]`` like the hiringsim
adapter, deterministic given (values, seed, replication), and picklable by reference.
"""

from __future__ import annotations

import math
import time
from typing import Any

__all__ = ["BusyModel", "SleepyModel", "ishigami", "ishigami_indices", "noisy_linear"]


def ishigami(values: dict[str, Any], seed: int = 0, replication: int = 0,
             *, a: float = 7.0, b: float = 0.1) -> dict[str, float]:
    """Ishigami function of x1, x2, x3 (each uniform on [-pi, pi]); deterministic."""
    x1, x2, x3 = values["x1"], values["x2"], values["x3"]
    return {"y": math.sin(x1) + a * math.sin(x2) ** 2 + b * x3**4 * math.sin(x1)}


def ishigami_indices(a: float = 7.0, b: float = 0.1) -> tuple[list[float], list[float]]:
    """Exact first- and total-order Sobol' indices of the Ishigami function."""
    pi = math.pi
    v1 = 0.5 * (1 + b * pi**4 / 5) ** 2
    v2 = a**2 / 8
    v13 = b**2 * pi**8 * (1 / 18 - 1 / 50)
    var = v1 + v2 + v13
    return [v1 / var, v2 / var, 0.0], [(v1 + v13) / var, v2 / var, v13 / var]


def noisy_linear(values: dict[str, Any], seed: int, replication: int) -> dict[str, float]:
    """y = sum of values + noise from (seed, replication); also a count and a constant."""
    import numpy as np

    rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(replication,)))
    total = float(sum(float(v) for v in values.values()))
    return {"y": total + float(rng.normal()), "count": float(rng.poisson(5.0 + abs(total))),
            "one": 1.0}


class SleepyModel:
    """``noisy_linear`` that sleeps ``seconds`` per run (I/O-like cost, for resume tests)."""

    def __init__(self, seconds: float):
        self.seconds = seconds

    def __call__(self, values: dict[str, Any], seed: int, replication: int) -> dict[str, float]:
        time.sleep(self.seconds)
        return noisy_linear(values, seed, replication)


class BusyModel:
    """``noisy_linear`` that keeps a CPU busy for about ``seconds`` per run (for benchmarks).

    The loop count is calibrated once per process, so the cost is CPU work (like a simulation),
    not sleeping.
    """

    _per_second: float | None = None

    def __init__(self, seconds: float):
        self.seconds = seconds

    @classmethod
    def _calibrate(cls) -> float:
        if cls._per_second is None:
            n = 200_000
            t0 = time.perf_counter()
            _spin(n)
            cls._per_second = n / (time.perf_counter() - t0)
        return cls._per_second

    def __call__(self, values: dict[str, Any], seed: int, replication: int) -> dict[str, float]:
        _spin(int(self.seconds * self._calibrate()))
        return noisy_linear(values, seed, replication)


def _spin(n: int) -> float:
    acc = 0.0
    for i in range(n):
        acc += i * 0.5
    return acc
