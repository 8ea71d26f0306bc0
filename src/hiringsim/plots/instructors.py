"""Instructors on loan from a role's on-duty staff, and its operational headcount net of them
(the rule: :mod:`hiringsim.measures.instructors`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._common import new_axes

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from hiringsim.results import Results

__all__ = ["plot_instructors"]


def plot_instructors(results: Results, *, role: str | None = None, weekly: bool = True,
                     ax: Axes | None = None) -> Axes:
    """Instructors on loan from ``role``'s on-duty staff over time (median and 90% band across
    replications), with its on-duty and operational headcount (on duty minus instructors,
    medians) on a second axis -- how many officers does teaching take off the street?

    ``role`` defaults to the target role; ``weekly`` averages days into weeks.
    """
    import pandas as pd

    from ..model import names as n
    from ._common import date_axis, deadline_line, thousands

    sc = results.scenario
    role = role or sc.target.role
    loans = results.instructors(role)
    on_duty = results.series(role, n.ON_DUTY).astype(float)
    dates = results.dates
    frame = pd.DataFrame(loans.T, index=dates)
    duty = pd.DataFrame(on_duty.T, index=dates)
    net = pd.DataFrame((on_duty - loans).T, index=dates)
    if weekly:
        frame, duty, net = (f.resample("W").mean() for f in (frame, duty, net))
    q = frame.quantile([0.05, 0.5, 0.95], axis=1).T
    ax = new_axes(ax, (10.0, 4.8))
    ax.fill_between(q.index, q[0.05], q[0.95], color="C3", alpha=0.25, lw=0,
                    label="instructors on loan, 90% of replications")
    ax.plot(q.index, q[0.5], color="C3", lw=2, label="instructors on loan, median")
    ax.set_ylabel(f"{role} instructors on loan (people)")
    ax.set_ylim(bottom=0)
    ax.set_xlabel("date")
    deadline_line(ax, sc.target.deadline, label=f"deadline: {sc.target.deadline:%d %b %Y}")
    twin = ax.twinx()
    twin.plot(duty.index, duty.median(axis=1), color="0.4", lw=1.5, ls="--",
              label=f"{role} on duty (median)")
    twin.plot(net.index, net.median(axis=1), color="C0", lw=1.5,
              label=f"{role} operational, net of instructors (median)")
    twin.set_ylabel(f"{role} headcount (people)")
    thousands(twin)
    date_axis(ax)
    lines = ax.get_legend_handles_labels()
    more = twin.get_legend_handles_labels()
    ax.legend(lines[0] + more[0], lines[1] + more[1], loc="upper left", fontsize="small")
    ax.set_title(f"{sc.name}: {role} instructors on loan to the academy")
    ax.grid(alpha=0.3)
    return ax
