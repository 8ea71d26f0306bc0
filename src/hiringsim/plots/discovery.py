"""What breaks the plan: the PRIM peeling trajectory and the chosen box's limits.

Each function takes a :class:`hiringsim.discovery.Discovery`, ``ax=None`` (a new figure),
returns the Axes and never calls ``plt.show()``. matplotlib is imported inside the functions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._common import new_axes, wrap_text

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from hiringsim.discovery import Discovery

__all__ = ["plot_discovery", "plot_discovery_box"]


def _case_words(d: Discovery) -> str:
    return "misses" if d.case == "miss" else "runs that reach the target"


def plot_discovery(d: Discovery, *, ax: Axes | None = None) -> Axes:
    """The peeling trajectory: density against coverage of every box, coloured by the number
    of inputs restricted, the chosen box ringed and the density asked drawn as a line."""
    ax = new_axes(ax, (7, 5))
    t = d.trajectory
    ax.plot(t["coverage"], t["density"], color="0.6", lw=1, zorder=1)
    pts = ax.scatter(t["coverage"], t["density"], c=t["restricted"], cmap="viridis", s=22,
                     zorder=2)
    cbar = ax.figure.colorbar(pts, ax=ax)
    cbar.set_label("inputs restricted")
    ax.scatter([d.coverage], [d.density], s=160, facecolors="none", edgecolors="C3", lw=2,
               zorder=3, label=f"chosen box: coverage {d.coverage:.0%}, "
                               f"density {d.density:.0%}")
    ax.axhline(d.density_asked, color="C3", ls=":", lw=1,
               label=f"density asked ({d.density_asked:.0%})")
    ax.set_xlabel(f"coverage (share of all {_case_words(d)} inside the box)")
    verb = "miss" if d.case == "miss" else "reach"
    ax.set_ylabel(f"density (share of runs in the box that {verb})")
    ax.set_xlim(0, 1.02)
    ax.set_ylim(0, 1.02)
    from matplotlib.ticker import PercentFormatter

    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    plan = f"{d.scenario}\n" if d.scenario else ""
    ax.set_title(f"{plan}what makes the plan {'miss' if d.case == 'miss' else 'reach'} the "
                 f"target (PRIM peeling, {d.runs} runs)")
    ax.legend(loc="lower left")
    return ax


def plot_discovery_box(d: Discovery, *, ax: Axes | None = None) -> Axes:
    """The chosen box's limits per input as bars over each input's range in the runs (0-100%
    of the range), restricted inputs first and coloured, each labelled with its limits."""
    from matplotlib.patches import Patch

    from ..discovery import WEAK, format_limit

    lim = d.limits
    ax = new_axes(ax, (10, 0.5 * len(lim) + 1.5))
    span = (lim["range_high"] - lim["range_low"]).where(lambda s: s > 0, 1.0)
    lo = (lim["low"] - lim["range_low"]) / span
    hi = (lim["high"] - lim["range_low"]) / span
    ys = list(range(len(lim)))[::-1]
    ax.barh(ys, [1.0] * len(lim), color="0.9", edgecolor="0.7", height=0.6,
            label="range in the runs")
    # a weak restriction (quasi-p above WEAK: a box as dense could arise without it) is drawn
    # pale, as the text calls it weak
    weak = [bool(r) and not (p <= WEAK) for r, p in zip(lim["restricted"], lim["p_value"],
                                                         strict=True)]
    colors = [("#f0a8a8" if w else "C3") if r else "0.75"
              for r, w in zip(lim["restricted"], weak, strict=True)]
    ax.barh(ys, hi - lo, left=lo, color=colors, height=0.6, label="the box")
    rows = lim.to_dict("records")
    for y, r, w in zip(ys, rows, weak, strict=True):
        if r["restricted"]:
            ax.text(1.01, y, f"{format_limit(r['input'], r['low'])} to "
                    f"{format_limit(r['input'], r['high'])}" + (" (weak)" if w else ""),
                    va="center", fontsize=8)
    ax.set_yticks(ys, [wrap_text(f"{r['label']} ({r['unit']})" if r["unit"] not in (
        "text", "number") else str(r["label"]), 40) for r in rows])
    ax.set_xlim(0, 1.6)  # the limits' text and the legend to the right of the bars
    ax.set_xticks([0, 0.5, 1], ["lowest drawn", "middle", "highest drawn"])
    ax.set_xlabel("each input's range over the runs")
    plan = f"{d.scenario}: " if d.scenario else ""
    ax.set_title(wrap_text(
        f"{plan}the box, coverage {d.coverage:.0%}, density {d.density:.0%} "
        f"({'misses' if d.case == 'miss' else 'reaches'})", 55))
    handles = [Patch(facecolor="0.9", edgecolor="0.7", label="range in the runs"),
               Patch(facecolor="C3", label="the box"),
               Patch(facecolor="0.75", label="not restricted")]
    if any(weak):
        handles.insert(2, Patch(facecolor="#f0a8a8",
                                label=f"the box, weak (quasi-p > {WEAK})"))
    ax.legend(handles=handles, loc="lower right", fontsize=8)
    return ax
