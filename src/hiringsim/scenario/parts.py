"""The parts of a scenario: frozen, validated values, each field declared once with its doc and
bounds (read by :mod:`hiringsim.schema` to validate files and to write the JSON Schema)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal, get_args

from ..distributions import Distribution
from .fields import (
    MAX_APPLICATIONS_PER_APPLICANT,
    MAX_COST,
    MAX_DAYS_FIELD,
    MAX_ELASTICITY,
    MAX_HEADCOUNT,
    MAX_PER_WEEK,
    MAX_POOL,
    MAX_RATIO,
    MAX_SEATS,
    MAX_SERVERS,
    MAX_YEARS,
    field_of,
)
from .market import MAX_SEASON, PAY_DOC, POOL_DOC, SEASONALITY_DOC

__all__ = [
    "MEASURES",
    "Academy",
    "Attrition",
    "Band",
    "Channel",
    "Course",
    "Follows",
    "Measure",
    "PayElasticity",
    "Path",
    "Phase",
    "Pool",
    "Pipeline",
    "RatePeriod",
    "Resource",
    "Role",
    "RunningClass",
    "SeatChange",
    "ServerChange",
    "Stage",
    "Target",
]

#: which headcount counts toward a target: on duty, trained (onboarding too), on board (academy too)
Measure = Literal["on_duty", "trained", "on_board"]
MEASURES: tuple[Measure, ...] = get_args(Measure)
#: what a ratio role's positions follow: the target role's authorized positions, or its
#: headcount actually added (trained: onboarding + on duty; on_board: academy too)
Follows = Literal["authorized", "trained", "on_board"]
#: how a channel's candidates enter on duty: the role's academy, a course of their own, or
#: straight to onboarding
Path = Literal["academy", "course", "direct"]


_f = field_of


@dataclass(frozen=True)
class RatePeriod:
    """Applications per week from a date until the next period starts."""

    start: dt.date = _f("first day of this rate", key="from")
    per_week: float = _f("expected applications per week (Poisson)", ge=0, le=MAX_PER_WEEK)


@dataclass(frozen=True)
class Pool:
    """A finite labour pool that applications draw down (see hiringsim.scenario.market)."""

    eligible: int = _f("eligible people in the pool at the start (the run's first day)", ge=1,
                       le=MAX_POOL)
    reapply_after_days: int | None = _f(
        "days after applying that an applicant is back in the pool and may apply again (none: "
        "not within the run)", ge=1, le=MAX_DAYS_FIELD, default=None)


@dataclass(frozen=True)
class PayElasticity:
    """How applications and withdrawals answer first-year pay (salary + bonus; see
    hiringsim.scenario.market)."""

    applications: float = _f("elasticity of the application rate to first-year pay", ge=0,
                             le=MAX_ELASTICITY, default=0.0)
    withdrawal: float = _f("elasticity of the withdrawal hazards to first-year pay (they fall "
                           "as pay rises: multiplied by (pay / pay at start)^-withdrawal)",
                           ge=0, le=MAX_ELASTICITY, default=0.0)


@dataclass(frozen=True)
class ServerChange:
    """From a date on, a resource has this many servers."""

    start: dt.date = _f("date the new number of servers takes effect", key="from")
    servers: int = _f("number of servers from this date", ge=0, le=MAX_SERVERS)


@dataclass(frozen=True)
class Resource:
    """A scarce resource (e.g. background investigators) that serves candidates one at a time."""

    name: str = _f("resource name", max_len=200)
    servers: int = _f("servers at the start (e.g. investigators)", ge=0, le=MAX_SERVERS)
    changes: tuple[ServerChange, ...] = _f(
        "dated changes of the number of servers (the same schedule as a top-level change of "
        "'resources.<name>.servers')", default=())
    cost_per_server_year: float = _f("cost of one server for a year (USD)", ge=0, le=MAX_COST,
                                     default=0.0)


@dataclass(frozen=True)
class Stage:
    """One screening step: a duration, a pass rate, optionally a scarce resource."""

    name: str = _f("stage name, unique within the role", max_len=200)
    pass_rate: float = _f("probability of passing the stage", ge=0, le=1)
    duration: Distribution = _f("days in the stage (service time at a resource)")
    resource: str | None = _f("resource serving this stage (capacity-limited)", default=None)
    withdraw_per_week: float = _f(
        "probability per week of waiting for the resource that a candidate withdraws",
        ge=0, lt=1, default=0.0,
    )
    cost: float = _f("cost per candidate entering the stage (USD)", ge=0, le=MAX_COST,
                      default=0.0)


@dataclass(frozen=True)
class SeatChange:
    """From a date on, each class has this many seats."""

    start: dt.date = _f("date the new seat count takes effect", key="from")
    seats: int = _f("seats per class from this date", ge=0, le=MAX_SEATS)


@dataclass(frozen=True)
class Academy:
    """Basic training: classes on a calendar with a seat limit."""

    length_days: int = _f("class length in days", gt=0, le=MAX_DAYS_FIELD)
    graduation_rate: float = _f("fraction of trainees who graduate", ge=0, le=1)
    first_class: dt.date | None = _f("date of the first class (required unless 'shared')",
                                     default=None)
    seats: int | None = _f("seats per class (required unless 'shared')", gt=0, le=MAX_SEATS,
                           default=None)
    every_days: float | None = _f(
        "days between class starts (>= 1; a fraction spreads classes over days: class days are "
        "floor(anchor + k x every_days), e.g. 3.5 = twice a week; a dated change restarts the "
        "cycle on its date)", ge=1, le=MAX_DAYS_FIELD, keep_int=True, default=None)
    dates: tuple[dt.date, ...] = _f("explicit class start dates (added to the cycle)", default=())
    last_class: dt.date | None = _f("no class starts after this date", default=None)
    changes: tuple[SeatChange, ...] = _f(
        "dated changes of the seats per class (the same schedule as a top-level change of "
        "'roles.<role>.academy.seats')", default=())
    cost_per_trainee: float = _f("cost per trainee entering the academy (USD)", ge=0,
                                 le=MAX_COST, default=0.0)
    shared: str | None = _f(
        "name of a shared academy (academies.<name>) whose classes this role's trainees take: "
        "its calendar and seats replace first_class, seats, every_days, dates, last_class and "
        "changes (give none of them); length_days, graduation_rate and cost_per_trainee stay "
        "this role's program (see hiringsim.model.shared)", max_len=200, default=None)
    instructors_per_trainee: float = _f(
        "instructors each class draws per trainee, ceil(ratio x the class's trainees), from "
        "the on-duty staff of 'instructors_from' for the class's length (0: none; a shared "
        "academy gives its own)", ge=0, le=MAX_RATIO, default=0.0)
    instructors_from: str | None = _f("the role whose on-duty staff teach the classes",
                                      max_len=200, default=None)


@dataclass(frozen=True)
class Phase:
    """From a date on, positions are authorized for ``growth`` above the starting headcount."""

    start: dt.date = _f("date the authorization takes effect", key="from")
    growth: int = _f("authorized positions above the starting headcount", ge=0,
                      le=MAX_HEADCOUNT)


@dataclass(frozen=True)
class Band:
    """Attrition for staff with tenure below ``until_years``."""

    until_years: float = _f("upper end of the tenure band in years", gt=0, le=MAX_YEARS)
    annual_rate: float = _f("fraction of a closed cohort leaving within a year", ge=0, lt=1)


@dataclass(frozen=True)
class Attrition:
    """Annual attrition: the fraction of a closed cohort that leaves within one year.

    The rate r is turned into a constant hazard -ln(1 - r) per year, so that (1 - r) of a
    cohort remains after a year.  ``bands`` give other rates for short tenure (measured from
    graduation, or from entry on duty for roles without an academy); staff on board at the start
    use ``annual_rate``.
    """

    annual_rate: float = _f("fraction leaving within a year beyond the bands", ge=0, lt=1)
    bands: tuple[Band, ...] = _f("rates by tenure band, shortest tenure first", default=())


@dataclass(frozen=True)
class Course:
    """A course a channel's candidates take instead of the academy (e.g. an online course)."""

    length_days: int = _f("course length in days", gt=0, le=MAX_DAYS_FIELD)
    graduation_rate: float = _f("fraction of trainees who complete the course", ge=0, le=1)
    seats: int | None = _f("seats per class (none: no seat limit)", gt=0, le=MAX_SEATS,
                            default=None)
    every_days: int | None = _f("days between class starts (none: trainees start at the daily "
                                 "intake, any day)", gt=0, le=MAX_DAYS_FIELD, default=None)
    first_class: dt.date | None = _f("date of the first class (none: the first simulated day); "
                                      "without every_days, one every day from it", default=None)
    cost_per_trainee: float = _f("cost per trainee entering the course (USD)", ge=0,
                                 le=MAX_COST, default=0.0)


