"""The vocabulary of a run record: flow and state names, class-log columns, limit codes.

Flows are counted by the day they happen (people, never applications: one applicant may file
several, see ``Role.applications_per_applicant``); states are end-of-day headcounts derived
from flows.
Stage flows are named ``<stage>:<event>``; everything after the last screening stage has a fixed
name.  Use these names (never string literals) wherever a record is written or read.
"""

from __future__ import annotations

from enum import IntEnum
from typing import NamedTuple

import numpy as np

__all__ = [
    "ACADEMY",
    "ACADEMY_GRADUATE",
    "ACADEMY_START",
    "ACADEMY_REMOVED",
    "ACADEMY_WASHOUT",
    "APPLICANTS",
    "COURSE",
    "COURSE_GRADUATE",
    "COURSE_REMOVED",
    "COURSE_START",
    "COURSE_WASHOUT",
    "MILESTONES",
    "DUTY_LEAVE",
    "DUTY_REMOVED",
    "EOD",
    "INITIAL_LEAVE",
    "OFFER_FAIL",
    "OFFER_TENTATIVE",
    "OFFER_WAIT",
    "OFFER_WITHDRAW",
    "ONBOARDING",
    "ONBOARDING_LEAVE",
    "ONBOARDING_REMOVED",
    "REMOVALS",
    "ON_DUTY",
    "OPERATIONAL",
    "ClassLog",
    "Limit",
    "enter",
    "failed",
    "passed",
    "queue",
    "queued_for",
    "start",
    "withdraw",
]

# -- flows ------------------------------------------------------------------------------------
#: applicants (people) arriving; applications are applicants x the role's
#: ``applications_per_applicant`` (a measure, not a flow)
APPLICANTS = "applicants"
#: candidates who passed every stage and withdrew while waiting for a position or class
OFFER_WITHDRAW = "offer:withdraw"
#: entry on duty: academy start, or onboarding start without an academy
EOD = "eod"
#: trainees who left the academy without graduating
ACADEMY_WASHOUT = "academy:washout"
#: trainees who graduated (and start onboarding)
ACADEMY_GRADUATE = "academy:graduate"
#: roles with channels (hiringsim.model.kinds.channels): entries on duty into the academy, into
#: a channel's course (the rest of ``eod`` goes straight to onboarding), and the course's ends
ACADEMY_START = "academy:start"
COURSE_START = "course:start"
COURSE_WASHOUT = "course:washout"
COURSE_GRADUATE = "course:graduate"
#: onboarding finished: fully operational, on duty
OPERATIONAL = "operational"
#: hires who left during onboarding
ONBOARDING_LEAVE = "onboarding:leave"
#: hires who left after onboarding
DUTY_LEAVE = "duty:leave"
#: staff on board at the start who left
INITIAL_LEAVE = "initial:leave"

# Vetting that overlaps training (``Role.tentative_from``, :mod:`hiringsim.model.overlap`):
# these flows exist only in the record of a role that uses it.
#: tentative offers: candidates entering the role's ``tentative_from`` stage join the offer list
OFFER_TENTATIVE = "offer:tentative"
#: candidates on a tentative offer who failed the vetting while still waiting for a position
OFFER_FAIL = "offer:fail"
#: trainees removed from the academy on failing the vetting (removals after entry)
ACADEMY_REMOVED = "academy:removed"
#: trainees removed from a channel's course on failing the vetting (roles with channels)
COURSE_REMOVED = "course:removed"
#: hires removed from field onboarding on failing the vetting (removals after entry)
ONBOARDING_REMOVED = "onboarding:removed"
#: hires removed from duty on failing the vetting (removals after entry)
DUTY_REMOVED = "duty:removed"
#: removals after entry on duty, by where they happen
REMOVALS = (ACADEMY_REMOVED, COURSE_REMOVED, ONBOARDING_REMOVED, DUTY_REMOVED)


def enter(stage: str) -> str:
    """Candidates entering ``stage`` (joining its queue at a resource)."""
    return f"{stage}:enter"


def start(stage: str) -> str:
    """Candidates whose service at the stage's resource starts."""
    return f"{stage}:start"


def withdraw(stage: str) -> str:
    """Candidates who withdrew while queued for the stage's resource."""
    return f"{stage}:withdraw"


def passed(stage: str) -> str:
    """Candidates who passed ``stage``."""
    return f"{stage}:pass"


def failed(stage: str) -> str:
    """Candidates who failed ``stage``."""
    return f"{stage}:fail"


# -- states -----------------------------------------------------------------------------------
#: passed every stage, waiting for a position (and a class seat)
OFFER_WAIT = "offer_wait"
#: in an academy class
ACADEMY = "academy"
#: in a channel's course (roles with channels)
COURSE = "course"
#: in field onboarding
ONBOARDING = "onboarding"
#: on duty (operational)
ON_DUTY = "on_duty"


def queue(stage: str) -> str:
    """Candidates waiting for the stage's resource (the stage's own name: in the stage)."""
    return f"{stage}:queue"


def queued_for(state: str) -> str | None:
    """The stage a queue state waits for (None if ``state`` is not a queue)."""
    return state.removesuffix(":queue") if state.endswith(":queue") else None


# -- milestones --------------------------------------------------------------------------------
#: what a planner reports of the way to a hire, counted per day (hiringsim.measures.milestones):
#: tentative offers (passing the last screening stage before the first stage at a resource, i.e.
#: entering vetting), final offers (passing the last stage), entry on duty, trained (graduated,
#: or entry on duty without an academy), operational (onboarding done)
MILESTONES = ("tentative_offer", "final_offer", "eod", "trained", "operational")


# -- academy classes --------------------------------------------------------------------------
class Limit(IntEnum):
    """What limited how many a class took."""

    #: every seat filled
    SEATS = 0
    #: authorized positions ran out first
    POSITIONS = 1
    #: not enough candidates were waiting
    CANDIDATES = 2
    #: the budget could not carry more (hiringsim.model.money)
    MONEY = 3


class ClassLog(NamedTuple):
    """The classes of one academy: one array per column, one entry per class."""

    day: np.ndarray
    seats: np.ndarray
    filled: np.ndarray
    limit: np.ndarray

    @classmethod
    def from_rows(cls, rows: list[tuple[int, int, int, int]]) -> ClassLog:
        """From ``(day, seats, filled, limit)`` tuples in class order."""
        a = np.asarray(rows, dtype=np.int64).reshape(-1, 4)
        return cls(a[:, 0], a[:, 1], a[:, 2], a[:, 3])
