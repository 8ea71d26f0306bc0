"""hiringsim: how, and how fast, can an agency grow by 10,000 trained officers?

A discrete-event model of the whole hiring pipeline (recruiting, screening, background
investigations, academy, onboarding, attrition) with phased strategies, costs, Monte-Carlo
replications, strategy comparison and sensitivity sweeps.

``import hiringsim`` is light: numpy, pandas, SimPy and matplotlib load when first used.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> defining module (loaded on first use, PEP 562)
_EXPORTS = {
    "Calibration": "calibration",
    "Comparison": "experiment",
    "Lever": "goalseek",
    "ObservedDataError": "calibration",
    "Results": "results",
    "RunRecord": "model.record",
    "Scenario": "scenario",
    "ScenarioError": "scenario",
    "SolveError": "goalseek",
    "SolveResult": "goalseek",
    "calibrate": "calibration",
    "calibrate_file": "calibration",
    "compare": "experiment",
    "load_observed": "calibration",
    "load_scenario": "scenario",
    "load_solve": "goalseek",
    "observe": "calibration",
    "run": "replication",
    "run_kpis": "replication",
    "scenario_json_schema": "scenario",
    "simulate": "experiment",
    "simulate_until": "experiment",
    "solve": "goalseek",
    "solve_one": "goalseek",
}

__all__ = sorted([*_EXPORTS, "__version__"])

if TYPE_CHECKING:  # pragma: no cover
    from .calibration import (
        Calibration,
        ObservedDataError,
        calibrate,
        calibrate_file,
        load_observed,
        observe,
    )
    from .experiment import Comparison, compare, simulate, simulate_until
    from .goalseek import Lever, SolveError, SolveResult, load_solve, solve, solve_one
    from .model.record import RunRecord
    from .replication import run, run_kpis
    from .results import Results
    from .scenario import Scenario, ScenarioError, load_scenario, scenario_json_schema


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'hiringsim' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
