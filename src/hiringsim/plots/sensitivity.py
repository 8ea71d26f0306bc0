"""Sensitivity plots: Sobol' indices, tornado charts, an outcome against one parameter.

Each function takes ``ax=None`` (a new figure), returns the Axes and never calls ``plt.show()``.
matplotlib is imported inside the functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._common import wrap_text

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd
    from matplotlib.axes import Axes

    from hiringsim.sweep import SweepResult

__all__ = ["plot_outcome_vs_parameter", "plot_outcome_vs_parameters", "plot_sobol",
           "plot_tornado"]

def outcome_label(name: str, scenario: Any = None) -> str:
    """Axis label of an outcome, with its unit (from :mod:`hiringsim.labels`)."""
    from ..labels import column_label

    return column_label(name, scenario)


def parameter_label(path: str) -> str:
    """Readable name of a swept input: a dotted scenario path becomes words."""
    from ..labels import input_label

    return input_label(path) if "." in path else path


#: characters per line of an input's name on the y axis, of a title and of the x axis label: a
#: name longer than the axes' share of a 10-inch figure is wrapped, not cut off at its edge
LABEL_WIDTH, TITLE_WIDTH, XLABEL_WIDTH = 36, 60, 80
#: characters per line of the texts of an outcome-against-input panel (a 7-inch figure, or a
#: panel of the command line's grid)
PANEL_WIDTH = 50
#: height of a row of bars (inches) in a figure of the plot's own
ROW_INCHES = 0.55


def _legend_rows(entries: int) -> float:
    """Blank rows below the last bar that hold a legend of ``entries`` lines (small type)."""
    return (0.17 * entries + 0.25) / ROW_INCHES


def _rows_with_legend(ax: Axes, rows: int, entries: int) -> None:
    """Rows ``0 .. rows - 1`` from the top, and blank rows below them where the legend goes
    (lower right): in a figure of the plot's own, never over a bar and inside the figure."""
    ax.set_ylim(rows - 0.5 + _legend_rows(entries), -0.5)
    ax.legend(loc="lower right", fontsize="small", framealpha=0.9)


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _fig, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def plot_sobol(indices: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Horizontal bars of first-order (S1) and total-order (ST) indices with their intervals.

    ``indices`` is a frame from ``SweepResult.sobol`` (parameter, S1, S1_low, S1_high, ST,
    ST_low, ST_high); parameters are drawn in its order, the first at the top.
    """
    import numpy as np

    df = indices.reset_index(drop=True)
    ax = _axes(ax, (10.0, ROW_INCHES * (len(df) + _legend_rows(2)) + 1.8))
    y = np.arange(len(df))
    h = 0.38
    for offset, col, label, color in ((-h / 2, "S1", "first order (S1)", "C0"),
                                      (h / 2, "ST", "total order (ST)", "C1")):
        # a share of variance is never negative: estimates below 0 (noise) are drawn at 0
        value = df[col].to_numpy(float).clip(min=0)
        err = np.vstack([value - df[f"{col}_low"].to_numpy(float).clip(min=0),
                         df[f"{col}_high"].to_numpy(float).clip(min=0) - value]).clip(min=0)
        ax.barh(y + offset, value, height=h, xerr=err, color=color, label=label,
                error_kw={"elinewidth": 1, "capsize": 2, "ecolor": "0.25"})
    ax.set_yticks(y, [wrap_text(parameter_label(p), LABEL_WIDTH) for p in df["parameter"]])
    ax.set_xlim(left=0)
    level = indices.attrs.get("confidence_level", 0.95)
    negative = int((df[["S1", "S1_low", "ST", "ST_low"]].to_numpy(float) < 0).any(axis=1).sum())
    note = (f"; estimates below 0 drawn at 0 ({negative} input{'s' if negative != 1 else ''}: "
            "sampling noise around no effect)" if negative else "")
    ax.set_xlabel(wrap_text(f"share of output variance (whiskers: {level:.0%} bootstrap "
                        f"intervals{note})", XLABEL_WIDTH))
    ax.set_ylabel("input")
    outcome = indices.attrs.get("outcome")
    ax.set_title(wrap_text("Sobol' sensitivity indices"
                       + (f" of {outcome_label(outcome)}" if outcome else ""), TITLE_WIDTH))
    _rows_with_legend(ax, len(df), len(ax.get_legend_handles_labels()[0]))
    return ax


def plot_tornado(tornado: pd.DataFrame, *, ax: Axes | None = None) -> Axes:
    """Tornado chart: the outcome's swing as each parameter alone moves to its low and high value.

    ``tornado`` is a frame from ``SweepResult.tornado`` (largest swing first, drawn at the top).
    """
    import numpy as np

    df = tornado.reset_index(drop=True)
    ax = _axes(ax, (10.0, ROW_INCHES * (len(df) + _legend_rows(3)) + 2.0))
    y = np.arange(len(df))
    base = float(df["outcome_base"].iloc[0]) if len(df) else 0.0
    ax.barh(y, df["outcome_low"] - base, left=base, height=0.6, color="C0",
            label="parameter at its low value")
    ax.barh(y, df["outcome_high"] - base, left=base, height=0.6, color="C1", alpha=0.85,
            label="parameter at its high value")
    ax.axvline(base, color="0.2", lw=1, label=f"base point ({base:,.4g})")
    labels = [f"{wrap_text(parameter_label(p), LABEL_WIDTH)}\n[{_fmt(p, lo)} .. {_fmt(p, hi)}]"
              for p, lo, hi in zip(df["parameter"], df["value_low"], df["value_high"],
                                   strict=True)]
    ax.set_yticks(y, labels, fontsize="small")
    outcome = tornado.attrs.get("outcome", "outcome")
    ax.set_xlabel(wrap_text(outcome_label(outcome), XLABEL_WIDTH))
    ax.set_ylabel("input [low .. high]")
    ax.set_title(wrap_text(f"One-at-a-time sensitivity of {outcome_label(outcome)}", TITLE_WIDTH))
    _rows_with_legend(ax, len(df), len(ax.get_legend_handles_labels()[0]))
    return ax


def plot_outcome_vs_parameter(result: SweepResult, outcome: str, parameter: str, *,
                              ax: Axes | None = None) -> Axes:
    """Scatter of an outcome against one parameter over the design (other inputs vary too).

    Shows every replication (small grey dots), each point's mean over replications, and for a
    numeric parameter with many distinct values, the mean within ten equal-count bins.
    """
    import pandas as pd

    if parameter not in result.parameters:
        raise KeyError(f"no parameter {parameter!r}; parameters: {', '.join(result.parameters)}")
    ax = _axes(ax, (7.0, 4.5))
    runs = result.outcomes.merge(result.design[[parameter]], left_on="point_id",
                                 right_index=True)
    table = result.table()
    reps = result.sweep.replications
    base = result.sweep.base
    # days_to_target holds the horizon where the target was never reached: censored, not seen
    horizon = float(base.days) if outcome == "days_to_target" and base is not None else None
    cens_run = runs[outcome] >= horizon if horizon is not None else runs[outcome] != runs[outcome]
    cens_point = (cens_run.groupby(runs["point_id"]).any().reindex(table.index, fill_value=False)
                  .to_numpy(bool))
    if reps > 1:
        ax.scatter(runs.loc[~cens_run, parameter], runs.loc[~cens_run, outcome], s=6,
                   color="0.65", alpha=0.6, lw=0, label="one replication")
    ok = table[~cens_point]
    ax.scatter(ok[parameter], ok[outcome], s=14, color="C0", alpha=0.8, lw=0,
               label=f"design point (mean of {reps})" if reps > 1 else "design point")
    if cens_point.any():
        c = table[cens_point]
        ax.scatter(c[parameter], c[outcome], s=22, marker="^", facecolors="none",
                   edgecolors="C3", lw=1,
                   label="not reached by the horizon (censored: at least this)")
    x = table[parameter]
    if pd.api.types.is_numeric_dtype(x) and x.nunique() > 20:
        bins = pd.qcut(x, 10, duplicates="drop")
        binned = table.groupby(bins, observed=True).agg(x=(parameter, "mean"),
                                                        y=(outcome, "mean"))
        ax.plot(binned["x"], binned["y"], color="C3", lw=2, marker="o",
                label="mean within deciles of the parameter")
    ax.set_xlabel(wrap_text(parameter_label(parameter), PANEL_WIDTH))
    ax.set_ylabel(wrap_text(outcome_label(outcome, base), PANEL_WIDTH))
    ax.set_title(wrap_text(f"{outcome_label(outcome)} vs {parameter_label(parameter)}",
                       PANEL_WIDTH))
    if len(ax.get_legend_handles_labels()[0]) > 1:
        ax.legend(loc="best", fontsize="small")
    ax.grid(True, alpha=0.3)
    return ax


def plot_outcome_vs_parameters(result: SweepResult, outcome: str | None = None, *,
                               ncols: int = 3, axes: np.ndarray | None = None) -> np.ndarray:
    """A grid of :func:`plot_outcome_vs_parameter` panels, one per input of the sweep.

    The outcome (default: the sweep's first) is named once, above the grid, and each panel is
    titled by its input; one legend, below the grid, replaces the panels' own.  Returns the
    array of Axes (``axes`` may be given: at least one per input, the rest hidden).
    """
    import math

    import numpy as np

    outcome = outcome or result.sweep.outcomes[0]
    names = result.parameters
    if axes is None:
        import matplotlib.pyplot as plt

        cols = max(1, min(ncols, len(names)))
        rows = math.ceil(len(names) / cols)
        _fig, axes = plt.subplots(rows, cols, figsize=(5.5 * cols, 4 * rows),
                                  layout="constrained", squeeze=False)
    flat = np.asarray(axes).ravel()
    if len(flat) < len(names):
        raise ValueError(f"{len(names)} inputs need {len(names)} axes, got {len(flat)}")
    for ax, name in zip(flat, names, strict=False):
        plot_outcome_vs_parameter(result, outcome, name, ax=ax)
        ax.set_title(ax.get_xlabel())
        if ax.get_legend() is not None:
            ax.get_legend().remove()
    for ax in flat[len(names):]:
        ax.set_visible(False)
    fig = flat[0].get_figure(root=True)
    label = " ".join(flat[0].get_ylabel().split())
    fig.suptitle(f"{label}, against each input ({len(result.table()):,} design points)")
    handles, labels = flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncol=min(len(labels), 4),
               fontsize="small")
    return np.asarray(axes)


def _fmt(path: str, x: Any) -> str:
    """A swept value as its input's unit reads: '3.54%' for a rate, '48.94' days, '2,125'."""
    if isinstance(x, float) and "." in path:
        from ..labels import format_input, input_unit

        if input_unit(path) == "%":
            return f"{x * 100:.3g}%"
        return format_input(path, float(f"{x:.4g}"))
    if isinstance(x, float):
        return f"{x:,.4g}"
    return str(x)
