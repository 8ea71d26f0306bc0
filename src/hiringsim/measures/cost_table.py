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
    years = fiscal_windows(sc)
    # each role's lines stacked once, every year's dollars summed in one compiled call equal
    # to numpy's sum of each line's slice (._sums_jit)
    lines = {role: lines_of(role) for role in who}
    sums = {role: _year_sums(np.stack([daily[role][line] for line in lines[role]]), years)
            for role in who}
    rows = []
    for k, (year, d0, d) in enumerate(years):
        for role in who:
            rows.append({"fiscal_year": year, "role": role, "days": d - d0 + 1,
                         **dict(zip(lines[role], sums[role][k], strict=True))})
    return rows


def _year_sums(stacked: np.ndarray, years: list[tuple[int, int, int]]) -> list[list[float]]:
    """Per year ``(year, d0, d)``, the sums of each row of ``stacked`` over days ``d0..d``."""
    starts = np.array([d0 for _, d0, _ in years], dtype=np.int64)
    ends = np.array([d + 1 for _, _, d in years], dtype=np.int64)
    if (stacked.dtype != np.float64 or stacked.ndim != 2
            or not bool(np.all((0 <= starts) & (starts <= ends) & (ends <= stacked.shape[1])))):
        return [stacked[:, d0:d + 1].sum(axis=1).tolist() for _, d0, d in years]
    from ._sums_jit import span_sums  # compiled

    out = np.empty((len(years), len(stacked)))
    span_sums(stacked, starts, ends, out.T)
    return out.tolist()


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
