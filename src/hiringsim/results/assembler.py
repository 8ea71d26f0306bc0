"""Collecting replications as they arrive into compact arrays and row lists."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..measures.hires import TTH_BINS
from ..measures.instructors import instructor_sources, series_name
from ..measures.kept import COUNTS, payroll_of
from ..measures.summary import Replication, compact_int
from ..model.names import MILESTONES
from ..model.record import state_names
from ..scenario import Scenario

if TYPE_CHECKING:
    pass

__all__ = ["Assembler", "window_daily", "window_hires"]


#: the columns of the drawn inputs' table (hiringsim.draws): one row per replication and input
INPUT_COLUMNS = ["scenario", "replication", "seed", "input", "value"]


#: the rows of a table (all but the KPIs) are turned into a frame every this many, so that
#: memory holds compact columns rather than a dict per row
FRAME_EVERY = 1024


class Assembler:
    """Collects replications as they arrive (in any order) into compact arrays.

    Daily series are copied into preallocated (replication x state x day) arrays and dropped from
    the replication at once, so memory holds one copy of them, however many replications run.
    """

    def __init__(self, scenario: Scenario, capacity: int, *, keep_series: bool):
        self.scenario = scenario
        self.keep_series = keep_series
        self.capacity = 0
        self.rows: dict[str, list[dict]] = {"kpis": [], "funnel": [], "resources": [],
                                             "fiscal": [], "costs": [],
                                             "budget": [], "inputs": []}
        #: frames made of earlier rows (FRAME_EVERY at a time), per table but the KPIs
        self.parts: dict[str, list[pd.DataFrame]] = {name: [] for name in self.rows}
        self.tth = {role.name: np.zeros(TTH_BINS, dtype=np.int64) for role in scenario.roles}
        self.done: list[int] = []
        self.series: dict[str, np.ndarray] = {}
        self.busy: dict[str, np.ndarray] = {}
        self.milestones: dict[str, np.ndarray] = {}
        #: windows' daily series (measures.windows.DAILY; measures.kept.KeptWindow): the
        #: counts (hires, separations) as whole numbers in their narrowest type, the hiring
        #: costs in float64, the payroll as people paid (narrowest type) x each replication's
        #: pay, or (pay NaN) in dollars: that store is made when first needed
        self.window_counts: dict[str, np.ndarray] = {}
        self.window_hiring: dict[str, np.ndarray] = {}
        self.window_paid: dict[str, np.ndarray] = {}
        self.window_pay: dict[str, np.ndarray] = {}
        self.window_payroll: dict[str, np.ndarray] = {}
        #: after a warm-up: per role, each replication's opening stocks (replication x state)
        self.opening: dict[str, np.ndarray] = {}
        #: per role: each replication's times to hire (float32) and days of entry on duty
        self.hire_times = {role.name: _HireTimes(scenario.days) for role in scenario.roles}
        self._grow(capacity)

    def _grow(self, capacity: int) -> None:
        if capacity <= self.capacity or not self.keep_series:
            self.capacity = max(self.capacity, capacity)
            return
        days = self.scenario.days
        for role in self.scenario.roles:
            stores: list[tuple[dict[str, np.ndarray], tuple[int, ...], Any]] = [
                (self.series, (len(state_names(role)), days), np.int16),
                (self.milestones, (len(MILESTONES), days), np.int8),
                (self.window_counts, (COUNTS, days), np.int8),
                (self.window_hiring, (days,), np.float64),
                (self.window_paid, (days,), np.int8),
                (self.window_pay, (), np.float64)]
            if role.name in self.window_payroll:
                stores.append((self.window_payroll, (days,), np.float64))
            for store, shape, dtype in stores:
                if role.name in store:  # keep the type the store has now (see _put)
                    dtype = store[role.name].dtype
                new = np.zeros((capacity, *shape), dtype=dtype)
                if role.name in store:
                    new[: self.capacity] = store[role.name]
                store[role.name] = new
        # resources' busy servers, and instructors on loan (hiringsim.measures.instructors)
        for key in [r.name for r in self.scenario.resources] + [
                series_name(r) for r in instructor_sources(self.scenario)]:
            new = np.zeros((capacity, days), dtype=np.float32)
            if key in self.busy:
                new[: self.capacity] = self.busy[key]
            self.busy[key] = new
        self.capacity = capacity

    def add(self, rep: Replication) -> None:
        key = {"scenario": self.scenario.name, "replication": rep.replication, "seed": rep.seed}
        self.rows["kpis"].append({**key, **rep.kpis})
        for name in ("funnel", "resources", "fiscal", "costs", "budget"):
            self.rows[name].extend({**key, **row} for row in getattr(rep, name))
        self.rows["inputs"].extend({**key, "input": path, "value": float(value)}
                                   for path, value in rep.inputs.items())
        for name, rows in self.rows.items():
            if name != "kpis" and len(rows) >= FRAME_EVERY:  # simulate_until reads the KPIs
                self.parts[name].append(pd.DataFrame(rows))
                self.rows[name] = []
        for role, hist in rep.tth_hist.items():
            self.tth[role] += hist
        if self.keep_series:
            if rep.series is None:
                raise ValueError("a replication without daily series was given to results "
                                 "that keep them")
            if rep.replication >= self.capacity:
                self._grow(max(rep.replication + 1, 2 * self.capacity))
            for role, arr in rep.series.items():
                _put(self.series, role, rep.replication, arr)
            for res, arr in (rep.busy or {}).items():
                self.busy[res][rep.replication] = arr
            for role, arr in (rep.milestones or {}).items():
                _put(self.milestones, role, rep.replication, arr)
            for role, arr in (rep.opening or {}).items():
                if role not in self.opening:
                    self.opening[role] = np.zeros((self.capacity, len(arr)), dtype=np.int64)
                if len(self.opening[role]) < self.capacity:
                    grown = np.zeros((self.capacity, len(arr)), dtype=np.int64)
                    grown[: len(self.opening[role])] = self.opening[role]
                    self.opening[role] = grown
                self.opening[role][rep.replication] = arr
            for role, kw in (rep.windows or {}).items():
                i = rep.replication
                _put(self.window_counts, role, i, kw.counts)
                self.window_hiring[role][i] = kw.hiring
                self.window_pay[role][i] = kw.pay
                if kw.paid is not None:
                    _put(self.window_paid, role, i, kw.paid)
                else:  # zeros not written take no memory: only these rows do
                    if role not in self.window_payroll:
                        self.window_payroll[role] = np.zeros((self.capacity, len(kw.hiring)))
                    self.window_payroll[role][i] = kw.payroll
                self.hire_times[role].add(i, kw.days, kw.in_order, kw.tth)
            rep.series = rep.busy = rep.milestones = rep.windows = rep.opening = None
        self.done.append(rep.replication)

    def frames(self) -> dict[str, pd.DataFrame]:
        out = {}
        for name, rows in self.rows.items():
            parts = self.parts[name]
            if parts:
                f = pd.concat([*parts, pd.DataFrame(rows)] if rows else parts,
                              ignore_index=True)
            else:
                f = pd.DataFrame(rows, columns=INPUT_COLUMNS if name == "inputs" and not rows
                                 else None)
            if len(f):
                f = f.sort_values("replication", kind="stable", ignore_index=True)
            out[name] = f
        return out

    def arrays(self) -> dict[str, dict[str, np.ndarray]] | None:
        """Series, busy, milestone and window arrays in replication order (views when
        replications are 0..n-1); the times to hire of each role concatenated in replication
        order (``hire_tth``) with their counts (``hire_counts``) and days of entry on duty
        (``hire_days``: see :meth:`_HireTimes.take`; read them with :func:`window_hires`)."""
        if not self.keep_series:
            return None
        order = np.sort(np.asarray(self.done, dtype=np.int64))
        whole = len(order) and np.array_equal(order, np.arange(len(order)))
        out = {}
        for name in ("series", "busy", "milestones", "window_counts", "window_hiring",
                     "window_paid", "window_pay", "window_payroll", "opening"):
            store = getattr(self, name)
            if not store and name in ("opening", "window_payroll"):  # none needed
                continue
            out[name] = {k: v[: len(order)] if whole else v[order] for k, v in store.items()}
        out["hire_tth"], out["hire_counts"], out["hire_days"] = {}, {}, {}
        for role, times in self.hire_times.items():
            (out["hire_tth"][role], out["hire_counts"][role],
             out["hire_days"][role]) = times.take(order)
        return out


def window_daily(arrays: dict[str, dict[str, np.ndarray]]) -> Callable[[str, int], np.ndarray]:
    """``daily(role, i)``: replication ``i``'s windows' daily series (DAILY x days, float64)
    from the counts, hiring costs and payroll kept apart (or as results saved by an earlier
    hiringsim kept them: one array, or the counts and both costs)."""
    if "window_daily" in arrays:  # saved by an earlier hiringsim
        whole = arrays["window_daily"]
        return lambda role, i: whole[role][i]
    counts = arrays["window_counts"]
    if "window_costs" in arrays:  # saved by an earlier hiringsim: both costs in dollars
        costs = arrays["window_costs"]
        return lambda role, i: np.concatenate([counts[role][i].astype(float), costs[role][i]])
    hiring, paid, pay = arrays["window_hiring"], arrays["window_paid"], arrays["window_pay"]
    dollars = arrays.get("window_payroll", {})

    def daily(role: str, i: int) -> np.ndarray:
        p = pay[role][i]
        payroll = dollars[role][i] if np.isnan(p) else payroll_of(paid[role][i], p)
        return np.concatenate([counts[role][i].astype(float), hiring[role][i][None],
                               payroll[None]])
    return daily


class _HireTimes:
    """One role's hire times as replications arrive: each hire's time to hire (float32, in
    large blocks handed out once in replication order) and the day it entered on duty.

    Only the day of entry on duty is kept, not the time, as the worker made it
    (:class:`~hiringsim.measures.summary.KeptWindow`): hires per day when they are in order
    of entry, else each hire's day.  Half the memory of keeping both times in float32.

    A block is let go as soon as all of its replications are copied out; replications arrive
    roughly in order, so memory holds about one copy of the times, not two (as a block per
    replication would: small blocks freed one by one stay with the process).  A block is
    reserved, not written, beyond what it holds: its unused part takes no memory.
    """

    #: hires per block (16 MB reserved): what is left over when a block's last replication is
    #: copied out, before it is let go, stays small
    BLOCK = 1 << 22

    def __init__(self, days: int) -> None:
        self.days = days
        self.blocks: list[np.ndarray | None] = []
        self.left: list[int] = []  # replications of each block not yet copied out
        self.fill = 0
        self.where: dict[int, tuple[int, int, int]] = {}  # replication: block, start, count
        self.per_day: dict[int, np.ndarray] = {}  # replication: hires by day of entry
        self.per_hire: dict[int, np.ndarray] = {}  # replication: each hire's day (out of order)

    def add(self, replication: int, days: np.ndarray, in_order: bool, tth: np.ndarray
            ) -> None:
        """Keep a replication's times to hire and days of entry on duty (see
        :class:`~hiringsim.measures.summary.KeptWindow`: hires per day when ``in_order``, else
        each hire's day)."""
        k = len(tth)
        last = self.blocks[-1] if self.blocks else None
        if last is None or self.fill + k > len(last):
            last = np.empty(max(self.BLOCK, k), dtype=np.float32)
            self.blocks.append(last)
            self.left.append(0)
            self.fill = 0
        last[self.fill:self.fill + k] = tth
        self.where[replication] = (len(self.blocks) - 1, self.fill, k)
        self.left[-1] += 1
        self.fill += k
        (self.per_day if in_order else self.per_hire)[replication] = days

    def take(self, order: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(tth, counts, days)``: the times to hire of replications ``order`` concatenated in
        that order, each one's count of hires, and the days of entry on duty: (replications x
        days) counts of hires per day, or, when some replication's hires were out of order, each
        hire's day (float32, aligned with ``tth``).  The blocks are let go as they empty."""
        spots = [self.where.pop(int(r), (-1, 0, 0)) for r in order]
        counts = np.asarray([k for _, _, k in spots], dtype=np.int64)
        out = np.empty(int(counts.sum()), dtype=np.float32)
        pos = 0
        for b, start, k in spots:
            if b < 0:
                continue
            block = self.blocks[b]
            assert block is not None
            out[pos:pos + k] = block[start:start + k]
            pos += k
            self.left[b] -= 1
            if self.left[b] == 0:
                self.blocks[b] = block = None
        self.blocks, self.left, self.fill = [], [], 0
        none = np.zeros(self.days, dtype=np.int8)
        rows = [self.per_day.get(int(r), none) for r in order]
        if not self.per_hire:
            days = np.stack(rows) if rows else np.zeros((0, self.days), dtype=np.int8)
        else:
            grid = np.arange(self.days, dtype=np.float32)
            days = np.concatenate(
                [self.per_hire[int(r)] if int(r) in self.per_hire else np.repeat(grid, c)
                 for r, c in zip(order, rows, strict=True)] or [np.zeros(0, np.float32)])
        return out, counts, days


