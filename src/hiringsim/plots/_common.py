"""Shared helpers of the plot modules: axes creation, calendar and number axes, labels.

Nothing here imports matplotlib at module level; callers import it inside their functions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure, SubFigure

    from hiringsim.results import Results

#: colour of the target line, the deadline line and the bottleneck highlight
TARGET_COLOR = "0.15"
DEADLINE_COLOR = "C3"
HIGHLIGHT_COLOR = "C3"


def over_label(*results: Results) -> str:
    """``" (with input uncertainty)"`` / ``" (fixed inputs)"`` for a title when a scenario
    declares uncertain inputs (one label, or per plan when they differ), else ``""``."""
    labels = [r.input_uncertainty.split(" (")[0] for r in results]
    found = sorted(set(labels) - {""})
    if not found:
        return ""
    return "\n(" + (found[0] if len(found) == 1 else "; ".join(found) + " by plan") + ")"


def wrap_text(text: str, width: int) -> str:
    """``text`` in lines of at most ``width`` characters, broken between words only: a long
    name, title or axis label wrapped rather than cut off at the figure's edge."""
    import textwrap

    return textwrap.fill(text, width, break_long_words=False, break_on_hyphens=False)


def new_axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    """``ax`` itself, or the Axes of a new pyplot figure of ``size`` inches."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _fig, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def as_strategies(obj: Any) -> dict[str, Results]:
    """Label -> Results from a Comparison, a mapping, one Results or a list of Results."""
    results = getattr(obj, "results", None)
    if isinstance(results, Mapping):  # a Comparison
        return dict(results)
    if isinstance(obj, Mapping):
        return dict(obj)
    if hasattr(obj, "kpis") and hasattr(obj, "scenario"):  # one Results
        return {obj.scenario.name: obj}
    if isinstance(obj, list | tuple):
        out = {r.scenario.name: r for r in obj}
        if len(out) < len(obj):
            raise ValueError("several results share a scenario name; pass a dict of labels")
        return out
    raise TypeError("expected a Comparison, a dict of label -> Results, or Results; got "
                    f"{type(obj).__name__}")


def date_axis(ax: Axes, axis: str = "x") -> None:
    """Calendar ticks that stay readable at any span (concise year/month labels)."""
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=4, maxticks=9)
    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(locator)
    target.set_major_formatter(mdates.ConciseDateFormatter(locator))


def thousands(ax: Axes, axis: str = "y", *, decimals: int = 0, prefix: str = "",
              suffix: str = "") -> None:
    """Tick labels with thousands separators (10,000 rather than 10000 or 1e4)."""
    from matplotlib.ticker import FuncFormatter

    fmt = FuncFormatter(lambda v, _pos: f"{prefix}{v:,.{decimals}f}{suffix}")
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(fmt)


def date_num(d: dt.date) -> float:
    """Matplotlib's float for a calendar date (the x of a vertical line on a date axis)."""
    import matplotlib.dates as mdates

    return float(mdates.date2num(d))


def fmt_date(d: dt.date) -> str:
    return f"{d.day} {d:%b %Y}"


def target_line(ax: Axes, growth: float, *, label: str | None = None, color: str = TARGET_COLOR,
                ) -> None:
    """Horizontal dashed line at the target growth."""
    ax.axhline(growth, color=color, ls="--", lw=1.3, zorder=3,
               label=label if label is not None else f"target: +{growth:,.0f}")


def deadline_line(ax: Axes, deadline: dt.date, *, label: str | None = None) -> None:
    """Vertical dotted line at the deadline (on a date axis)."""
    ax.axvline(date_num(deadline), color=DEADLINE_COLOR, ls=":", lw=1.6, zorder=3,
               label=label if label is not None else f"deadline: {fmt_date(deadline)}")


def measure_label(measure: str) -> str:
    return {"on_duty": "on-duty", "trained": "trained", "on_board": "on-board"}.get(
        measure, measure.replace("_", " "))


def growth_label(role: str, measure: str) -> str:
    """Y-axis label of a headcount-growth chart, e.g. 'trained officer headcount above start'."""
    return f"{measure_label(measure)} {role} headcount above start (people)"


def state_label(state: str) -> str:
    """Readable name of a pipeline state."""
    from ..model import names as n

    stage = n.queued_for(state)
    if stage is not None:
        return f"{stage.replace('_', ' ')}: waiting for capacity"
    return {n.OFFER_WAIT: "offer: waiting for a position or class", n.ACADEMY: "academy",
            n.COURSE: "course (entry channels)", n.ONBOARDING: "field onboarding",
            n.ON_DUTY: "on duty"}.get(
        state, state.replace("_", " "))


def capacity_label(name: str) -> str:
    """Readable name of a scarce capacity ('academy:officer' -> 'officer academy seats')."""
    from ..labels import capacity_label as label

    return label(name)


def save_figure(ax_or_fig: Axes | Figure, path: str | Path, *, dpi: int = 150) -> Path:
    """Save the figure holding ``ax_or_fig`` (an Axes or a Figure) as ``path``; return the path.

    Parent folders are created; the format follows the suffix (.png, .svg, .pdf).
    """
    from matplotlib.figure import Figure

    fig: Axes | Figure | SubFigure = ax_or_fig
    while not isinstance(fig, Figure):  # Axes -> (SubFigure ->) Figure
        fig = fig.figure
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=dpi, bbox_inches="tight", facecolor="white")
    return path
