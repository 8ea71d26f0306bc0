"""One registry of human labels and units: KPIs, table columns and scenario inputs.

Every chart, table, export and report names a number through this module, so a planner reads
"days until +10,000 is reached" and "officer background investigation: mean days", never
``days_to_target`` or ``roles.officer.stages.background.duration.mean``.

Units are a small vocabulary (:data:`UNITS`): ``days``, ``%`` (a share or probability held as
0..1), ``$`` (US dollars), ``people``, ``seats``, ``date`` (a day number counted from the
scenario's start), ``ratio``, ``number`` (not registered) and ``text``.
:func:`format_value` writes a value the way a planner reads it (thousands separators,
percentages, $M, calendar dates).

The module imports nothing from hiringsim (it sits under every other layer); the input
vocabulary is checked against the scenario's fields by the tests, so a new field needs a label.

Examples
--------
>>> from hiringsim import labels
>>> labels.kpi_label("cost_per_net_hire"), labels.unit("cost_per_net_hire")
('cost per net hire', '$')
>>> labels.input_label("roles.officer.stages.background.duration.mean")
'officer background investigation: mean days'
>>> labels.format_value("target_by_deadline", 0.25)
'25%'
"""

from .costs import COST_LINES, SHARED_ROLE, cost_line_label, cost_role_label
from .format import date_of, format_input, format_interval, format_value
from .inputs import CHANNELS, FIELDS, RESOURCES, STAGES, channel_label, input_label, input_unit
from .kpis import (
    COLUMNS,
    KPIS,
    MILESTONES,
    UNITS,
    Label,
    capacity_label,
    column_label,
    is_known,
    kpi_label,
    label,
    unit,
)

__all__ = [
    "CHANNELS",
    "COLUMNS",
    "COST_LINES",
    "FIELDS",
    "RESOURCES",
    "SHARED_ROLE",
    "STAGES",
    "KPIS",
    "MILESTONES",
    "UNITS",
    "Label",
    "capacity_label",
    "channel_label",
    "column_label",
    "cost_line_label",
    "cost_role_label",
    "date_of",
    "format_input",
    "format_interval",
    "format_value",
    "input_label",
    "input_unit",
    "is_known",
    "kpi_label",
    "label",
    "unit",
]
