"""Sensitivity sweeps: which uncertain inputs and which levers drive the outcome."""

from .spec import Parameter, Sweep, SweepError, load_sweep

__all__ = ["Parameter", "Sweep", "SweepError", "load_sweep"]
