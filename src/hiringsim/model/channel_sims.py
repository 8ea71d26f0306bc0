"""Reference mode of a role with entry channels (the rule: :mod:`hiringsim.model.kinds.channels`).

Each channel is a :class:`ChannelSim` standing in for the role's simulation in the applicant
process of :mod:`hiringsim.model.reference`: its own role-until-entry (stages, recruiting,
withdrawal), its own random streams (the role's own channel keeps the role's), and flows logged
both to the role and to the channel.  Offers wait in one list per pool (the academy, each
course, direct entry); one process per role runs each day's intakes in order.  With vetting that
overlaps training a channel's tentative offer holders run the vetting in a process of their own
(:func:`hiringsim.model.overlap.tentative`, with the channel in the role's place), which on a
failure removes them from wherever they are: the waiting list, the academy, the course,
onboarding or duty.
Under dated changes each channel takes the inputs in effect when its candidates reach them
(:func:`hiringsim.model.dated.role_now` of the role it moves as; a course by its class's start).
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Generator
from typing import Any

import numpy as np

from ..schedules import cap_at
from . import crn, overlap
from . import names as n
from .channels import (
    ACADEMY_POOL,
    DIRECT_POOL,
    add_counts,
    channel_flow_names,
    channel_roles,
    intake_schedule,
    path_of,
    pool_of,
)
from .dated import courses
from .kinds import stage_kind
from .kinds.academy import AcademyEntry, _limit

__all__ = ["ChannelSim", "admit_queue", "channel_sims", "record_channels", "start_intakes",
           "train"]

#: where each kind of entry puts the new hire, and the flow it logs
_INTO = {"academy": (n.ACADEMY, n.ACADEMY_START), "course": (n.COURSE, n.COURSE_START),
         "direct": (n.ONBOARDING, None)}


class _Waiting:
    """A channel's view of its pool: appending puts ``(channel, person)`` on the pool."""

    def __init__(self, sim: ChannelSim, pool: deque):
        self.sim, self.pool = sim, pool

    def append(self, me: Any) -> None:
        self.pool.append((self.sim, me))


class ChannelSim:
    """One entry channel of a role in reference mode (stands in for the role's simulation)."""

    def __init__(self, base: Any, name: str, as_role: Any, course: Any):
        self.base, self.env, self.sc, self.entry = base, base.env, base.sc, base.entry
        self.name, self.channel, self.role, self.course = base.name, name, as_role, course
        self.path = path_of(base.role, name)
        if as_role is base.role:  # the role's own channel keeps the role's streams
            self.rng, self.stage_rng = base.rng, base.stage_rng
        else:
            key = as_role.name
            self.rng = {k: base.streams(key, "ref", k) for k in
                        ("arrivals", "academy", "course", "onboarding", "attrition", "withdraw")}
            self.stage_rng = {s.name: base.streams(key, "ref", "stage", s.name)
                              for s in as_role.stages}
        self.stage_key = crn.keys(self.stage_rng)  # draws by applicant (model.crn)
        self.service_key = crn.keys(self.stage_rng, crn.SERVICE)  # service times (model.crn)
        #: each stage's kind by index, the first vetting stage's index (as the role's)
        self.kinds = [stage_kind(s) for s in as_role.stages]
        self.vetting = overlap.first(as_role)
        self.times: defaultdict[str, list[float]] = defaultdict(list)  # flow -> event times
        self.index = 0  # position among the role's channels (set by channel_sims)
        self.waiting = _Waiting(self, base.pools[pool_of(base.role, name)])
        #: hire index -> removal time, the role's (vetting that overlaps training)
        self.removed_at = base.removed_at

    def log(self, flow: str) -> None:
        self.base.log(flow)
        self.times[flow].append(self.env._now)  # (env.now, without the property's call)

    def move(self, src: str | None, dst: str | None) -> None:
        self.base.move(src, dst)

    def release(self) -> None:
        self.base.release()

    def admit(self, me: Any) -> None:
        """Entry on duty by the channel's path (a position is taken)."""
        state, flow = _INTO[self.path]
        self.base.admit(me, state)
        self.base.hire_channel.append(self.index)
        self.times[n.EOD].append(self.env.now)
        if flow is not None:
            self.base.log(flow)


