"""Flows over a window of days: by fiscal year, or over any dates.

For each role and window: *hires* (entries on duty in the window), *separations* (attrition of
hires and of the starting staff), the time to hire of those entering on duty in the window
(mean, median, 90th percentile: the definition agencies publish, e.g. a fiscal-year average of
hires entering on duty) and the role's costs incurred in the window (``cost_hiring``:
recruiting, screening, training and incentives; ``cost_payroll``: new hires' pay), summed from
:func:`.costs.daily_costs`.  Resources (e.g. investigators) are shared by roles: their cost is
the scenario's (:func:`resource_cost`).

A fiscal year (US federal) runs from 1 October to 30 September; the first and the last of a run
may be partial (``days`` says how many days of it were simulated).  What a window needs of a run
is kept as :class:`WindowData` (daily arrays and each hire's entry day and time to hire), so that
:meth:`hiringsim.Results.window` answers any window after the run.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any, NamedTuple

import numpy as np

from ..model import names as n
from ..model.record import RunRecord
from ..scenario import Scenario
from ..schedules import fiscal_year_ends
from .costs import daily_costs, resource_costs

__all__ = ["DAILY", "WindowData", "fiscal_windows", "resource_cost", "window_data",
           "window_row", "window_rows"]

#: the daily series a window reads: counts, then costs
DAILY = ("hires", "separations", "cost_hiring", "cost_payroll")


class WindowData(NamedTuple):
    """What windows of one role in one run need: daily series (``DAILY`` x days, float64) and
    each hire's entry-on-duty time and time to hire (days)."""

    daily: np.ndarray
    eod: np.ndarray
    tth: np.ndarray


def window_data(rec: RunRecord, st: dict[str, dict[str, np.ndarray]], *,
                daily: dict[str, dict[str, np.ndarray]] | None = None) -> dict[str, WindowData]:
    """Per role, the daily series and hire times windows are measured from (``daily``:
    :func:`.costs.daily_costs` of the record, when already computed)."""
    daily = daily_costs(rec, st) if daily is None else daily
    out = {}
    for role in rec.scenario.roles:
        f = rec.flows[role.name]
        lines = daily[role.name]
        hiring = (lines["recruiting"] + lines["screening"] + lines["academy"]
                  + lines["incentives"])
        separations = f[n.ONBOARDING_LEAVE] + f[n.DUTY_LEAVE] + f[n.INITIAL_LEAVE]
        h = rec.hires[role.name]
        out[role.name] = WindowData(
            np.stack([f[n.EOD], separations, hiring, lines["payroll"]]).astype(float, copy=False),
            h["eod"].astype(float), (h["eod"] - h["application"]).astype(float, copy=False))
    return out


def window_row(data: WindowData, d0: int, d1: int) -> dict[str, Any]:
    """Hires, separations, time to hire and costs over days ``d0..d1`` (inclusive)."""
    total = data.daily[:, d0:d1 + 1].sum(axis=1)
    row: dict[str, Any] = {"days": d1 - d0 + 1, "hires": int(total[0]),
                           "separations": int(total[1])}
    tth = data.tth[(data.eod >= d0) & (data.eod < d1 + 1)]
    row["time_to_hire_mean"] = float(tth.mean()) if len(tth) else math.nan
    row["time_to_hire_median"] = float(np.median(tth)) if len(tth) else math.nan
    row["time_to_hire_p90"] = float(np.quantile(tth, 0.9)) if len(tth) else math.nan
    row["cost_hiring"] = float(total[2])
    row["cost_payroll"] = float(total[3])
    return row


def window_rows(data: WindowData, spans: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """:func:`window_row` of each span ``(d0, d1)``, the same values for less: hires are in
    order of entry on duty (as a run records them), so each window's are a slice found by
    bisection, and every window's sums, means, medians and 90th percentiles come from two
    compiled calls equal to numpy's to the bit (:mod:`._sums_jit`).  Falls back to
    :func:`window_row` for hires out of order, times other than float64, spans outside the run
    or not in order and apart."""
    eod, tth, daily = data.eod, data.tth, data.daily
    starts = np.array([d0 for d0, _ in spans], dtype=np.int64)
    ends = np.array([d1 + 1 for _, d1 in spans], dtype=np.int64)
    if (eod.dtype != np.float64 or tth.dtype != np.float64 or daily.dtype != np.float64
            or daily.ndim != 2 or not bool(np.all(eod[1:] >= eod[:-1]))  # NaN: falls back
            or not bool(np.all((0 <= starts) & (starts <= ends) & (ends <= daily.shape[1])))
            or not bool(np.all(starts[1:] >= ends[:-1]))):  # spans in order, apart
        return [window_row(data, d0, d1) for d0, d1 in spans]
    from ._sums_jit import span_sums, span_times  # compiled

    total = np.empty((len(daily), len(spans)))
    span_sums(daily, starts, ends, total)
    lows, highs = np.searchsorted(eod, starts), np.searchsorted(eod, ends)
    ordered = tth.copy()
    for lo, hi in zip(lows.tolist(), highs.tolist(), strict=True):
        ordered[lo:hi].sort()  # in place: the spans' hires do not overlap (checked)
    times = np.empty((len(spans), 3))  # mean, median, 90th percentile
    span_times(tth, ordered, lows, highs, 0.9, times)
    return [{"days": d1 - d0 + 1, "hires": int(t[0]), "separations": int(t[1]),
             "time_to_hire_mean": mean, "time_to_hire_median": median,
             "time_to_hire_p90": p90, "cost_hiring": t[2], "cost_payroll": t[3]}
            for (d0, d1), t, (mean, median, p90)
            in zip(spans, total.T.tolist(), times.tolist(), strict=True)]


def fiscal_windows(sc: Scenario) -> list[tuple[int, int, int]]:
    """``(fiscal year, first day, last day)`` of every fiscal year ending in the run (the first
    may start before the run: it is cut at day 0)."""
    out = []
    for fy_end in fiscal_year_ends(sc.start, sc.end):
        first = sc.day(dt.date(fy_end.year - 1, 10, 1))
        out.append((fy_end.year, max(first, 0), sc.day(fy_end)))
    return out


def resource_cost(sc: Scenario, d0: int, d1: int) -> float:
    """Cost of every resource's servers over days ``d0..d1`` (inclusive)."""
    return float(resource_costs(sc)[d0:d1 + 1].sum())
