"""Costs, by role, cost line and day: the one computation every cost measure derives from.

:func:`daily_costs` gives each role's cost lines in dollars per day; the KPIs
(:func:`cost_kpis`), the fiscal-year table (:mod:`.fiscal`, :mod:`.cost_table`) and windows of
any dates (:mod:`.windows`) all sum it.  The lines, and when each is charged:

- ``recruiting``: per application (applicants x applications per applicant), on the
  application day;
- ``screening``: each stage's cost per person, when the stage starts for them: on entering a
  stage without a resource, on the *service start* of a stage served by a resource (those who
  withdraw while queued cost nothing);
- ``academy``: per trainee, on the class's start (entry on duty; a channel's course by its
  entry too);
- ``incentives``: per hire (``hire_cost`` + ``bonus``), on entry on duty;
- ``payroll``: the salary of new hires (person-days on board, the starting staff excluded), on
  the day paid;
- ``resources``: servers x days at the resource's cost per server-year.  Resources are shared by
  roles, so their cost is not attributed to a role: it is the pseudo-role :data:`SHARED`.

A role with entry channels (``Role.channels``) has each channel at its own costs
(:func:`.channels.channel_costs_daily`), folded into the role.  A unit cost changed on a date
applies by the day the cost is charged (:func:`unit_costs`, ``scenario.changes``).

``cost_hiring`` is all but payroll; ``cost_per_net_hire`` = cost_hiring / net growth of all
roles at the horizon.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from ..labels import SHARED_ROLE
from ..model import names as n
from ..model.kinds import entry_kind, stage_kind
from ..model.record import RunRecord, on_board_states
from ..model.running import start_headcount
from ..scenario import Role, Scenario
from ..schedules import YEAR, by_day, servers_by_day
from .channels import channel_costs_daily

__all__ = ["HIRING_LINES", "LINES", "SHARED", "cost_kpis", "daily_costs", "resource_costs",
           "unit_costs"]

#: the cost lines, in order; all but payroll are hiring costs
LINES = ("recruiting", "screening", "academy", "incentives", "payroll", "resources")
HIRING_LINES = ("recruiting", "screening", "academy", "incentives")
#: the pseudo-role of costs shared by roles (resources' servers): "(shared)"
SHARED = SHARED_ROLE


#: unit costs already read, by scenario and role (see unit_costs)
_UNIT_COSTS: dict[tuple[int, int], tuple[Scenario, Role, dict[str, Any]]] = {}


def unit_costs(sc: Scenario, role: Role) -> dict[str, Any]:
    """Each unit cost of ``role`` (``application``, ``hire``, ``salary``, ``trainee``, each
    stage's name) on each day: the number when it never changes, else a daily array (read once
    per scenario and role: the arrays are shared, not to be written)."""
    hit = _UNIT_COSTS.get((id(sc), id(role)))
    if hit is not None and hit[0] is sc and hit[1] is role:
        return dict(hit[2])
    if len(_UNIT_COSTS) >= 16:  # a few scenarios at a time (a worker runs one)
        _UNIT_COSTS.clear()
    out = _read_unit_costs(sc, role)
    _UNIT_COSTS[id(sc), id(role)] = (sc, role, out)
    return dict(out)


def _read_unit_costs(sc: Scenario, role: Role) -> dict[str, Any]:
    name = role.name
    out: dict[str, Any] = {
        "application": by_day(sc, lambda ep: ep.role(name).application_cost),
        "hire": by_day(sc, lambda ep: ep.role(name).hire_cost + ep.role(name).bonus),
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


def resource_costs(sc: Scenario) -> np.ndarray:
    """Cost of every resource's servers on each day (dollars, float64)."""
    out = np.zeros(sc.days)
    for res in sc.resources:
        out += servers_by_day(sc, res.name) * (res.cost_per_server_year / YEAR)
    return out


