"""The public namespace and import-time promises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import hiringsim

EXPECTED = [
    "Calibration", "Comparison", "Lever", "ObservedDataError", "Results", "RunRecord", "Scenario",
    "ScenarioError", "SolveError", "SolveResult", "__version__", "calibrate", "calibrate_file",
    "compare", "load_observed", "load_scenario", "load_solve", "observe", "run", "run_kpis",
    "scenario_json_schema", "simulate", "simulate_until", "solve", "solve_one",
]


def test_all_is_sorted_and_complete():
    """__all__ is sorted and holds exactly the documented public names."""
    assert hiringsim.__all__ == sorted(hiringsim.__all__)
    assert set(EXPECTED) <= set(hiringsim.__all__)
    for name in hiringsim.__all__:
        assert getattr(hiringsim, name) is not None


def test_functions_are_not_shadowed_by_modules():
    """After importing every submodule, the public functions are still functions."""
    import importlib

    for module in ("replication", "experiment", "goalseek", "calibration", "results"):
        importlib.import_module(f"hiringsim.{module}")
    for name in ("run", "run_kpis", "simulate", "compare", "solve", "calibrate"):
        assert callable(getattr(hiringsim, name)) and not isinstance(
            getattr(hiringsim, name), type(hiringsim)), name


def test_unknown_attribute_raises():
    """A misspelt name is an AttributeError, not a silent None."""
    try:
        hiringsim.simulat  # noqa: B018
    except AttributeError as exc:
        assert "simulat" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("expected AttributeError")


def test_import_is_light():
    """import hiringsim loads none of numpy, pandas, scipy, matplotlib, simpy or dask."""
    code = ("import sys, hiringsim; heavy = [m for m in ('numpy', 'pandas', 'scipy', "
            "'matplotlib', 'simpy', 'dask') if m in sys.modules]; print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_loading_a_scenario_stays_light():
    """Loading and validating a scenario does not import pandas, scipy or matplotlib."""
    path = Path(__file__).parents[1] / "scenarios" / "baseline.toml"
    code = (f"import sys, hiringsim; hiringsim.load_scenario(r'{path}'); "
            "print(','.join(m for m in ('pandas', 'scipy', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
