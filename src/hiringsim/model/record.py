"""What one replication leaves behind: the run-record contract between the model and measures.

Both simulation modes fill the same record, and everything a planner reads (stocks by state,
KPIs, costs) is derived from it, so the two modes are compared on equal terms.  Names of flows
and states are the vocabulary of :mod:`hiringsim.model.names`; which of them a role has follows
from the kinds of its stages and of its entry (:mod:`hiringsim.model.kinds`).

Flows per role are counted by the day (``floor(time)``) they happen: ``applicants`` (people;
applications are applicants x ``applications_per_applicant``); each
stage's flows; ``offer:withdraw``; ``eod`` (entry on duty: academy start, or onboarding start
without an academy); the entry kind's flows (``academy:washout``, ``academy:graduate``);
``operational`` (onboarding done); ``onboarding:leave``, ``duty:leave`` (attrition of hires) and
``initial:leave``.  A role with further entry channels (``Role.channels``) records instead
``academy:start`` and ``course:start``/``washout``/``graduate`` (``eod`` is every entry, by any
path), and ``RunRecord.channels`` keeps each channel's applicants, stage flows, offer
withdrawals and ``eod`` (the role's flows are their sums).
A role whose vetting overlaps training (``tentative_from``,
:mod:`hiringsim.model.overlap`) also has ``offer:tentative``, ``offer:fail`` and the removals after
entry (``academy:removed``, ``onboarding:removed``, ``duty:removed``; ``course:removed`` with a
channel's course), and its hires carry their removal time (``removed``, ``inf`` when not removed).
The hires of a role with further channels carry their channel (``channel``: its index, the role's
own first).
A run may start with people already in the pipeline (``Role.pipeline``): they are the *opening
stocks* ``RunRecord.opening[role][state]`` (none by default), which :func:`role_stocks` adds to
the stocks derived from the flows, so that every state still holds exactly those who entered it
(or were in it at the start) and have not left.  After a warm-up (``Scenario.warm_up_from``,
:mod:`hiringsim.model.warmup`) the opening stocks are every state's at the end of the day before
the start, on duty included (in place of ``initial``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..scenario import Role, Scenario
from . import names as n
from . import overlap
from .kinds import entry_kind, stage_kind
from .money import BudgetLog
from .names import ClassLog
from .running import opening_stocks
from .shared import SharedLog

__all__ = ["ClassLog", "RunRecord", "cumulative", "flow_names", "on_board_states",
           "role_stocks", "state_names", "stocks"]


def flow_names(role: Role) -> list[str]:
    """The flows a role's record holds, in order."""
    names = [n.APPLICANTS]
    for s in role.stages:
        names += stage_kind(s).flows(s)
    names += [n.OFFER_WITHDRAW, n.EOD]
    names += entry_kind(role).flows(role)
    names += [n.OPERATIONAL, n.ONBOARDING_LEAVE, n.DUTY_LEAVE, n.INITIAL_LEAVE]
    names += overlap.flows(role)
    return names


def state_names(role: Role) -> list[str]:
    """The states of a role, in pipeline order."""
    names = []
    for s in role.stages:
        names += stage_kind(s).states(s)
    names.append(n.OFFER_WAIT)
    names += entry_kind(role).states(role)
    names += [n.ONBOARDING, n.ON_DUTY]
    return names


def on_board_states(role: Role) -> list[str]:
    """States whose people hold a position (training, onboarding, on duty)."""
    return [*entry_kind(role).states(role), n.ONBOARDING, n.ON_DUTY]


