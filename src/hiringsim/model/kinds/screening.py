"""A screening stage without a resource: a whole-day duration, then pass or fail.

Fast mode moves the applicants who will fail one of the leading screening stages as daily
cohorts (:func:`fast_prefix`): a Poisson count a day (with a finite pool, a binomial count of
those left in it, :mod:`hiringsim.model.pool`), spread over whole-day durations and split at
each stage's exit.  Because arrivals are Poisson, those who will pass all leading screening
stages are an independent Poisson stream; they are followed one by one from the day they apply.
The leading stages end before the first whose pass rate or duration changes on a date
(:func:`hiringsim.model.dated.stage_fixed`): from there people move one by one, each with the
parameters in effect when they enter.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ...schedules import applicant_rate
from .. import names as n
from .. import pool
from ..dated import by_epoch, stages, whole_days_by
from ..overlap import settle
from ..sampling import whole_days
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
        rs = streams(g.role.name, "stage", stage.name)
        count = len(g.t)
        name = g.role.name
        rec.add_times(name, n.enter(stage.name), g.t)
        # each person's parameters are those in effect when they enter (model.dated)
        versions, epoch = stages(sc, name, g.stage), sc.epoch_of(g.t)
        end = g.t + whole_days_by([s.duration for s in versions], epoch, rs)
        ok = rs.random(count) < by_epoch([s.pass_rate for s in versions], epoch)
        rec.add_times(name, n.passed(stage.name), end[ok])
        rec.add_times(name, n.failed(stage.name), end[~ok])
        settle(g, stage, ok, ~ok, end, sc.days, rec)

    def process(self, rs: Any, stage: Stage, resources: dict[str, Any]
                ) -> Generator[Any, Any, bool]:
        rng = rs.stage_rng[stage.name]
        rs.log(n.enter(stage.name))
        rs.move(None, stage.name)
        yield rs.env.timeout(whole_days(stage.duration, rng, 1)[0])
        return decide(rs, stage, rng)


def fast_prefix(sc: Scenario, role: Role, prefix: tuple[Stage, ...], streams: Streams,
                rec: RunRecord) -> Group:
    """Applications and the leading screening stages ``prefix`` of ``role`` (fast mode).

    Returns the group of individuals who passed them all, at the next stage.
    """
    name = role.name
    flows = rec.flows[name]
    days = sc.days
    p_all = math.prod(s.pass_rate for s in prefix)
    rate = applicant_rate(sc, role)
    rng = streams(name, "arrivals")
    if role.pool is not None:  # drawn day by day from what is left (hiringsim.model.pool)
        n_ind, n_coh = pool.draw(role.pool, rate, (p_all, 1.0 - p_all), rng)
    else:
        n_ind = rng.poisson(rate * p_all)
        n_coh = rng.poisson(rate * (1.0 - p_all)) if p_all < 1.0 else np.zeros(days, np.int64)
    flows[n.APPLICANTS] += n_ind + n_coh

    # individuals who pass every prefix stage
    total = int(n_ind.sum())
    app = np.repeat(np.arange(days, dtype=float), n_ind) + rng.random(total)
    t = app.copy()
    for s in prefix:
        rs = streams(name, "stage", s.name)
        rec.add_times(name, n.enter(s.name), t)
        t = t + whole_days(s.duration, rs, len(t))
        rec.add_times(name, n.passed(s.name), t)

    # the cohort of those who fail somewhere in the prefix
    entering = n_coh.astype(np.int64)
    for k, s in enumerate(prefix):
        rs = streams(name, "cohort", s.name)
        flows[n.enter(s.name)] += entering
        exits = _spread(entering, s.duration, rs, days)
        rest = math.prod(x.pass_rate for x in prefix[k:])
        p_fail = 1.0 if rest >= 1.0 else min(1.0, (1.0 - s.pass_rate) / (1.0 - rest))
        fail = rs.binomial(exits, p_fail)
        flows[n.failed(s.name)] += fail
        flows[n.passed(s.name)] += exits - fail
        entering = exits - fail
    keep = t < days
    return Group(role, app[keep], t[keep], len(prefix))


def _spread(counts: np.ndarray, dist: Any, rng: np.random.Generator, days: int) -> np.ndarray:
    """Exit counts per day of daily cohorts with i.i.d. whole-day durations (exact).

    One multinomial draw per day costs about (days x pmf length); drawing each person's
    duration costs about (people): use whichever is cheaper — both are exact.
    """
    pmf = dist.day_pmf()
    out = np.zeros(days + len(pmf), dtype=np.int64)
    nz = np.nonzero(counts)[0]
    if len(nz) == 0:
        return out[:days]
    if len(pmf) == 1:
        out[nz] += counts[nz]
        return out[:days]
    people = int(counts.sum())
    if people * 2 < len(nz) * len(pmf):
        exits = np.repeat(nz, counts[nz]) + whole_days(dist, rng, people).astype(np.int64)
        return np.bincount(exits, minlength=days)[:days]
    split = rng.multinomial(counts[nz], pmf)
    for b in range(len(pmf)):
        out[nz + b] += split[:, b]
    return out[:days]
