"""One what-if: the scenario as loaded against the same scenario with the levers moved.

Both run with the same root seed (common random numbers), so a difference comes from the
levers, not from luck.  Pure Python, no web framework: the app calls :func:`run_whatif` in a
worker thread and polls the progress it reports.
"""

from __future__ import annotations

import dataclasses
import math
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .explorer import Explorer, ProgressExecutor

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.figure import Figure

    from ..experiment import Comparison
    from ..scenario import Scenario

__all__ = ["UNCHANGED", "CHANGED", "Outcome", "ProgressExecutor", "figure", "load_upload",
           "run_whatif"]

#: the labels of the two runs in tables, charts and downloads
UNCHANGED = "unchanged"
CHANGED = "with your changes"
#: the KPIs the answer table compares (only their paired differences are computed)
ANSWER_KPIS = ("target_by_deadline", "growth_at_deadline", "cost_total")


@dataclasses.dataclass(frozen=True)
class Outcome:
    """What one press of Run gives: both runs, the moved levers and the answer table."""

    comparison: Comparison
    moved: dict[str, tuple[int, int]]
    table: pd.DataFrame

    @property
    def unchanged(self) -> Any:
        return self.comparison.results[UNCHANGED]

    @property
    def changed(self) -> Any:
        return self.comparison.results[CHANGED]


def load_upload(data: bytes, filename: str) -> Scenario:
    """A scenario from an uploaded TOML file's bytes; :class:`hiringsim.InputError` names
    ``filename`` (a relative ``extends`` cannot be followed from an upload: inline it)."""
    from ..scenario import ScenarioError, load_scenario

    name = Path(filename or "upload.toml").name
    with tempfile.TemporaryDirectory(prefix="hiringsim-upload-") as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            scenario = load_scenario(path)
        except ScenarioError as exc:
            problems = [(p, m.replace(str(path), name)) for p, m in exc.problems]
            raise ScenarioError(problems, name) from None
    return dataclasses.replace(scenario, source=name)


def _pct(x: float) -> str:
    return f"{x:.0%}" if math.isfinite(x) else "n/a"


def _money(x: float) -> str:
    if not math.isfinite(x):
        return "n/a"
    return f"${x / 1e6:,.1f}M" if abs(x) >= 1e6 else f"${x:,.0f}"


def _signed(text: str, x: float) -> str:
    return text if not math.isfinite(x) or x < 0 or text.startswith("+") else f"+{text}"


def _median_date(results: Any) -> tuple[str, Any]:
    row = results.target_dates(quantiles=(0.5,)).iloc[0]
    if not row["reached"]:
        return f"not reached by {results.scenario.end:%d %b %Y}", None
    return f"{row['date']:%d %b %Y}", row["date"]


def _three(frame: pd.DataFrame, kpi: str) -> tuple[float, float, float]:
    """``(mean, ci_low, ci_high)`` of ``kpi``'s row."""
    row: Any = frame.loc[kpi]
    return float(row["mean"]), float(row["ci_low"]), float(row["ci_high"])


def answer_table(comparison: Comparison) -> pd.DataFrame:
    """The four answers for both runs and the paired difference, as text for display."""
    import pandas as pd

    base, plan = comparison.results[UNCHANGED], comparison.results[CHANGED]
    sb, sp = base.summary(), plan.summary()
    diff = comparison.differences(UNCHANGED, kpis=ANSWER_KPIS).set_index("kpi")
    target = base.scenario.target

    def interval(s: pd.DataFrame, kpi: str, fmt: Callable[[float], str]) -> str:
        mean, lo, hi = _three(s, kpi)
        return f"{fmt(mean)} ({fmt(lo)} to {fmt(hi)})"

    def delta(kpi: str, fmt: Callable[[float], str]) -> str:
        mean, lo, hi = _three(diff, kpi)
        return f"{_signed(fmt(mean), mean)} ({fmt(lo)} to {fmt(hi)})"

    def num(x: float) -> str:
        return f"{x:,.0f}" if math.isfinite(x) else "n/a"

    mb, db = _median_date(base)
    mp, dp = _median_date(plan)
    moved = "n/a" if db is None or dp is None else f"{(dp - db).days:+,d} days"
    rows = [
        (f"P(+{target.growth:,} {target.role}s by {target.deadline:%d %b %Y})",
         interval(sb, "target_by_deadline", _pct), interval(sp, "target_by_deadline", _pct),
         delta("target_by_deadline", lambda x: f"{x * 100:.0f} pts")),
        ("Median date the target is reached", mb, mp, moved),
        (f"Growth at the deadline ({target.measure} {target.role}s)",
         interval(sb, "growth_at_deadline", num), interval(sp, "growth_at_deadline", num),
         delta("growth_at_deadline", num)),
        ("Total cost to the end of the run", interval(sb, "cost_total", _money),
         interval(sp, "cost_total", _money), delta("cost_total", _money)),
    ]
    return pd.DataFrame(rows, columns=["", UNCHANGED, CHANGED, "difference (paired)"]
                        ).set_index("")


def run_whatif(base: Scenario, values: dict[str, int], *, replications: int, seed: int,
               on_progress: Callable[[int], Any] | None = None,
               explorer: Explorer | None = None) -> Outcome:
    """Run ``base`` and ``base`` with ``values`` applied, ``replications`` each, same seed.

    ``on_progress(n)`` is called as each batch of ``n`` replications finishes (``2 *
    replications`` in all, fewer when ``explorer`` has runs cached).  ``explorer``: a session
    (:class:`~hiringsim.app.explorer.Explorer`) whose warm pool runs the replications and which
    keeps the unchanged plan's run; without one, everything runs here, in this process.
    Raises :class:`hiringsim.InputError` when a lever is invalid.
    """
    if explorer is not None:
        return explorer.run(base, values, replications=replications, seed=seed,
                            on_progress=on_progress)
    with Explorer(jobs=1) as here:
        return here.run(base, values, replications=replications, seed=seed,
                        on_progress=on_progress)


def figure(outcome: Outcome) -> Figure:
    """The fan chart of the changed plan, with the unchanged plan's median dashed (a new
    figure; :class:`~hiringsim.app.chart.FanChart` updates one in place)."""
    from .chart import FanChart

    return FanChart().draw(outcome)
