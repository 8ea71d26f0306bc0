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

__all__ = ["plot_resources", "plot_utilization"]

BAR_COLOR = "C0"


def plot_resources(results: Results, *, ax: Axes | None = None) -> Axes:
    """Utilization of each scarce capacity (shared resources and academy seats) as bars, mean
    over replications, annotated with the mean (and 90th-percentile) wait; the bottleneck —
    the capacity with the highest use in most replications — is drawn in a different colour.
    """
    from matplotlib.ticker import PercentFormatter

    sc = results.scenario
    g = results.resources.groupby("resource", sort=False).agg(
        kind=("kind", "first"), utilization=("utilization_surge", "mean"),
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
    ax.set_ylabel("utilization until the target is reached\n(% of capacity-days in use)")
    ax.set_title(f"{sc.name}: use of scarce capacity (mean of {results.replications:,} "
                 "replications)")
    ax.grid(True, axis="y", alpha=0.3, zorder=0)
    handles, labels = ax.get_legend_handles_labels()
    order = sorted(range(len(labels)), key=lambda i: ["scarce capacity", "bottleneck",
                                                       "full capacity"].index(labels[i]))
    ax.legend([handles[i] for i in order], [labels[i] for i in order], loc="upper right",
              fontsize="small")
    return ax


def plot_utilization(results: Results, *, resource: str | None = None, weekly: bool = True,
                     ax: Axes | None = None) -> Axes:
    """Utilization of a resource over time (median and 90% band across replications), with the
    number of candidates waiting for it on a second axis — when does the bottleneck bind?

    ``resource`` defaults to the first resource; ``weekly`` averages days into weeks.
    """
    import numpy as np
    import pandas as pd
    from matplotlib.ticker import PercentFormatter

    from ._common import date_axis, deadline_line, thousands

    sc = results.scenario
    if not sc.resources:
        raise ValueError(f"scenario {sc.name!r} has no resources")
    resource = resource or sc.resources[0].name
    util = results.utilization(resource)
    from ..model import names as n

    waiting = sum(results.series(role.name, n.queue(stage.name))
                  for role in sc.roles for stage in role.stages if stage.resource == resource)
    dates = results.dates
    frame = pd.DataFrame(util.T, index=dates)
    wait = pd.DataFrame(np.asarray(waiting, dtype=float).T, index=dates)
    if weekly:
        frame, wait = frame.resample("W").mean(), wait.resample("W").mean()
    q = frame.quantile([0.05, 0.5, 0.95], axis=1).T
    ax = new_axes(ax, (10.0, 4.8))
    ax.fill_between(q.index, q[0.05], q[0.95], color="C0", alpha=0.25, lw=0,
                    label="utilization, 90% of replications")
    ax.plot(q.index, q[0.5], color="C0", lw=2, label="utilization, median")
    ax.axhline(1.0, color="0.3", lw=1, ls="--", label="all servers busy")
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_ylim(0, 1.15)
    ax.set_ylabel(f"{capacity_label(resource)}: busy share of servers")
    ax.set_xlabel("date")
    deadline_line(ax, sc.target.deadline, label=f"deadline: {sc.target.deadline:%d %b %Y}")
    twin = ax.twinx()
    twin.plot(wait.index, wait.median(axis=1), color="C1", lw=1.5,
              label="candidates waiting (median)")
    twin.set_ylabel("candidates waiting (people)")
    twin.set_ylim(bottom=0)
    thousands(twin)
    date_axis(ax)
    lines = ax.get_legend_handles_labels()
    more = twin.get_legend_handles_labels()
    ax.legend(lines[0] + more[0], lines[1] + more[1], loc="upper right", fontsize="small")
    ax.set_title(f"{sc.name}: {capacity_label(resource)} utilization and queue over time")
    ax.grid(alpha=0.3)
    return ax
