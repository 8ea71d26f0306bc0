"""What a strategy costs: mean cost by category and the hiring cost per net hire
(:func:`plot_costs`, strategies side by side), and one strategy's cost by fiscal year, by cost
line or by role (:func:`plot_fiscal_costs`).

The functions take ``ax=None`` (a new figure), return the Axes and never call ``plt.show()``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from ._common import as_strategies, new_axes, thousands

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from ..results import Results

__all__ = ["COST_CATEGORIES", "plot_costs", "plot_fiscal_costs"]

#: cost categories stacked bottom to top (KPI columns ``cost_<category>``)
COST_CATEGORIES = ("recruiting", "screening", "academy", "incentives", "resources", "payroll")
_COLORS = ("C0", "C9", "C4", "C1", "C8", "0.72")


def plot_costs(strategies: Any, *, ax: Axes | None = None) -> Axes:
    """Stacked bars of the mean cost of each category over the horizon, per strategy, in
    US$ millions, with the total and the hiring cost per net hire (all costs but payroll,
    divided by the net growth of all roles) written above each bar.

    ``strategies``: a Comparison, a dict of label -> Results, or one Results.
    """
    from ..labels import cost_line_label

    runs = as_strategies(strategies)
    ax = new_axes(ax, (max(6.0, 1.8 * len(runs) + 4.0), 5.0))
    x = list(range(len(runs)))
    means = {label: {c: float(res.kpis[f"cost_{c}"].mean()) / 1e6 for c in COST_CATEGORIES}
             for label, res in runs.items()}
    bottom = [0.0] * len(runs)
    for cat, color in zip(COST_CATEGORIES, _COLORS, strict=True):
        vals = [means[label][cat] for label in runs]
        ax.bar(x, vals, bottom=bottom, width=0.55, color=color, label=cost_line_label(cat),
               zorder=2)
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


def plot_fiscal_costs(results: Results, *, by: str = "line", ax: Axes | None = None) -> Axes:
    """Stacked bars of the mean cost of each fiscal year in US$ millions, by cost line (every
    role together; shared resources' servers as their own line) or by role (``by="role"``;
    shared resources as their own segment), with each year's total written above its bar and
    partial years marked with the days simulated.  See :meth:`hiringsim.Results.costs`.
    """
    from ..labels import cost_line_label, cost_role_label

    if by not in ("line", "role"):
        raise ValueError(f"by must be 'line' or 'role', got {by!r}")
    c = results.costs()
    ax = new_axes(ax, (10.0, 5.5))
    sc = results.scenario
    if c.empty:
        ax.set_title(f"Cost by fiscal year: no fiscal-year end in {sc.start}..{sc.end}")
        return ax
    table = c.pivot_table(index="fiscal_year", columns=by, values="mean", aggfunc="sum",
                          sort=False) / 1e6
    order = [x for x in (COST_CATEGORIES if by == "line" else c["role"].unique())
             if x in table.columns and (table[x] != 0).any()]
    years = list(table.index)
    x = list(range(len(years)))
    bottom = [0.0] * len(years)
    for i, key in enumerate(order):
        vals = [float(v) for v in table[key]]
        name = cost_line_label(key) if by == "line" else cost_role_label(key)
        color = _COLORS[COST_CATEGORIES.index(key)] if by == "line" else f"C{i % 10}"
        ax.bar(x, vals, bottom=bottom, width=0.7, color=color, label=name, zorder=2)
        bottom = [a + b for a, b in zip(bottom, vals, strict=True)]
    days = c.groupby("fiscal_year", sort=False)["days"].first()
    for xi, year, total in zip(x, years, bottom, strict=True):
        text = f"${total / 1000:,.2f} B" if total >= 1000 else f"${total:,.1f} M"
        if days[year] < 365:
            text += f"\n({days[year]} days)"
        ax.annotate(text, (xi, total), xytext=(0, 3), textcoords="offset points",
                    ha="center", va="bottom", fontsize="small")
    top = max(bottom) if max(bottom) > 0 else 1.0
    ax.set_ylim(0, top * 1.18)
    ax.set_xticks(x, [f"FY{y}" for y in years])
    thousands(ax, decimals=0 if top >= 10 else 1)
    ax.set_xlabel("fiscal year (1 October to 30 September)")
    ax.set_ylabel("mean cost in the year (US$ millions)")
    ax.set_title(f"{sc.name}: cost by fiscal year and {'cost line' if by == 'line' else 'role'}"
                 f" (mean of {results.replications:,} replications)")
    ax.grid(True, axis="y", alpha=0.3, zorder=0)
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles[::-1], labels[::-1], loc="upper left", bbox_to_anchor=(1.01, 1.0),
              fontsize="small", title="cost line" if by == "line" else "role",
              title_fontsize="small", frameon=False)
    return ax
