"""Labels and units of scenario inputs, from their dotted paths."""

from __future__ import annotations

from .base import Label

__all__ = ["CHANNELS", "FIELDS", "RESOURCES", "STAGES", "channel_label", "input_entry",
           "input_label", "input_unit"]

#: words for a field of a scenario part, and its unit (every field of every part; tested)
FIELDS: dict[str, Label] = {
    # Scenario
    "name": Label("name", "text"), "start": Label("first simulated day", "date"),
    "end": Label("horizon (last simulated day)", "date"),
    "description": Label("description", "text"),
    "warm_up_from": Label("warm-up from", "date"),
    "budget": Label("appropriations", "text"),
    "budget_unspent": Label("unspent money at a fiscal year's end", "text"),
    "budget_allotment": Label("shares of an overall budget by role", "text"),
    # Budget (an appropriation)
    "fiscal_year": Label("fiscal year", "text"), "amount": Label("amount", "$"),
    # Change (a dated change; what it sets is labelled as that input)
    "set": Label("sets", "text"), "note": Label("note", "text"),
    # Uncertain (an uncertain input: its distribution's parameters, in the input's unit)
    "uncertain": Label("uncertain inputs", "text"), "dist": Label("distribution", "text"),
    "low": Label("lower end", "number"), "mode": Label("most likely value", "number"),
    "high": Label("upper end", "number"), "a": Label("beta shape a", "number"),
    "b": Label("beta shape b", "number"), "mean": Label("mean", "number"),
    "sd": Label("standard deviation", "number"), "median": Label("median", "number"),
    "sigma": Label("log-scale sigma", "ratio"), "values": Label("values", "number"),
    "weights": Label("weights", "ratio"),
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
    "channel": Label("own entry channel", "text"),
    "channels": Label("further entry channels", "text"),
    # an applicant pool that responds (hiringsim.scenario.market)
    "bonus": Label("hire bonus", "$"),
    "seasonality": Label("monthly multipliers of applications", "ratio"),
    "pay_elasticity": Label("pay elasticities", "text"),
    "applications": Label("elasticity of applications to first-year pay", "ratio"),
    "withdrawal": Label("elasticity of withdrawal hazards to first-year pay", "ratio"),
    "pool": Label("finite labour pool", "text"),
    "eligible": Label("eligible people in the pool", "people"),
    "reapply_after_days": Label("days before an applicant may apply again", "days"),
    # Channel, Course
    "path": Label("path to entry on duty", "text"), "course": Label("course", "text"),
    "tentative_from": Label("tentative offer (training overlaps vetting) from stage", "text"),
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
    # shared academies and instructors (hiringsim.model.shared, measures.instructors)
    "academies": Label("shared academies", "text"), "shared": Label("shared academy", "text"),
    "outside": Label("outside demand", "text"), "to": Label("to", "date"),
    "allocation": Label("seat allocation", "text"), "quotas": Label("seat quotas", "%"),
    "spill": Label("unused quota seats spill over", "text"),
    "instructors_per_trainee": Label("instructors per trainee", "ratio"),
    "instructors_from": Label("instructors drawn from", "text"),
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
    # Pipeline, RunningClass (a pipeline already running at the start; see _pipeline_entry)
    "pipeline": Label("pipeline at the start", "text"),
    "waiting": Label("waiting for a position or class at the start", "people"),
    "classes": Label("classes running at the start", "text"),
    "trainees": Label("trainees at the start", "people"),
}

#: the fields of a running pipeline whose key means something else elsewhere
_PIPELINE = {"onboarding": Label("in onboarding at the start", "people"),
             "start": Label("class started", "date")}

#: parameters of a duration distribution (days)
_DIST = {"mean": Label("mean days", "days"), "cv": Label("coefficient of variation", "ratio"),
         "value": Label("days", "days"), "sd": Label("standard deviation, days", "days"),
         "low": Label("shortest days", "days"), "mode": Label("most likely days", "days"),
         "high": Label("longest days", "days"), "dist": Label("distribution", "text"),
         "shape": Label("shape", "ratio"), "scale": Label("scale, days", "days"),
         "values": Label("observed days", "days"), "weights": Label("weights", "ratio")}

