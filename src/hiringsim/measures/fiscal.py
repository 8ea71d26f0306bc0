"""Each role by fiscal year: headcount and growth at its end (30 September), and what happened
in it (hires, separations, time to hire of those entering on duty in it, costs: see
:mod:`.windows`)."""

from __future__ import annotations

from typing import Any

import numpy as np

from ..model import names as n
from ..model.record import on_board_states
from ..scenario import Scenario
from .windows import WindowData, fiscal_windows, window_rows

__all__ = ["fiscal_rows"]


def fiscal_rows(sc: Scenario, st: dict[str, dict[str, np.ndarray]],
                growth: dict[str, np.ndarray], windows: dict[str, WindowData]
                ) -> list[dict[str, Any]]:
    """One row per fiscal year and role: on duty, trained, on board and growth at its end; days
    of it simulated, hires, separations, time to hire and costs in it."""
    years = fiscal_windows(sc)
    spans = [(d0, d) for _, d0, d in years]
    flows = {role.name: window_rows(windows[role.name], spans) for role in sc.roles}
    # whole numbers by day, added once per role (the same integers as day by day)
    on_board: dict[str, np.ndarray] = {}
    for role in sc.roles:
        first, *rest = on_board_states(role)  # (onboarding and on duty at least)
        on_board[role.name] = sum((st[role.name][x] for x in rest), st[role.name][first])
    rows = []
    for k, (year, _, d) in enumerate(years):
        for role in sc.roles:
            s_ = st[role.name]
            rows.append({
                "role": role.name, "fiscal_year": year,
                "on_duty": int(s_[n.ON_DUTY][d]),
                "trained": int(s_[n.ON_DUTY][d] + s_[n.ONBOARDING][d]),
                "on_board": int(on_board[role.name][d]),
                "growth": int(growth[role.name][d]),
                **flows[role.name][k],
            })
    return rows