def window_hires(arrays: dict[str, dict[str, np.ndarray]]
                 ) -> Callable[[str, int], tuple[np.ndarray, np.ndarray]]:
    """``hires(role, i)``: replication ``i``'s hires as windows read them, ``(eod, tth)``
    (float32; ``eod`` the day of entry on duty, or the time itself in results saved by an
    earlier hiringsim), from what :class:`_HireTimes` kept."""
    counts = arrays["hire_counts"]
    ends = {role: np.cumsum(c) for role, c in counts.items()}

    def span(role: str, i: int) -> tuple[int, int]:
        hi = int(ends[role][i])
        return hi - int(counts[role][i]), hi

    if "hires" in arrays:  # saved by an earlier hiringsim: both times per hire
        both = arrays["hires"]

        def old(role: str, i: int) -> tuple[np.ndarray, np.ndarray]:
            lo, hi = span(role, i)
            return both[role][0, lo:hi], both[role][1, lo:hi]
        return old
    tth, days = arrays["hire_tth"], arrays["hire_days"]

    def hires(role: str, i: int) -> tuple[np.ndarray, np.ndarray]:
        lo, hi = span(role, i)
        d = days[role]
        if d.ndim == 2:  # hires per day, in entry order
            eod = np.repeat(np.arange(d.shape[1], dtype=np.float32), d[i])
        else:
            eod = d[lo:hi]
        return eod, tth[role][lo:hi]
    return hires


def _put(store: dict[str, np.ndarray], role: str, i: int, arr: np.ndarray) -> None:
    """``store[role][i] = arr`` for whole numbers kept in the narrowest type that holds them:
    a store too narrow for ``arr`` is widened first (values unchanged)."""
    have = store[role]
    if arr.dtype.kind == "i" and arr.dtype.itemsize <= have.dtype.itemsize:
        have[i] = arr  # a narrower signed type always fits (workers send compact counts)
        return
    need = compact_int(arr, np.dtype(have.dtype).type).dtype
    if need != have.dtype:
        store[role] = have = have.astype(need)
    have[i] = arr
