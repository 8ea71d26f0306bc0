"""Costs: recruiting (per application: applicants x applications per applicant), screening
(per stage entrant), training (per trainee), incentives (per hire), resources (servers x days),
payroll of new hires (person-days on board).  A unit cost changed on a date applies by the day
(:func:`unit_costs`): applications by their day, stage entrants by the day they enter, trainees
by the class's start, hires by entry on duty, salary by the day paid.

``cost_hiring`` is all but payroll; ``cost_per_net_hire`` = cost_hiring / net growth of all
roles at the horizon.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from ..model import names as n
from ..model.kinds import entry_kind
from ..model.record import RunRecord, on_board_states
from ..model.running import start_headcount
from ..scenario import Role, Scenario
from ..schedules import YEAR, by_day, servers_by_day
from .channels import channel_costs_daily

__all__ = ["cost_kpis", "daily_costs", "unit_costs"]


def unit_costs(sc: Scenario, role: Role) -> dict[str, Any]:
    """Each unit cost of ``role`` (``application``, ``hire``, ``salary``, ``trainee``, each
    stage's name) on each day: the number when it never changes, else a daily array."""
    name = role.name
    out: dict[str, Any] = {
        "application": by_day(sc, lambda ep: ep.role(name).application_cost),
        "hire": by_day(sc, lambda ep: ep.role(name).hire_cost),
        "salary": by_day(sc, lambda ep: ep.role(name).salary),
        "trainee": by_day(sc, lambda ep: _trainee(ep.role(name))),
    }
    for i, s in enumerate(role.stages):
        out[s.name] = by_day(sc, functools.partial(_stage_cost, name, i))
    return out


def _stage_cost(role: str, index: int, sc: Scenario) -> float:
    return sc.role(role).stages[index].cost


def _trainee(role: Role) -> float:
    return role.academy.cost_per_trainee if role.academy is not None else 0.0


def _total(counts: np.ndarray, unit: Any, factor: float = 1.0) -> float:
    """Sum of counts x unit cost (x factor), computed as without changes when ``unit`` is a
    number."""
    if np.isscalar(unit):
        return counts.sum() * factor * unit
    return float((counts * (factor * unit)).sum())


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
        # a cost that changes on a date is the one in effect on the day (scenario.changes)
        c = unit_costs(sc, role)
        if role.channels:  # each entry channel at its own costs
            for line, daily in channel_costs_daily(role, rec).items():
                cost[line] += float(daily.sum())
        else:
            cost["recruiting"] += _total(f[n.APPLICANTS], c["application"],
                                         role.applications_per_applicant)
            cost["screening"] += sum(_total(f[n.enter(s.name)], c[s.name]) for s in role.stages)
            if role.academy is not None:
                cost["academy"] += (entry_kind(role).training_cost(role, f)
                                    if np.isscalar(c["trainee"])
                                    else float((f[n.EOD] * c["trainee"]).sum()))
            cost["incentives"] += _total(f[n.EOD], c["hire"])
        on_board = sum(s_[x] for x in on_board_states(role))
        initial_left = role.initial - np.cumsum(f[n.INITIAL_LEAVE])
        cost["payroll"] += _total(on_board - initial_left, c["salary"]) / YEAR
        net_all += float(s_[n.ON_DUTY][-1] + s_[n.ONBOARDING][-1]
                         - start_headcount(role, [n.ON_DUTY, n.ONBOARDING],
                                           rec.opening.get(role.name)))
    kpis = {f"cost_{k}": float(v) for k, v in cost.items()}
    hiring = sum(v for k, v in cost.items() if k != "payroll")
    kpis["cost_hiring"] = float(hiring)
    kpis["cost_total"] = float(hiring + cost["payroll"])
    kpis["cost_per_net_hire"] = float(hiring / net_all) if net_all > 0 else float("nan")
    return kpis


def daily_costs(rec: RunRecord, st: dict[str, dict[str, np.ndarray]]
                ) -> dict[str, dict[str, np.ndarray]]:
    """Each role's cost lines on each day (float64 dollars): ``recruiting``, ``screening``,
    ``academy``, ``incentives``, ``payroll``, counted as :func:`cost_kpis` counts them."""
    sc = rec.scenario
    out: dict[str, dict[str, np.ndarray]] = {}
    for role in sc.roles:
        f, s_ = rec.flows[role.name], st[role.name]
        c = unit_costs(sc, role)
        if role.channels:
            lines = {k: np.asarray(v, dtype=float)
                     for k, v in channel_costs_daily(role, rec).items()}
        else:
            lines = {
                "recruiting": f[n.APPLICANTS] * (role.applications_per_applicant
                                                 * np.asarray(c["application"])),
                "screening": sum((f[n.enter(x.name)] * np.asarray(c[x.name])
                                  for x in role.stages), np.zeros(rec.days)),
                "academy": f[n.EOD] * np.asarray(c["trainee"]),
                "incentives": f[n.EOD] * np.asarray(c["hire"]),
            }
        on_board = sum(s_[x] for x in on_board_states(role))
        initial_left = role.initial - np.cumsum(f[n.INITIAL_LEAVE])
        lines["payroll"] = (on_board - initial_left) * np.asarray(c["salary"]) / YEAR
        out[role.name] = {k: np.asarray(v, dtype=float) for k, v in lines.items()}
    return out