#: parts holding a list of named or numbered items -> the word for one item
_LISTS = {"recruiting": "recruiting period", "changes": "change", "positions": "funding phase",
          "bands": "tenure band", "dates": "class date", "stages": "stage",
          "channels": "entry channel", "outside": "outside demand period",
          "budget": "appropriation"}

#: readable names of parts that are not plain words
_PARTS = {"attrition": "attrition", "academy": "academy", "onboarding": "onboarding",
          "target": "target", "positions": "funded positions", "recruiting": "recruiting"}

#: readable resource names (others: underscores become spaces)
RESOURCES = {"background": "background investigators"}

#: readable stage names (others: underscores become spaces)
STAGES = {"background": "background investigation", "medical_fitness": "medical and fitness",
          "entrance_exam": "entrance exam", "qualifications": "qualifications review"}

#: readable entry-channel names (others: underscores become spaces); "all": a role's totals
CHANNELS = {"new_recruits": "new recruits", "experienced": "experienced officers",
            "rehired_retirees": "rehired retirees", "all": "all channels"}

_DISTRIBUTED = ("duration", "onboarding")


def channel_label(name: str) -> str:
    """Readable name of an entry channel: 'new_recruits' -> 'new recruits'."""
    return CHANNELS.get(name, name.replace("_", " "))


def _words(name: str) -> str:
    return STAGES.get(name, name.replace("_", " "))


def input_entry(path: str) -> Label:
    parts = path.split(".")
    if parts[0] == "uncertain" and len(parts) > 2:  # uncertain.<input path>.<parameter>
        inner = input_entry(".".join(parts[1:-1]))
        param = FIELDS.get(parts[-1], Label(parts[-1], "number"))
        unit = inner.unit if param.unit == "number" else param.unit
        return Label(f"uncertain {inner.text}: {param.text}", unit)
    if parts[0] == "changes" and len(parts) > 3 and parts[1].isdigit() and parts[2] == "set":
        inner = input_entry(".".join(parts[3:]))  # a dated change sets another input
        return Label(f"change {int(parts[1]) + 1} sets {inner.text}", inner.unit)
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
        if part == "channels" and rest and not rest[0].isdigit():
            owner.append(f"{channel_label(rest[0])} channel")
            i += 2
            continue
        if part in _LISTS and rest and rest[0].isdigit():
            owner.append(f"{_LISTS[part]} {int(rest[0]) + 1}")
            i += 2
            continue
        if part == "pipeline":
            return _pipeline_entry(owner, rest)
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


def _pipeline_entry(owner: list[str], rest: list[str]) -> Label:
    """``roles.<role>.pipeline...``: people in a stage, queued, waiting, in a running class."""
    who = f"{' '.join(owner)} pipeline"
    if not rest:
        return Label(who, "text")
    if rest[0] == "stages" and len(rest) == 2:
        stage = rest[1]
        if stage.endswith("_queue"):
            return Label(f"{who}: queued for {_words(stage.removesuffix('_queue'))} at the "
                         "start", "people")
        return Label(f"{who}: in {_words(stage)} at the start", "people")
    if rest[0] == "classes" and len(rest) == 3 and rest[1].isdigit():
        f = _PIPELINE.get(rest[2]) or FIELDS.get(rest[2], Label(rest[2], "number"))
        return Label(f"{who} class {int(rest[1]) + 1}: {f.text}", f.unit)
    f = _PIPELINE.get(rest[-1]) or FIELDS.get(rest[-1], Label(rest[-1], "number"))
    return Label(f"{who}: {f.text}", f.unit)


def input_label(path: str) -> str:
    """Human label of a scenario input given by dotted path (as ``Scenario.with_values`` and
    sweeps address it): ``roles.officer.academy.seats`` -> 'officer academy: seats per class'.
    """
    return input_entry(path).text


def input_unit(path: str) -> str:
    """Unit of a scenario input given by dotted path (one of :data:`UNITS`)."""
    return input_entry(path).unit


# -- KPIs -----------------------------------------------------------------------------------
