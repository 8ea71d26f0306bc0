"""Every cost line by fiscal year and role: rows per replication, and their summary across
replications (:meth:`hiringsim.Results.costs`).

Summed from :func:`.costs.daily_costs` over each fiscal year (1 October to 30 September; the
first and last may be partial: ``days`` says how many days of it were simulated).  A role has
the lines recruiting, screening, academy, incentives and payroll; resources' servers are shared
by roles and are the pseudo-role :data:`.costs.SHARED` with the one line ``resources`` (only
when the scenario has resources).  When each line is charged: see :mod:`.costs`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from ..scenario import Scenario
from ..stats import mean_ci
from .costs import LINES, SHARED
from .windows import fiscal_windows

if TYPE_CHECKING:  # pandas loads where a summary is made, never in a worker
    import pandas as pd

__all__ = ["COLUMNS", "cost_rows", "cost_summary", "lines_of"]

#: the columns of the summary, in order
COLUMNS = ("fiscal_year", "role", "line", "days", "mean", "ci_low", "ci_high")


def lines_of(role: str) -> tuple[str, ...]:
    """The cost lines a role (or the shared pseudo-role) has."""
    return ("resources",) if role == SHARED else tuple(x for x in LINES if x != "resources")


def cost_rows(sc: Scenario, daily: dict[str, dict[str, np.ndarray]]) -> list[dict[str, Any]]:
    """One row per fiscal year and role (then the shared resources): ``days`` simulated and the
    dollars of each of its lines in the year (``daily``: :func:`.costs.daily_costs`)."""
    who = [r.name for r in sc.roles] + ([SHARED] if sc.resources else [])
    # each role's lines stacked once: a year's dollars are one sum per row, each row summed
    # alone as a line's own slice is (the same additions in the same order)
    lines = {role: lines_of(role) for role in who}
    stacked = {role: np.stack([daily[role][line] for line in lines[role]]) for role in who}
    rows = []
    for year, d0, d in fiscal_windows(sc):
        for role in who:
            sums = stacked[role][:, d0:d + 1].sum(axis=1).tolist()
            rows.append({"fiscal_year": year, "role": role, "days": d - d0 + 1,
                         **dict(zip(lines[role], sums, strict=True))})
    return rows


def cost_summary(rows: pd.DataFrame, confidence: float = 0.95) -> pd.DataFrame:
    """Tidy summary of :func:`cost_rows` over replications: one row per fiscal year, role and
    line with the mean dollars and the t interval of the mean (:data:`COLUMNS`)."""
    import pandas as pd

    out = []
    if len(rows):
        for (year, role), g in rows.groupby(["fiscal_year", "role"], sort=False):
            for line in lines_of(str(role)):
                m, lo, hi = mean_ci(g[line].to_numpy(dtype=float), confidence)
                out.append({"fiscal_year": year, "role": role, "line": line,
                            "days": int(g["days"].iloc[0]), "mean": m, "ci_low": lo,
                            "ci_high": hi})
    return pd.DataFrame(out, columns=list(COLUMNS))
