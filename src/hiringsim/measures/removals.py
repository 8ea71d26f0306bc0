"""Removals after entry: the risk side of vetting that overlaps training (``tentative_from``).

Only a scenario with a role whose vetting overlaps training has these KPIs (all such roles
together):

- ``removals_after_entry``: hires removed on failing the vetting after entry on duty;
  ``removed_academy``, ``removed_onboarding``, ``removed_duty``: by where they were (and
  ``removed_course`` when a role has an entry channel with a course);
- ``removals_channel_<name>``: of those, by entry channel of the target role (when it has
  further channels, ``Role.channels``);
- ``offer_failures``: tentative offer holders who failed the vetting while still waiting
  (never hired; what happens to every failure without overlap);
- ``cost_removed``: what was spent on the hires removed after entry: training (per trainee),
  incentives (per hire) and salary from entry on duty to removal (end-of-day headcounts, as
  payroll counts them); with entry channels each channel's removals at its own hire cost and
  training (the academy's or its course's cost per trainee, none straight to onboarding).
  It is already part of the cost lines and totals (nothing is refunded); their vetting is not
  in it (it is spent with or without overlap);
- ``vetting_unfinished_at_end``: candidates whose vetting was still running at the horizon
  (entered the ``tentative_from`` stage, neither failed a vetting stage nor passed the last),
  wherever they are -- hires among them may still be removed after the run.
"""

from __future__ import annotations

import numpy as np

from ..model import names as n
from ..model.channels import channel_roles
from ..model.overlap import first
from ..model.record import RunRecord
from ..scenario import Role
from ..schedules import YEAR

__all__ = ["removal_kpis"]

_WHERE = {"removed_academy": n.ACADEMY_REMOVED, "removed_onboarding": n.ONBOARDING_REMOVED,
          "removed_duty": n.DUTY_REMOVED, "removed_course": n.COURSE_REMOVED}


def removals_channel(channel: str) -> str:
    """The KPI of a channel's removals after entry."""
    return f"removals_channel_{channel}"


def _ways(role: Role) -> list[tuple[str, Role, float]]:
    """(channel, the role it moves as until entry, training cost per trainee) of each way into
    ``role`` (the role alone without channels)."""
    own = role.academy.cost_per_trainee if role.academy else 0.0
    out = [(role.channel, role, float(own))]
    for ch, way in channel_roles(role):
        cost = (ch.course.cost_per_trainee if ch.course is not None
                else own if ch.path == "academy" else 0.0)
        out.append((ch.name, way, float(cost)))
    return out


def removal_kpis(rec: RunRecord) -> dict[str, float]:
    """Removals after entry by where, failures on the offer list, and the cost of removals."""
    roles = [r for r in rec.scenario.roles if r.tentative_from is not None]
    if not roles:
        return {}
    course = any(n.COURSE_REMOVED in rec.flows[r.name] for r in roles)
    out = dict.fromkeys([*(k for k in _WHERE if course or k != "removed_course"),
                         "offer_failures", "cost_removed", "vetting_unfinished_at_end"], 0.0)
    for role in roles:
        f = rec.flows[role.name]
        for kpi, flow in _WHERE.items():
            if flow in f:
                out[kpi] += float(f[flow].sum())
        out["offer_failures"] += float(f[n.OFFER_FAIL].sum())
        kept = rec.channels.get(role.name, {role.channel: f})  # each way in with its flows
        ways = _ways(role)
        for name, way, _ in ways:
            fc = kept[name]
            vetting = way.stages[first(way):]
            out["vetting_unfinished_at_end"] += float(
                fc[n.enter(vetting[0].name)].sum() - fc[n.passed(vetting[-1].name)].sum()
                - sum(fc[n.failed(s.name)].sum() for s in vetting))
            if role.channels and role.name == rec.scenario.target.role:
                out[removals_channel(name)] = float(sum(fc[k].sum() for k in n.REMOVALS
                                                        if k in fc))
        h = rec.hires[role.name]
        gone = h["removed"] < rec.days
        days_paid = float((np.floor(h["removed"][gone]) - np.floor(h["eod"][gone])).sum())
        if role.channels:  # each hire at their channel's hire cost and training
            per_way = np.array([way.hire_cost + way.bonus + training for _, way, training in ways])
            spent = float(per_way[h["channel"][gone]].sum())
        else:
            spent = float(gone.sum()) * (role.hire_cost + role.bonus + ways[0][2])
        out["cost_removed"] += spent + days_paid * role.salary / YEAR
    out["removals_after_entry"] = sum(out[k] for k in _WHERE if k in out)
    return out
