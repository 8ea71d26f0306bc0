"""Sensitivity sweeps: which uncertain inputs and which levers drive the outcome.

Declare a :class:`Sweep` (in Python or a TOML sweep file read by :func:`load_sweep`), run it with
:func:`run_sweep` on any ``concurrent.futures.Executor`` into an SQLite store that resumes after
an interruption, and analyse the :class:`SweepResult`: a tidy design x outcomes table, Sobol'
indices with confidence intervals, one-at-a-time tornado tables and a SALib problem.
"""

from .engine import SweepRunError, run_sweep
from .model import ScenarioModel
from .result import SweepResult, open_sweep
from .spec import Parameter, Sweep, SweepError, load_sweep, sweep_json_schema

__all__ = [
    "Parameter",
    "ScenarioModel",
    "Sweep",
    "SweepError",
    "SweepResult",
    "SweepRunError",
    "load_sweep",
    "open_sweep",
    "run_sweep",
    "sweep_json_schema",
]
