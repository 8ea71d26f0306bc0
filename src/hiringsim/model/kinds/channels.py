"""Entry of a role with several channels (``Role.channels``): one set of positions, several ways in.

Each channel's candidates reach entry like a role's (:mod:`hiringsim.model.channels`); here they
enter on duty, all holding the role's positions, by their channel's path: the role's academy, the
channel's course, or straight to onboarding.

The rule.  *A role with an academy* admits at intakes: each academy class (academy-path
candidates of every channel, first come first served by offer time, up to its seats), each class
of a channel's course (that channel's candidates; a course without ``every_days`` has one every
day) and, at the start of each day, the daily intake of direct-path candidates (all direct
channels, first come first served).  On a day with several intakes they run in the order
academy, courses (channel order), direct, each within the positions free at that moment and its
seats.  *A role without an academy* has only direct channels, admitted as without channels: as
soon as a position is free, candidates of every channel in one queue by offer time.  Candidates
withdraw while they wait at their channel's ``offer_withdraw_per_week``.  Course trainees hold a
position; washouts leave at a uniform time within the course, graduates go on to onboarding.
With vetting that overlaps training (the role's ``tentative_from``, reaching each channel as in
:mod:`hiringsim.model.overlap`) candidates wait from their tentative offer, leave the waiting list
on failing the vetting (``offer:fail``), and a hire who fails it is removed at that moment from
the academy, the course, onboarding or duty, giving the position back.

Under dated changes (:mod:`hiringsim.scenario.changes`) the rule is every role's, in every
channel: a trainee takes the length and graduation rate of the academy or course in effect on the
intake day (and a class its seats), a hire the onboarding in effect when onboarding starts and the
attrition in effect in calendar time from graduation (entry on duty without training), a
candidate the offer withdrawal of their channel in effect when the wait starts.

A running pipeline (``Role.pipeline``, :mod:`hiringsim.model.running`) is the role's own
channel's: its waiting people are first on that channel's pool at time 0, and its trainees of
running classes and people in onboarding hold positions from the start until they leave.

A role without further channels never uses this kind: it runs the academy or direct kind.  The
fast mode is :mod:`hiringsim.model.channel_fast`, the reference mode
:mod:`hiringsim.model.channel_sims`.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .. import names as n
from .academy import AcademyEntry
from .base import EntryKind, Group

if TYPE_CHECKING:  # pragma: no cover
    from ...rng import Streams
    from ...scenario import Role, Scenario
    from ..record import RunRecord

__all__ = ["ChannelsEntry"]

_ACADEMY = AcademyEntry()


def _trainings(role: Role) -> list[tuple[str, str, str, str]]:
    """(state, start, washout, graduate flows) of the trainings the role's channels use."""
    out = []
    if role.academy is not None:
        out.append((n.ACADEMY, n.ACADEMY_START, n.ACADEMY_WASHOUT, n.ACADEMY_GRADUATE))
    if any(ch.path == "course" for ch in role.channels):
        out.append((n.COURSE, n.COURSE_START, n.COURSE_WASHOUT, n.COURSE_GRADUATE))
    return out


@dataclass(frozen=True)
class ChannelsEntry(EntryKind):
    """Entry on duty of a role with further channels (see the module)."""

    name = "channels"

    def applies(self, role: Role) -> bool:
        return bool(role.channels)

    # -- the record ---------------------------------------------------------------------------
    def flows(self, role: Role) -> list[str]:
        return [f for _, *fl in _trainings(role) for f in fl]

    def states(self, role: Role) -> list[str]:
        return [t[0] for t in _trainings(role)]

    def stocks(self, role: Role, cum: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        return {s: cum[a] - cum[g] - cum[w] for s, a, w, g in _trainings(role)}

    def into_onboarding(self, cum: dict[str, np.ndarray]) -> np.ndarray:
        out = cum[n.EOD]
        for start, grad in ((n.ACADEMY_START, n.ACADEMY_GRADUATE),
                            (n.COURSE_START, n.COURSE_GRADUATE)):
            if start in cum:
                out = out - cum[start] + cum[grad]
        return out

    def funnel_rows(self, role: Role, flows: dict[str, np.ndarray]) -> list[dict[str, Any]]:
        return [{"stage": s, "entered": int(flows[a].sum()), "passed": int(flows[g].sum()),
                 "failed": int(flows[w].sum()), "withdrew": 0}
                for s, a, w, g in _trainings(role)]

    def capacity_rows(self, sc: Scenario, role: Role, rec: RunRecord, window: int
                      ) -> list[dict[str, Any]]:
        return _ACADEMY.capacity_rows(sc, role, rec, window) if role.academy else []

    def training_cost_daily(self, role: Role, flows: dict[str, np.ndarray]) -> np.ndarray:
        out = np.zeros(len(flows[n.EOD]))
        if role.academy is not None:
            out += flows[n.ACADEMY_START] * float(role.academy.cost_per_trainee)
        return out  # course costs are per channel: see course_cost

    def training_cost(self, role: Role, flows: dict[str, np.ndarray]) -> float:
        return float(self.training_cost_daily(role, flows).sum())

    # -- fast mode ----------------------------------------------------------------------------
    def fast(self, sc: Scenario, role: Role, g: Group, streams: Streams, rec: RunRecord) -> None:
        self.fast_groups(sc, role, [g], streams, rec)  # pragma: no cover - fast.py groups

    def fast_groups(self, sc: Scenario, role: Role, groups: list[Group], streams: Streams,
                    rec: RunRecord) -> None:
        from ..channel_fast import run_fast

        run_fast(sc, role, groups, streams, rec)

    # -- reference mode -----------------------------------------------------------------------
    def sims(self, rs: Any) -> list[Any]:
        from ..channel_sims import channel_sims

        return channel_sims(rs)

    def start(self, rs: Any) -> None:
        from ..channel_sims import start_intakes

        start_intakes(rs)

    def admit_now(self, rs: Any) -> None:
        from ..channel_sims import admit_queue

        admit_queue(rs)

    def train(self, rs: Any) -> Generator[Any, Any, bool]:
        from ..channel_sims import train

        return (yield from train(rs))

    def record(self, rs: Any, rec: RunRecord) -> None:
        from ..channel_sims import record_channels

        record_channels(rs, rec)
