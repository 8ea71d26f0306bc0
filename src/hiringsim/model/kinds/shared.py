"""Entry through a shared academy (``Role.academy.shared``): the academy kind's record, states,
flows, costs and training, with classes filled jointly with the academy's other users and its
outside demand (the rule: :mod:`hiringsim.model.shared`).

Fast mode solves every user of one academy together (:mod:`hiringsim.model.fast` calls
:func:`hiringsim.model.shared_fast.run_shared` at the first user); reference mode runs one class
process per academy (:func:`hiringsim.model.shared_ref.start_shared`), so this kind starts no
process of its own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..names import Limit
from .academy import AcademyEntry

if TYPE_CHECKING:  # pragma: no cover
    from ...scenario import Role, Scenario
    from ..record import RunRecord

__all__ = ["SharedAcademyEntry"]


@dataclass(frozen=True)
class SharedAcademyEntry(AcademyEntry):
    """Entry on duty at the start of a shared academy's class."""

    name = "shared_academy"

    def applies(self, role: Role) -> bool:
        return role.academy is not None and role.academy.shared is not None

    def capacity_rows(self, sc: Scenario, role: Role, rec: RunRecord, window: int
                      ) -> list[dict[str, Any]]:
        """One row per shared academy (given with its first user role): seats after outside
        demand, filled by the roles."""
        from ...scenario.academies import users

        assert role.academy is not None and role.academy.shared is not None
        name = role.academy.shared
        if users(sc, name)[0].name != role.name:
            return []
        cl = rec.academies[name]
        seats, filled = cl.available.sum(), cl.filled.sum()
        in_w = cl.day < window
        seats_w = cl.available[in_w].sum()
        mine = [rec.classes[u.name] for u in users(sc, name)]
        return [{
            "resource": f"academy:{name}", "kind": "academy",
            "utilization": float(filled / seats) if seats else math.nan,
            "utilization_surge": float(cl.filled[in_w].sum() / seats_w) if seats_w else math.nan,
            "wait_mean": math.nan, "wait_p90": math.nan, "served": int(filled), "withdrew": 0,
            "capacity_days": float(seats),
            "classes_full": int((cl.filled == cl.available).sum()),
            "classes_short_of_positions": int(sum((m.limit == Limit.POSITIONS).sum()
                                                  for m in mine)),
            "classes_short_of_candidates": int(sum((m.limit == Limit.CANDIDATES).sum()
                                                   for m in mine)),
            "outside_seats": int(cl.outside.sum()),
        }]

    def start(self, rs: Any) -> None:
        """The academy's class process fills the role's classes (see the module)."""
