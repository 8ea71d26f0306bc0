"""Entry channels of a role (``Role.channels``): each channel as a role of its own up to entry.

A role's own recruiting, stages and withdrawal are its first channel (``Role.channel``); each
further channel moves through its stages exactly like a role (both modes reuse the stage kinds)
under the name ``<role>/<channel>`` (its random streams and, in fast mode, its flows until entry,
when they are added to the role's and kept per channel in ``RunRecord.channels``).  The role's
``tentative_from`` reaches each channel as its first stage at or after the named one
(:func:`hiringsim.model.overlap.channel_from`).  Entry
(positions, academy, course, onboarding) is the role's, by
:class:`hiringsim.model.kinds.channels.ChannelsEntry`.
"""

from __future__ import annotations

import dataclasses
import math
from functools import cache
from typing import TYPE_CHECKING

import numpy as np

from . import names as n
from .overlap import channel_flows, channel_from

if TYPE_CHECKING:  # pragma: no cover
    from ..scenario import Channel, Role, Scenario

__all__ = ["ACADEMY_POOL", "DIRECT_POOL", "add_counts", "channel_flow_names", "channel_roles",
           "intake_schedule", "path_of", "pool_of"]


@cache
def channel_roles(role: Role) -> tuple[tuple[Channel, Role], ...]:
    """Each further channel of ``role`` with the role it moves as until entry."""
    out = []
    for ch in role.channels:
        stages = role.stages if ch.stages is None else ch.stages
        as_role = dataclasses.replace(
            role, name=f"{role.name}/{ch.name}", stages=stages, recruiting=ch.recruiting,
            channels=(), channel=ch.name, tentative_from=channel_from(role, stages),
            pipeline=None,
            academy=role.academy if ch.path == "academy" else None,
            applications_per_applicant=_or(ch.applications_per_applicant,
                                           role.applications_per_applicant),
            offer_withdraw_per_week=_or(ch.offer_withdraw_per_week,
                                        role.offer_withdraw_per_week),
            application_cost=_or(ch.application_cost, role.application_cost),
            hire_cost=_or(ch.hire_cost, role.hire_cost),
            # its applications: its own pool (none: no limit), its seasonality or the role's;
            # the role's bonus and pay elasticity (hiringsim.scenario.market)
            seasonality=role.seasonality if ch.seasonality is None else ch.seasonality,
            pool=ch.pool)
        out.append((ch, as_role))
    return tuple(out)


def _or(value: float | None, default: float) -> float:
    return default if value is None else value


def path_of(role: Role, channel: str) -> str:
    """The path of ``role``'s channel (the role's own: academy if it has one, else direct)."""
    for ch in role.channels:
        if ch.name == channel:
            return ch.path
    return "direct" if role.academy is None else "academy"


def channel_flow_names(role: Role, path: str = "direct") -> list[str]:
    """The flows kept per channel: applicants, each stage's flows, offer withdrawals, eod; with
    vetting that overlaps training also tentative offers, failures on the offer list and the
    removals after entry of the channel's ``path``."""
    from .kinds import stage_kind

    names = [n.APPLICANTS]
    for s in role.stages:
        names += stage_kind(s).flows(s)
    return [*names, n.OFFER_WITHDRAW, n.EOD, *channel_flows(role, path)]


def add_counts(flow: np.ndarray, times: np.ndarray) -> None:
    """Count events at (fractional) ``times`` into the day bins of ``flow`` (in place)."""
    days = len(flow)
    t = np.floor(np.asarray(times, dtype=float))
    t = t[(t >= 0) & (t < days)].astype(np.int64)
    if len(t):
        flow += np.bincount(t, minlength=days)[:days]


#: the pool of candidates waiting for the academy and for direct entry (a course's pool is
#: ``course:<channel>``)
ACADEMY_POOL, DIRECT_POOL = "academy", "direct"


def pool_of(role: Role, channel: str) -> str:
    """Which waiting list a channel's candidates join."""
    path = path_of(role, channel)
    return f"course:{channel}" if path == "course" else path


def intake_schedule(sc: Scenario, role: Role) -> list[tuple[int, str, float]]:
    """A role with an academy and channels: ``(day, pool, seats)`` of every intake in the order
    they run -- by day; on a day, the academy class, then each course's class (channel order),
    then the daily intake of direct entries (``inf``: no seat limit); a course's seats are those
    in effect on the class's day."""
    from ..schedules import class_seats, class_starts

    ac = role.academy
    assert ac is not None
    by_day: list[list[tuple[int, str, float]]] = [[] for _ in range(sc.days)]
    for c in class_starts(sc, role):
        if c < sc.days:
            by_day[c].append((c, ACADEMY_POOL, float(class_seats(sc, role, c))))
    for ch in role.channels:
        if ch.path == "course":
            co = ch.course
            assert co is not None
            first = 0 if co.first_class is None else sc.day(co.first_class)
            seats = _course_seats(sc, role, ch.name)
            for d in range(first, sc.days, co.every_days or 1):
                by_day[d].append((d, f"course:{ch.name}", seats[0] if len(seats) == 1
                                  else seats[int(sc.epoch_of(d))]))
    if any(ch.path == "direct" for ch in role.channels):
        for d in range(sc.days):
            by_day[d].append((d, DIRECT_POOL, math.inf))
    return [x for day in by_day for x in day]


def _course_seats(sc: Scenario, role: Role, channel: str) -> list[float]:
    """A course's seats per class in each epoch (by the class's start; one when unchanged)."""
    from .dated import courses

    seats = [math.inf if co.seats is None else float(co.seats)
             for co in courses(sc, role.name, channel)]
    return seats if len(set(seats)) > 1 else seats[:1]
