"""The error of an invalid scenario file or value."""

from __future__ import annotations

from ..errors import InputError

__all__ = ["RunSizeError", "ScenarioError"]


class ScenarioError(InputError):
    """A scenario file or value is invalid.  ``problems`` lists ``(field, message)``."""

    what = "scenario"


class RunSizeError(ScenarioError):
    """A run of a valid scenario would not fit in memory (see :mod:`hiringsim.scenario.size`)."""

    what = "run"
