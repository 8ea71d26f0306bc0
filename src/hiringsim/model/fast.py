"""The fast mode: arrays of people, solved stage by stage.

Applications and the leading screening stages move applicant by applicant in one compiled pass
(:func:`~hiringsim.model.kinds.screening.fast_prefix`) that keeps only daily counts; everyone
who passes them is an individual.  Every stage draws by applicant (:mod:`hiringsim.model.crn`),
so a change to one stage leaves every other stage's draws alone.  Each stage's kind moves the
individuals through it: kinds without a shared resource one role at a time, kinds with one (a
queue for investigators) for every role at that resource together, once all of them have
arrived there.  Then each role's entry kind plays out positions, classes, onboarding and
attrition in time order; the user roles of a shared academy together
(:mod:`hiringsim.model.shared_fast`).  With vetting that overlaps training, the vetting stages move
individuals and leave each one's offer and removal times to the entry kind
(:mod:`hiringsim.model.overlap`).

This implements the same model as :mod:`hiringsim.model.reference` (one SimPy process per
applicant); the test suite checks that the two agree in distribution.
"""

from __future__ import annotations

import numpy as np

from ..rng import Streams
from ..scenario import Scenario
from .channels import channel_roles
from .dated import stage_fixed
from .kinds import Group, entry_kind, stage_kind
from .kinds.screening import Screening, fast_prefix
from .overlap import first
from .record import RunRecord
from .running import fast_start
from .shared_fast import run_shared

__all__ = ["run_fast"]


def run_fast(sc: Scenario, seed: int, replication: int = 0) -> RunRecord:
    """One replication in fast mode."""
    streams = Streams(seed, replication)
    rec = RunRecord(sc, seed, replication, "fast")
    groups: dict[str, list[Group]] = {}
    for role in sc.roles:
        rec.new_role(role)
        groups[role.name] = []
        # each entry channel moves as a role of its own until entry
        for way in (role, *(as_role for _, as_role in channel_roles(role))):
            if way is not role:
                rec.new_role(way)
            k0 = next((i for i, s in enumerate(way.stages)
                       if not isinstance(stage_kind(s), Screening)
                       or not stage_fixed(sc, way, s)), len(way.stages))
            k0 = min(k0, first(way))  # vetting stages move individuals (removal times)
            groups[role.name].append(fast_prefix(sc, way, way.stages[:k0], streams, rec))
        if role.pipeline is not None:  # the role's own channel's pipeline
            fast_start(sc, role, groups[role.name][0], streams, rec)
    every = [g for gs in groups.values() for g in gs]

    # Advance each role to its next shared resource, then solve every resource whose users
    # have all arrived at it.
    while True:
        for g in every:
            _advance(sc, g, streams, rec)
        waiting = {r for g in every if (r := _resource_next(g)) is not None}
        if not waiting:
            break
        for res in sorted(waiting):
            users = [g for g in every if _uses_later(g, res)]
            if all(_resource_next(g) == res for g in users):
                stage = users[0].role.stages[users[0].stage]
                stage_kind(stage).fast_joint(sc, res, users, streams, rec)
                break
        else:  # pragma: no cover - excluded by scenario validation
            raise RuntimeError("resources are used in inconsistent orders")

    for resource in sc.resources:  # resources no stage uses: idle all along
        if resource.name not in rec.busy:
            rec.busy[resource.name] = np.zeros(sc.days)
            rec.waits[resource.name] = {"served": np.zeros(0), "withdrew": np.zeros(0)}
    # the target role first: roles whose positions follow its headcount read its flows
    for role in sorted(sc.roles, key=lambda r: r.name != sc.target.role):
        if role.academy is None or role.academy.shared is None:
            entry_kind(role).fast_groups(sc, role, groups[role.name], streams, rec)
        elif role.academy.shared not in rec.academies:  # every user together, at the first
            run_shared(sc, role.academy.shared, groups, streams, rec)
    return rec


def _advance(sc: Scenario, g: Group, streams: Streams, rec: RunRecord) -> None:
    """Move ``g`` through its stages up to the next one at a shared resource."""
    stages = g.role.stages
    while g.stage < len(stages):
        if g.running is not None:  # people of a running pipeline join here
            g.running.merge(g)
        stage = stages[g.stage]
        kind = stage_kind(stage)
        if kind.resource(stage) is not None:
            break
        kind.fast_step(sc, stage, g, streams, rec)
        g.stage += 1
    if g.running is not None:  # people of a running pipeline join here
        g.running.merge(g)


def _resource_next(g: Group) -> str | None:
    if g.stage >= len(g.role.stages):
        return None
    stage = g.role.stages[g.stage]
    return stage_kind(stage).resource(stage)


def _uses_later(g: Group, res: str) -> bool:
    return any(stage_kind(s).resource(s) == res for s in g.role.stages[g.stage:])
