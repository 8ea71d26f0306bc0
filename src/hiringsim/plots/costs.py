"""What a strategy costs: mean cost by category, and the hiring cost per net hire.

The function takes ``ax=None`` (a new figure), returns the Axes and never calls ``plt.show()``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from ._common import as_strategies, new_axes, thousands

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["COST_CATEGORIES", "plot_costs"]

#: cost categories stacked bottom to top (KPI columns ``cost_<category>``)
COST_CATEGORIES = ("recruiting", "screening", "academy", "incentives", "resources", "payroll")
_COLORS = ("C0", "C9", "C4", "C1", "C8", "0.72")


def plot_costs(strategies: Any, *, ax: Axes | None = None) -> Axes:
    """Stacked bars of the mean cost of each category over the horizon, per strategy, in
    US$ millions, with the total and the hiring cost per net hire (all costs but payroll,
    divided by the net growth of all roles) written above each bar.

    ``strategies``: a Comparison, a dict of label -> Results, or one Results.
    """
    runs = as_strategies(strategies)
    ax = new_axes(ax, (max(6.0, 1.8 * len(runs) + 4.0), 5.0))
    x = list(range(len(runs)))
    means = {label: {c: float(res.kpis[f"cost_{c}"].mean()) / 1e6 for c in COST_CATEGORIES}
             for label, res in runs.items()}
    bottom = [0.0] * len(runs)
    for cat, color in zip(COST_CATEGORIES, _COLORS, strict=True):
        vals = [means[label][cat] for label in runs]
        ax.bar(x, vals, bottom=bottom, width=0.55, color=color, label=cat, zorder=2)
        bottom = [a + b for a, b in zip(bottom, vals, strict=True)]
    for xi, res, total in zip(x, runs.values(), bottom, strict=True):
        per_rep = res.kpis["cost_per_net_hire"].astype(float)
        per = float(per_rep[per_rep.notna()].mean()) if per_rep.notna().any() else math.nan
        per_txt = f"${per:,.0f}" if math.isfinite(per) else "n/a (no net growth)"
        total_txt = f"${total / 1000:,.2f} B" if total >= 1000 else f"${total:,.1f} M"
        ax.annotate(f"{total_txt} total\n{per_txt} hiring cost\nper net hire", (xi, total),
                    xytext=(0, 4), textcoords="offset points", ha="center", va="bottom",
                    fontsize="small")
    top = max(bottom) if bottom and max(bottom) > 0 else 1.0
    ax.set_ylim(0, top * 1.3)
    ax.set_xlim(-0.6, len(runs) - 0.4)
    ax.set_xticks(x, list(runs))
    thousands(ax, decimals=0 if top >= 10 else 1)
    first = next(iter(runs.values()))
    sc = first.scenario
    ax.set_xlabel("strategy")
    ax.set_ylabel(f"mean cost, {sc.start:%b %Y} to {sc.end:%b %Y} (US$ millions)")
    ax.set_title(f"Cost by category (mean of {first.replications:,} replications)")
    ax.grid(True, axis="y", alpha=0.3, zorder=0)
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles[::-1], labels[::-1], loc="upper left", bbox_to_anchor=(1.01, 1.0),
              fontsize="small", title="category", title_fontsize="small", frameon=False)
    return ax
