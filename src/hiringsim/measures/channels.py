"""Entry channels in the results: funnel rows, hires and costs of each channel of a role.

Only roles with further channels (``Role.channels``) get any of this; for them:

- the funnel's rows of the role (totals) carry ``channel = "all"`` and each channel adds its
  own rows (its stages and its offer wait) with ``channel = <name>``; with vetting that overlaps
  training its offer row counts its tentative offers in and failures on the offer list as
  failed, and a last row (``tentative_clearance``) its hires: failed = removed after entry;
- KPIs ``hires_channel_<name>`` (entries on duty of the target role by channel);
- fiscal-year rows of the role get ``hires_channel_<name>`` columns;
- costs: recruiting at each channel's applications per applicant and application cost,
  screening at its stages' costs, hiring incentives at its hire cost, training at the academy's
  cost per trainee and each course's; each at the unit cost in effect on the day under dated
  changes.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..model import names as n
from ..model.channels import channel_roles
from ..model.dated import courses, roles
from ..model.kinds import stage_kind
from ..model.record import RunRecord
from ..scenario import Role, Scenario

__all__ = ["ALL", "channel_applications", "channel_costs_daily", "channel_fiscal",
           "channel_funnel_rows", "channel_kpis", "hires_channel"]

#: the ``channel`` of a role's total rows in the funnel
ALL = "all"
#: the funnel rows of the wait for entry after the last stage and of hires on a tentative
#: clearance (as in .funnel)
OFFER, TENTATIVE_CLEARANCE = "offer", "tentative_clearance"


def hires_channel(channel: str) -> str:
    """The KPI (and fiscal column) of a channel's hires."""
    return f"hires_channel_{channel}"


def _ways(role: Role) -> list[tuple[str, Role, Any]]:
    """(channel name, the role it moves as until entry, the channel or None) of every channel."""
    return [(role.channel, role, None)] + [(ch.name, r, ch) for ch, r in channel_roles(role)]


def channel_funnel_rows(rec: RunRecord, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` (the funnel) with the channel rows of roles that have channels."""
    with_channels = {r.name for r in rec.scenario.roles if r.channels}
    if not with_channels:
        return rows
    out = [{**row, "channel": ALL} if row["role"] in with_channels else row for row in rows]
    for role in rec.scenario.roles:
        if not role.channels:
            continue
        for name, way, _ in _ways(role):
            f = rec.channels[role.name][name]
            for s in way.stages:
                out.append({"role": role.name, "channel": name, "stage": s.name,
                            **stage_kind(s).funnel_row(s, f)})
            overlap = way.tentative_from is not None
            offers = f[n.OFFER_TENTATIVE] if overlap else f[n.passed(way.stages[-1].name)]
            out.append({"role": role.name, "channel": name, "stage": OFFER,
                        "entered": int(offers.sum()), "passed": int(f[n.EOD].sum()),
                        "failed": int(f[n.OFFER_FAIL].sum()) if overlap else 0,
                        "withdrew": int(f[n.OFFER_WITHDRAW].sum())})
            if overlap:  # hires on a tentative clearance, as in .funnel
                removed = sum(int(f[x].sum()) for x in n.REMOVALS if x in f)
                out.append({"role": role.name, "channel": name, "stage": TENTATIVE_CLEARANCE,
                            "entered": int(f[n.EOD].sum()),
                            "passed": int(f[n.EOD].sum()) - removed, "failed": removed,
                            "withdrew": 0})
    return out


def channel_kpis(rec: RunRecord) -> dict[str, float]:
    """Hires of the target role by channel (nothing when it has no further channels)."""
    role = rec.scenario.role(rec.scenario.target.role)
    if not role.channels:
        return {}
    return {hires_channel(name): float(f[n.EOD].sum())
            for name, f in rec.channels[role.name].items()}


def channel_fiscal(sc: Scenario, rec: RunRecord, rows: list[dict[str, Any]]) -> None:
    """Add each channel's hires in the fiscal year to the rows of roles with channels."""
    from .windows import fiscal_windows

    spans = {year: (d0, d) for year, d0, d in fiscal_windows(sc)}
    for row in rows:
        kept = rec.channels.get(row["role"])
        if kept:
            d0, d = spans[row["fiscal_year"]]
            for name, f in kept.items():
                row[hires_channel(name)] = int(f[n.EOD][d0:d + 1].sum())


def channel_costs_daily(role: Role, rec: RunRecord) -> dict[str, np.ndarray]:
    """Recruiting, screening, training ('academy') and incentive costs of a role with channels,
    by day, each at the unit cost in effect on the day (as :func:`.costs.unit_costs`):
    applications by their day, a stage's people by the day it starts for them
    (``StageKind.cost_flow``), trainees by the class's start, hires by entry on duty."""
    sc = rec.scenario
    days = rec.days
    kept = rec.channels[role.name]
    out = {"recruiting": np.zeros(days), "screening": np.zeros(days), "academy": np.zeros(days),
           "incentives": np.zeros(days)}
    if role.academy is not None:
        out["academy"] += rec.flows[role.name][n.ACADEMY_START] * _daily(
            sc, [r.academy.cost_per_trainee if r.academy else 0.0 for r in roles(sc, role.name)])
    for name, way, ch in _ways(role):
        f = kept[name]
        versions = roles(sc, way.name)
        out["recruiting"] += f[n.APPLICANTS] * (way.applications_per_applicant * _daily(
            sc, [r.application_cost for r in versions]))
        out["screening"] += sum((f[stage_kind(s).cost_flow(s)]
                                 * _daily(sc, [r.stages[i].cost for r in versions])
                                 for i, s in enumerate(way.stages)), np.zeros(days))
        out["incentives"] += f[n.EOD] * _daily(sc, [r.hire_cost + r.bonus for r in versions])
        if ch is not None and ch.course is not None:
            out["academy"] += f[n.EOD] * _daily(
                sc, [co.cost_per_trainee for co in courses(sc, role.name, name)])
    return out


def _daily(sc: Scenario, values: list[float]) -> Any:
    """A unit cost per epoch on each day: the number when it never changes, else an array."""
    if len(set(values)) == 1:
        return values[0]
    return np.asarray(values, dtype=float)[sc.epoch_of(np.arange(sc.days))]


def channel_applications(role: Role, rec: RunRecord) -> float:
    """Applications to a role with channels: each channel's applicants x its applications per
    applicant."""
    return float(sum(rec.channels[role.name][name][n.APPLICANTS].sum()
                     * way.applications_per_applicant for name, way, _ in _ways(role)))
