"""What results keep of a replication's windows, made in the worker: the same values in fewer
bytes, so that less is sent back and the parent only copies.

- Whole numbers in the narrowest signed integer type that holds them (:func:`compact_int`).
- Payroll as whole people times the day's pay: each role's payroll is (new hires on board) x
  (salary / year) (:func:`.costs.daily_costs`), so it is kept as those whole numbers and the
  one pay, when multiplying them back gives every day's dollars bit for bit (checked here; else,
  e.g. with a salary changed on a date, the dollars themselves).
- When hires entered on duty, as days: a window selects hires by ``d0 <= eod < d1 + 1``
  (:func:`.windows.window_row`), which the day (the floor of the time in float32) decides
  alike.  Hires are recorded in order of entry on duty, so the days are the count of hires on
  each day of the run; else (or for a time outside the run) each hire's day.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from ..scenario import Scenario
from ..schedules import YEAR
from .costs import unit_costs
from .windows import DAILY, WindowData

__all__ = ["COUNTS", "KeptWindow", "compact_int", "entry_days", "kept_windows", "payroll_of"]

#: the first COUNTS of the windows' daily series are counts (whole numbers); then the hiring
#: costs and the payroll
COUNTS = 2
assert DAILY[COUNTS:] == ("cost_hiring", "cost_payroll")

_INTS = (np.int8, np.int16, np.int32, np.int64)
#: each type's range, read once
_RANGES = [(int(np.iinfo(t).min), int(np.iinfo(t).max)) for t in _INTS]


def compact_int(a: np.ndarray, at_least: type[np.signedinteger] = np.int8) -> np.ndarray:
    """Whole numbers ``a`` in the narrowest signed integer type (from ``at_least`` up) that
    holds every value: the same values in fewer bytes (daily counts rarely pass 127 a day)."""
    if a.size == 0:
        return a.astype(at_least)
    lo, hi = int(a.min()), int(a.max())
    first = _INTS.index(at_least)
    for t, (low, high) in zip(_INTS[first:], _RANGES[first:], strict=True):
        if low <= lo and hi <= high:
            return a.astype(t, copy=False)
    raise OverflowError(f"values {lo}..{hi} do not fit in 64 bits")  # pragma: no cover


class KeptWindow(NamedTuple):
    """What results keep of one role's :class:`~.windows.WindowData`.

    ``counts``: hires and separations by day (narrowest integer type); ``hiring``: the hiring
    costs by day (float64); the payroll as ``paid`` people by day (narrowest integer type)
    times ``pay`` dollars each, or ``payroll`` itself (float64; then ``paid`` is None and
    ``pay`` NaN); ``days``: hires by day of entry on duty (``in_order``, narrowest integer type)
    or each hire's day (float32); ``tth``: each hire's time to hire (float32), in the same
    order."""

    counts: np.ndarray
    hiring: np.ndarray
    paid: np.ndarray | None
    pay: float
    payroll: np.ndarray | None
    days: np.ndarray
    in_order: bool
    tth: np.ndarray


def payroll_of(paid: np.ndarray, pay: float) -> np.ndarray:
    """The payroll in dollars by day from people paid and the pay (what :func:`kept_windows`
    checked it equals)."""
    return paid.astype(np.float64) * pay


def _factor(dollars: np.ndarray, pay: float) -> np.ndarray | None:
    """Whole numbers ``k`` with ``payroll_of(k, pay)`` equal to ``dollars`` bit for bit, or
    None (one compiled pass: :func:`._kept_jit.people_paid`)."""
    if not (math.isfinite(pay) and pay >= 0):
        return None
    from ._kept_jit import people_paid  # compiled

    k = np.empty(len(dollars), dtype=np.int64)
    return compact_int(k) if people_paid(dollars, pay, k) else None


def entry_days(eod: np.ndarray, days: int) -> tuple[np.ndarray, bool]:
    """``(days, in_order)``: hires by day of entry on duty (narrowest integer type, True) when
    the times ``eod`` fall on days in order within the run's ``days``, else each hire's day
    (float32, False).  Counted in one compiled pass (:func:`._kept_jit.entry_counts`)."""
    from ._kept_jit import entry_counts  # compiled

    counts = np.zeros(days, dtype=np.int64)
    if entry_counts(eod, days, counts):
        return compact_int(counts), True
    return np.floor(eod.astype(np.float32)), False  # the days a window compares


def kept_windows(sc: Scenario, windows: dict[str, WindowData]) -> dict[str, KeptWindow]:
    """Each role's windows as results keep them (:class:`KeptWindow`)."""
    days = sc.days
    out = {}
    for role, w in windows.items():
        kept, in_order = entry_days(w.eod, days)
        salary = unit_costs(sc, sc.role(role))["salary"]
        pay = salary / YEAR if isinstance(salary, int | float) else math.nan  # else dated
        paid = _factor(w.daily[COUNTS + 1], pay)
        out[role] = KeptWindow(compact_int(w.daily[:COUNTS].astype(np.int64)), w.daily[COUNTS],
                               paid, pay if paid is not None else math.nan,
                               None if paid is not None else w.daily[COUNTS + 1],
                               kept, in_order, w.tth.astype(np.float32))
    return out
