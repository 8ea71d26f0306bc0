"""Scarce capacity: how much of each resource and academy was used, and the wait for it.

The function takes ``ax=None`` (a new figure), returns the Axes and never calls ``plt.show()``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from ._common import HIGHLIGHT_COLOR, capacity_label, new_axes

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from hiringsim.results import Results

__all__ = ["plot_resources"]

BAR_COLOR = "C0"


def plot_resources(results: Results, *, ax: Axes | None = None) -> Axes:
    """Utilization of each scarce capacity (shared resources and academy seats) as bars, mean
    over replications, annotated with the mean (and 90th-percentile) wait; the bottleneck —
    the capacity with the highest use in most replications — is drawn in a different colour.
    """
    from matplotlib.ticker import PercentFormatter

    sc = results.scenario
    g = results.resources.groupby("resource", sort=False).agg(
        kind=("kind", "first"), utilization=("utilization", "mean"),
        wait_mean=("wait_mean", "mean"), wait_p90=("wait_p90", "mean"))
    bottleneck = results.bottleneck()
    ax = new_axes(ax, (max(5.0, 1.6 * len(g) + 3.0), 4.8))
    x = list(range(len(g)))
    first_plain = True
    for xi, (name, r) in zip(x, g.iterrows(), strict=True):
        is_b = name == bottleneck
        if is_b:
            label = "bottleneck"
        elif first_plain:
            label, first_plain = "scarce capacity", False
        else:
            label = "_nolegend_"
        ax.bar(xi, r["utilization"], width=0.6, color=HIGHLIGHT_COLOR if is_b else BAR_COLOR,
               label=label, zorder=2)
        if r["kind"] == "academy":
            note = f"{r['utilization']:.0%} of seats filled"
        elif math.isfinite(r["wait_mean"]):
            note = (f"{r['utilization']:.0%} busy\nmean wait {r['wait_mean']:,.0f} days\n"
                    f"(90% within {r['wait_p90']:,.0f})")
        else:
            note = f"{r['utilization']:.0%} busy\nnobody served"
        inside = r["utilization"] > 0.45  # inside the bar's top, clear of the 100% line
        ax.annotate(note, (xi, r["utilization"]), xytext=(0, -6 if inside else 4),
                    textcoords="offset points", ha="center", va="top" if inside else "bottom",
                    fontsize="small", color="white" if inside else "black",
                    fontweight="bold" if is_b else "normal")
    ax.axhline(1.0, color="0.3", lw=1, ls="--", label="full capacity", zorder=1)
    top = max([1.0, *g["utilization"].fillna(0).tolist()])
    ax.set_ylim(0, top * 1.32)
    ax.set_xlim(-0.6, len(g) - 0.4)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xticks(x, [capacity_label(n) + ("\n(bottleneck)" if n == bottleneck else "")
                      for n in g.index])
    ax.set_xlabel("scarce capacity")
    ax.set_ylabel("utilization (% of capacity-days in use)")
    ax.set_title(f"{sc.name}: use of scarce capacity (mean of {results.replications:,} "
                 "replications)")
    ax.grid(True, axis="y", alpha=0.3, zorder=0)
    handles, labels = ax.get_legend_handles_labels()
    order = sorted(range(len(labels)), key=lambda i: ["scarce capacity", "bottleneck",
                                                       "full capacity"].index(labels[i]))
    ax.legend([handles[i] for i in order], [labels[i] for i in order], loc="upper right",
              fontsize="small")
    return ax
