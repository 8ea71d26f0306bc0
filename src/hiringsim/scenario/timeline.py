"""The scenario's timeline beyond its start and end: inputs that change on dates
(:class:`Change`, the mechanism in :mod:`hiringsim.scenario.changes`) and a warm-up before the
start (checked in :mod:`hiringsim.scenario.warmup`).  Each rule is stated once here and quoted by
the field docs, the JSON Schema and the docs."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .fields import field_of as _f

__all__ = ["CHANGE_RULE", "MAX_WARM_UP_DAYS", "WARM_UP_RULE", "Change"]


#: the rule of a dated change, stated once (the field doc, the JSON Schema and the docs)
CHANGE_RULE = (
    "From its date on, fields take new values, for the people who reach them from that date: a "
    "stage's pass_rate, duration and withdraw_per_week by the time a person enters the stage "
    "(joins the queue of a resource), its cost by the day it is charged (entering the stage; "
    "for a resource's stage the service start); an academy's length_days, graduation_rate, seats "
    "and cost_per_trainee by the class's start date, every_days restarting the cycle on the "
    "change date; onboarding by the day onboarding starts; offer_withdraw_per_week by the day "
    "the offer wait starts; hire_cost and bonus by the entry-on-duty day, application_cost by "
    "the application day, salary by the day paid (with a pay_elasticity, salary + bonus in "
    "effect also scale the day's applications and the withdrawal hazards by when each wait "
    "starts); attrition as a hazard in calendar time for "
    "everyone on board from the date (tenure bands as before); a resource's servers from the "
    "date. Changeable paths: roles.<role>.stages.<stage>.{pass_rate, duration, cost, "
    "withdraw_per_week}; roles.<role>.academy.{length_days, graduation_rate, seats, "
    "every_days, cost_per_trainee}; roles.<role>.{onboarding, attrition (or attrition.<key>), "
    "offer_withdraw_per_week, salary, hire_cost, application_cost, bonus}; "
    "roles.<role>.channels.<channel>.{stages.<stage>.<field> (its own stages), "
    "offer_withdraw_per_week, hire_cost, application_cost, course.{length_days, "
    "graduation_rate, cost_per_trainee, seats} (by the course class's start)}; "
    "resources.<resource>.servers. A role's inputs reach every entry channel that uses them.")


@dataclass(frozen=True)
class Change:
    """From a date on, some inputs take new values (see hiringsim.scenario.changes)."""

    start: dt.date = _f("date the new values take effect", key="from")
    values: dict[str, Any] = _f(
        "dotted path -> value, e.g. {\"roles.officer.academy.length_days\" = 42}. "
        + CHANGE_RULE, key="set", hash=False)
    note: str = _f("a label, e.g. what the change is and its source", max_len=1000, default="")


#: the longest warm-up, start - warm_up_from in days (10 years: a pipeline's oldest people)
MAX_WARM_UP_DAYS = 3653

#: the rule of a warm-up, stated once (the field doc, the JSON Schema and the docs)
WARM_UP_RULE = (
    "run the model from this date (before start, at most 10 years before) and report from "
    "start, so that the pipeline is already running at the start: the flows from start (day 0 "
    "= start), the state at the end of the day before start as opening stocks, growth measured "
    "from the headcount at start in each replication. Before start: 'initial' is on duty at "
    "this date (the headcount a planner gives is at the warm-up date, not at start); "
    "recruiting periods, positions phases, server and seat changes, academy first_class and "
    "dates may be dated from this date on, a role's or channel's first recruiting period and "
    "first positions phase carried back to this date when dated later (so positions in effect "
    "at start apply from this date unless phases are dated earlier); an academy's every_days "
    "cycle extends back from first_class (class days first_class - k x every_days, k = 1, 2, "
    "...) to this date; a course without first_class runs from this date; servers are as given "
    "(resource servers from this date, changes on their dates); top-level dated changes stay "
    "dated from start on. Hires who applied before start count as hires but not in time to "
    "hire. Not with a role's pipeline (two ways to say the same thing). None: the run starts "
    "at start with an empty pipeline")
