"""The public namespace and import-time promises."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import hiringsim

EXPECTED = [
    "Calibration", "Comparison", "Discovery", "InputError", "Lever", "ObservedDataError",
    "Parameter",
    "Results", "RunRecord", "Scenario", "ScenarioError", "SolveError", "SolveResult",
    "__version__", "calibrate", "compare", "discover", "example", "example_path", "examples",
    "load_observed", "load_scenario", "load_solve", "observe", "replication_kpis",
    "run_replication", "scenario_json_schema", "simulate", "simulate_until", "solve", "solve_one",
]


def test_public_namespace_is_exactly_the_documented_one():
    """__all__ holds exactly the documented public names, and each resolves to something."""
    assert set(hiringsim.__all__) == set(EXPECTED)
    for name in hiringsim.__all__:
        assert getattr(hiringsim, name) is not None


def test_input_errors_share_one_base():
    """Every input error a user may catch is a hiringsim.InputError."""
    for name in ("ScenarioError", "SolveError", "ObservedDataError"):
        assert issubclass(getattr(hiringsim, name), hiringsim.InputError), name
    from hiringsim.sweep import SweepError

    assert issubclass(SweepError, hiringsim.InputError)


def test_lever_and_sweep_parameter_are_one_concept():
    """Goal seeking's Lever and the sweep's Parameter are the same class."""
    from hiringsim.sweep import Parameter

    assert hiringsim.Lever is Parameter is hiringsim.Parameter


def test_subpackages_are_reachable_after_import_hiringsim_and_stay_lazy():
    """hiringsim.sweep and hiringsim.plots work after a bare import, and only load on use."""
    code = ("import sys, hiringsim; before = 'hiringsim.sweep' in sys.modules; "
            "f = hiringsim.sweep.run_sweep; p = hiringsim.plots.plot_fan; "
            "print(before, callable(f), callable(p), 'matplotlib.pyplot' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "True", "True", "False"]


def test_library_never_imports_the_command_line():
    """Importing every library module leaves hiringsim.cli unimported."""
    code = ("import sys, importlib, pathlib, hiringsim; root = pathlib.Path(hiringsim.__file__)"
            ".parent; names = ['.'.join(('hiringsim',) + p.relative_to(root).with_suffix('')"
            ".parts).removesuffix('.__init__') for p in root.rglob('*.py')]; "
            "[importlib.import_module(n) for n in names if not n.startswith('hiringsim.cli') "
            "and n != 'hiringsim.__main__']; "
            "print(len(names) > 40, 'hiringsim.cli' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "False"]


def test_functions_are_not_shadowed_by_modules():
    """After importing every submodule, the public functions are still functions."""
    import importlib

    for module in ("replication", "experiment", "goalseek", "calibration", "results"):
        importlib.import_module(f"hiringsim.{module}")
    for name in ("replication_kpis", "run_replication", "simulate", "compare", "solve",
                 "calibrate"):
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
    """import hiringsim loads none of numpy, pandas, scipy, matplotlib, simpy, dask or the EMA
    Workbench (not even hiringsim.discover or plots.plot_discovery: it loads when called)."""
    code = ("import sys, hiringsim; heavy = [m for m in ('numpy', 'pandas', 'scipy', "
            "'matplotlib', 'simpy', 'dask', 'ema_workbench') if m in sys.modules]; "
            "hiringsim.discover; hiringsim.plots.plot_discovery; "
            "heavy += ['ema_workbench'] if 'ema_workbench' in sys.modules else []; "
            "print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_loading_a_scenario_stays_light():
    """Loading and validating a scenario does not import pandas, scipy or matplotlib."""
    path = Path(__file__).parents[1] / "scenarios" / "baseline.toml"
    code = (f"import sys, hiringsim; hiringsim.load_scenario(r'{path}'); "
            "print(','.join(m for m in ('pandas', 'scipy', 'matplotlib') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_notebook_displays_render():
    """A scenario and results show as HTML in notebooks, naming what they are."""
    sc = hiringsim.example("baseline")
    assert "baseline" in sc._repr_html_()
    res = hiringsim.simulate(hiringsim.load_scenario(
        Path(__file__).parent / "scenarios" / "small.toml"), 2, seed=1, progress=False)
    assert "small" in res._repr_html_()
