"""Money against budget (``Scenario.budget``, :mod:`hiringsim.model.money`): per fiscal year
and role the appropriation, the carry-in, the covered spend (payroll of new hires, training,
hire cost: :func:`.costs.daily_costs`) and what was spent beside it (recruiting, screening),
what was left (lapsed, or carried over), the shortfall, the days hiring was held by money and
by capacity, and which one bound.

Days held by money: days on which a commitment that seats and positions allowed was refused
for money (an academy class cut by money holds hiring until the next class).  Days held by
capacity: for an academy, from a class filled to its seats or positions to the next class; for
direct entry, days someone waited on the offer list at the day's end while money did not hold
them.  A role-year is bound by the budget when its days held by money exceed those held by
capacity.  Nothing here runs without a budget.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..model import names as n
from ..model.money import fiscal_years
from ..model.names import Limit
from ..model.record import RunRecord
from .costs import daily_costs

__all__ = ["COVERED", "BESIDE", "budget_kpis", "budget_rows", "capacity_held"]

#: the cost lines a budget covers, and those reported beside it (not held by money)
COVERED = ("payroll", "academy", "incentives")
BESIDE = ("recruiting", "screening")


def capacity_held(rec: RunRecord, role: str, st: dict[str, dict[str, np.ndarray]]
                  ) -> np.ndarray:
    """Days (bool per day) hiring of ``role`` was held by seats or positions (not money)."""
    days = rec.days
    held = np.zeros(days, dtype=bool)
    log = rec.budget[role]
    if role in rec.classes:
        cl = rec.classes[role]
        ends = np.append(cl.day[1:], days)
        for day, end, limit in zip(cl.day.tolist(), ends.tolist(), cl.limit.tolist(),
                                   strict=True):
            if limit in (Limit.SEATS, Limit.POSITIONS):
                held[max(day, 0):min(end, days)] = True
    else:
        held = st[role][n.OFFER_WAIT] > 0
    return held & ~log.held


def budget_rows(rec: RunRecord, st: dict[str, dict[str, np.ndarray]], *,
                daily: dict[str, dict[str, np.ndarray]] | None = None
                ) -> list[dict[str, Any]]:
    """One row per role held by a budget and fiscal year touching the run (``daily``: the
    record's :func:`.costs.daily_costs`, computed here when not given)."""
    sc = rec.scenario
    if not rec.budget:
        return []
    costs = daily_costs(rec, st) if daily is None else daily
    carry = sc.budget_unspent == "carry_over"
    rows = []
    years = fiscal_years(sc)
    for role, log in rec.budget.items():
        covered = sum((costs[role][line] for line in COVERED), np.zeros(rec.days))
        beside = sum((costs[role][line] for line in BESIDE), np.zeros(rec.days))
        by_capacity = capacity_held(rec, role, st)
        for k, (year, d0, d1) in enumerate(years):
            a, b = max(d0, 0), min(d1, rec.days)
            budget = float(log.budget[k])
            available = budget + float(log.carry_in[k])
            spent = float(covered[a:b].sum())
            left = available - spent if np.isfinite(budget) else np.nan
            money_days = int(log.held[a:b].sum())
            capacity_days = int(by_capacity[a:b].sum())
            rows.append({
                "role": role, "fiscal_year": int(year), "budget": budget,
                "carry_in": float(log.carry_in[k]), "covered_spend": spent,
                "spend_beside": float(beside[a:b].sum()),
                "unspent": max(left, 0.0) if np.isfinite(left) else np.nan,
                "lapsed": (0.0 if carry and k + 1 < len(years) else max(left, 0.0))
                if np.isfinite(left) else np.nan,
                "shortfall": float(log.shortfall[k]),
                "entries": int(log.committed[k]),
                "days_held_money": money_days, "days_held_capacity": capacity_days,
                "bound_by": ("budget" if money_days > capacity_days else
                             "capacity" if capacity_days else "neither"),
                "days_in_run": b - a,
            })
    return rows


def budget_kpis(rows: list[dict[str, Any]], target: str) -> dict[str, float]:
    """Totals over the run: appropriations, covered spend, shortfall, and the target role's
    days held by money and their share of the days held by money or capacity."""
    if not rows:
        return {}
    held = [r for r in rows if np.isfinite(r["budget"])]
    tgt = [r for r in rows if r["role"] == target]
    money = sum(r["days_held_money"] for r in tgt)
    both = money + sum(r["days_held_capacity"] for r in tgt)
    return {
        "budget_total": float(sum(r["budget"] for r in held)),
        "budget_spent": float(sum(r["covered_spend"] for r in held)),
        "budget_shortfall": float(sum(r["shortfall"] for r in held)),
        "days_held_by_money": float(money),
        "money_bound_share": float(money / both) if both else float("nan"),
    }
