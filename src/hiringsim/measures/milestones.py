"""Milestones a planner reports, counted per day: tentative offers, final offers, entry on duty,
trained, operational (:data:`hiringsim.model.names.MILESTONES`).

- *tentative offers*: candidates passing the last screening stage before the first stage served
  by a resource (vetting, e.g. the background investigation) -- the day they enter that stage;
  when the first stage is served, everyone entering it; a role without a served stage has no
  vetting, and its tentative offers are its final offers;
- *final offers*: candidates passing the last stage;
- *eod*: entries on duty ("hired" as agencies often announce it);
- *trained*: entries into onboarding (academy graduates; entries on duty without an academy);
- *operational*: onboarding finished, on duty.
"""

from __future__ import annotations

import numpy as np

from ..model import names as n
from ..model.kinds import entry_kind, stage_kind
from ..model.record import RunRecord
from ..scenario import Role

__all__ = ["milestone_flows"]


def _tentative(role: Role) -> str:
    for s in role.stages:
        if stage_kind(s).resource(s) is not None:
            return n.enter(s.name)
    return n.passed(role.stages[-1].name)


def milestone_flows(rec: RunRecord, role: Role, *,
                    cum: dict[str, np.ndarray] | None = None) -> np.ndarray:
    """Daily counts of each milestone of ``role``: int64 array (milestones, days); ``cum``: the
    running totals of the role's flows (:func:`hiringsim.model.record.cumulative`), when
    already computed."""
    f = rec.flows[role.name]
    if cum is None:
        cum = {k: np.cumsum(f[k]) for k in (n.EOD, *entry_kind(role).flows(role)) if k in f}
    into_onboarding = np.diff(entry_kind(role).into_onboarding(cum), prepend=0)
    return np.stack([f[_tentative(role)], f[n.passed(role.stages[-1].name)], f[n.EOD],
                     into_onboarding, f[n.OPERATIONAL]]).astype(np.int64, copy=False)
