"""Milestones together: tentative and final offers, entries on duty, trained, operational.

So that "hired" as announced (offers, entries on duty) and "on duty" can be compared on one
calendar.  Takes ``ax=None`` (a new figure), returns the Axes, never calls ``plt.show()``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..labels import MILESTONES
from ..model.names import MILESTONES as ORDER
from ._common import date_axis, new_axes, thousands

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from hiringsim.results import Results

__all__ = ["plot_milestones"]


def plot_milestones(results: Results, *, role: str | None = None, ax: Axes | None = None
                    ) -> Axes:
    """Cumulative count of each milestone since the start: mean and 5-95% band across
    replications (``role`` defaults to the target's).

    Examples
    --------
    >>> ax = plot_milestones(hiringsim.simulate(sc, 20, seed=1))  # doctest: +SKIP
    """
    sc = results.scenario
    role = role or sc.target.role
    ax = new_axes(ax, (9.0, 5.0))
    m = results.milestones(role, cumulative=True, quantiles=(0.05, 0.95))
    for i, name in enumerate(ORDER):
        part = m[m["milestone"] == name]
        x = part["date"].to_numpy()
        ax.fill_between(x, part[0.05], part[0.95], color=f"C{i}", alpha=0.2, linewidth=0)
        ax.plot(x, part["mean"], color=f"C{i}", label=MILESTONES[name].text)
    ax.set_title(f"{role}: milestones since {sc.start} (mean, 5-95% of replications)")
    ax.set_xlabel("date")
    ax.set_ylabel(f"{role} since the start (people)")
    date_axis(ax)
    thousands(ax)
    ax.legend(loc="upper left")
    return ax
