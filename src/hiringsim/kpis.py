"""From one run record to what a planner reads: KPIs, funnel, resources, fiscal years, costs.

Definitions (also in the README):

- *growth* of a role on a day: its headcount by the target's measure (``on_duty``; ``trained`` =
  onboarding + on duty; ``on_board`` = academy too) minus the starting headcount.
- *target_day*: first day the target role's growth reaches the target (NaN: not by the horizon);
  *days_to_target* is the same censored at the horizon (the number of simulated days when not
  reached), for sweeps and sensitivity indices, which need a number in every run.
- *hires*: entries on duty (academy start, or onboarding start without an academy).
- *applicants_per_hire*: applications / hires of the target role over the whole run.
- *time_to_hire*: entry on duty minus application, per hire.
- *gross_per_net*: hires / growth at the horizon (target role).
- costs: recruiting (per application), screening (per stage entrant), academy (per trainee),
  incentives (per hire), resources (servers x days), payroll of new hires (person-days on board);
  ``cost_hiring`` is all but payroll; ``cost_per_net_hire`` = cost_hiring / net growth of all
  roles at the horizon.
- *bottleneck*: the scarce capacity with the highest use — each resource's utilization (busy /
  servers) and each academy's filled share of seats — during the surge, from the start until
  the target is reached (the whole run when it is not); ``utilization`` in the resources frame
  is over the whole run, ``utilization_surge`` over that window.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np

from .model.common import YEAR, servers_by_day
from .model.record import RunRecord, state_names, stocks

__all__ = ["Replication", "summarize_record", "TTH_BIN_DAYS", "TTH_BINS"]

TTH_BIN_DAYS = 7
TTH_BINS = 260  # five years of weeks; the last bin collects everything longer


def measure_states(measure: str, role) -> list[str]:
    states = ["on_duty"]
    if measure in ("trained", "on_board"):
        states.append("onboarding")
    if measure == "on_board" and role.academy is not None:
        states.append("academy")
    return states


@dataclass
class Replication:
    """The compact, picklable summary of one replication (what workers send back)."""

    replication: int
    seed: int
    kpis: dict[str, float | str]
    funnel: list[dict]
    resources: list[dict]
    fiscal: list[dict]
    tth_hist: dict[str, np.ndarray]
    series: dict[str, np.ndarray] | None = field(default=None)
    #: busy server-days per day for each resource (float32), kept with the series
    busy: dict[str, np.ndarray] | None = field(default=None)


def fiscal_year_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    out = []
    year = start.year if start <= dt.date(start.year, 9, 30) else start.year + 1
    while dt.date(year, 9, 30) <= end:
        out.append(dt.date(year, 9, 30))
        year += 1
    return out


def summarize_record(rec: RunRecord, *, keep_series: bool = True) -> Replication:
    sc = rec.scenario
    days = sc.days
    st = stocks(rec)
    target = sc.target
    deadline = sc.day(target.deadline)
    kpis: dict[str, float | str] = {}

    growth: dict[str, np.ndarray] = {}
    for role in sc.roles:
        states = measure_states(target.measure, role)
        growth[role.name] = sum(st[role.name][s] for s in states) - role.initial
    g = growth[target.role]
    hit = np.nonzero(g >= target.growth)[0]
    kpis["target_day"] = float(hit[0]) if len(hit) else math.nan
    kpis["days_to_target"] = float(hit[0]) if len(hit) else float(days)
    kpis["target_reached"] = float(len(hit) > 0)
    kpis["target_by_deadline"] = float(len(hit) > 0 and hit[0] <= deadline)
    kpis["growth_at_deadline"] = float(g[deadline])
    kpis["growth_at_end"] = float(g[-1])
    for role in sc.roles:
        if role.name == target.role:
            continue
        want = sc.target_growth(role.name)
        kpis[f"{role.name}_growth_at_deadline"] = float(growth[role.name][deadline])
        if want == want:  # not NaN
            kpis[f"{role.name}_ratio_at_deadline"] = float(
                growth[role.name][deadline] / g[deadline]) if g[deadline] > 0 else math.nan

    tf = rec.flows[target.role]
    apps = float(tf["applications"].sum())
    hires = float(tf["eod"].sum())
    kpis["applications"] = apps
    kpis["hires"] = hires
    kpis["applicants_per_hire"] = apps / hires if hires else math.nan
    kpis["gross_per_net"] = hires / g[-1] if g[-1] > 0 else math.nan
    tth_hist = {}
    for role in sc.roles:
        h = rec.hires[role.name]
        tth = h["eod"] - h["application"]
        tth_hist[role.name] = np.bincount(
            np.minimum((tth // TTH_BIN_DAYS).astype(np.int64), TTH_BINS - 1),
            minlength=TTH_BINS).astype(np.int32) if len(tth) else np.zeros(TTH_BINS, np.int32)
        if role.name == target.role:
            kpis["time_to_hire_mean"] = float(tth.mean()) if len(tth) else math.nan
            kpis["time_to_hire_median"] = float(np.median(tth)) if len(tth) else math.nan
            kpis["time_to_hire_p90"] = float(np.quantile(tth, 0.9)) if len(tth) else math.nan

    # funnel
    funnel = []
    withdrawals = 0.0
    for role in sc.roles:
        f = rec.flows[role.name]
        for s in role.stages:
            row = {"role": role.name, "stage": s.name,
                   "entered": int(f[f"{s.name}:enter"].sum()),
                   "passed": int(f[f"{s.name}:pass"].sum()),
                   "failed": int(f[f"{s.name}:fail"].sum()),
                   "withdrew": int(f[f"{s.name}:withdraw"].sum()) if s.resource else 0}
            withdrawals += row["withdrew"]
            funnel.append(row)
        off = int(f["offer:withdraw"].sum())
        withdrawals += off
        funnel.append({"role": role.name, "stage": "offer", "entered": int(
            f[f"{role.stages[-1].name}:pass"].sum()), "passed": int(f["eod"].sum()),
            "failed": 0, "withdrew": off})
        if role.academy is not None:
            funnel.append({"role": role.name, "stage": "academy", "entered": int(f["eod"].sum()),
                           "passed": int(f["academy:graduate"].sum()),
                           "failed": int(f["academy:washout"].sum()), "withdrew": 0})
    kpis["withdrawals"] = withdrawals

    # scarce capacity: resources and academies, over the run and over the surge window
    window = int(kpis["target_day"]) + 1 if kpis["target_reached"] else days
    resources = []
    use: dict[str, float] = {}
    cost_resources = 0.0
    for res in sc.resources:
        servers = servers_by_day(sc, res.name)
        busy = rec.busy[res.name]
        offered = servers.sum()
        util = float(busy.sum() / offered) if offered else math.nan
        offered_w = servers[:window].sum()
        util_w = float(busy[:window].sum() / offered_w) if offered_w else math.nan
        w = rec.waits[res.name]
        served, withdrew = w["served"], w["withdrew"]
        resources.append({
            "resource": res.name, "kind": "resource", "utilization": util,
            "utilization_surge": util_w,
            "wait_mean": float(served.mean()) if len(served) else math.nan,
            "wait_p90": float(np.quantile(served, 0.9)) if len(served) else math.nan,
            "served": int(len(served)), "withdrew": int(len(withdrew)),
            "capacity_days": float(offered),
        })
        use[res.name] = util_w
        kpis[f"{res.name}_utilization"] = util
        kpis[f"{res.name}_wait_mean"] = resources[-1]["wait_mean"]
        cost_resources += float(offered) * res.cost_per_server_year / YEAR
    empty = 0.0
    for role in sc.roles:
        if role.academy is None:
            continue
        cl = rec.classes[role.name]
        seats, filled = cl[:, 1].sum(), cl[:, 2].sum()
        empty += seats - filled
        util = float(filled / seats) if seats else math.nan
        in_w = cl[:, 0] < window
        seats_w = cl[in_w, 1].sum()
        util_w = float(cl[in_w, 2].sum() / seats_w) if seats_w else math.nan
        name = f"academy:{role.name}"
        use[name] = util_w
        resources.append({
            "resource": name, "kind": "academy", "utilization": util,
            "utilization_surge": util_w, "wait_mean": math.nan,
            "wait_p90": math.nan, "served": int(filled), "withdrew": 0,
            "capacity_days": float(seats),
            "classes_full": int((cl[:, 3] == 0).sum()),
            "classes_short_of_positions": int((cl[:, 3] == 1).sum()),
            "classes_short_of_candidates": int((cl[:, 3] == 2).sum()),
        })
    kpis["empty_seats"] = empty
    valid = {k: v for k, v in use.items() if v == v}
    kpis["bottleneck"] = max(valid, key=valid.get) if valid else ""

    # costs
    cost = {"recruiting": 0.0, "screening": 0.0, "academy": 0.0, "incentives": 0.0,
            "payroll": 0.0, "resources": cost_resources}
    net_all = 0.0
    for role in sc.roles:
        f = rec.flows[role.name]
        s_ = st[role.name]
        cost["recruiting"] += f["applications"].sum() * role.application_cost
        cost["screening"] += sum(f[f"{s.name}:enter"].sum() * s.cost for s in role.stages)
        if role.academy is not None:
            cost["academy"] += f["eod"].sum() * role.academy.cost_per_trainee
        cost["incentives"] += f["eod"].sum() * role.hire_cost
        on_board = sum(s_[x] for x in ("academy", "onboarding", "on_duty") if x in s_)
        initial_left = role.initial - np.cumsum(f["initial:leave"])
        cost["payroll"] += float((on_board - initial_left).sum()) * role.salary / YEAR
        net_all += float(s_["on_duty"][-1] + s_["onboarding"][-1] - role.initial)
    for k, v in cost.items():
        kpis[f"cost_{k}"] = float(v)
    hiring = sum(v for k, v in cost.items() if k != "payroll")
    kpis["cost_hiring"] = float(hiring)
    kpis["cost_total"] = float(hiring + cost["payroll"])
    kpis["cost_per_net_hire"] = float(hiring / net_all) if net_all > 0 else math.nan

    fiscal = []
    for fy_end in fiscal_year_ends(sc.start, sc.end):
        d = sc.day(fy_end)
        for role in sc.roles:
            s_ = st[role.name]
            fiscal.append({
                "role": role.name, "fiscal_year": fy_end.year,
                "on_duty": int(s_["on_duty"][d]),
                "trained": int(s_["on_duty"][d] + s_["onboarding"][d]),
                "on_board": int(sum(s_[x][d] for x in ("academy", "onboarding", "on_duty")
                                    if x in s_)),
                "growth": int(growth[role.name][d]),
            })

    series = busy = None
    if keep_series:
        series = {role.name: np.stack([st[role.name][s] for s in state_names(role)]).astype(
            np.int32) for role in sc.roles}
        busy = {name: b.astype(np.float32) for name, b in rec.busy.items()}
    return Replication(rec.replication, rec.seed, kpis, funnel, resources, fiscal, tth_hist,
                       series, busy)