@dataclass(frozen=True)
class Channel:
    """A further way into a role (e.g. applicants with prior law-enforcement service): its own
    recruiting, stages, withdrawal and path to entry on duty; it counts toward the role's
    target and holds the role's positions (see hiringsim.model.kinds.channels)."""

    name: str = _f("channel name, unique within the role (and not the role's own 'channel')",
                   max_len=200)
    recruiting: tuple[RatePeriod, ...] = _f("applications per week to this channel, piecewise "
                                            "over dates")
    path: Path = _f("how its candidates enter on duty: 'academy' (the role's academy, sharing "
                    "its class seats first come first served), 'course' (its own 'course') or "
                    "'direct' (straight to onboarding)")
    stages: tuple[Stage, ...] | None = _f(
        "its screening stages (none: the role's); each is a stage of the role by name, in the "
        "role's order, ending with the role's last stage, on the same resource, with its own "
        "duration, pass rate, withdrawal and cost", default=None)
    course: Course | None = _f("the course of path 'course'", default=None)
    applications_per_applicant: float | None = _f(
        "applications each applicant files (none: the role's)", ge=1,
        le=MAX_APPLICATIONS_PER_APPLICANT, default=None)
    offer_withdraw_per_week: float | None = _f(
        "probability per week that a candidate waiting for entry withdraws (none: the role's)",
        ge=0, lt=1, default=None)
    application_cost: float | None = _f("recruiting cost per application (none: the role's)",
                                        ge=0, le=MAX_COST, default=None)
    hire_cost: float | None = _f("cost per hire at entry on duty (none: the role's)", ge=0,
                                 le=MAX_COST, default=None)
    seasonality: tuple[float, ...] | None = _f(
        "monthly multipliers of this channel's applications (none: the role's); "
        + SEASONALITY_DOC, gt=0, le=MAX_SEASON, default=None)
    pool: Pool | None = _f("this channel's own finite labour pool (none: no limit); "
                           + POOL_DOC, default=None)


