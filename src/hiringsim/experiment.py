"""Replications, strategy comparison with common random numbers, and a stopping rule."""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Mapping
from concurrent.futures import Executor
from functools import partial
from typing import Any, Literal, get_args

import numpy as np
import pandas as pd
from pandas.api.types import is_numeric_dtype

from .draws import Inputs, check_inputs
from .execution import execute_batches, progress_bar
from .measures.summary import Replication, summarize_record
from .replication import MODES, Mode, run_replication
from .results import Assembler, Results
from .rng import root_entropy
from .scenario import Scenario
from .scenario.size import check_run_size
from .stats import (
    is_binary,
    mean_ci,
    paired_proportion_difference_ci,
    proportion_ci,
    proportion_difference_ci,
)
from .worker import replicate

__all__ = ["KEEP", "Comparison", "Keep", "compare", "replication_kpis", "simulate",
           "simulate_until"]

#: what results keep: daily series (fan charts, bands) or the KPI tables only (less memory)
Keep = Literal["series", "kpis"]
KEEP: tuple[Keep, ...] = get_args(Keep)


def replication_kpis(scenario: Scenario, *, seed: int, replication: int = 0,
                     mode: Mode = "fast", inputs: Inputs = "uncertain") -> dict[str, float]:
    """The numeric KPIs of one replication (see :mod:`hiringsim.measures`), for sweeps and
    goal seeking (uncertain inputs drawn unless ``inputs="fixed"``, see :mod:`hiringsim.draws`).

    Examples
    --------
    >>> import hiringsim as hs
    >>> kpis = hs.replication_kpis(hs.example("baseline"), seed=2017)
    >>> 0 <= kpis["target_by_deadline"] <= 1
    True
    """
    rec = run_replication(scenario, seed=seed, replication=replication, mode=mode,
                          inputs=inputs)
    rep = summarize_record(rec, keep_series=False)
    return {k: v for k, v in rep.kpis.items() if not isinstance(v, str)}


def _check(scenario: Scenario, replications: int, mode: Mode, keep: Keep,
           inputs: Inputs = "uncertain") -> None:
    check_inputs(inputs)
    if not isinstance(scenario, Scenario):
        raise TypeError(f"expected a hiringsim Scenario, got {type(scenario).__name__}")
    if isinstance(replications, bool) or not isinstance(replications, int) or replications < 1:
        raise ValueError(f"replications must be a positive int, got {replications!r}")
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, got {mode!r}")
    if keep not in KEEP:
        raise ValueError(f"keep must be one of {', '.join(KEEP)}, got {keep!r}")
    check_run_size(scenario, mode=mode, replications=replications, keep_series=keep == "series")


def _execute(scenario: Scenario, seed: int, reps: list[int], *, mode: Mode, keep: Keep,
             executor: Executor | None, batch_size: int | None, bar: Any,
             sink: Assembler, inputs: Inputs = "uncertain") -> None:
    """Run replications ``reps`` and hand each result to ``sink`` as its batch finishes,
    advancing ``bar``."""
    if batch_size is None:
        batch_size = 1 if mode == "reference" else 8

    def on_batch(batch: list[tuple[int, Replication]]) -> None:
        for _, rep in batch:
            sink.add(rep)

    execute_batches(partial(replicate, scenario, seed, mode, keep, inputs=inputs), reps,
                    on_batch=on_batch,
                    executor=executor, batch_size=batch_size, bar=bar)


