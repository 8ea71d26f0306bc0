"""Values written the way a planner reads them: thousands, percentages, $M, dates."""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

from .inputs import input_unit
from .kpis import unit

__all__ = ["date_of", "format_input", "format_interval", "format_value"]


def date_of(day: float, start: dt.date) -> dt.date | None:
    """The calendar date of a day number counted from ``start`` (None if not finite)."""
    if day is None or not math.isfinite(day):
        return None
    return start + dt.timedelta(days=int(round(day)))


def _finite(value: Any) -> bool:
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def format_value(kpi: str, value: Any, *, start: dt.date | None = None,
                 with_unit: bool = False) -> str:
    """``value`` of ``kpi`` as a planner reads it: '8,955', '25%', '$1,421.1M', '22 May 2023'.

    Dates need ``start`` (the scenario's first day; day numbers count from it).  Values that are
    not finite read 'not reached' for dates and 'n/a' otherwise.  ``with_unit`` appends 'days',
    'people' or 'seats'.
    """
    u = unit(kpi)
    if u == "text" or isinstance(value, str):
        return str(value)
    if isinstance(value, dt.date):
        return f"{value.day} {value:%b %Y}"
    if not _finite(value):
        return "not reached" if u == "date" else "n/a"
    v = float(value)
    if u == "date":
        if start is None:
            return f"day {v:,.0f}"
        d = date_of(v, start)
        assert d is not None
        return f"{d.day} {d:%b %Y}"
    if u == "%":
        return f"{v:.1%}" if 0 < abs(v) < 0.1 else f"{v:.0%}"
    if u == "$":
        if abs(v) >= 1e6:
            return f"${v / 1e6:,.1f}M"
        return f"${v:,.0f}"
    if u == "ratio":
        return f"{v:,.2f}" if abs(v) < 10 else f"{v:,.1f}"
    if u == "number":
        return f"{v:,.4g}"
    text = f"{v:,.0f}"
    return f"{text} {u}" if with_unit else text


def format_interval(kpi: str, mean: Any, low: Any, high: Any, *,
                    start: dt.date | None = None) -> str:
    """'25% (12% to 43%)': a value with its interval, each written by :func:`format_value`."""
    m = format_value(kpi, mean, start=start)
    if not (_finite(low) and _finite(high)):
        return m
    return (f"{m} ({format_value(kpi, low, start=start)} to "
            f"{format_value(kpi, high, start=start)})")


def format_input(path: str, value: Any) -> str:
    """A scenario input's value as a planner reads it: '2,200', '12.5%', '$85,000',
    '1 Oct 2017'; arrays item by item; '-' where a scenario has no such input (None, NaN).

    Unlike :func:`format_value` (results), inputs keep their precision: a mean of 4.5 days
    reads '4.5', a pass rate of 0.125 '12.5%'.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    if isinstance(value, list | tuple):
        return ", ".join(format_input(path, v) for v in value) or "-"
    if isinstance(value, dict):
        return ", ".join(f"{k} {format_input(f'{path}.{k}', v)}" for k, v in value.items())
    if isinstance(value, dt.date):
        return f"{value.day} {value:%b %Y}"
    if isinstance(value, bool) or isinstance(value, str) or not _finite(value):
        if isinstance(value, str) and input_unit(path) == "date":
            try:
                return format_input(path, dt.date.fromisoformat(value))
            except ValueError:
                return value
        return str(value)
    u = input_unit(path)
    v = float(value)
    if u == "%":
        return f"{v * 100:.4g}%"
    if u in ("days", "people", "seats", "ratio", "number", "$"):
        text = f"{v:,.0f}" if v == round(v) else f"{v:,.4g}"
        return f"${text}" if u == "$" else text
    return format_value(path, value)