def _hiring_daily(rec: RunRecord, role: Role, c: dict[str, Any]) -> dict[str, np.ndarray]:
    """Recruiting, screening, academy and incentives of a role without channels, by day."""
    f = rec.flows[role.name]
    days = rec.days
    training = (entry_kind(role).training_cost_daily(role, f) if np.isscalar(c["trainee"])
                else f[n.EOD] * c["trainee"])
    return {
        "recruiting": f[n.APPLICANTS] * (role.applications_per_applicant * c["application"]),
        "screening": sum((f[stage_kind(s).cost_flow(s)] * c[s.name] for s in role.stages),
                         np.zeros(days)),
        "academy": training,
        "incentives": f[n.EOD] * c["hire"],
    }


def daily_costs(rec: RunRecord, st: dict[str, dict[str, np.ndarray]], *,
                cum: dict[str, dict[str, np.ndarray]] | None = None
                ) -> dict[str, dict[str, np.ndarray]]:
    """Every cost line of every role in dollars per day (float64 arrays of ``sc.days``).

    ``{role: {line: daily}}`` for each role with the lines of :data:`LINES` but
    ``resources``, and ``{SHARED: {"resources": daily}}`` (every line present, zeros where
    none).  ``st``: the stocks of the record (:func:`hiringsim.model.record.stocks`); ``cum``:
    per role, the running totals of its flows (:func:`hiringsim.model.record.cumulative`), when
    already computed.

    Examples
    --------
    >>> rec = hiringsim.run_replication(sc, seed=1)  # doctest: +SKIP
    >>> daily_costs(rec, stocks(rec))["officer"]["payroll"].sum()  # doctest: +SKIP
    """
    sc = rec.scenario
    zeros = np.zeros(sc.days)
    out: dict[str, dict[str, np.ndarray]] = {}
    for role in sc.roles:
        f = rec.flows[role.name]
        c = unit_costs(sc, role)  # the unit cost in effect on each day (scenario.changes)
        lines = (channel_costs_daily(role, rec) if role.channels  # each channel at its costs
                 else _hiring_daily(rec, role, c))
        on_board = sum(st[role.name][x] for x in on_board_states(role))
        left = np.cumsum(f[n.INITIAL_LEAVE]) if cum is None else cum[role.name][n.INITIAL_LEAVE]
        initial_left = role.initial - left
        lines["payroll"] = (on_board - initial_left) * (c["salary"] / YEAR)
        lines["resources"] = zeros.copy()
        out[role.name] = lines
    out[SHARED] = {line: zeros.copy() for line in LINES}
    out[SHARED]["resources"] = resource_costs(sc)
    return out


def cost_kpis(rec: RunRecord, st: dict[str, dict[str, np.ndarray]], *,
              daily: dict[str, dict[str, np.ndarray]] | None = None) -> dict[str, float]:
    """``cost_<line>`` for each cost line, ``cost_hiring``, ``cost_total``, per net hire
    (``daily``: :func:`daily_costs` of the record, when already computed)."""
    sc = rec.scenario
    daily = daily_costs(rec, st) if daily is None else daily
    cost = {line: float(sum(float(lines[line].sum()) for lines in daily.values()))
            for line in LINES}
    net_all = 0.0
    for role in sc.roles:
        s_ = st[role.name]
        net_all += float(s_[n.ON_DUTY][-1] + s_[n.ONBOARDING][-1]
                         - start_headcount(role, [n.ON_DUTY, n.ONBOARDING],
                                           rec.opening.get(role.name)))
    kpis = {f"cost_{k}": float(v) for k, v in cost.items()}
    hiring = sum(v for k, v in cost.items() if k != "payroll")
    kpis["cost_hiring"] = float(hiring)
    kpis["cost_total"] = float(hiring + cost["payroll"])
    kpis["cost_per_net_hire"] = float(hiring / net_all) if net_all > 0 else float("nan")
    return kpis
