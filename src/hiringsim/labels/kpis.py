"""Labels and units of KPIs, table columns and milestones."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from .base import UNITS, Label
from .costs import COST_COLUMNS
from .inputs import RESOURCES, STAGES, channel_label, input_entry

__all__ = ["COLUMNS", "KPIS", "MILESTONES", "UNITS", "Label", "capacity_label", "column_label",
           "is_known", "kpi_label", "label", "unit"]

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
    # instructors drawn from on-duty staff (hiringsim.measures.instructors)
    "instructors_mean": Label("instructors on loan from on-duty staff, mean per day", "people"),
    "instructors_peak": Label("instructors on loan from on-duty staff, peak", "people"),
    "instructors_at_deadline": Label("instructors on loan at the deadline", "people"),
    "operational_growth_at_deadline": Label("growth at the deadline net of instructors on loan",
                                            "people"),
    "instructor_strain_days": Label("days instructors on loan exceed a tenth of on-duty staff",
                                    "days"),
    # appropriations (Scenario.budget, hiringsim.measures.budget)
    "budget_total": Label("appropriations of the budgeted fiscal years", "$"),
    "budget_spent": Label("spent in budgeted years on what a budget covers (payroll of new "
                          "hires, training, hire cost)", "$"),
    "budget_shortfall": Label("budget shortfall (what people on board cost beyond a year's "
                              "money)", "$"),
    "days_held_by_money": Label("days hiring of the target role was held by money", "days"),
    "money_bound_share": Label("share of the days hiring was held that money held it "
                               "(not seats or positions)", "%"),
    # vetting that overlaps training (Role.tentative_from)
    "removals_after_entry": Label("hires removed after entry on failing the vetting", "people"),
    "removed_academy": Label("removed from the academy on failing the vetting", "people"),
    "removed_course": Label("removed from an entry channel's course on failing the vetting",
                            "people"),
    "removed_onboarding": Label("removed from onboarding on failing the vetting", "people"),
    "removed_duty": Label("removed from duty on failing the vetting", "people"),
    "offer_failures": Label("tentative offers failing the vetting before entry", "people"),
    "vetting_unfinished_at_end": Label("vetting still running at the horizon (on a tentative "
                                       "clearance)", "people"),
    "cost_removed": Label("spent on hires removed after entry (training, incentives, salary)",
                          "$"),
}

#: KPIs named after a role or a resource: pattern -> label with '{name}'
_PATTERNS: list[tuple[re.Pattern[str], Label]] = [
    (re.compile(r"hires_channel_(?P<name>.+)"), Label("hires through the {name} channel",
                                                      "people")),
    (re.compile(r"removals_channel_(?P<name>.+)"),
     Label("hires through the {name} channel removed after entry on failing the vetting",
           "people")),
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
    "channel": Label("entry channel", "text"),
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
    "budget": Label("appropriation", "$"),
    "carry_in": Label("carried in from the year before", "$"),
    "covered_spend": Label("spent on what the budget covers", "$"),
    "spend_beside": Label("recruiting and screening (not held by money)", "$"),
    "unspent": Label("left at the year's end", "$"),
    "lapsed": Label("lapsed at the year's end", "$"),
    "shortfall": Label("shortfall", "$"),
    "entries": Label("entries on duty", "people"),
    "days_held_money": Label("days hiring was held by money", "days"),
    "days_held_capacity": Label("days hiring was held by seats or positions", "days"),
    "bound_by": Label("binding constraint", "text"),
    "days_in_run": Label("days of the year simulated", "days"),
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
    "S1_width": Label("S1 interval width", "ratio"),
    "ST_width": Label("ST interval width", "ratio"),
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
    **COST_COLUMNS,
}

# -- scenario inputs ------------------------------------------------------------------------


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
                words = (channel_label(name) if kpi.startswith(("hires_channel_",
                                                                 "removals_channel_")) else
                         RESOURCES.get(name) or STAGES.get(name) or name.replace("_", " "))
                found = Label(lab.text.replace("{name}", words), lab.unit)
                break
    if found is None:
        found = COLUMNS.get(kpi)
    if found is None and "." in kpi:
        found = input_entry(kpi)
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
