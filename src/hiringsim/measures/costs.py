"""Costs: recruiting (per application: applicants x applications per applicant), screening
(per stage entrant), training (per trainee), incentives (per hire), resources (servers x days),
payroll of new hires (person-days on board).

``cost_hiring`` is all but payroll; ``cost_per_net_hire`` = cost_hiring / net growth of all
roles at the horizon.
"""

from __future__ import annotations

import numpy as np

from ..model import names as n
from ..model.kinds import entry_kind
from ..model.record import RunRecord, on_board_states
from ..model.running import start_headcount
from ..schedules import YEAR, servers_by_day

__all__ = ["cost_kpis"]


def cost_kpis(rec: RunRecord, st: dict[str, dict[str, np.ndarray]]) -> dict[str, float]:
    """``cost_<line>`` for each cost line, ``cost_hiring``, ``cost_total``, per net hire."""
    sc = rec.scenario
    cost = {"recruiting": 0.0, "screening": 0.0, "academy": 0.0, "incentives": 0.0,
            "payroll": 0.0, "resources": 0.0}
    for res in sc.resources:
        cost["resources"] += float(servers_by_day(sc, res.name).sum()) \
            * res.cost_per_server_year / YEAR
    net_all = 0.0
    for role in sc.roles:
        f = rec.flows[role.name]
        s_ = st[role.name]
        cost["recruiting"] += (f[n.APPLICANTS].sum() * role.applications_per_applicant
                              * role.application_cost)
        cost["screening"] += sum(f[n.enter(s.name)].sum() * s.cost for s in role.stages)
        if role.academy is not None:
            cost["academy"] += entry_kind(role).training_cost(role, f)
        cost["incentives"] += f[n.EOD].sum() * role.hire_cost
        on_board = sum(s_[x] for x in on_board_states(role))
        initial_left = role.initial - np.cumsum(f[n.INITIAL_LEAVE])
        cost["payroll"] += float((on_board - initial_left).sum()) * role.salary / YEAR
        net_all += float(s_[n.ON_DUTY][-1] + s_[n.ONBOARDING][-1]
                         - start_headcount(role, [n.ON_DUTY, n.ONBOARDING]))
    kpis = {f"cost_{k}": float(v) for k, v in cost.items()}
    hiring = sum(v for k, v in cost.items() if k != "payroll")
    kpis["cost_hiring"] = float(hiring)
    kpis["cost_total"] = float(hiring + cost["payroll"])
    kpis["cost_per_net_hire"] = float(hiring / net_all) if net_all > 0 else float("nan")
    return kpis
