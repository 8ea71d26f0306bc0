"""What a stage kind and an entry kind provide: one interface, one module per kind.

A *stage kind* (screening without a resource, a stage served by a resource, ...) names the flows
and states it records, turns cumulative flows into its states, gives its funnel row and the
observed-data measures it records, and implements itself in both simulation modes: a fast-mode
step over arrays and a reference-mode SimPy process for one applicant.

An *entry kind* (through the academy, straight to onboarding) does the same for what happens
after the last stage: admission against positions (and seats), training, and the rows it adds
to the funnel and to the capacity table.
"""

from __future__ import annotations

from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np

from .. import names as n
from ..order import picks

if TYPE_CHECKING:  # pragma: no cover
    from ...rng import Streams
    from ...scenario import Role, Scenario, Stage
    from ..record import RunRecord
    from ..running import Running

__all__ = ["EntryKind", "Group", "StageKind"]


class Group:
    """Individuals of one role moving through the stages together (fast mode, arrays)."""

    def __init__(self, role: Role, app: np.ndarray, t: np.ndarray, stage: int,
                 ids: np.ndarray):
        self.role = role
        self.app = app  # application times
        self.ids = ids  # who they are: their draws at each stage (hiringsim.model.crn)
        self.t = t  # time of arrival at the next stage
        self.stage = stage  # index of the next stage
        #: vetting that overlaps training (hiringsim.model.overlap): offer times, and those set
        #: aside as (application, offer, removal time)
        self.offer: np.ndarray | None = None
        self.parked: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        #: people of a running pipeline who join later (hiringsim.model.running), if any
        self.running: Running | None = None

    def keep(self, mask: np.ndarray, t: np.ndarray) -> None:
        idx = picks(mask)  # positions: gathers, faster than boolean selection (model.order)
        self.app = self.app[idx]
        self.ids = self.ids[idx]
        self.t = t[idx]
        if self.offer is not None:
            self.offer = self.offer[idx]


@dataclass(frozen=True)
class StageKind:
    """The interface of a stage kind (subclasses implement the model of one kind)."""

    #: short name, e.g. "screening"
    name: ClassVar[str] = ""
    #: observed-data measures this kind records (see hiringsim.measures.observed)
    observed: ClassVar[tuple[str, ...]] = ("entered", "passed", "failed")

    def applies(self, stage: Stage) -> bool:
        raise NotImplementedError

    def resource(self, stage: Stage) -> str | None:
        """The shared resource whose users are solved together in fast mode (None: none)."""
        return None

    # -- the record ---------------------------------------------------------------------------
    def flows(self, stage: Stage) -> list[str]:
        raise NotImplementedError

    def states(self, stage: Stage) -> list[str]:
        raise NotImplementedError

    def stocks(self, stage: Stage, cum: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        """End-of-day headcount of each state from cumulative flows."""
        raise NotImplementedError

    def cost_flow(self, stage: Stage) -> str:
        """The flow the stage's cost is charged on (per person, by its day)."""
        return n.enter(stage.name)

    def funnel_row(self, stage: Stage, flows: dict[str, np.ndarray]) -> dict[str, int]:
        s = stage.name
        return {"entered": int(flows[n.enter(s)].sum()), "passed": int(flows[n.passed(s)].sum()),
                "failed": int(flows[n.failed(s)].sum()), "withdrew": 0}

    # -- fast mode ----------------------------------------------------------------------------
    def fast_step(self, sc: Scenario, stage: Stage, g: Group, streams: Streams,
                  rec: RunRecord) -> None:
        """Move group ``g`` through ``stage`` (kinds without a shared resource)."""
        raise NotImplementedError

    def fast_joint(self, sc: Scenario, resource: str, users: list[Group], streams: Streams,
                   rec: RunRecord) -> None:
        """Move every group at ``resource`` through its stage there (shared-resource kinds)."""
        raise NotImplementedError

    # -- reference mode -----------------------------------------------------------------------
    def process(self, rs: Any, stage: Stage, resources: dict[str, Any], who: int | None = None
                ) -> Generator[Any, Any, bool]:
        """Applicant ``who`` (their id, :mod:`hiringsim.model.crn`; None: draws in event order)
        through ``stage`` (a SimPy process body); returns True if passed."""
        raise NotImplementedError


def decide(rs: Any, stage: Stage, u: float) -> bool:
    """Reference mode: leave the stage, pass or fail (logged) at the uniform ``u``."""
    rs.move(stage.name, None)
    if u < stage.pass_rate:
        rs.log(n.passed(stage.name))
        return True
    rs.log(n.failed(stage.name))
    return False


@dataclass(frozen=True)
class EntryKind:
    """The interface of an entry kind: admission, training and what follows the last stage."""

    name: ClassVar[str] = ""
    observed: ClassVar[tuple[str, ...]] = ()

    def applies(self, role: Role) -> bool:
        raise NotImplementedError

    def flows(self, role: Role) -> list[str]:
        return []

    def states(self, role: Role) -> list[str]:
        return []

    def stocks(self, role: Role, cum: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        return {}

    def into_onboarding(self, cum: dict[str, np.ndarray]) -> np.ndarray:
        """Cumulative entries into onboarding."""
        return cum[n.EOD]

    def funnel_rows(self, role: Role, flows: dict[str, np.ndarray]) -> list[dict[str, Any]]:
        return []

    def capacity_rows(self, sc: Scenario, role: Role, rec: RunRecord, window: int
                      ) -> list[dict[str, Any]]:
        return []

    def training_cost(self, role: Role, flows: dict[str, np.ndarray]) -> float:
        return 0.0

    def training_cost_daily(self, role: Role, flows: dict[str, np.ndarray]) -> np.ndarray:
        """Training cost by the day it is incurred (float64)."""
        return np.zeros(len(flows[n.EOD]))

    def fast(self, sc: Scenario, role: Role, g: Group, streams: Streams, rec: RunRecord) -> None:
        raise NotImplementedError

    def fast_groups(self, sc: Scenario, role: Role, groups: list[Group], streams: Streams,
                    rec: RunRecord) -> None:
        """Entry of the role's groups, one per entry channel (one unless the role has
        channels)."""
        self.fast(sc, role, groups[0], streams, rec)

    # reference mode
    def sims(self, rs: Any) -> list[Any]:
        """Who applies: the role's simulation, or one per entry channel."""
        return [rs]

    def record(self, rs: Any, rec: RunRecord) -> None:
        """Add what the kind kept during the run to ``rec`` (after the role's flows)."""

    def start(self, rs: Any) -> None:
        """Start the kind's own processes (e.g. class starts)."""

    def admit_now(self, rs: Any) -> None:
        """Admit whoever can be admitted at once (after an offer, a release, a cap change)."""

    def train(self, rs: Any) -> Generator[Any, Any, bool]:
        """After entry on duty: returns True if the hire goes on to onboarding."""
        return True
        yield  # pragma: no cover - makes this a generator
