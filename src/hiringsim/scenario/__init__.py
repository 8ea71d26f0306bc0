"""Scenarios: inert, frozen, validated descriptions of a hiring surge.

A scenario is read from TOML once, checked completely, and never changed afterwards: variants
are new values (``extends`` in a file, ``Scenario.with_values`` in Python).  Every problem is
reported in one :class:`ScenarioError` naming the file, the dotted field, the bad value and what
would be valid.

Modules: :mod:`.parts` (the values a scenario is made of), :mod:`.core` (``Scenario``, loading,
the JSON Schema), :mod:`.extends` (``extends`` chains and ``[set]`` overrides),
:mod:`.checks` (checks across fields), :mod:`.size` (the memory a run needs), :mod:`.errors`.
"""

from .budget import BUDGET_RULE, Budget
from .core import Scenario, load_scenario, scenario_json_schema
from .errors import RunSizeError, ScenarioError
from .parts import (
    MEASURES,
    Academy,
    Attrition,
    Band,
    Channel,
    Course,
    Measure,
    Phase,
    Pipeline,
    RatePeriod,
    Resource,
    Role,
    RunningClass,
    SeatChange,
    ServerChange,
    Stage,
    Target,
)
from .timeline import Change

__all__ = [
    "BUDGET_RULE",
    "MEASURES",
    "Academy",
    "Attrition",
    "Band",
    "Budget",
    "Change",
    "Channel",
    "Course",
    "Measure",
    "Phase",
    "Pipeline",
    "RatePeriod",
    "Resource",
    "Role",
    "RunSizeError",
    "RunningClass",
    "Scenario",
    "ScenarioError",
    "SeatChange",
    "ServerChange",
    "Stage",
    "Target",
    "load_scenario",
    "scenario_json_schema",
]
