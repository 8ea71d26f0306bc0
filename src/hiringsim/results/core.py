"""Results: the replications of one scenario as tidy frames, bands, summaries and files."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from pandas.api.types import is_numeric_dtype

from .._version import __version__
from ..measures.growth import measure_states, starting_headcount
from ..measures.hires import TTH_BIN_DAYS
from ..measures.summary import Replication
from ..model.names import MILESTONES
from ..model.record import state_names
from ..scenario import Measure, Scenario
from ..stats import is_binary, mean_ci, proportion_ci
from .assembler import Assembler, window_daily, window_hires

if TYPE_CHECKING:
    from ..replication import Mode

__all__ = ["DEFAULT_QUANTILES", "Results"]

DEFAULT_QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)


class Results:
    """Replications of one scenario.  Frames: ``kpis``, ``funnel``, ``resources``, ``fiscal``,
    ``fiscal_costs`` (every cost line by fiscal year and role, per replication; summarized by
    :meth:`costs`) and ``budget`` (money against a budget: empty without one)
    and ``inputs``: the values each replication drew for the scenario's uncertain inputs
    (scenario, replication, seed, input, value; empty when none were drawn)."""

    def __init__(self, scenario: Scenario, seed: int, mode: Mode,
                 reps: list[Replication] | Assembler, *, meta: dict[str, Any] | None = None):
        if isinstance(reps, Assembler):
            asm = reps
        else:
            keep = bool(reps) and reps[0].series is not None
            asm = Assembler(scenario, len(reps), keep_series=keep)
            for r in reps:
                asm.add(r)
        self.scenario = scenario
        self.seed = int(seed)
        self.mode = mode
        self.meta = {"hiringsim_version": __version__, "seed": self.seed, "mode": mode,
                     "replications": len(asm.done), "scenario": scenario.name, **(meta or {})}
        frames = asm.frames()
        self.kpis = frames["kpis"]
        self.funnel = frames["funnel"]
        self.resources = frames["resources"]
        self.fiscal = frames["fiscal"]
        self.fiscal_costs = frames["costs"]
        self.budget = frames["budget"]
        self.inputs = frames["inputs"]
        self.tth_hist = asm.tth if asm.done else {}
        self.states = {role.name: state_names(role) for role in scenario.roles}
        arrays = asm.arrays() if asm.done else None
        self._set_arrays(arrays)

    def _set_arrays(self, arrays: dict[str, dict[str, np.ndarray]] | None) -> None:
        a = arrays or {}
        self._series = a.get("series") or None
        self._busy = a.get("busy", {}) if self._series is not None else None
        self._arrays = a if self._series is not None else {}

    # -- basic facts ---------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.kpis)

    @property
    def replications(self) -> int:
        return len(self.kpis)

    @property
    def input_uncertainty(self) -> str:
        """What the figures are over: "with input uncertainty (N inputs)", "fixed inputs (...)",
        or "" when the scenario declares no uncertain inputs (see hiringsim.draws)."""
        from ..draws import inputs_label

        return inputs_label(self.scenario, self.meta.get("inputs", "uncertain"))

    @property
    def dates(self) -> pd.DatetimeIndex:
        return pd.date_range(self.scenario.start, periods=self.scenario.days, freq="D")

    @property
    def has_series(self) -> bool:
        return self._series is not None

    def _need_series(self) -> dict[str, np.ndarray]:
        if self._series is None:
            raise ValueError("these results kept KPIs only (keep='kpis'); run simulate(..., "
                             "keep='series') for daily series")
        return self._series

    # -- daily series --------------------------------------------------------------------------
    def series(self, role: str, state: str) -> np.ndarray:
        """Daily end-of-day count in one state: array (replications, days)."""
        arr = self._need_series()[role]
        try:
            i = self.states[role].index(state)
        except ValueError:
            raise KeyError(f"role {role!r} has no state {state!r}; states: "
                           f"{', '.join(self.states[role])}") from None
        # kept in the narrowest integer type; handed out as int32 at least: sums cannot overflow
        return arr[:, i, :].astype(np.promote_types(arr.dtype, np.int32), copy=False)

    def utilization(self, resource: str) -> np.ndarray:
        """Daily utilization of a resource (busy servers / servers): (replications, days).

        Days with no servers are NaN.
        """
        from ..schedules import servers_by_day

        self._need_series()
        busy = self._busy or {}
        if resource not in busy:
            names = ", ".join(r.name for r in self.scenario.resources) or "(none)"
            raise KeyError(f"no resource {resource!r}; resources: {names}")
        servers = servers_by_day(self.scenario, resource).astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(servers > 0, busy[resource] / servers, np.nan)

    def instructors(self, role: str | None = None) -> np.ndarray:
        """Daily instructors on loan from ``role``'s on-duty staff (default: the target role):
        (replications, days); zeros when its staff teach no class
        (:mod:`hiringsim.measures.instructors`)."""
        from ..measures.instructors import series_name

        self._need_series()
        role = role or self.scenario.target.role
        self.scenario.role(role)  # a KeyError names a role that does not exist
        got = (self._busy or {}).get(series_name(role))
        if got is None:
            return np.zeros((self.replications, self.scenario.days), dtype=np.float32)
        return got

    def headcount(self, role: str | None = None, *, measure: Measure | None = None) -> np.ndarray:
        """Headcount by a measure (on_duty, trained, on_board): array (replications, days)."""
        role = role or self.scenario.target.role
        measure = measure or self.scenario.target.measure
        r = self.scenario.role(role)
        # every measure counts at least one state, so the sum is an array, never the start 0
        return np.asarray(sum(self.series(role, s) for s in measure_states(measure, r)))

    def growth(self, role: str | None = None, *, measure: Measure | None = None) -> np.ndarray:
        role = role or self.scenario.target.role
        measure = measure or self.scenario.target.measure
        # above the headcount at the start (a running pipeline's people included; after a
        # warm-up each replication's)
        r = self.scenario.role(role)
        opening = self._arrays.get("opening", {}).get(role)
        if opening is not None:
            idx = [self.states[role].index(s) for s in measure_states(measure, r)]
            return self.headcount(role, measure=measure) - opening[:, idx].sum(axis=1)[:, None]
        return self.headcount(role, measure=measure) - starting_headcount(measure, r)

    def bands(self, role: str | None = None, *, measure: Measure | None = None,
              quantiles: Sequence[float] = DEFAULT_QUANTILES, growth: bool = True
              ) -> pd.DataFrame:
        """Quantiles across replications of (growth in) headcount, indexed by date."""
        data = self.growth(role, measure=measure) if growth else self.headcount(
            role, measure=measure)
        q = np.quantile(data, quantiles, axis=0)
        out = pd.DataFrame(q.T, index=self.dates, columns=list(quantiles))
        out["mean"] = data.mean(axis=0)
        out.index.name = "date"
        return out

    def timeseries(self, role: str | None = None, states: Sequence[str] | None = None, *,
                   freq: str | None = None) -> pd.DataFrame:
        """Tidy frame: scenario, replication, seed, date, role, state, count.

        ``freq`` (e.g. ``"W"`` or ``"MS"``) keeps one row per period (the last day's count).
        """
        ser = self._need_series()
        roles = [role] if role else list(ser)
        dates = self.dates
        keep = np.arange(len(dates))
        if freq is not None:
            s = pd.Series(keep, index=dates).resample(freq).last()
            keep = s.to_numpy().astype(int)
        frames = []
        reps = self.kpis["replication"].to_numpy()
        seeds = self.kpis["seed"].to_numpy()
        for r in roles:
            wanted = states or self.states[r]
            for st in wanted:
                arr = self.series(r, st)[:, keep]
                n_rep, n_day = arr.shape
                frames.append(pd.DataFrame({
                    "scenario": self.scenario.name,
                    "replication": np.repeat(reps, n_day),
                    "seed": np.repeat(seeds, n_day),
                    "date": np.tile(dates[keep], n_rep),
                    "role": r, "state": st, "count": arr.ravel()}))
        return pd.concat(frames, ignore_index=True)

    def time_to_hire(self, role: str | None = None) -> pd.DataFrame:
        """Pooled distribution of time to hire: weekly bins (days), count and share."""
        role = role or self.scenario.target.role
        h = self.tth_hist[role]
        total = h.sum()
        return pd.DataFrame({"days_from": np.arange(len(h)) * TTH_BIN_DAYS,
                             "days_to": (np.arange(len(h)) + 1) * TTH_BIN_DAYS,
                             "hires": h, "share": h / total if total else h * 0.0})

    # -- milestones and windows ---------------------------------------------------------------
    def _kept(self, name: str, what: str) -> dict[str, np.ndarray]:
        self._need_series()
        if name not in self._arrays:
            raise ValueError(f"these results have no {what} (saved by an earlier hiringsim); "
                             "run simulate(..., keep='series') again")
        return self._arrays[name]

    def milestones(self, role: str | None = None, *, cumulative: bool = False,
                   quantiles: Sequence[float] = DEFAULT_QUANTILES) -> pd.DataFrame:
        """Milestones a planner reports, per day: tidy frame (date, milestone, mean and one
        column per quantile across replications).

        Milestones (:data:`hiringsim.model.names.MILESTONES`): ``tentative_offer`` (passed the
        screening before vetting), ``final_offer`` (passed the last stage), ``eod`` (entry on
        duty), ``trained`` (graduated; entry on duty without an academy), ``operational``
        (onboarding done).  ``cumulative``: counts since the start instead of per day.

        Examples
        --------
        >>> res = hiringsim.simulate(sc, 20, seed=1)  # doctest: +SKIP
        >>> m = res.milestones(cumulative=True)  # doctest: +SKIP
        >>> m[m.milestone == "eod"].set_index("date")["mean"].iloc[-1]  # doctest: +SKIP
        """
        role = role or self.scenario.target.role
        store = self._kept("milestones", "milestone counts")
        if role not in store:
            raise KeyError(f"no role {role!r}; roles: {', '.join(store)}")
        data = store[role].astype(float)
        if cumulative:
            data = np.cumsum(data, axis=2)
        frames = []
        for i, name in enumerate(MILESTONES):
            x = data[:, i, :]
            f = pd.DataFrame(np.quantile(x, quantiles, axis=0).T, columns=list(quantiles))
            f.insert(0, "mean", x.mean(axis=0))
            f.insert(0, "milestone", name)
            f.insert(0, "date", self.dates)
            frames.append(f)
        return pd.concat(frames, ignore_index=True)

    def window(self, start: dt.date | str, end: dt.date | str, *, role: str | None = None
               ) -> pd.DataFrame:
        """Hires, separations, time to hire of those entering on duty, and costs over the dates
        ``start..end`` (both included, clipped to the run): one row per replication and role
        (every role unless ``role``).  See :mod:`hiringsim.measures.windows`; resources' cost
        over the window is :func:`hiringsim.measures.windows.resource_cost`.

        Examples
        --------
        >>> res.window("2017-10-01", "2018-09-30").groupby("role")["hires"].mean()  # doctest: +SKIP
        """
        from ..measures.windows import WindowData, window_row

        sc = self.scenario
        d0 = max(sc.day(pd.Timestamp(start).date()), 0)
        d1 = min(sc.day(pd.Timestamp(end).date()), sc.days - 1)
        if d1 < d0:
            raise ValueError(f"the window {start}..{end} holds no simulated day "
                             f"({sc.start}..{sc.end})")
        self._kept(next((k for k in ("window_hiring", "window_costs") if k in self._arrays),
                        "window_daily"), "window series")  # see window_daily
        daily = window_daily(self._arrays)
        hires = window_hires(self._arrays)
        roles = [role] if role else [r.name for r in sc.roles]
        rows = []
        reps = self.kpis["replication"].to_numpy()
        seeds = self.kpis["seed"].to_numpy()
        known = list(self._arrays["window_counts" if "window_counts" in self._arrays
                                  else "window_daily"])
        for r in roles:
            if r not in known:
                raise KeyError(f"no role {r!r}; roles: {', '.join(known)}")
        for i in range(len(reps)):
            for r in roles:
                wd = WindowData(daily(r, i), *hires(r, i))
                rows.append({"scenario": sc.name, "replication": int(reps[i]),
                             "seed": int(seeds[i]), "role": r,
                             "start": sc.start + dt.timedelta(days=d0),
                             "end": sc.start + dt.timedelta(days=d1), **window_row(wd, d0, d1)})
        return pd.DataFrame(rows)

    # -- summaries -------------------------------------------------------------------------------
    def target_dates(self, quantiles: Sequence[float] = (0.1, 0.5, 0.9)) -> pd.DataFrame:
        """Quantiles of the date the target is reached; NaT with ``reached=False`` when fewer
        than that share of replications reach it by the horizon (censoring, not a number)."""
        d = self.kpis["target_day"].to_numpy(dtype=float)
        n = len(d)
        filled = np.where(np.isfinite(d), d, np.inf)
        rows = []
        for q in quantiles:
            v = float(np.quantile(filled, q, method="inverted_cdf")) if n else math.inf
            reached = math.isfinite(v)
            date = pd.Timestamp(self.scenario.start) + pd.Timedelta(days=v) if reached else pd.NaT
            rows.append({"quantile": q, "date": date, "reached": reached})
        return pd.DataFrame(rows)

    def summary(self, confidence: float = 0.95) -> pd.DataFrame:
        """One row per numeric KPI: mean with a confidence interval, percentiles, n.

        0/1 KPIs get a Wilson interval; ``target_day`` gets percentiles only when reached
        (its mean is NaN whenever a replication did not reach the target).
        """
        rows = []
        for col in self.kpis.columns:
            if col in ("scenario", "replication", "seed") or not is_numeric_dtype(self.kpis[col]):
                continue
            x = self.kpis[col].to_numpy(dtype=float)
            fin = x[np.isfinite(x)]
            censored = int(len(x) - len(fin))
            if is_binary(x) and censored == 0:
                m, lo, hi = proportion_ci(float(fin.sum()), len(fin), confidence)
            elif col == "target_day" and censored:
                m = lo = hi = math.nan
            else:
                m, lo, hi = mean_ci(fin, confidence)
            qs = np.quantile(fin, [0.05, 0.5, 0.95]) if len(fin) else [math.nan] * 3
            rows.append({"kpi": col, "mean": m, "ci_low": lo, "ci_high": hi,
                         "p5": qs[0], "p50": qs[1], "p95": qs[2], "n": int(len(fin)),
                         "not_finite": censored})
        return pd.DataFrame(rows).set_index("kpi")

    def costs(self, confidence: float = 0.95) -> pd.DataFrame:
        """Every cost line by fiscal year and role: fiscal_year, role, line, days (of the year
        simulated), mean dollars and its interval (ci_low, ci_high) over replications.
        Resources' servers are shared: role ``'(shared)'``, line ``resources``.  See
        :mod:`hiringsim.measures.cost_table` (what each line is and when it is charged).
        ``res.costs().query("fiscal_year == 2018").groupby("role")["mean"].sum()``: each role's
        cost in FY2018.
        """
        from ..measures.cost_table import cost_summary

        return cost_summary(self.fiscal_costs, confidence)

    def bottleneck(self) -> str:
        """The capacity named bottleneck most often across replications."""
        counts = self.kpis["bottleneck"].value_counts()
        return str(counts.index[0]) if len(counts) else ""

    # -- persistence ---------------------------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        """Write a folder: kpis/funnel/resources/fiscal/fiscal_costs/inputs.parquet,
        arrays.npz, meta.json (:func:`.files.save_results`)."""
        from .files import save_results

        return save_results(self, path)

    @classmethod
    def load(cls, path: str | Path) -> Results:
        """Read a folder written by :meth:`save` (:func:`.files.load_results`)."""
        from .files import load_results

        return load_results(cls, path)

    # -- display -------------------------------------------------------------------------------
    def __repr__(self) -> str:
        return (f"<Results {self.scenario.name!r}: {self.replications} replications, seed "
                f"{self.seed}, {self.mode} mode, hiringsim {self.meta['hiringsim_version']}>")

    def summary_table(self, kpis: Sequence[str] | None = None,
                      confidence: float = 0.95) -> pd.DataFrame:
        """The headline KPIs as a planner reads them: one labelled row per KPI with the mean,
        its confidence interval and the 5th to 95th percentile, written as text ('25%',
        '8,955', '$1,421.1M', '22 May 2023').  ``kpis``: which (default: the headline ones).

        Examples
        --------
        >>> import hiringsim as hs
        >>> res = hs.simulate(hs.example("baseline"), 3, seed=1, progress=False)
        >>> list(res.summary_table().columns)
        ['mean', '95% CI of the mean', '5th to 95th percentile']
        """
        from ..display import summary_table

        return summary_table(self, kpis, confidence)

    def _repr_html_(self) -> str:
        from ..display import results_html

        return results_html(self)
