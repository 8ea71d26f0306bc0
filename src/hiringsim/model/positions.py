"""Authorized positions of a role as the run goes: fixed by the scenario, or following the
target role's headcount actually added.

A role with a ``ratio`` and no ``positions`` of its own follows the target role.  With
``follows = "trained"`` (the default) or ``"on_board"`` its cap on day ``d`` is
``initial + round(ratio x max(added, 0))`` where ``added`` is the target role's headcount
(onboarding and on duty; with ``on_board`` the academy too) at the end of day ``d - 1`` above its
headcount in those states at the start (a running pipeline's people included, see
:func:`hiringsim.model.running.start_headcount`; on day 0: nothing added; after a warm-up,
:mod:`hiringsim.model.warmup`: during it above the headcount at the warm-up date, from the
start above the headcount at the end of the day before the start).  Both modes apply the
same rule: the fast mode
plays out the target role first and derives the step function from its daily stocks; the
reference mode updates the cap at each midnight from live counts.  With
``follows = "authorized"`` its cap is known before the run (:func:`hiringsim.schedules.
position_caps`): the ratio times the target role's authorized growth, filled or not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..schedules import position_caps
from . import names as n
from .running import start_headcount
from .warmup import report_day

if TYPE_CHECKING:  # pragma: no cover
    from ..scenario import Role, Scenario
    from .record import RunRecord

__all__ = ["cap_steps", "caps_for", "follows_target", "followed_cap", "followed_states"]


def follows_target(role: Role) -> bool:
    """True when ``role``'s positions follow the target role's headcount actually added."""
    return role.ratio is not None and role.positions is None and role.following != "authorized"


def followed_states(sc: Scenario, role: Role) -> list[str]:
    """The target role's states whose headcount ``role`` follows."""
    from .record import on_board_states  # record imports the kinds, which import this module

    target = sc.role(sc.target.role)
    if role.following == "on_board":
        return on_board_states(target)
    return [n.ONBOARDING, n.ON_DUTY]


def followed_cap(sc: Scenario, role: Role, count: float, base: float | None = None) -> float:
    """The cap of ``role`` for a day after the target role's followed headcount was ``count``
    (``base``: the headcount added is counted from; none: the start's)."""
    assert role.ratio is not None
    target = sc.role(sc.target.role)
    if base is None:
        base = start_headcount(target, followed_states(sc, role))
    added = max(count - base, 0)
    return float(role.initial + round(role.ratio * added))


def caps_for(sc: Scenario, role: Role, rec: RunRecord) -> list[tuple[float, float]]:
    """Fast mode: ``role``'s caps as a step function ``[(day, cap), ...]``.

    A following role needs the target role's flows in ``rec`` already complete.
    """
    if not follows_target(role):
        return position_caps(sc, role)
    return list(zip(*cap_steps(sc, role, rec).T.tolist(), strict=True))


def cap_steps(sc: Scenario, role: Role, rec: RunRecord) -> np.ndarray:
    """:func:`caps_for` as an array, one row ``(day, cap)`` a step (the same floats), for
    a queue that takes its server changes as arrays."""
    from .record import role_stocks

    if not follows_target(role):
        return np.asarray(position_caps(sc, role), dtype=float).reshape(-1, 2)
    target = sc.role(sc.target.role)
    states = followed_states(sc, role)
    key = ("followed", target.name, tuple(states))  # the same for every role that follows
    count = rec.derived.get(key)
    if count is None:
        st = role_stocks(target, rec.flows[target.name], rec.opening.get(target.name))
        count = rec.derived[key] = np.asarray(sum(st[s] for s in states))
    base = np.full(len(count) - 1, start_headcount(target, states))
    if (s0 := report_day(sc)) > 0:  # a warm-up: from the start, above the start's headcount
        base[s0 - 1:] = count[s0 - 1]
    added = np.maximum(count[:-1] - base, 0)
    assert role.ratio is not None
    # round half to even, like Python's round() in followed_cap
    daily = role.initial + np.round(role.ratio * added)
    d = np.flatnonzero(np.diff(np.concatenate([[role.initial], daily])) != 0)
    steps = np.empty((len(d) + 1, 2))
    steps[0] = 0.0, float(role.initial)
    steps[1:, 0] = d + 1
    steps[1:, 1] = daily[d]
    return steps
