"""Growth of each role above its starting headcount, and the target KPIs.

- *growth* of a role on a day: its headcount by the target's measure (``on_duty``; ``trained`` =
  onboarding + on duty; ``on_board`` = academy too) minus the starting headcount by the same
  measure (:func:`starting_headcount`: ``initial`` on duty, plus the people of a running
  pipeline, ``Role.pipeline``, in the measured states at the start; after a warm-up,
  ``Scenario.warm_up_from``, each replication's headcount at the start, from its record's
  opening stocks).
- *target_day*: first day the target role's growth reaches the target (NaN: not by the horizon);
  *days_to_target* is the same censored at the horizon (the number of simulated days when not
  reached), for sweeps and sensitivity indices, which need a number in every run.
- ratio roles, on two readings: ``{role}_ratio_at_deadline`` is the role's growth per target-role
  growth actually achieved at the deadline, ``{role}_ratio_authorized_at_deadline`` per
  target-role position authorized on that day (NaN when the target role is uncapped).
"""

from __future__ import annotations

import math
from typing import cast

import numpy as np

from ..model import names as n
from ..model.kinds import entry_kind
from ..model.running import start_headcount
from ..scenario import Role, Scenario
from ..schedules import cap_at, position_caps

__all__ = ["growth_by_role", "measure_states", "starting_headcount", "target_kpis"]


def measure_states(measure: str, role: Role) -> list[str]:
    """The states a headcount ``measure`` counts for ``role``."""
    states = [n.ON_DUTY]
    if measure in ("trained", "on_board"):
        states.append(n.ONBOARDING)
    if measure == "on_board":
        states += entry_kind(role).states(role)
    return states


def starting_headcount(measure: str, role: Role, opening: dict[str, int] | None = None) -> int:
    """The headcount by ``measure`` at the start, which growth is measured from: ``initial``
    on duty plus a running pipeline's people in the measured states; ``opening``: a record's
    opening stocks (after a warm-up, that replication's headcount at the start)."""
    return start_headcount(role, measure_states(measure, role), opening)


def growth_by_role(sc: Scenario, st: dict[str, dict[str, np.ndarray]],
                   opening: dict[str, dict[str, int]] | None = None) -> dict[str, np.ndarray]:
    """Daily growth of each role by the target's measure (``opening``: the record's opening
    stocks by role)."""
    opening = opening or {}
    # a sum of arrays: measure_states always holds at least ON_DUTY
    return {role.name: cast("np.ndarray",
                            sum(st[role.name][s] for s in measure_states(sc.target.measure, role)))
            - starting_headcount(sc.target.measure, role, opening.get(role.name))
            for role in sc.roles}


def target_kpis(sc: Scenario, growth: dict[str, np.ndarray]) -> dict[str, float]:
    """When and whether the target is reached; growth at the deadline and at the end."""
    target = sc.target
    days = sc.days
    deadline = sc.day(target.deadline)
    kpis: dict[str, float] = {}
    g = growth[target.role]
    hit = np.nonzero(g >= target.growth)[0]
    kpis["target_day"] = float(hit[0]) if len(hit) else math.nan
    kpis["days_to_target"] = float(hit[0]) if len(hit) else float(days)
    kpis["target_reached"] = float(len(hit) > 0)
    kpis["target_by_deadline"] = float(len(hit) > 0 and hit[0] <= deadline)
    kpis["growth_at_deadline"] = float(g[deadline])
    kpis["growth_at_end"] = float(g[-1])
    target_role = sc.role(target.role)
    authorized = cap_at(position_caps(sc, target_role), deadline) - target_role.initial
    for role in sc.roles:
        if role.name == target.role:
            continue
        want = sc.target_growth(role.name)
        kpis[f"{role.name}_growth_at_deadline"] = float(growth[role.name][deadline])
        if want == want:  # not NaN
            kpis[f"{role.name}_ratio_at_deadline"] = float(
                growth[role.name][deadline] / g[deadline]) if g[deadline] > 0 else math.nan
            kpis[f"{role.name}_ratio_authorized_at_deadline"] = float(
                growth[role.name][deadline] / authorized) if authorized > 0 else math.nan
    return kpis
