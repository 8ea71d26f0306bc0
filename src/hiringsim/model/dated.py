"""Per-person parameters under dated changes (:mod:`hiringsim.scenario.changes`), both modes.

Each person takes a stage's, the academy's or the role's parameters from the scenario in effect
when they reach it (entering the stage, the class's start, the offer wait, onboarding): fast
mode looks up the epoch of many times at once (:meth:`Scenario.epoch_of`), reference mode the
epoch of ``env.now`` (:func:`role_now`).  The draws are those of the unchanged model: one
uniform, exponential or duration draw per person from the same stream, mapped through the
parameters of the person's epoch; without changes every helper here returns what the plain
code would, draw for draw.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..scenario import changes as ch
from ..scenario.market import responded
from .sampling import patience_rate, whole_days

if TYPE_CHECKING:  # pragma: no cover
    from ..distributions import Distribution
    from ..scenario import Attrition, Course, Role, Scenario, Stage

__all__ = ["attrition_schedule", "by_epoch", "courses", "patience_by", "role_now", "roles",
           "sample_by", "stage_fixed", "stages", "whole_days_by"]


def roles(sc: Scenario, name: str) -> list[Role]:
    """Role ``name`` in each epoch (``<role>/<channel>``: the role an entry channel moves as
    until entry, from that epoch's role, so that changes of the role's stages reach channels
    that use them), its withdrawal hazards answering that epoch's pay
    (:func:`hiringsim.scenario.market.responded`)."""
    if "/" not in name:
        return [responded(sc, ep.role(name)) for _, ep in sc.epochs]
    from .channels import channel_roles

    base, channel = name.split("/", 1)
    return [next(as_role for ch, as_role in channel_roles(responded(sc, ep.role(base)))
                 if ch.name == channel) for _, ep in sc.epochs]


def stages(sc: Scenario, role: str, index: int) -> list[Stage]:
    """Stage ``index`` of ``role`` in each epoch."""
    return [r.stages[index] for r in roles(sc, role)]


def stage_fixed(sc: Scenario, role: Role, stage: Stage) -> bool:
    """Whether the stage's pass rate and duration never change (fast mode's compiled pass over
    the leading stages takes one of each): for an entry channel's stage (role
    ``<role>/<channel>``), neither the role's stage of that name nor the channel's own."""
    base, _, channel = role.name.partition("/")
    fields = ("pass_rate", "duration")
    if ch.touched(sc, f"roles.{base}.stages.{stage.name}", fields):
        return False
    return not channel or not ch.touched(
        sc, f"roles.{base}.channels.{channel}.stages.{stage.name}", fields)


def courses(sc: Scenario, role: str, channel: str) -> list[Course]:
    """The course of ``role``'s channel ``channel`` in each epoch."""
    out = []
    for _, ep in sc.epochs:
        co = next(c for c in ep.role(role).channels if c.name == channel).course
        assert co is not None
        out.append(co)
    return out


def attrition_schedule(sc: Scenario, name: str) -> list[tuple[int, Attrition]]:
    """``[(day, attrition in effect), ...]`` of role ``name`` (one entry without changes)."""
    out = [(day, ep.role(name).attrition) for day, ep in sc.epochs]
    return out if len({a for _, a in out}) > 1 else out[:1]


def by_epoch(values: Sequence[Any], epoch: np.ndarray) -> Any:
    """The value of each person's epoch: a scalar when all epochs agree, else an array."""
    if len(set(values)) == 1:
        return values[0]
    return np.asarray(values)[epoch]


def whole_days_by(dists: Sequence[Distribution], epoch: np.ndarray,
                  rng: np.random.Generator | np.ndarray) -> np.ndarray:
    """Whole-day durations from each person's epoch's distribution (one uniform each: drawn
    from ``rng``, or given, one a person)."""
    if not isinstance(rng, np.random.Generator):
        u = rng
    elif len(set(dists)) == 1:
        return whole_days(dists[0], rng, len(epoch))
    else:
        u = rng.random(len(epoch))
    out = np.zeros(len(epoch))
    for k, dist in enumerate(dists):
        sel = epoch == k
        out[sel] = _whole_days_from(dist, u[sel])
    return out


def _whole_days_from(dist: Distribution, u: np.ndarray) -> np.ndarray:
    from .sampling import _alias

    prob, alias = _alias(dist)
    if len(prob) == 1:
        return np.zeros(len(u))
    u = u * len(prob)
    col = u.astype(np.int64)
    return np.where(u - col < prob[col], col, alias[col]).astype(float)


def sample_by(dists: Sequence[Distribution], epoch: np.ndarray,
              rng: np.random.Generator) -> np.ndarray:
    """Continuous durations from each person's epoch's distribution (epoch by epoch)."""
    if len(set(dists)) == 1:
        return np.asarray(dists[0].sample(rng, len(epoch)), dtype=float)
    out = np.zeros(len(epoch))
    for k, dist in enumerate(dists):
        sel = epoch == k
        if sel.any():
            out[sel] = np.asarray(dist.sample(rng, int(sel.sum())), dtype=float)
    return out


def patience_by(rng: np.random.Generator, per_week: Sequence[float], epoch: np.ndarray
                ) -> np.ndarray:
    """Patience of each person at their epoch's weekly withdrawal probability."""
    from .sampling import sample_patience

    if len(set(per_week)) == 1:
        return sample_patience(rng, per_week[0], len(epoch))
    rates = np.asarray([patience_rate(w) for w in per_week])[epoch]
    if not (rates > 0).any():
        return np.full(len(epoch), np.inf)
    e = rng.exponential(1.0, len(epoch))
    with np.errstate(divide="ignore"):
        return np.where(rates > 0, e / np.where(rates > 0, rates, 1.0), np.inf)


def role_now(rs: Any) -> Role:
    """Reference mode: the role in effect at ``rs.env.now`` (an entry channel's simulation: the
    role its candidates move as, :func:`roles` of ``<role>/<channel>``)."""
    sc = rs.sc
    if len(sc.epochs) == 1 and not sc.changes:  # (changes all dated at the start: one epoch)
        return rs.role
    # rs.role.name: an entry channel's simulation (model.channel_sims) carries its role's name
    # but moves as <role>/<channel>, with the channel's own stages
    dated = getattr(rs, "dated_roles", None)
    if dated is None:  # (epoch start days, the role in effect in each epoch)
        dated = rs.dated_roles = ([float(d) for d, _ in sc.epochs], roles(sc, rs.role.name))
    days, versions = dated
    # the index sc.epoch_of(now) gives, without numpy's cost on one value
    return versions[bisect.bisect_right(days, rs.env.now) - 1]
