"""What one replication leaves behind: daily flow counts, per-hire times, resource use, classes.

Both simulation modes fill the same record, and everything a planner reads (stocks by state,
KPIs, costs) is derived from it, so the two modes are compared on equal terms.

Flows per role, counted by the day (``floor(time)``) they happen:

``applications``; per stage ``S:enter`` (and ``S:start``, ``S:withdraw`` at a resource),
``S:pass``, ``S:fail``; ``offer:withdraw``; ``eod`` (entry on duty: academy start, or onboarding
start without an academy); ``academy:washout``, ``academy:graduate``; ``operational`` (onboarding
done); ``onboarding:leave``, ``duty:leave`` (attrition of hires) and ``initial:leave``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..scenario import Role, Scenario

__all__ = ["RunRecord", "flow_names", "state_names", "stocks"]


def flow_names(role: Role) -> list[str]:
    names = ["applications"]
    for s in role.stages:
        names.append(f"{s.name}:enter")
        if s.resource is not None:
            names += [f"{s.name}:start", f"{s.name}:withdraw"]
        names += [f"{s.name}:pass", f"{s.name}:fail"]
    names += ["offer:withdraw", "eod"]
    if role.academy is not None:
        names += ["academy:washout", "academy:graduate"]
    names += ["operational", "onboarding:leave", "duty:leave", "initial:leave"]
    return names


def state_names(role: Role) -> list[str]:
    names = []
    for s in role.stages:
        if s.resource is not None:
            names.append(f"{s.name}:queue")
        names.append(f"{s.name}")
    names.append("offer_wait")
    if role.academy is not None:
        names.append("academy")
    names += ["onboarding", "on_duty"]
    return names


@dataclass
class RunRecord:
    """The raw outcome of one replication (arrays; frames are built later)."""

    scenario: Scenario
    seed: int
    replication: int
    mode: str
    flows: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    #: per role: application time and entry-on-duty time of every hire (days)
    hires: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    #: per resource: waits of those served, waits of those who withdrew (days)
    waits: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    #: per resource: busy server-days on each day
    busy: dict[str, np.ndarray] = field(default_factory=dict)
    #: per role with an academy: class start day, seats, filled, limit code (0 seats,
    #: 1 positions, 2 candidates)
    classes: dict[str, np.ndarray] = field(default_factory=dict)
    #: reference mode only: end-of-day counts kept live by the simulation (for conservation tests)
    snapshots: dict[str, dict[str, np.ndarray]] | None = None

    @property
    def days(self) -> int:
        return self.scenario.days

    def new_role(self, role: Role) -> dict[str, np.ndarray]:
        flows = {name: np.zeros(self.days, dtype=np.int64) for name in flow_names(role)}
        self.flows[role.name] = flows
        return flows

    def add_times(self, role: str, flow: str, times: np.ndarray) -> None:
        """Count events at (fractional) ``times`` into the day bins of ``flow``."""
        if len(times) == 0:
            return
        days = np.floor(times[times < self.days]).astype(np.int64)
        days = days[days >= 0]
        if len(days):
            self.flows[role][flow] += np.bincount(days, minlength=self.days)[: self.days]


def stocks(record: RunRecord) -> dict[str, dict[str, np.ndarray]]:
    """End-of-day headcount in every state, per role, from the flows (int64 arrays)."""
    sc = record.scenario
    out: dict[str, dict[str, np.ndarray]] = {}
    for role in sc.roles:
        f = {k: np.cumsum(v) for k, v in record.flows[role.name].items()}
        st: dict[str, np.ndarray] = {}
        for s in role.stages:
            if s.resource is not None:
                st[f"{s.name}:queue"] = f[f"{s.name}:enter"] - f[f"{s.name}:start"] - f[
                    f"{s.name}:withdraw"]
                inflow = f[f"{s.name}:start"]
            else:
                inflow = f[f"{s.name}:enter"]
            st[s.name] = inflow - f[f"{s.name}:pass"] - f[f"{s.name}:fail"]
        last = role.stages[-1].name
        st["offer_wait"] = f[f"{last}:pass"] - f["eod"] - f["offer:withdraw"]
        if role.academy is not None:
            st["academy"] = f["eod"] - f["academy:graduate"] - f["academy:washout"]
            into_onboarding = f["academy:graduate"]
        else:
            into_onboarding = f["eod"]
        st["onboarding"] = into_onboarding - f["operational"] - f["onboarding:leave"]
        st["on_duty"] = role.initial + f["operational"] - f["duty:leave"] - f["initial:leave"]
        out[role.name] = st
    return out
