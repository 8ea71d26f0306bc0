"""A one-page summary of one scenario's results: growth, funnel, capacity, time to hire."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ._common import measure_label, over_label, save_figure
from .capacity import plot_resources
from .growth import plot_fan, plot_time_to_target
from .pipeline import plot_funnel, plot_time_to_hire

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from hiringsim.results import Results

__all__ = ["dashboard"]


def dashboard(results: Results, *, path: str | Path | None = None) -> Figure:
    """A 2x2 figure — fan chart, funnel, capacity use, time to hire — saved to ``path`` when
    given (format from the suffix).  Results kept without daily series show when the target
    is reached in place of the fan chart.

    The figure is built without pyplot (no global figure state, nothing to close), so a
    command line can write many of them; in a notebook it displays as the cell's value.
    """
    from matplotlib.figure import Figure

    sc = results.scenario
    fig = Figure(figsize=(17.0, 10.5), layout="constrained")
    axs = fig.subplots(2, 2)
    if results.has_series:
        plot_fan(results, ax=axs[0, 0])
    else:  # KPIs only (keep="kpis"): when the target is reached instead of the daily fan
        plot_time_to_target(results, ax=axs[0, 0])
    plot_funnel(results, ax=axs[0, 1])
    plot_resources(results, ax=axs[1, 0])
    plot_time_to_hire(results, ax=axs[1, 1])
    t = sc.target
    fig.suptitle(f"{sc.name}: +{t.growth:,} {measure_label(t.measure)} {t.role}s by "
                 f"{t.deadline:%d %b %Y} — {results.replications:,} replications, seed "
                 f"{results.seed}" + over_label(results), fontsize="x-large")
    if path is not None:
        save_figure(fig, path)
    return fig
