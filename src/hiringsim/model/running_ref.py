"""A pipeline already running at the start, in the reference mode (one process per person).

The rule is stated in :mod:`hiringsim.model.running`; the fast mode is there too.  The people are
put in place at time 0, before anything else happens: the states start with their counts (the
role's ``count`` holds the opening stocks), and their processes are started before the arrivals
and the academy's classes, in this order: those in service at a resource (each takes a server
at once), those queued for one (they request a server in the order given, roles in scenario
order, ahead of every later arrival), then everybody else.  With entry channels they go
through the role's own channel; with overlapping vetting those in a vetting stage run its rest
and the later vetting stages in a process of their own (:func:`~hiringsim.model.overlap.
held_vetting`) while another holds their place on the offer list
(:func:`~hiringsim.model.overlap.held_offer`).  All their draws come from the role's
``pipeline`` stream, except what they share with everybody once they go on (later stages,
withdrawal while queued, the offer list, onboarding and tenure after graduation).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Generator
from typing import Any

from ..scenario import Stage
from . import names as n
from . import overlap
from .kinds.base import decide
from .kinds.served import Served
from .running import stage_counts
from .sampling import whole_days
from .workforce import serve

__all__ = ["start_running"]


def start_running(roles: list[Any], resources: dict[str, Any], person: Callable[[float], Any],
                  applicant: Callable[..., Generator[Any, Any, None]],
                  offer: Callable[..., Generator[Any, Any, None]]) -> None:
    """Start the processes of every role's running pipeline (reference mode).

    ``person(app)`` makes a person, ``applicant(rs, resources, me, first)`` takes one through
    the stages from index ``first`` on, ``offer(rs, me, opening=True)`` from the offer list on.
    People in stages and waiting go through the role's own channel (``rs.entry.sims``).
    """
    todo = [rs for rs in roles if rs.role.pipeline is not None]
    holders: dict[str, list[Any]] = {rs.name: [] for rs in todo}
    for queued in (False, True):
        for rs in todo:
            sim = rs.entry.sims(rs)[0]  # the role's own channel
            vetting = overlap.first(rs.role)
            for i, q, count in stage_counts(rs.role):
                if q != queued:
                    continue
                stage = rs.role.stages[i]
                for _ in range(count):
                    me = person(math.nan)
                    if i >= vetting:  # holds a tentative offer: the vetting goes on
                        holders[rs.name].append(me)
                        rs.env.process(overlap.held_vetting(
                            sim, me, resources, _rest(stage, queued, resources, me), i + 1))
                        continue
                    body = (_queued(sim, stage, resources, me) if queued
                            else _in_stage(sim, stage, resources))
                    rs.env.process(_then(body, applicant, sim, resources, me, i + 1))
    for rs in todo:
        pl = rs.role.pipeline
        sim = rs.entry.sims(rs)[0]
        rng = rs.rng["pipeline"]
        people = [(person(math.nan), False) for _ in range(pl.waiting)]
        if rs.role.tentative_from is not None:  # everybody on the offer list in a random order
            people += [(me, True) for me in holders[rs.name]]
            people = [people[k] for k in rng.permutation(len(people))]
        for me, held in people:
            rs.env.process(overlap.held_offer(sim, me, offer) if held
                           else offer(sim, me, opening=True))
        ac = rs.role.academy
        for cl in pl.classes:  # only with an academy (validated)
            end = float(rs.sc.day(cl.start) + ac.length_days)
            for _ in range(cl.trainees):
                rs.env.process(_trainee(rs, end, rng))
        for _ in range(pl.onboarding):
            rs.env.process(_onboarding(rs, rng))


def _rest(stage: Stage, queued: bool, resources: dict[str, Any], me: Any
          ) -> Callable[[Any], Generator[Any, Any, bool]]:
    """The rest of a vetting stage for an offer holder at the start (no withdrawal hazard)."""
    quiet = dataclasses.replace(stage, withdraw_per_week=0.0)
    if queued:
        return lambda view: _queued(view, quiet, resources, me)
    return lambda view: _in_stage(view, quiet, resources)


def _then(body: Generator[Any, Any, bool], applicant: Callable[..., Generator[Any, Any, None]],
          rs: Any, resources: dict[str, Any], me: Any, first: int
          ) -> Generator[Any, Any, None]:
    """``body`` (the rest of the stage they are in), then on from stage ``first`` if passed."""
    if (yield from body):
        yield from applicant(rs, resources, me, first)


def _in_stage(rs: Any, stage: Stage, resources: dict[str, Any]) -> Generator[Any, Any, bool]:
    """In ``stage`` at the start: leave after U x D (holding a server at a resource)."""
    env = rs.env
    rng = rs.rng["pipeline"]
    if stage.resource is None:
        left = float(rng.random() * whole_days(stage.duration, rng, 1)[0])
        yield env.timeout(left)
        return decide(rs, stage, rng.random())
    r = resources[stage.resource]
    req = r.res.request(priority=1)
    yield req
    left = float(rng.random() * float(stage.duration.sample(rng)))
    r.start.append(env.now)
    r.end.append(env.now + left)
    yield env.timeout(left)
    r.res.release(req)
    return decide(rs, stage, rng.random())


def _queued(rs: Any, stage: Stage, resources: dict[str, Any], me: Any
            ) -> Generator[Any, Any, bool]:
    """Queued for ``stage``'s resource at the start: they ask for a server once a change of
    servers dated at the start has applied (as in the fast mode's queue); their draws there by
    their id, as everybody's."""
    assert stage.resource is not None
    yield rs.env.timeout(0)
    return (yield from Served().process(rs, stage, resources, me.id, opening=True))


def _trainee(rs: Any, end: float, rng: Any) -> Generator[Any, Any, None]:
    """In a class running at the start, which ends at ``end``."""
    env = rs.env
    wash = float(rng.random()) * end
    if rng.random() >= rs.role.academy.graduation_rate:
        yield env.timeout(wash)
        rs.log(n.ACADEMY_WASHOUT)
        rs.move(n.ACADEMY, None)
        rs.release()
        return
    yield env.timeout(end)
    rs.log(n.ACADEMY_GRADUATE)
    rs.move(n.ACADEMY, n.ONBOARDING)
    yield from serve(rs)


def _onboarding(rs: Any, rng: Any) -> Generator[Any, Any, None]:
    """In onboarding at the start: operational after U x D."""
    role = rs.role
    left = float(rng.random()) * float(role.onboarding.sample(rng))
    yield from serve(rs, left)

