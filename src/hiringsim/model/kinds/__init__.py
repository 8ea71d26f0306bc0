"""The kinds of stage and of entry, one module each, and the registry that picks them.

Adding a kind: write its module (a :class:`~.base.StageKind` or :class:`~.base.EntryKind`
subclass implementing the record names, both simulation modes, funnel and capacity rows and
observed-data measures), add an instance to :data:`STAGE_KINDS` or :data:`ENTRY_KINDS` below,
give the scenario the fields that select it, and test it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .academy import AcademyEntry
from .base import EntryKind, Group, StageKind
from .channels import ChannelsEntry
from .direct import Direct
from .screening import Screening
from .served import Served
from .shared import SharedAcademyEntry

if TYPE_CHECKING:  # pragma: no cover
    from ...scenario import Role, Stage

__all__ = ["ENTRY_KINDS", "STAGE_KINDS", "EntryKind", "Group", "StageKind", "entry_kind",
           "stage_kind"]

#: stage kinds, most specific first: the first that applies to a stage is its kind
STAGE_KINDS: tuple[StageKind, ...] = (Served(), Screening())
#: entry kinds, most specific first
ENTRY_KINDS: tuple[EntryKind, ...] = (ChannelsEntry(), SharedAcademyEntry(), AcademyEntry(),
                                      Direct())


def stage_kind(stage: Stage) -> StageKind:
    """The kind of ``stage``."""
    for kind in STAGE_KINDS:
        if kind.applies(stage):
            return kind
    raise LookupError(f"no stage kind applies to stage {stage.name!r}")  # pragma: no cover


def entry_kind(role: Role) -> EntryKind:
    """How ``role``'s candidates enter on duty."""
    for kind in ENTRY_KINDS:
        if kind.applies(role):
            return kind
    raise LookupError(f"no entry kind applies to role {role.name!r}")  # pragma: no cover