def simulate(scenario: Scenario, replications: int = 100, *, seed: int | None = None,
             executor: Executor | None = None, mode: Mode = "fast", keep: Keep = "series",
             progress: bool | None = None, batch_size: int | None = None,
             inputs: Inputs = "uncertain") -> Results:
    """Run ``replications`` replications of ``scenario`` and return :class:`Results`.

    Replication ``r`` uses the random streams of (``seed``, ``r``), so results are identical
    serially or on any ``concurrent.futures.Executor`` (process pool, dask ``get_executor()``).
    ``seed=None`` draws a fresh root seed, recorded in the results.  ``keep="kpis"`` drops the
    daily series (much less memory, no fan charts).  ``progress``: a tqdm bar (default: shown
    from 20 replications on); ``False`` keeps quiet.

    A scenario with uncertain inputs (``Scenario.uncertain``) draws them in every replication
    (``inputs="uncertain"``, the default: every probability and band is then with input
    uncertainty; the draws are ``Results.inputs``); ``inputs="fixed"`` runs the values the file
    gives.  ``Results.input_uncertainty`` labels which.
    """
    _check(scenario, replications, mode, keep, inputs)
    seed = root_entropy(seed)
    with progress_bar(replications, progress, desc=scenario.name) as bar:
        return _simulate(scenario, replications, seed=seed, executor=executor, mode=mode,
                         keep=keep, batch_size=batch_size, bar=bar, inputs=inputs)


def _simulate(scenario: Scenario, replications: int, *, seed: int,
              executor: Executor | None, mode: Mode, keep: Keep, batch_size: int | None,
              bar: Any, inputs: Inputs = "uncertain") -> Results:
    """:func:`simulate` advancing a given bar (``compare`` shows one bar for all plans)."""
    t0 = time.perf_counter()
    sink = Assembler(scenario, replications, keep_series=keep == "series")
    _execute(scenario, seed, list(range(replications)), mode=mode, keep=keep,
             executor=executor, batch_size=batch_size, bar=bar, sink=sink, inputs=inputs)
    return Results(scenario, seed, mode, sink,
                   meta={"elapsed_s": round(time.perf_counter() - t0, 3), "inputs": inputs})


def simulate_until(scenario: Scenario, *, kpi: str = "growth_at_deadline",
                   half_width: float, confidence: float = 0.95, initial: int = 20,
                   step: int = 20, max_replications: int = 2000, seed: int | None = None,
                   executor: Executor | None = None, mode: Mode = "fast",
                   keep: Keep = "series", progress: bool | None = None,
                   inputs: Inputs = "uncertain") -> Results:
    """Add replications until the ``confidence`` interval of ``kpi``'s mean is no wider than
    ``half_width`` on each side, or ``max_replications`` is reached.

    A 0/1 KPI (``target_by_deadline``) uses the Wilson interval; KPIs that can be NaN
    (``target_day`` when the target is missed) are refused — use ``target_by_deadline``.
    The result's ``meta`` records the rule, the achieved half-width and whether it was met.
    """
    _check(scenario, initial, mode, keep, inputs)
    if not half_width > 0:
        raise ValueError(f"half_width must be > 0, got {half_width!r}")
    if max_replications < initial:
        raise ValueError("max_replications must be at least initial")
    check_run_size(scenario, mode=mode, replications=max_replications,
                   keep_series=keep == "series")
    seed = root_entropy(seed)
    sink = Assembler(scenario, initial, keep_series=keep == "series")
    t0 = time.perf_counter()
    todo = list(range(initial))
    # one bar up to max_replications; it ends where the rule is met
    bar = progress_bar(max_replications, progress, desc=scenario.name)
    try:
        achieved = _until(scenario, seed, todo, sink, bar, kpi=kpi, half_width=half_width,
                          confidence=confidence, step=step, max_replications=max_replications,
                          mode=mode, keep=keep, executor=executor, inputs=inputs)
        bar.total = bar.n
        bar.refresh()
    finally:
        bar.close()
    return Results(scenario, seed, mode, sink, meta={
        "elapsed_s": round(time.perf_counter() - t0, 3), "inputs": inputs,
        "stopping": {"kpi": kpi, "half_width": half_width, "confidence": confidence,
                     "achieved": achieved, "met": bool(achieved <= half_width)}})


