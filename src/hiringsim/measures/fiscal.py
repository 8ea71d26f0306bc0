"""Headcount and growth of each role at each fiscal-year end (30 September)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..model import names as n
from ..model.record import on_board_states
from ..scenario import Scenario
from ..schedules import fiscal_year_ends

__all__ = ["fiscal_rows"]


def fiscal_rows(sc: Scenario, st: dict[str, dict[str, np.ndarray]],
                growth: dict[str, np.ndarray]) -> list[dict[str, Any]]:
    """One row per fiscal-year end and role: on duty, trained, on board, growth."""
    rows = []
    for fy_end in fiscal_year_ends(sc.start, sc.end):
        d = sc.day(fy_end)
        for role in sc.roles:
            s_ = st[role.name]
            rows.append({
                "role": role.name, "fiscal_year": fy_end.year,
                "on_duty": int(s_[n.ON_DUTY][d]),
                "trained": int(s_[n.ON_DUTY][d] + s_[n.ONBOARDING][d]),
                "on_board": int(sum(s_[x][d] for x in on_board_states(role))),
                "growth": int(growth[role.name][d]),
            })
    return rows
