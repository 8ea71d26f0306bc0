"""Collecting replications as they arrive into compact arrays and row lists."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..measures.hires import TTH_BINS
from ..measures.instructors import instructor_sources, series_name
from ..measures.summary import Replication
from ..measures.windows import DAILY
from ..model.names import MILESTONES
from ..model.record import state_names
from ..scenario import Scenario

if TYPE_CHECKING:
    pass

__all__ = ["Assembler"]


#: the columns of the drawn inputs' table (hiringsim.draws): one row per replication and input
INPUT_COLUMNS = ["scenario", "replication", "seed", "input", "value"]


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
        self.tth = {role.name: np.zeros(TTH_BINS, dtype=np.int64) for role in scenario.roles}
        self.done: list[int] = []
        self.series: dict[str, np.ndarray] = {}
        self.busy: dict[str, np.ndarray] = {}
        self.milestones: dict[str, np.ndarray] = {}
        self.window_daily: dict[str, np.ndarray] = {}
        #: after a warm-up: per role, each replication's opening stocks (replication x state)
        self.opening: dict[str, np.ndarray] = {}
        #: per role and replication: entry-on-duty times and times to hire (float32)
        self.hire_times: dict[str, dict[int, tuple[np.ndarray, np.ndarray]]] = {
            role.name: {} for role in scenario.roles}
        self._grow(capacity)

    def _grow(self, capacity: int) -> None:
        if capacity <= self.capacity or not self.keep_series:
            self.capacity = max(self.capacity, capacity)
            return
        days = self.scenario.days
        for role in self.scenario.roles:
            for store, rows, dtype in ((self.series, len(state_names(role)), np.int32),
                                       (self.milestones, len(MILESTONES), np.int32),
                                       (self.window_daily, len(DAILY), np.float64)):
                new = np.zeros((capacity, rows, days), dtype=dtype)
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
        for role, hist in rep.tth_hist.items():
            self.tth[role] += hist
        if self.keep_series:
            if rep.series is None:
                raise ValueError("a replication without daily series was given to results "
                                 "that keep them")
            if rep.replication >= self.capacity:
                self._grow(max(rep.replication + 1, 2 * self.capacity))
            for role, arr in rep.series.items():
                self.series[role][rep.replication] = arr
            for res, arr in (rep.busy or {}).items():
                self.busy[res][rep.replication] = arr
            for role, arr in (rep.milestones or {}).items():
                self.milestones[role][rep.replication] = arr
            for role, arr in (rep.opening or {}).items():
                if role not in self.opening:
                    self.opening[role] = np.zeros((self.capacity, len(arr)), dtype=np.int64)
                if len(self.opening[role]) < self.capacity:
                    grown = np.zeros((self.capacity, len(arr)), dtype=np.int64)
                    grown[: len(self.opening[role])] = self.opening[role]
                    self.opening[role] = grown
                self.opening[role][rep.replication] = arr
            for role, wd in (rep.windows or {}).items():
                self.window_daily[role][rep.replication] = wd.daily
                self.hire_times[role][rep.replication] = (wd.eod.astype(np.float32),
                                                          wd.tth.astype(np.float32))
            rep.series = rep.busy = rep.milestones = rep.windows = rep.opening = None
        self.done.append(rep.replication)

    def frames(self) -> dict[str, pd.DataFrame]:
        out = {}
        for name, rows in self.rows.items():
            f = pd.DataFrame(rows, columns=INPUT_COLUMNS if name == "inputs" and not rows
                             else None)
            if len(f):
                f = f.sort_values("replication", kind="stable", ignore_index=True)
            out[name] = f
        return out

    def arrays(self) -> dict[str, dict[str, np.ndarray]] | None:
        """Series, busy, milestone and window arrays in replication order (views when
        replications are 0..n-1); the hire times of each role concatenated in replication
        order with their counts (``hires__<role>``: eod, tth rows; ``hire_counts__<role>``)."""
        if not self.keep_series:
            return None
        order = np.sort(np.asarray(self.done, dtype=np.int64))
        whole = len(order) and np.array_equal(order, np.arange(len(order)))
        out = {}
        for name in ("series", "busy", "milestones", "window_daily", "opening"):
            store = getattr(self, name)
            if not store and name == "opening":  # no warm-up
                continue
            out[name] = {k: v[: len(order)] if whole else v[order] for k, v in store.items()}
        out["hire_counts"] = {}
        out["hires"] = {}
        empty = (np.zeros(0, np.float32),) * 2
        for role, per_rep in self.hire_times.items():
            counts = np.asarray([len(per_rep.get(int(r), empty)[0]) for r in order],
                                dtype=np.int64)
            # filled part by part, each part let go once copied: memory holds one copy
            hires = np.empty((2, int(counts.sum())), dtype=np.float32)
            pos = 0
            for r in order:
                e, t = per_rep.pop(int(r), empty)
                hires[0, pos:pos + len(e)] = e
                hires[1, pos:pos + len(t)] = t
                pos += len(e)
            out["hire_counts"][role] = counts
            out["hires"][role] = hires
        return out
