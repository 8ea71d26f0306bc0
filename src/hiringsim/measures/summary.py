"""The compact summary of one replication: KPIs and the rows of every table.

:func:`summarize_record` is what a worker runs after a replication and sends back
(:func:`hiringsim.worker.replicate`); the tables' definitions live in the modules of this
package.  Nothing here imports pandas, so that worker processes need not load it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..model.record import RunRecord, cumulative, role_stocks, state_names
from ..model.warmup import opening_array
from .budget import budget_kpis, budget_rows
from .capacity import bottleneck, capacity_rows
from .channels import ALL, channel_fiscal, channel_funnel_rows, channel_kpis
from .cost_table import cost_rows
from .costs import cost_kpis, daily_costs
from .fiscal import fiscal_rows
from .funnel import funnel_rows
from .growth import growth_by_role, target_kpis
from .hires import hire_kpis, time_to_hire_histograms
from .instructors import instructor_kpis
from .kept import KeptWindow, compact_int, kept_windows
from .milestones import milestone_flows
from .removals import removal_kpis
from .windows import window_data

__all__ = ["Replication", "compact_int", "summarize_record"]

@dataclass
class Replication:
    """The compact, picklable summary of one replication (what workers send back)."""

    replication: int
    seed: int
    kpis: dict[str, float | str]
    funnel: list[dict[str, Any]]
    resources: list[dict[str, Any]]
    fiscal: list[dict[str, Any]]
    tth_hist: dict[str, np.ndarray]
    series: dict[str, np.ndarray] | None = field(default=None)
    #: busy server-days per day for each resource (float32), kept with the series
    busy: dict[str, np.ndarray] | None = field(default=None)
    #: per role, daily counts of each milestone (int32, milestones x days), kept with the series
    milestones: dict[str, np.ndarray] | None = field(default=None)
    #: per role, what windows of any dates are measured from, kept with the series
    windows: dict[str, KeptWindow] | None = field(default=None)
    #: after a warm-up, per role, the opening stocks in state order (int64; growth is measured
    #: from them), kept with the series
    opening: dict[str, np.ndarray] | None = field(default=None)
    #: every cost line by fiscal year and role (.cost_table.cost_rows)
    costs: list[dict[str, Any]] = field(default_factory=list)
    #: money against a budget per role and fiscal year (hiringsim.measures.budget; none
    #: without a budget)
    budget: list[dict[str, Any]] = field(default_factory=list)
    #: the values drawn for the scenario's uncertain inputs, by path (hiringsim.draws)
    inputs: dict[str, float] = field(default_factory=dict)


def summarize_record(rec: RunRecord, *, keep_series: bool = True) -> Replication:
    """KPIs, funnel, capacity and fiscal rows (and optionally the daily series) of a record."""
    sc = rec.scenario
    cum = {role.name: cumulative(rec.flows[role.name]) for role in sc.roles}
    st = {role.name: role_stocks(role, rec.flows[role.name], rec.opening.get(role.name),
                                 cum=cum[role.name]) for role in sc.roles}  # stocks(rec)
    growth = growth_by_role(sc, st, rec.opening)
    kpis: dict[str, float | str] = {}
    kpis.update(target_kpis(sc, growth))
    kpis.update(hire_kpis(rec, growth[sc.target.role], float(kpis["target_day"])))
    kpis.update(channel_kpis(rec))
    funnel = channel_funnel_rows(rec, funnel_rows(rec, cum=cum))
    kpis["withdrawals"] = float(sum(r["withdrew"] for r in funnel
                                    if r.get("channel", ALL) == ALL))
    window = int(kpis["target_day"]) + 1 if kpis["target_reached"] else sc.days
    resources = capacity_rows(rec, window)
    for row in resources:
        if row["kind"] == "resource":
            kpis[f"{row['resource']}_utilization"] = row["utilization"]
            kpis[f"{row['resource']}_wait_mean"] = row["wait_mean"]
    kpis["empty_seats"] = float(sum(int(cl.seats.sum() - cl.filled.sum())
                                    for cl in rec.classes.values())
                                + sum(int(cl.available.sum() - cl.filled.sum())
                                      for cl in rec.academies.values()))
    kpis["bottleneck"] = bottleneck(resources)
    daily = daily_costs(rec, st, cum=cum)  # every cost measure sums these
    kpis.update(cost_kpis(rec, st, daily=daily))
    kpis.update(removal_kpis(rec))
    money = budget_rows(rec, st, daily=daily)
    kpis.update(budget_kpis(money, sc.target.role))
    teaching, on_loan = instructor_kpis(sc, rec, st, growth[sc.target.role])
    kpis.update(teaching)
    windows = window_data(rec, st, daily=daily)
    fiscal = fiscal_rows(sc, st, growth, windows)
    channel_fiscal(sc, rec, fiscal)

    series = busy = milestones = None
    if keep_series:
        # whole numbers in their narrowest type: less to send back and to keep (the same values)
        milestones = {role.name: compact_int(milestone_flows(rec, role, cum=cum[role.name]))
                      for role in sc.roles}
        series = {role.name: compact_int(np.stack([st[role.name][s] for s in state_names(role)]))
                  for role in sc.roles}
        busy = {name: b.astype(np.float32) for name, b in rec.busy.items()} | on_loan
    opening = None
    if keep_series and sc.warm_up_from is not None:
        opening = {role.name: opening_array(rec, role) for role in sc.roles}
    return Replication(rec.replication, rec.seed, kpis, funnel, resources, fiscal,
                       time_to_hire_histograms(rec), series, busy, milestones,
                       kept_windows(sc, windows) if keep_series else None, opening,
                       cost_rows(sc, daily),
                       money, dict(rec.inputs))