@dataclass
class RunRecord:
    """The raw outcome of one replication (arrays; frames are built later)."""

    scenario: Scenario
    seed: int
    replication: int
    mode: str
    flows: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    #: per role: application time and entry-on-duty time of every hire (days); with overlapping
    #: vetting also the time each was removed (``removed``; ``inf``: not removed); with further
    #: entry channels the channel of each (``channel``: index, the role's own channel first)
    hires: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    #: per resource: waits of those served, waits of those who withdrew (days)
    waits: dict[str, dict[str, np.ndarray]] = field(default_factory=dict)
    #: per resource: busy server-days on each day
    busy: dict[str, np.ndarray] = field(default_factory=dict)
    #: per role with an academy: its classes
    classes: dict[str, ClassLog] = field(default_factory=dict)
    #: per shared academy (hiringsim.model.shared): its classes
    academies: dict[str, SharedLog] = field(default_factory=dict)
    #: per role with further entry channels, per channel (the role's own first): its
    #: applicants, stage flows, offer withdrawals and entries on duty by day (the role's flows
    #: are their sums)
    channels: dict[str, dict[str, dict[str, np.ndarray]]] = field(default_factory=dict)
    #: per role with a running pipeline: people in each state at the start (see role_stocks);
    #: after a warm-up (hiringsim.model.warmup) every state's, on duty included
    opening: dict[str, dict[str, int]] = field(default_factory=dict)
    #: per role held by a budget (Scenario.budget): its money by fiscal year, days held
    budget: dict[str, BudgetLog] = field(default_factory=dict)
    #: the values drawn for the scenario's uncertain inputs, by path (hiringsim.draws; empty
    #: when none are drawn): ``scenario`` holds them
    inputs: dict[str, float] = field(default_factory=dict)
    #: reference mode only: end-of-day counts kept live by the simulation (for conservation tests)
    snapshots: dict[str, dict[str, np.ndarray]] | None = None
    #: fast mode: values computed once from flows already complete, by what computes them
    #: (e.g. the target role's headcount other roles follow: hiringsim.model.positions)
    derived: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def days(self) -> int:
        return self.scenario.days

    def new_role(self, role: Role) -> dict[str, np.ndarray]:
        flows = {name: np.zeros(self.days, dtype=np.int64) for name in flow_names(role)}
        self.flows[role.name] = flows
        if role.pipeline is not None:
            self.opening[role.name] = opening_stocks(role)
        return flows

    def add_times(self, role: str, flow: str, times: np.ndarray) -> None:
        """Count events at (fractional) ``times`` into the day bins of ``flow``."""
        if len(times) == 0:
            return
        from ._count_jit import count_days  # compiled: one pass

        count_days(self.flows[role][flow], np.asarray(times, dtype=float), self.days)


def stocks(record: RunRecord) -> dict[str, dict[str, np.ndarray]]:
    """End-of-day headcount in every state, per role, from the flows (int64 arrays)."""
    return {role.name: role_stocks(role, record.flows[role.name], record.opening.get(role.name))
            for role in record.scenario.roles}


def cumulative(flows: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Each flow's running total by day (``np.cumsum`` of each): the flows stacked and summed
    in one compiled pass when they are whole numbers of one length (the same values, int64;
    the rows are views of one array, not to be written)."""
    arrays = list(flows.values())
    if arrays and len(set(map(len, arrays))) == 1:
        stacked = np.concatenate(arrays)
        if stacked.dtype == np.int64 and stacked.ndim == 1:
            from ._cumsum_jit import cumsum_rows  # compiled: one pass

            stacked = stacked.reshape(len(arrays), len(arrays[0]))
            cumsum_rows(stacked, stacked)  # in place
            return dict(zip(flows, stacked, strict=True))
    return {k: np.cumsum(v) for k, v in flows.items()}


def role_stocks(role: Role, flows: dict[str, np.ndarray],
                opening: dict[str, int] | None = None, *,
                cum: dict[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """End-of-day headcount in every state of one role, from its flows and its opening stocks
    (people in each state at the start; none by default; on duty: ``initial`` unless given,
    as after a warm-up); ``cum``: :func:`cumulative` of the flows, when already computed."""
    cum = cumulative(flows) if cum is None else cum
    opening = opening or {}
    st: dict[str, np.ndarray] = {}
    for s in role.stages:
        st.update(stage_kind(s).stocks(s, cum))
    last = role.stages[-1].name
    st[n.OFFER_WAIT] = cum[n.passed(last)] - cum[n.EOD] - cum[n.OFFER_WITHDRAW]
    entry = entry_kind(role)
    st.update(entry.stocks(role, cum))
    st[n.ONBOARDING] = (entry.into_onboarding(cum) - cum[n.OPERATIONAL]
                        - cum[n.ONBOARDING_LEAVE])
    st[n.ON_DUTY] = (opening.get(n.ON_DUTY, role.initial) + cum[n.OPERATIONAL] - cum[n.DUTY_LEAVE]
                     - cum[n.INITIAL_LEAVE])
    if role.tentative_from is not None:
        overlap.stocks(role, cum, st)
    for state, count in opening.items():
        if state != n.ON_DUTY:  # (in place of initial above)
            st[state] = st[state] + count
    return st