@dataclass(frozen=True)
class RunningClass:
    """An academy class that started before the scenario start and is still running."""

    start: dt.date = _f("date the class started: before the scenario start, and less than the "
                        "academy's length_days before it")
    trainees: int = _f("trainees still in the class at the scenario start", ge=0, le=MAX_SEATS)


@dataclass(frozen=True)
class Pipeline:
    """People already in a role's pipeline at the scenario start (see hiringsim.model.running).

    Counts are of people at the start of the first simulated day.  Their costs before the start
    are sunk (not counted); their salaries from the start on are (on board: class and
    onboarding).  Growth is measured from the headcount at the start, which includes those of
    them in the target's measured states; authorized positions cap them like everybody on board.
    """

    stages: tuple[tuple[str, int], ...] = _f(
        "people in each stage, e.g. {exam = 800, background = 1500, background_queue = 300}: a "
        "stage's name counts those in it (at a resource: in service, holding a server; left "
        "after a uniform fraction of a fresh duration draw, then pass or fail), "
        "'<stage>_queue' those waiting for a resource stage's server (at the head of its queue "
        "in the order given, ahead of any new arrival, with the stage's withdrawal hazard). "
        "With tentative_from, people in a vetting stage (that stage or a later one) already "
        "hold a tentative offer: on the offer list from the start, their vetting going on "
        "(may remove them on a failure); with channels, these are the role's own channel's",
        counts=True, ge=0, le=MAX_HEADCOUNT, default=())
    waiting: int = _f("people who passed every stage and wait for a position or class at the "
                      "start (first in line, with the offer withdrawal hazard)", ge=0,
                      le=MAX_HEADCOUNT, default=0)
    classes: tuple[RunningClass, ...] = _f(
        "academy classes running at the start; each trainee graduates at class start + "
        "length_days with the graduation rate, or washes out at a uniform time over the rest "
        "of the class", default=())
    onboarding: int = _f("people in field onboarding at the start (graduated, or entered "
                         "without an academy): operational after a uniform fraction of a fresh "
                         "onboarding draw; tenure drawn as for new hires, from the start",
                         ge=0, le=MAX_HEADCOUNT, default=0)