def channel_sims(rs: Any) -> list[ChannelSim]:
    """The channels of the role simulation ``rs`` (made once)."""
    if not hasattr(rs, "channel_sims"):
        role = rs.role
        rs.pools = {pool_of(role, ch): deque() for ch in
                    [role.channel, *(c.name for c in role.channels)]}
        rs.hire_channel = []  # the channel (index) of each hire, in order of entry
        rs.channel_sims = [ChannelSim(rs, role.channel, role, None)] + [
            ChannelSim(rs, ch.name, as_role, ch.course) for ch, as_role in channel_roles(role)]
        for i, sim in enumerate(rs.channel_sims):
            sim.index = i
    return rs.channel_sims


def _fill(rs: Any, pool: deque, room: float) -> int:
    filled = 0
    while pool and filled < room:
        sim, me = pool.popleft()
        if me.withdrawn or me.deadline <= rs.env.now:
            continue
        sim.admit(me)
        filled += 1
    return filled


def admit_queue(rs: Any) -> None:
    """A role without an academy: admit from the one queue while positions are free."""
    base = getattr(rs, "base", rs)
    if base.role.academy is None:
        _fill(base, base.pools[DIRECT_POOL], base.cap - base.occupied)


def start_intakes(rs: Any) -> None:
    channel_sims(rs)
    if rs.role.academy is not None:
        rs.env.process(_intakes(rs))


def _intakes(rs: Any) -> Generator[Any, Any, None]:
    """Each intake in order, within the positions free at that moment and its seats."""
    env = rs.env
    for c, key, seats in intake_schedule(rs.sc, rs.role):
        if c > env.now:
            yield env.timeout(c - env.now)
        room = min(seats, max(cap_at(rs.caps, env.now) - rs.occupied, 0))
        filled = _fill(rs, rs.pools[key], room) if key in rs.pools else 0
        if key == ACADEMY_POOL:
            rs.classes.append((c, int(seats), filled, _limit(filled, int(seats), int(room))))


def train(sim: ChannelSim) -> Generator[Any, Any, bool]:
    """After entry on duty, by the channel's path: True if the hire goes on to onboarding."""
    if sim.path == "academy":
        return (yield from AcademyEntry().train(sim))
    if sim.path == "direct":
        return True
    env, co = sim.env, sim.course
    if sim.sc.changes:  # the class starts now: the course in effect today
        co = courses(sim.sc, sim.name, sim.channel)[int(sim.sc.epoch_of(env.now))]
    length = float(co.length_days)
    u = sim.rng["course"].random()
    if sim.rng["course"].random() >= co.graduation_rate:
        yield env.timeout(u * length)
        sim.log(n.COURSE_WASHOUT)
        sim.move(n.COURSE, None)
        sim.release()
        return False
    yield env.timeout(length)
    sim.log(n.COURSE_GRADUATE)
    sim.move(n.COURSE, n.ONBOARDING)
    return True


def record_channels(rs: Any, rec: Any) -> None:
    """Each channel's flows of :func:`channel_flow_names` into ``rec.channels``, and the
    channel (index) of each hire into ``rec.hires``."""
    eod = np.asarray(rs.hire_eod, dtype=float)
    rec.hires[rs.name]["channel"] = np.asarray(rs.hire_channel, dtype=np.int64)[eod < rec.days]
    out = rec.channels[rs.name] = {}
    for sim in channel_sims(rs):
        flows = {k: np.zeros(rec.days, dtype=np.int64)
                 for k in channel_flow_names(sim.role, sim.path)}
        for k, f in flows.items():
            add_counts(f, np.asarray(sim.times.get(k, []), dtype=float))
        out[sim.channel] = flows
