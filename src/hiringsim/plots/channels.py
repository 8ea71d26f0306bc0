"""Entry channels: hires of a role by channel in each fiscal year.

The function takes ``ax=None`` (a new figure), returns the Axes and never calls ``plt.show()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..labels import channel_label
from ._common import new_axes, thousands

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from ..results import Results

__all__ = ["plot_channels"]

_PREFIX = "hires_channel_"


def plot_channels(results: Results, *, role: str | None = None, ax: Axes | None = None) -> Axes:
    """Stacked bars of the mean hires (entries on duty) of ``role`` (default: the target role)
    by entry channel in each fiscal year, with the year's total above each bar.

    Raises ``ValueError`` when the role has no further entry channels.
    """
    sc = results.scenario
    role = role or sc.target.role
    fy = results.fiscal
    cols = [c for c in fy.columns if str(c).startswith(_PREFIX)] if len(fy) else []
    rows = fy[fy["role"] == role] if cols else fy
    cols = [c for c in cols if rows[c].notna().any()]  # the role's own channels
    if not cols:
        raise ValueError(f"role {role!r} has no entry channels besides its own; give "
                         f"roles.{role}.channels to compare channels")
    by = rows.groupby("fiscal_year")[cols].mean()
    ax = new_axes(ax, (max(7.0, 0.8 * len(by) + 4.0), 5.0))
    x = list(range(len(by)))
    bottom = [0.0] * len(by)
    for i, col in enumerate(cols):
        vals = by[col].fillna(0.0).to_list()
        ax.bar(x, vals, bottom=bottom, width=0.6, color=f"C{i}", zorder=2,
               label=channel_label(col.removeprefix(_PREFIX)))
        bottom = [a + b for a, b in zip(bottom, vals, strict=True)]
    for xi, total in zip(x, bottom, strict=True):
        ax.annotate(f"{total:,.0f}", (xi, total), xytext=(0, 3), textcoords="offset points",
                    ha="center", va="bottom", fontsize="small")
    ax.set_xticks(x, [f"FY{y}" for y in by.index])
    ax.set_ylim(0, (max(bottom) if bottom and max(bottom) > 0 else 1.0) * 1.15)
    thousands(ax)
    ax.set_xlabel("fiscal year (ends 30 September)")
    ax.set_ylabel(f"{role} hires (entries on duty), mean per replication")
    ax.set_title(f"{sc.name}: {role} hires by entry channel "
                 f"(mean of {results.replications:,} replications)")
    ax.grid(True, axis="y", alpha=0.3, zorder=0)
    ax.legend(title="entry channel", loc="upper left", bbox_to_anchor=(1.01, 1.0),
              fontsize="small", frameon=False)
    return ax