@dataclass(frozen=True)
class Role:
    """A kind of staff with its own pipeline (officers, mission support, legal)."""

    name: str = _f("role name", max_len=200)
    initial: int = _f("headcount on duty at the start", ge=0, le=MAX_HEADCOUNT)
    stages: tuple[Stage, ...] = _f("screening stages in order")
    recruiting: tuple[RatePeriod, ...] = _f("applications per week, piecewise over dates")
    onboarding: Distribution = _f("days of field onboarding before on duty (0 for none)")
    attrition: Attrition = _f("attrition after entry on duty, e.g. {annual_rate = 0.05}")
    academy: Academy | None = _f("basic-training academy (none: straight to onboarding)",
                                 default=None)
    positions: tuple[Phase, ...] | None = _f(
        "authorized positions by phase (none: follow the target role by 'ratio', or no cap)",
        default=None,
    )
    ratio: float | None = _f("target and positions as a ratio of the target role's", gt=0,
                             le=MAX_RATIO, default=None)
    offer_withdraw_per_week: float = _f(
        "probability per week that a candidate waiting for a position or class withdraws",
        ge=0, lt=1, default=0.0,
    )
    salary: float = _f("annual salary per person on board (USD)", ge=0, le=MAX_COST,
                        default=0.0)
    hire_cost: float = _f("cost per hire at entry on duty, e.g. incentives (USD)", ge=0,
                          le=MAX_COST, default=0.0)
    application_cost: float = _f("recruiting cost per application (USD)", ge=0, le=MAX_COST,
                                  default=0.0)
    applications_per_applicant: float = _f(
        "applications each applicant files on average: recruiting per_week counts applications "
        "(as agencies publish them) and the model follows people, per_week / this many; "
        "1 = one application per person", ge=1, le=MAX_APPLICATIONS_PER_APPLICANT, default=1.0,
    )
    follows: Follows | None = _f(
        "what a ratio role's positions follow: 'trained' (the default for a role with a ratio) "
        "or 'on_board' (ratio x the target role's growth actually added: onboarding and on "
        "duty, or the academy too, at the end of the day before), or 'authorized' (ratio x the "
        "target role's authorized growth, filled or not)",
        default=None,
    )
    tentative_from: str | None = _f(
        "vetting that overlaps training: the name of a stage (e.g. 'background') from which "
        "candidates hold a tentative offer. A candidate entering this stage joins the offer "
        "list at once and may start the academy (or onboarding) while this stage and every "
        "later one run to their end; these stages' withdrawal hazard no longer applies (the "
        "offer's does). A candidate who fails one of them is removed at that moment from "
        "wherever they are: the offer list (counted as failed), the academy, onboarding or "
        "duty (removals after entry, freeing the position); the costs already spent "
        "(screening, training, salary) stay spent. Someone who already left is not removed "
        "again. With entry channels it applies to every channel: in each, the vetting starts "
        "at the channel's first stage at or after this one in the role's order (a channel with "
        "stages ['medical'] only, from 'background' on, vets from 'medical'), and a trainee who "
        "fails is removed from the channel's course too. Unset: every stage must be passed "
        "before the offer", max_len=200, default=None,
    )
    channel: str = _f("name of the role's own entry channel (its recruiting, stages and academy)"
                      , max_len=200, default="new_recruits")
    channels: tuple[Channel, ...] = _f(
        "further entry channels (e.g. experienced officers to a shorter course); all count "
        "toward the role's target and share its positions", default=())

    pipeline: Pipeline | None = _f(
        "people already in the pipeline at the start (none: it starts empty)", default=None)
    bonus: float = _f("hire (signing) bonus per hire of every entry channel, paid at entry "
                      "on duty (the bonus in effect that day) into the incentives cost beside "
                      "hire_cost; part of first-year pay (salary + bonus) that pay_elasticity "
                      "answers (USD)", ge=0, le=MAX_COST, default=0.0)
    pay_elasticity: PayElasticity | None = _f(
        "how the applications and withdrawal hazards of every channel of the role answer "
        "first-year pay, e.g. {applications = 0.8, withdrawal = 0.5}; " + PAY_DOC,
        default=None)
    seasonality: tuple[float, ...] | None = _f(
        "monthly multipliers of applications; " + SEASONALITY_DOC, gt=0, le=MAX_SEASON,
        default=None)
    pool: Pool | None = _f("a finite labour pool of the role's own channel (none: no limit); "
                           + POOL_DOC, default=None)

    @property
    def following(self) -> Follows:
        """What a ratio role's positions follow (``follows``, by default 'trained')."""
        return self.follows or "trained"

    def stage(self, name: str) -> Stage:
        for s in self.stages:
            if s.name == name:
                return s
        raise KeyError(f"role {self.name!r} has no stage {name!r}")


@dataclass(frozen=True)
class Target:
    """The planner's goal: net growth of one role by a deadline."""

    role: str = _f("role whose net growth is the target")
    growth: int = _f("net growth above the starting headcount", gt=0, le=MAX_HEADCOUNT)
    deadline: dt.date = _f("date by which the growth is wanted")
    measure: Measure = _f("which headcount counts: on_duty (after onboarding), trained "
                          "(graduated: onboarding + on duty), on_board (academy too)",
                          default="trained")
