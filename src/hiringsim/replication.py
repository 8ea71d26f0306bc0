"""One replication: a scenario, a seed and a replication number in; a run record out."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal, get_args

from .draws import Inputs, check_inputs, draw_inputs, with_draws
from .model.record import RunRecord
from .rng import root_entropy
from .scenario import Scenario
from .scenario.size import check_run_size

__all__ = ["MODES", "Mode", "run_replication"]

#: the two implementations of the model
Mode = Literal["fast", "reference"]
MODES: tuple[Mode, ...] = get_args(Mode)


def run_replication(scenario: Scenario, *, seed: int | None = None, replication: int = 0,
                    mode: Mode = "fast", inputs: Inputs = "uncertain") -> RunRecord:
    """Simulate one replication and return its run record.

    The same (scenario, seed, replication, mode) always gives the same record; replication ``r``
    of a root seed is what ``simulate(..., seed=seed)`` runs as its ``r``-th replication.
    ``mode="reference"`` runs one SimPy process per applicant (slow; for checking).  A run
    estimated not to fit in memory is refused before it starts
    (:class:`~hiringsim.scenario.RunSizeError`, see :mod:`hiringsim.scenario.size`).

    A scenario with uncertain inputs (``Scenario.uncertain``) first draws them from their own
    streams and runs with the drawn values (:mod:`hiringsim.draws`; they are kept in the
    record's ``inputs``); ``inputs="fixed"`` runs the values the file gives.  Without uncertain
    inputs both are the run of the scenario as written.

    Examples
    --------
    >>> import hiringsim as hs
    >>> rec = hs.run_replication(hs.example("baseline"), seed=2017, replication=0)
    >>> int(rec.flows["officer"]["applicants"].sum()) > 0
    True
    """
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be a hiringsim Scenario, got {type(scenario).__name__}; "
                        "use hiringsim.load_scenario(path)")
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
    if isinstance(replication, bool) or not isinstance(replication, int) or replication < 0:
        raise ValueError(f"replication must be a non-negative int, got {replication!r}")
    check_inputs(inputs)
    seed = root_entropy(seed)
    if scenario.uncertain and inputs == "uncertain":
        drawn = draw_inputs(scenario, seed, replication)
        rec = run_replication(with_draws(scenario, drawn), seed=seed, replication=replication,
                              mode=mode)
        rec.inputs = drawn
        return rec
    if scenario.warm_up_from is not None:  # run from the warm-up, report from the start
        from .model.warmup import extended, run_warm

        check_run_size(extended(scenario), mode=mode)
        return run_warm(scenario, seed, replication, _run(mode))
    check_run_size(scenario, mode=mode)
    return _run(mode)(scenario, seed, replication)


def _run(mode: Mode) -> Callable[[Scenario, int, int], RunRecord]:
    """The simulation of one mode."""
    if mode == "fast":
        from .model.fast import run_fast

        return run_fast
    from .model.reference import run_reference

    return run_reference