def _until(scenario: Scenario, seed: int, todo: list[int], sink: Assembler, bar: Any, *,
           kpi: str, half_width: float, confidence: float, step: int, max_replications: int,
           mode: Mode, keep: Keep, executor: Executor | None,
           inputs: Inputs = "uncertain") -> float:
    """The loop of :func:`simulate_until`: the achieved half-width."""
    achieved = math.inf
    while todo:
        _execute(scenario, seed, todo, mode=mode, keep=keep, executor=executor,
                 batch_size=None, bar=bar, sink=sink, inputs=inputs)
        row = sink.rows["kpis"]
        if kpi not in row[0]:
            names = sorted(k for k, v in row[0].items() if not isinstance(v, str)
                           and k not in ("replication", "seed"))
            raise KeyError(f"unknown KPI {kpi!r}; KPIs: {', '.join(names)}")
        values = np.array([r[kpi] for r in row], dtype=float)
        if not np.all(np.isfinite(values)):
            raise ValueError(f"KPI {kpi!r} is not finite in every replication (e.g. the "
                             "target was not reached); use a KPI such as "
                             "'target_by_deadline' or 'growth_at_deadline'")
        if is_binary(values):
            _, lo, hi = proportion_ci(values.sum(), len(values), confidence)
        else:
            _, lo, hi = mean_ci(values, confidence)
        achieved = (hi - lo) / 2
        n = len(values)
        if achieved <= half_width or n >= max_replications:
            break
        todo = list(range(n, min(n + step, max_replications)))
    return achieved


class Comparison:
    """Several strategies run with the same seed: per-strategy results and paired differences."""

    def __init__(self, results: Mapping[str, Results]):
        self.results = dict(results)
        self.names = list(self.results)

    @property
    def kpis(self) -> pd.DataFrame:
        frames = []
        for label, res in self.results.items():
            f = res.kpis.copy()
            f.insert(0, "strategy", label)
            frames.append(f)
        return pd.concat(frames, ignore_index=True)

    def summary(self, kpis: Iterable[str] | None = None, confidence: float = 0.95
                ) -> pd.DataFrame:
        """Tidy: strategy, kpi, mean, ci_low, ci_high, p50."""
        rows = []
        for label, res in self.results.items():
            s = res.summary(confidence)
            for kpi in (kpis or s.index):
                if kpi in s.index:
                    r = s.loc[kpi]
                    rows.append({"strategy": label, "kpi": kpi, "mean": r["mean"],
                                 "ci_low": r["ci_low"], "ci_high": r["ci_high"],
                                 "p50": r["p50"], "n": r["n"]})
        return pd.DataFrame(rows)

    def differences(self, baseline: str | None = None, kpis: Iterable[str] | None = None,
                    confidence: float = 0.95) -> pd.DataFrame:
        """Each strategy minus ``baseline`` (default: the first), per KPI.

        ``ci_low``/``ci_high`` pair replication r of both (common random numbers);
        ``unpaired_low``/``unpaired_high`` treat them as independent samples, for contrast.
        A probability (a 0/1 KPI such as ``target_by_deadline``) gets Newcombe's score
        intervals for paired and for independent proportions, which stay inside -100%..+100%
        (:func:`hiringsim.stats.paired_proportion_difference_ci`).
        Pairs where either value is NaN (a target not reached) are left out; ``n`` says how many
        pairs remain.
        """
        baseline = baseline or self.names[0]
        if baseline not in self.results:
            raise KeyError(f"no strategy {baseline!r}; strategies: {', '.join(self.names)}")
        base = self.results[baseline].kpis.set_index("replication")
        numeric = [c for c in base.columns if c not in ("scenario", "seed")
                   and is_numeric_dtype(base[c])]
        rows = []
        for label in self.names:
            if label == baseline:
                continue
            other = self.results[label].kpis.set_index("replication")
            common = base.index.intersection(other.index)
            for kpi in (kpis or numeric):
                a = other.loc[common, kpi].to_numpy(float)
                b = base.loc[common, kpi].to_numpy(float)
                ok = np.isfinite(a) & np.isfinite(b)
                d = a[ok] - b[ok]
                m, lo, hi = mean_ci(d, confidence)
                ua, ub = a[np.isfinite(a)], b[np.isfinite(b)]
                if is_binary(ua) and is_binary(ub):  # a probability: score intervals in [-1, 1]
                    m, lo, hi = paired_proportion_difference_ci(a, b, confidence)
                    ulo, uhi = proportion_difference_ci(ua, ub, confidence)[1:]
                elif len(ua) > 1 and len(ub) > 1:
                    from .stats import t_quantile

                    se = math.sqrt(ua.var(ddof=1) / len(ua) + ub.var(ddof=1) / len(ub))
                    df = min(len(ua), len(ub)) - 1
                    um = ua.mean() - ub.mean()
                    half = t_quantile(0.5 + confidence / 2, df) * se
                    ulo, uhi = um - half, um + half
                else:
                    ulo = uhi = math.nan
                rows.append({"strategy": label, "baseline": baseline, "kpi": kpi, "mean": m,
                             "ci_low": lo, "ci_high": hi, "unpaired_low": ulo,
                             "unpaired_high": uhi, "n": int(ok.sum())})
        return pd.DataFrame(rows)

    def __repr__(self) -> str:
        return f"<Comparison of {', '.join(self.names)}>"

    # -- what a planner reads (see hiringsim.display) -----------------------------------------
    def table(self, kpis: Iterable[str] | None = None, confidence: float = 0.95
              ) -> pd.DataFrame:
        """Headline measures x plans (in run order): means with intervals, as text."""
        from .display import comparison_table

        return comparison_table(self, list(kpis) if kpis else None, confidence)

    def differences_table(self, baseline: str | None = None, kpis: Iterable[str] | None = None,
                          confidence: float = 0.95) -> pd.DataFrame:
        """Each plan minus ``baseline``: mean difference, paired and unpaired intervals, as
        text."""
        from .display import differences_table

        return differences_table(self, baseline, list(kpis) if kpis else None, confidence)

    def inputs_table(self, baseline: str | None = None) -> pd.DataFrame:
        """The inputs of each plan that differ from ``baseline`` (default: the first)."""
        from .display.comparison import inputs_table

        return inputs_table(self, baseline)

    def conclusion(self, *, sure: float = 0.9, baseline: str | None = None,
                   confidence: float = 0.95, width: int | None = 100) -> str:
        """A written conclusion built from the numbers (see
        :func:`hiringsim.display.conclusion`).

        Examples
        --------
        >>> import hiringsim as hs
        >>> base = hs.example("baseline")
        >>> cmp = hs.compare({"baseline": base, "more seats": base.with_values(
        ...     {"roles.officer.academy.seats": 100})}, 3, seed=1, progress=False)
        >>> print(cmp.conclusion())  # doctest: +SKIP
        Deadline 30 Sep 2022. Share of replications with +10,000 officer by then: ...
        """
        from .display import conclusion

        return conclusion(self, sure=sure, baseline=baseline, confidence=confidence,
                          width=width)

    def _repr_html_(self) -> str:
        from .display import comparison_html

        return comparison_html(self)


