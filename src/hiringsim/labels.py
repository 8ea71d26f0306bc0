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

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import Any

__all__ = [
    "KPIS",
    "MILESTONES",
    "UNITS",
    "Label",
    "capacity_label",
    "column_label",
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

#: the units a label may carry
UNITS = ("days", "%", "$", "people", "seats", "date", "ratio", "number", "text")


@dataclass(frozen=True)
class Label:
    """A human name and a unit (one of :data:`UNITS`)."""

    text: str
    unit: str

    def titled(self) -> str:
        """The text with its unit, for an axis or a column header: 'hiring cost ($)'."""
        if (self.unit in ("text", "date", "number") or self.unit in self.text
                or self.text.startswith("P(")):
            return self.text
        return f"{self.text} ({self.unit})"


#: KPIs of one replication (see hiringsim.measures); '{target}' becomes '+10,000' when a
#: scenario is given
KPIS: dict[str, Label] = {
    "target_day": Label("date the target is reached", "date"),
    "days_to_target": Label("days until {target} is reached (the horizon if never)", "days"),
    "target_reached": Label("P(target reached by the horizon)", "%"),
    "target_by_deadline": Label("P(target by the deadline)", "%"),
    "growth_at_deadline": Label("net growth at the deadline", "people"),
    "net_growth_at_deadline": Label("net growth at the deadline", "people"),
    "growth_at_end": Label("net growth at the horizon", "people"),
    "applications": Label("applications (an applicant may file several)", "number"),
    "applicants": Label("applicants (people)", "people"),
    "applications_per_hire": Label("applications per hire, to the horizon", "ratio"),
    "applicants_per_hire_at_target": Label("applicants per hire, to the day the target is "
                                           "reached", "ratio"),
    "gross_per_net_at_target": Label("gross hires per net hire, to the day the target is "
                                     "reached", "ratio"),
    "hires": Label("hires (entries on duty)", "people"),
    "applicants_per_hire": Label("applicants per hire, to the horizon", "ratio"),
    "gross_per_net": Label("gross hires per net hire, to the horizon", "ratio"),
    "time_to_hire_mean": Label("time to hire, mean days", "days"),
    "time_to_hire_median": Label("time to hire, median days", "days"),
    "time_to_hire_p90": Label("time to hire, 90th percentile days", "days"),
    "withdrawals": Label("candidates who withdrew", "people"),
    "empty_seats": Label("empty academy seats", "seats"),
    "bottleneck": Label("bottleneck", "text"),
    "cost_recruiting": Label("recruiting cost", "$"),
    "cost_screening": Label("screening cost", "$"),
    "cost_academy": Label("academy cost", "$"),
    "cost_incentives": Label("hiring incentives cost", "$"),
    "cost_payroll": Label("payroll of new hires", "$"),
    "cost_resources": Label("resource cost (e.g. investigators)", "$"),
    "cost_hiring": Label("hiring cost (all but payroll)", "$"),
    "cost_total": Label("total cost (hiring and payroll)", "$"),
    "cost_per_net_hire": Label("cost per net hire", "$"),
}

#: KPIs named after a role or a resource: pattern -> label with '{name}'
_PATTERNS: list[tuple[re.Pattern[str], Label]] = [
    (re.compile(r"(?P<name>.+)_growth_at_deadline"), Label("{name} net growth at the deadline",
                                                           "people")),
    (re.compile(r"(?P<name>.+)_ratio_authorized_at_deadline"),
     Label("{name} added per {role} position authorized, at the deadline", "ratio")),
    (re.compile(r"(?P<name>.+)_ratio_at_deadline"),
     Label("{name} added per {role} added, at the deadline", "ratio")),
    (re.compile(r"(?P<name>.+)_utilization"), Label("{name} utilization over the run", "%")),
    (re.compile(r"(?P<name>.+)_wait_mean"), Label("mean wait for {name}, days", "days")),
]

#: milestones a planner reports (hiringsim.model.names.MILESTONES), counted per day
MILESTONES: dict[str, Label] = {
    "tentative_offer": Label("tentative offers (screening passed, vetting next)", "people"),
    "final_offer": Label("final offers (every stage passed)", "people"),
    "eod": Label("entries on duty (hired)", "people"),
    "trained": Label("trained (graduated)", "people"),
    "operational": Label("operational (onboarding done)", "people"),
}

#: columns of the result tables (funnel, resources, fiscal years, summaries, differences)
COLUMNS: dict[str, Label] = {
    "scenario": Label("scenario", "text"),
    "strategy": Label("strategy", "text"),
    "baseline": Label("against", "text"),
    "replication": Label("replication", "text"),
    "seed": Label("root seed", "text"),
    "kpi": Label("measure", "text"),
    "unit": Label("unit", "text"),
    "role": Label("role", "text"),
    "stage": Label("stage", "text"),
    "entered": Label("entered", "people"),
    "passed": Label("passed", "people"),
    "failed": Label("failed", "people"),
    "withdrew": Label("withdrew", "people"),
    "resource": Label("capacity", "text"),
    "kind": Label("kind", "text"),
    "utilization": Label("utilization over the run", "%"),
    "utilization_surge": Label("utilization until the target", "%"),
    "wait_mean": Label("mean wait, days", "days"),
    "wait_p90": Label("90th percentile wait, days", "days"),
    "served": Label("served", "people"),
    "capacity_days": Label("capacity offered (server- or seat-days)", "days"),
    "classes_full": Label("classes full", "ratio"),
    "classes_short_of_positions": Label("classes short of funded positions", "ratio"),
    "classes_short_of_candidates": Label("classes short of candidates", "ratio"),
    "fiscal_year": Label("fiscal year (ends 30 Sep)", "text"),
    "on_duty": Label("on duty", "people"),
    "trained": Label("trained (onboarding or on duty)", "people"),
    "on_board": Label("on board (academy too)", "people"),
    "growth": Label("growth above the start", "people"),
    "days": Label("days of the period simulated", "days"),
    "separations": Label("separations (attrition)", "people"),
    "milestone": Label("milestone", "text"),
    "start": Label("first day", "date"),
    "end": Label("last day", "date"),
    "mean": Label("mean", "text"),
    "ci_low": Label("95% CI low", "text"),
    "ci_high": Label("95% CI high", "text"),
    "p5": Label("5th percentile", "text"),
    "p50": Label("median", "text"),
    "p95": Label("95th percentile", "text"),
    "n": Label("replications used", "text"),
    "not_finite": Label("replications without a value", "text"),
    "unpaired_low": Label("unpaired CI low", "text"),
    "unpaired_high": Label("unpaired CI high", "text"),
    "point_id": Label("design point", "text"),
    "block": Label("block", "text"),
    "sample": Label("sample", "text"),
    "parameter": Label("input", "text"),
    "S1": Label("first-order Sobol' index", "ratio"),
    "S1_low": Label("S1 interval low", "ratio"),
    "S1_high": Label("S1 interval high", "ratio"),
    "ST": Label("total-order Sobol' index", "ratio"),
    "ST_low": Label("ST interval low", "ratio"),
    "ST_high": Label("ST interval high", "ratio"),
    "value_low": Label("input low", "text"),
    "value_base": Label("input base", "text"),
    "value_high": Label("input high", "text"),
    "outcome_low": Label("outcome at input low", "text"),
    "outcome_base": Label("outcome at base", "text"),
    "outcome_high": Label("outcome at input high", "text"),
    "swing": Label("swing (high - low)", "text"),
    "quantile": Label("share of replications", "%"),
    "date": Label("date", "date"),
    "reached": Label("reached by the horizon", "text"),
    "path": Label("input (dotted path)", "text"),
    "label": Label("input", "text"),
}

# -- scenario inputs ------------------------------------------------------------------------

#: words for a field of a scenario part, and its unit (every field of every part; tested)
FIELDS: dict[str, Label] = {
    # Scenario
    "name": Label("name", "text"), "start": Label("first simulated day", "date"),
    "end": Label("horizon (last simulated day)", "date"),
    "description": Label("description", "text"),
    # Target
    "role": Label("role", "text"), "growth": Label("net growth above the start", "people"),
    "deadline": Label("deadline", "date"), "measure": Label("headcount counted", "text"),
    # Role
    "initial": Label("headcount at the start", "people"),
    "ratio": Label("target as a ratio of the target role's", "ratio"),
    "offer_withdraw_per_week": Label("weekly withdrawal while waiting for a position or class",
                                     "%"),
    "salary": Label("annual salary", "$"), "hire_cost": Label("incentive per hire", "$"),
    "application_cost": Label("recruiting cost per application", "$"),
    "applications_per_applicant": Label("applications per applicant", "ratio"),
    "follows": Label("ratio positions follow", "text"),
    # Stage
    "pass_rate": Label("pass rate", "%"),
    "resource": Label("resource", "text"),
    "withdraw_per_week": Label("weekly withdrawal while waiting", "%"),
    "cost": Label("cost per candidate", "$"),
    # RatePeriod, ServerChange, SeatChange, Phase
    "from": Label("from", "date"), "per_week": Label("applications per week", "people"),
    "servers": Label("servers", "people"), "seats": Label("seats per class", "seats"),
    # Resource
    "cost_per_server_year": Label("cost per server-year", "$"),
    # Academy
    "first_class": Label("first class", "date"), "length_days": Label("class length, days",
                                                                      "days"),
    "graduation_rate": Label("graduation rate", "%"),
    "every_days": Label("days between classes", "days"),
    "dates": Label("extra class dates", "date"), "last_class": Label("last class", "date"),
    "cost_per_trainee": Label("cost per trainee", "$"),
    # Attrition, Band
    "annual_rate": Label("annual rate", "%"), "until_years": Label("tenure band up to, years",
                                                                   "ratio"),
    # parts and lists (their leaves carry the units)
    "roles": Label("roles", "text"), "resources": Label("resources", "text"),
    "target": Label("target", "text"), "stages": Label("stages", "text"),
    "recruiting": Label("recruiting", "text"), "onboarding": Label("onboarding days", "days"),
    "duration": Label("days", "days"), "attrition": Label("attrition", "text"),
    "academy": Label("academy", "text"), "positions": Label("funded positions", "text"),
    "changes": Label("dated changes", "text"), "bands": Label("tenure bands", "text"),
}

#: parameters of a duration distribution (days)
_DIST = {"mean": Label("mean days", "days"), "cv": Label("coefficient of variation", "ratio"),
         "value": Label("days", "days"), "sd": Label("standard deviation, days", "days"),
         "low": Label("shortest days", "days"), "mode": Label("most likely days", "days"),
         "high": Label("longest days", "days"), "dist": Label("distribution", "text"),
         "shape": Label("shape", "ratio"), "scale": Label("scale, days", "days"),
         "values": Label("observed days", "days"), "weights": Label("weights", "ratio")}

#: parts holding a list of named or numbered items -> the word for one item
_LISTS = {"recruiting": "recruiting period", "changes": "change", "positions": "funding phase",
          "bands": "tenure band", "dates": "class date", "stages": "stage"}

#: readable names of parts that are not plain words
_PARTS = {"attrition": "attrition", "academy": "academy", "onboarding": "onboarding",
          "target": "target", "positions": "funded positions", "recruiting": "recruiting"}

#: readable resource names (others: underscores become spaces)
RESOURCES = {"background": "background investigators"}

#: readable stage names (others: underscores become spaces)
STAGES = {"background": "background investigation", "medical_fitness": "medical and fitness",
          "entrance_exam": "entrance exam", "qualifications": "qualifications review"}

_DISTRIBUTED = ("duration", "onboarding")


def _words(name: str) -> str:
    return STAGES.get(name, name.replace("_", " "))


def _input(path: str) -> Label:
    parts = path.split(".")
    owner: list[str] = []
    i = 0
    if parts[:1] == ["roles"] and len(parts) > 1:
        owner.append(parts[1])
        i = 2
    elif parts[:1] == ["resources"] and len(parts) > 1:
        owner.append(RESOURCES.get(parts[1], f"{_words(parts[1])} resource"))
        i = 2
    while i < len(parts):
        part, rest = parts[i], parts[i + 1:]
        if part == "stages" and rest and not rest[0].isdigit():
            owner.append(_words(rest[0]))
            i += 2
            continue
        if part in _LISTS and rest and rest[0].isdigit():
            owner.append(f"{_LISTS[part]} {int(rest[0]) + 1}")
            i += 2
            continue
        if part in _DISTRIBUTED and len(rest) == 1:
            what = "" if part == "duration" else f"{part} "
            d = _DIST.get(rest[0], Label(rest[0].replace("_", " "), "number"))
            return Label(f"{' '.join(owner)}: {what}{d.text}".strip(": "), d.unit)
        if not rest:
            f = FIELDS.get(part, Label(part.replace("_", " "), "number"))
            return Label(f"{' '.join(owner)}: {f.text}" if owner else f.text, f.unit)
        owner.append(_PARTS.get(part, part.replace("_", " ")))
        i += 1
    return Label(" ".join(owner) or path, "text")


def input_label(path: str) -> str:
    """Human label of a scenario input given by dotted path (as ``Scenario.with_values`` and
    sweeps address it): ``roles.officer.academy.seats`` -> 'officer academy: seats per class'.
    """
    return _input(path).text


def input_unit(path: str) -> str:
    """Unit of a scenario input given by dotted path (one of :data:`UNITS`)."""
    return _input(path).unit


# -- KPIs -----------------------------------------------------------------------------------

def _dated(kpi: str) -> Label | None:
    """``growth@2019-09-30``, ``support.growth@...``, ``officer.on_duty@...`` (sweep outcomes)."""
    what, at, when = kpi.partition("@")
    if not at:
        return None
    try:
        day = dt.date.fromisoformat(when)
    except ValueError:
        return None
    role, _, state = what.rpartition(".")
    state_words = {"growth": "net growth", "on_duty": "on duty", "trained": "trained",
                   "on_board": "on board"}.get(state, state.replace("_", " ").replace(":", ": "))
    who = f"{role} " if role else ""
    return Label(f"{who}{state_words} on {day.day} {day:%b %Y}", "people")


def capacity_label(name: str) -> str:
    """Readable name of a scarce capacity: 'academy:officer' -> 'officer academy seats'."""
    if name.startswith("academy:"):
        return f"{name[8:]} academy seats"
    return RESOURCES.get(name, name.replace("_", " "))


def is_known(name: str) -> bool:
    """Whether ``name`` has a registered label (else :func:`label` makes one from its words)."""
    return (name in KPIS or name in COLUMNS or _dated(name) is not None
            or any(p.fullmatch(name) for p, _ in _PATTERNS))


def label(kpi: str, scenario: Any = None) -> Label:
    """The :class:`Label` of a KPI, a dated outcome, a table column or a scenario input.

    ``scenario`` (optional) fills in the target ('+10,000') and the target role.
    """
    found = KPIS.get(kpi) or _dated(kpi)
    if found is None:
        for pattern, lab in _PATTERNS:
            m = pattern.fullmatch(kpi)
            if m:
                name = m["name"]
                words = RESOURCES.get(name) or STAGES.get(name) or name.replace("_", " ")
                found = Label(lab.text.replace("{name}", words), lab.unit)
                break
    if found is None:
        found = COLUMNS.get(kpi)
    if found is None and "." in kpi:
        found = _input(kpi)
    if found is None:  # not registered (e.g. a toy model's outcome): its own words
        found = Label(kpi.replace("_", " "), "number")
    target = getattr(scenario, "target", None)
    text = found.text.replace(
        "{target}", f"+{target.growth:,}" if target is not None else "the target").replace(
        "{role}", target.role if target is not None else "target role")
    return Label(text, found.unit)


def kpi_label(kpi: str, scenario: Any = None) -> str:
    """Human label of a KPI: ``days_to_target`` -> 'days until +10,000 is reached (...)'."""
    return label(kpi, scenario).text


def unit(kpi: str) -> str:
    """Unit of a KPI, a dated outcome, a table column or an input (one of :data:`UNITS`)."""
    return label(kpi).unit


def column_label(name: str, scenario: Any = None) -> str:
    """Header of a table column: a KPI, a column of a result table or an input, with its unit."""
    return label(name, scenario).titled()


# -- values -----------------------------------------------------------------------------------

def date_of(day: float, start: dt.date) -> dt.date | None:
    """The calendar date of a day number counted from ``start`` (None if not finite)."""
    if day is None or not math.isfinite(day):
        return None
    return start + dt.timedelta(days=int(round(day)))


def _finite(value: Any) -> bool:
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def format_value(kpi: str, value: Any, *, start: dt.date | None = None,
                 with_unit: bool = False) -> str:
    """``value`` of ``kpi`` as a planner reads it: '8,955', '25%', '$1,421.1M', '22 May 2023'.

    Dates need ``start`` (the scenario's first day; day numbers count from it).  Values that are
    not finite read 'not reached' for dates and 'n/a' otherwise.  ``with_unit`` appends 'days',
    'people' or 'seats'.
    """
    u = unit(kpi)
    if u == "text" or isinstance(value, str):
        return str(value)
    if isinstance(value, dt.date):
        return f"{value.day} {value:%b %Y}"
    if not _finite(value):
        return "not reached" if u == "date" else "n/a"
    v = float(value)
    if u == "date":
        if start is None:
            return f"day {v:,.0f}"
        d = date_of(v, start)
        assert d is not None
        return f"{d.day} {d:%b %Y}"
    if u == "%":
        return f"{v:.1%}" if 0 < abs(v) < 0.1 else f"{v:.0%}"
    if u == "$":
        if abs(v) >= 1e6:
            return f"${v / 1e6:,.1f}M"
        return f"${v:,.0f}"
    if u == "ratio":
        return f"{v:,.2f}" if abs(v) < 10 else f"{v:,.1f}"
    if u == "number":
        return f"{v:,.4g}"
    text = f"{v:,.0f}"
    return f"{text} {u}" if with_unit else text


def format_interval(kpi: str, mean: Any, low: Any, high: Any, *,
                    start: dt.date | None = None) -> str:
    """'25% (12% to 43%)': a value with its interval, each written by :func:`format_value`."""
    m = format_value(kpi, mean, start=start)
    if not (_finite(low) and _finite(high)):
        return m
    return (f"{m} ({format_value(kpi, low, start=start)} to "
            f"{format_value(kpi, high, start=start)})")


def format_input(path: str, value: Any) -> str:
    """A scenario input's value as a planner reads it: '2,200', '12.5%', '$85,000',
    '1 Oct 2017'; arrays item by item; '-' where a scenario has no such input (None, NaN).

    Unlike :func:`format_value` (results), inputs keep their precision: a mean of 4.5 days
    reads '4.5', a pass rate of 0.125 '12.5%'.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if isinstance(value, list | tuple):
        return ", ".join(format_input(path, v) for v in value) or "-"
    if isinstance(value, dict):
        return ", ".join(f"{k} {format_input(f'{path}.{k}', v)}" for k, v in value.items())
    if isinstance(value, dt.date):
        return f"{value.day} {value:%b %Y}"
    if isinstance(value, bool) or isinstance(value, str) or not _finite(value):
        if isinstance(value, str) and input_unit(path) == "date":
            try:
                return format_input(path, dt.date.fromisoformat(value))
            except ValueError:
                return value
        return str(value)
    u = input_unit(path)
    v = float(value)
    if u == "%":
        return f"{v * 100:.4g}%"
    if u in ("days", "people", "seats", "ratio", "number", "$"):
        text = f"{v:,.0f}" if v == round(v) else f"{v:,.4g}"
        return f"${text}" if u == "$" else text
    return format_value(path, value)
