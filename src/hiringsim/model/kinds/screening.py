"""A screening stage without a resource: a whole-day duration, then pass or fail.

Each applicant's duration and decision at a stage come from that stage's stream, by applicant
(:mod:`hiringsim.model.crn`): changing one stage's pass rate or duration leaves the arrivals and
every other stage's draws unchanged, person by person, in both modes.  Fast mode moves
applications (a Poisson count a day at the full rate; with a finite pool, a binomial count of
those left in it, :mod:`hiringsim.model.pool`, as in reference mode) and the leading screening
stages applicant by applicant in one compiled pass (:func:`fast_prefix`), counting each stage's
daily flows and keeping those who pass them all as individuals.  The leading stages end before the
first whose pass rate or duration changes on a date
(:func:`hiringsim.model.dated.stage_fixed`): from there people move one by one, each with the
parameters in effect when they enter.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ...schedules import applicant_rate
from .. import names as n
from .. import pool
from ..crn import bits, bits_one, prefix_pass, split, split_one, stream_key, whole_day_one
from ..dated import by_epoch, stages, whole_days_by
from ..overlap import settle
from .base import Group, StageKind, decide

if TYPE_CHECKING:  # pragma: no cover
    from ...rng import Streams
    from ...scenario import Role, Scenario, Stage
    from ..record import RunRecord

__all__ = ["Screening", "fast_prefix"]


@dataclass(frozen=True)
class Screening(StageKind):
    """A stage without a resource."""

    name = "screening"

    def applies(self, stage: Stage) -> bool:
        return stage.resource is None

    def flows(self, stage: Stage) -> list[str]:
        return [n.enter(stage.name), n.passed(stage.name), n.failed(stage.name)]

    def states(self, stage: Stage) -> list[str]:
        return [stage.name]

    def stocks(self, stage: Stage, cum: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        s = stage.name
        return {s: cum[n.enter(s)] - cum[n.passed(s)] - cum[n.failed(s)]}

    def fast_step(self, sc: Scenario, stage: Stage, g: Group, streams: Streams,
                  rec: RunRecord) -> None:
        name = g.role.name
        u_pass, u_days = split(bits(stream_key(streams, name, "stage", stage.name), g.ids))
        rec.add_times(name, n.enter(stage.name), g.t)
        # each person's parameters are those in effect when they enter (model.dated)
        versions, epoch = stages(sc, name, g.stage), sc.epoch_of(g.t)
        end = g.t + whole_days_by([s.duration for s in versions], epoch, u_days)
        ok = u_pass < by_epoch([s.pass_rate for s in versions], epoch)
        rec.add_times(name, n.passed(stage.name), end[ok])
        rec.add_times(name, n.failed(stage.name), end[~ok])
        settle(g, stage, ok, ~ok, end, sc.days, rec)

    def process(self, rs: Any, stage: Stage, resources: dict[str, Any], who: int | None = None
                ) -> Generator[Any, Any, bool]:
        rs.log(n.enter(stage.name))
        rs.move(None, stage.name)
        if who is None:
            rng = rs.stage_rng[stage.name]
            u_pass, u_days = rng.random(), rng.random()
        else:
            u_pass, u_days = split_one(bits_one(rs.stage_key[stage.name], who))
        yield rs.env.timeout(whole_day_one(stage.duration, u_days))
        return decide(rs, stage, u_pass)


def fast_prefix(sc: Scenario, role: Role, prefix: tuple[Stage, ...], streams: Streams,
                rec: RunRecord) -> Group:
    """Applications and the leading screening stages ``prefix`` of ``role`` (fast mode).

    Returns the group of individuals who passed them all, at the next stage.  Applications a
    day are Poisson at the full rate (a finite pool's binomial counts, :mod:`..pool`); each
    applicant's duration and decision at each stage are
    drawn by applicant from that stage's stream (:mod:`hiringsim.model.crn`).
    """
    name = role.name
    flows = rec.flows[name]
    rate, rng = applicant_rate(sc, role), streams(name, "arrivals")
    # a finite pool: the daily counts drawn day by day from what is left (model.pool)
    counts = rng.poisson(rate) if role.pool is None else pool.draw(role.pool, rate, (1.0,),
                                                                    rng)[0]
    flows[n.APPLICANTS] += counts
    keys = [stream_key(streams, name, "stage", s.name) for s in prefix]
    out, ids, app, t = prefix_pass(counts, keys, [s.pass_rate for s in prefix],
                                   [s.duration for s in prefix],
                                   stream_key(streams, name, "arrivals", "time"))
    for k, s in enumerate(prefix):
        flows[n.enter(s.name)] += out[3 * k]
        flows[n.passed(s.name)] += out[3 * k + 1]
        flows[n.failed(s.name)] += out[3 * k + 2]
    return Group(role, app, t, len(prefix), ids)