def compare(strategies: Mapping[str, Scenario] | Iterable[Scenario], replications: int = 100,
            *, seed: int | None = None, executor: Executor | None = None, mode: Mode = "fast",
            keep: Keep = "series", progress: bool | None = None,
            inputs: Inputs = "uncertain") -> Comparison:
    """Run every strategy with the same root seed (common random numbers) and compare them.

    ``strategies`` maps labels to scenarios (a list uses each scenario's name).  Uncertain
    inputs are drawn in every replication unless ``inputs="fixed"``; a path's draws are the
    same in every strategy that declares it (common random numbers hold for the inputs too).
    """
    if not isinstance(strategies, Mapping):
        strategies = {s.name: s for s in strategies}
    if len(strategies) < 2:
        raise ValueError("compare needs at least two strategies")
    for sc in strategies.values():
        _check(sc, replications, mode, keep, inputs)
    seed = root_entropy(seed)
    out: dict[str, Any] = {}
    # one bar over every plan's replications
    with progress_bar(len(strategies) * replications, progress, desc="compare") as bar:
        for label, sc in strategies.items():
            bar.set_postfix_str(str(label), refresh=False)
            out[label] = _simulate(sc, replications, seed=seed, executor=executor, mode=mode,
                                   keep=keep, batch_size=None, bar=bar, inputs=inputs)
    return Comparison(out)
