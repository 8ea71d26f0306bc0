"""Removals after entry: the risk side of vetting that overlaps training (``tentative_from``).

Only a scenario with a role whose vetting overlaps training has these KPIs (all such roles
together):

- ``removals_after_entry``: hires removed on failing the vetting after entry on duty;
  ``removed_academy``, ``removed_onboarding``, ``removed_duty``: by where they were;
- ``offer_failures``: tentative offer holders who failed the vetting while still waiting
  (never hired; what happens to every failure without overlap);
- ``cost_removed``: what was spent on the hires removed after entry: training (per trainee),
  incentives (per hire) and salary from entry on duty to removal (end-of-day headcounts, as
  payroll counts them).  It is already part of the cost lines and totals (nothing is refunded);
  their vetting is not in it (it is spent with or without overlap);
- ``vetting_unfinished_at_end``: candidates whose vetting was still running at the horizon
  (entered the ``tentative_from`` stage, neither failed a vetting stage nor passed the last),
  wherever they are -- hires among them may still be removed after the run.
"""

from __future__ import annotations

import numpy as np

from ..model import names as n
from ..model.overlap import first
from ..model.record import RunRecord
from ..schedules import YEAR

__all__ = ["removal_kpis"]

_WHERE = {"removed_academy": n.ACADEMY_REMOVED, "removed_onboarding": n.ONBOARDING_REMOVED,
          "removed_duty": n.DUTY_REMOVED}


def removal_kpis(rec: RunRecord) -> dict[str, float]:
    """Removals after entry by where, failures on the offer list, and the cost of removals."""
    roles = [r for r in rec.scenario.roles if r.tentative_from is not None]
    if not roles:
        return {}
    out = dict.fromkeys([*_WHERE, "offer_failures", "cost_removed",
                         "vetting_unfinished_at_end"], 0.0)
    for role in roles:
        f = rec.flows[role.name]
        for kpi, flow in _WHERE.items():
            out[kpi] += float(f[flow].sum()) if flow in f else 0.0
        out["offer_failures"] += float(f[n.OFFER_FAIL].sum())
        vetting = role.stages[first(role):]
        out["vetting_unfinished_at_end"] += float(
            f[n.enter(vetting[0].name)].sum() - f[n.passed(vetting[-1].name)].sum()
            - sum(f[n.failed(s.name)].sum() for s in vetting))
        h = rec.hires[role.name]
        gone = h["removed"] < rec.days
        days_paid = float((np.floor(h["removed"][gone]) - np.floor(h["eod"][gone])).sum())
        per_hire = role.hire_cost + (role.academy.cost_per_trainee if role.academy else 0.0)
        out["cost_removed"] += float(gone.sum()) * per_hire + days_paid * role.salary / YEAR
    out["removals_after_entry"] = sum(out[k] for k in _WHERE)
    return out
