"""One replication: a scenario, a seed and a replication number in; a run record out."""

from __future__ import annotations

from typing import Literal, get_args

from .model.record import RunRecord
from .rng import root_entropy
from .scenario import Scenario

__all__ = ["MODES", "Mode", "run", "run_kpis"]

#: how a replication is simulated: the compiled queue loop, or one SimPy process per applicant
Mode = Literal["fast", "reference"]
MODES: tuple[Mode, ...] = get_args(Mode)


def run(scenario: Scenario, *, seed: int | None = None, replication: int = 0,
        mode: Mode = "fast") -> RunRecord:
    """Simulate one replication.

    The same (scenario, seed, replication, mode) always gives the same record; replication ``r``
    of a root seed is what ``simulate(..., seed=seed)`` runs as its ``r``-th replication.
    ``mode="reference"`` runs one SimPy process per applicant (slow; for checking).
    """
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be a hiringsim Scenario, got {type(scenario).__name__}; "
                        "use hiringsim.load_scenario(path)")
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
    if isinstance(replication, bool) or not isinstance(replication, int) or replication < 0:
        raise ValueError(f"replication must be a non-negative int, got {replication!r}")
    seed = root_entropy(seed)
    if mode == "fast":
        from .model.fast import run_fast

        return run_fast(scenario, seed, replication)
    from .model.reference import run_reference

    return run_reference(scenario, seed, replication)


def run_kpis(scenario: Scenario, *, seed: int, replication: int = 0,
             mode: Mode = "fast") -> dict[str, float]:
    """The numeric KPIs of one replication (see :mod:`hiringsim.kpis`), for sweeps."""
    from .kpis import summarize_record

    rep = summarize_record(run(scenario, seed=seed, replication=replication, mode=mode),
                           keep_series=False)
    return {k: v for k, v in rep.kpis.items() if not isinstance(v, str)}
