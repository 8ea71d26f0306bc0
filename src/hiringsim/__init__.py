"""hiringsim: how, and how fast, can an agency grow by 10,000 trained officers?

A discrete-event model of the whole hiring pipeline (recruiting, screening, background
investigations, academy, onboarding, attrition) with phased strategies, costs, Monte-Carlo
replications, strategy comparison, sensitivity sweeps, goal seeking and calibration.

``import hiringsim`` is light: numpy, pandas, SimPy and matplotlib load when first used, and
the subpackages (``hiringsim.sweep``, ``hiringsim.plots``, ...) load on first attribute access.

Examples
--------
>>> import hiringsim as hs
>>> res = hs.simulate(hs.example("baseline"), 4, seed=2017, progress=False)
>>> len(res)
4
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__

# public name -> defining module (loaded on first use, PEP 562)
_EXPORTS = {
    "Calibration": "calibration",
    "Comparison": "experiment",
    "Discovery": "discovery",
    "InputError": "errors",
    "Lever": "goalseek",
    "ObservedDataError": "calibration",
    "Parameter": "parameters",
    "Results": "results",
    "RunRecord": "model.record",
    "Scenario": "scenario",
    "ScenarioError": "scenario",
    "SolveError": "goalseek",
    "SolveResult": "goalseek",
    "calibrate": "calibration",
    "compare": "experiment",
    "discover": "discovery",
    "example": "shipped",
    "example_path": "shipped",
    "examples": "shipped",
    "load_observed": "calibration",
    "load_scenario": "scenario",
    "load_solve": "goalseek",
    "observe": "calibration",
    "replication_kpis": "experiment",
    "run_replication": "replication",
    "scenario_json_schema": "scenario",
    "simulate": "experiment",
    "simulate_until": "experiment",
    "solve": "goalseek",
    "solve_one": "goalseek",
}

#: subpackages reachable as attributes after ``import hiringsim`` (imported on first access)
_SUBPACKAGES = ("calibration", "execution", "export", "goalseek", "labels", "measures", "model",
                "plots", "sweep")

__all__ = sorted([*_EXPORTS, "__version__"])

if TYPE_CHECKING:  # pragma: no cover
    from . import calibration, execution, export, goalseek, labels, measures, model, plots, sweep
    from .calibration import Calibration, ObservedDataError, calibrate, load_observed, observe
    from .discovery import Discovery, discover
    from .errors import InputError
    from .experiment import Comparison, compare, replication_kpis, simulate, simulate_until
    from .goalseek import Lever, SolveError, SolveResult, load_solve, solve, solve_one
    from .model.record import RunRecord
    from .parameters import Parameter
    from .replication import run_replication
    from .results import Results
    from .scenario import Scenario, ScenarioError, load_scenario, scenario_json_schema
    from .shipped import example, example_path, examples


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is not None:
        value = getattr(importlib.import_module(f".{module}", __name__), name)
    elif name in _SUBPACKAGES:
        value = importlib.import_module(f".{name}", __name__)
    else:
        raise AttributeError(f"module 'hiringsim' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS) | set(_SUBPACKAGES))
