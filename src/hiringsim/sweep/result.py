"""A sweep's results: the design and outcome frames read from its store, and analyses of them."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .spec import Sweep, SweepError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["SweepResult", "open_sweep"]

Fill = float | dict[str, float] | None


def open_sweep(store: str | Path) -> SweepResult:
    """Read a (finished or partial) sweep from its store, without its sweep file."""
    return SweepResult.open(store)


class SweepResult:
    """Design and outcomes of a sweep, aligned by ``point_id``.

    ``design``: one row per design point (index point_id; block, sample, one column per
    parameter).  ``outcomes``: tidy, one row per run (point_id, replication, seed, one column per
    outcome), sorted.  Analyses average the replications of each point first (a point's mean is
    NaN if any replication is NaN, e.g. a target never reached -- pass ``fill`` to replace NaN).
    """

    def __init__(self, sweep: Sweep, design: pd.DataFrame, outcomes: pd.DataFrame,
                 store: Path | None = None):
        self.sweep = sweep
        self.design = design
        self.outcomes = outcomes
        self.store = store

    @classmethod
    def open(cls, store: str | Path, *, sweep: Sweep | None = None) -> SweepResult:
        from .store import SweepStore

        with SweepStore.open(store) as st:
            if sweep is None:
                sweep = _sweep_from_store(st.meta)
            return cls(sweep, st.design_frame(), st.outcomes_frame(), Path(store))

    # -- views ---------------------------------------------------------------------------------
    @property
    def parameters(self) -> list[str]:
        return [p.path for p in self.sweep.parameters]

    @property
    def finished(self) -> int:
        """Number of design points whose results are stored."""
        return int(self.outcomes["point_id"].nunique())

    @property
    def complete(self) -> bool:
        return self.finished == len(self.design)

    def table(self, *, fill: Fill = None) -> pd.DataFrame:
        """Design x outcomes: parameter values and the mean of each outcome over replications,
        one row per finished point (index point_id)."""
        means = self._means(list(self.sweep.outcomes), fill)
        return self.design[self.parameters].join(means, how="inner")

    def _means(self, outcomes: list[str], fill: Fill) -> pd.DataFrame:
        unknown = [o for o in outcomes if o not in self.outcomes.columns]
        if unknown:
            raise KeyError(f"no outcome {unknown[0]!r}; outcomes: "
                           f"{', '.join(self.sweep.outcomes)}")
        df = self.outcomes[["point_id", *outcomes]]
        if fill is not None:
            df = df.fillna(fill if isinstance(fill, dict) else dict.fromkeys(outcomes, fill))
        means = df.groupby("point_id")[outcomes].mean()
        any_nan = df[outcomes].isna().groupby(df["point_id"]).any()
        return means.mask(any_nan)

    def _complete_means(self, outcome: str, fill: Fill, what: str) -> pd.Series:
        if not self.complete:
            raise SweepError([("store", f"{what} needs every design point; {self.finished} of "
                                        f"{len(self.design)} are finished: run the sweep again "
                                        "to resume it")], self.sweep.source)
        means = self._means([outcome], fill)[outcome]
        if means.isna().any():
            raise SweepError([("outcomes", f"{outcome!r} is NaN at {int(means.isna().sum())} of "
                                           f"{len(means)} points (e.g. a target never reached); "
                                           "pass fill= to give those runs a value, or analyse "
                                           "another outcome")], self.sweep.source)
        return means

    # -- analyses ------------------------------------------------------------------------------
    def sobol(self, outcome: str, *, confidence_level: float = 0.95, n_resamples: int = 999,
              fill: Fill = None, estimator: str | None = None) -> pd.DataFrame:
        """First- and total-order Sobol' indices of ``outcome`` with bootstrap intervals.

        Needs a complete ``sobol`` design.  Each point's replications are averaged first, so the
        indices apportion the variance of the expected outcome (common random numbers keep the
        replication noise from masquerading as sensitivity).  ``estimator`` (default: the
        sweep's) is ``saltelli`` or ``pooled`` (:func:`~hiringsim.sweep.analysis.
        sobol_indices_ci`).  Columns: parameter, S1, S1_low, S1_high, ST, ST_low, ST_high,
        S1_width, ST_width (the intervals' widths); sorted by ST, largest first.
        """
        import numpy as np

        from .analysis import sobol_indices_ci

        if self.sweep.design != "sobol":
            raise SweepError([("design", f"Sobol' indices need design = \"sobol\", this sweep "
                                         f"is {self.sweep.design!r}")], self.sweep.source)
        means = self._complete_means(outcome, fill, "sobol()")
        n, d = self.sweep.n, len(self.parameters)
        assert n is not None, "a sobol design requires n (sweep.checks)"

        def block(name: str) -> np.ndarray:
            rows = self.design[self.design["block"] == name].sort_values("sample")
            return means.loc[rows.index].to_numpy(dtype=float)

        f_ab = np.stack([block(f"AB{i}") for i in range(d)]) if d else np.empty((0, n))
        out = sobol_indices_ci(block("A"), block("B"), f_ab, self.parameters,
                               confidence_level=confidence_level, n_resamples=n_resamples,
                               seed=self.sweep.seed,
                               estimator=estimator or self.sweep.estimator)
        out.attrs.update(outcome=outcome, replications=self.sweep.replications)
        return out

    def tornado(self, outcome: str, *, fill: Fill = None) -> pd.DataFrame:
        """One-at-a-time swings of ``outcome`` (needs design = "oat"), largest first.

        Columns: parameter, value_low, value_base, value_high, outcome_low, outcome_base,
        outcome_high, swing.  Replications are averaged per point; with common random numbers
        the differences between points carry little replication noise.
        """
        from .analysis import tornado_table

        if self.sweep.design != "oat":
            raise SweepError([("design", "a tornado needs the one-at-a-time design: run "
                                         "sweep.replace(design=\"oat\", n=None) (CLI: --design "
                                         f"oat); this sweep is {self.sweep.design!r}")],
                             self.sweep.source)
        means = self._complete_means(outcome, fill, "tornado()")
        out = tornado_table(self.design, means, self.parameters)
        out.attrs.update(outcome=outcome, replications=self.sweep.replications)
        return out

    def problem(self, *, notes: list[str] | None = None) -> dict[str, Any]:
        """The sweep's parameters as a SALib problem dict (num_vars, names, bounds[, dists]).

        What SALib cannot express (a truncated lognormal) is appended to ``notes`` when given
        (a command prints them), else issued as a warning.
        """
        from .analysis import salib_problem

        return salib_problem(self.sweep.parameters, notes=notes)

    def __repr__(self) -> str:
        return (f"SweepResult({self.sweep.name!r}, {self.finished}/{len(self.design)} points, "
                f"{len(self.outcomes)} runs, store={str(self.store)!r})")


def _sweep_from_store(meta: dict[str, str]) -> Sweep:
    from .spec import sweep_from_dict

    base = None
    raw_base = json.loads(meta["base_scenario"])
    if raw_base is not None:
        from hiringsim.scenario import Scenario, ScenarioError

        try:
            base = Scenario.from_dict(raw_base, source=meta.get("base_source") or None)
        except ScenarioError as exc:
            warnings.warn(f"the stored base scenario no longer loads ({exc}); reading the "
                          "sweep without it", stacklevel=3)
    spec = json.loads(meta["spec"])
    return sweep_from_dict(spec, name=meta.get("name", "sweep"), base=base)
