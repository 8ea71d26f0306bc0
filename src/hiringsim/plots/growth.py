"""Headcount growth against the target: fan chart, strategies side by side, time to target.

Each function takes ``ax=None`` (a new figure), returns the Axes and never calls ``plt.show()``.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from ._common import (
    as_strategies,
    date_axis,
    date_num,
    deadline_line,
    growth_label,
    measure_label,
    new_axes,
    over_label,
    target_line,
    thousands,
)

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

    from hiringsim.results import Results
    from hiringsim.scenario import Measure

__all__ = ["plot_fan", "plot_strategies", "plot_time_to_target"]


def _target_for(results: Results, role: str, measure: Measure) -> float:
    """The growth wanted of ``role`` in ``measure`` (NaN when the scenario sets none)."""
    sc = results.scenario
    if measure != sc.target.measure:
        return math.nan
    return sc.target_growth(role)


def _headroom(ax: Axes, target: float) -> None:
    """Keep the target line off the top edge: 8% of the range above max(data, target)."""
    lo, hi = ax.get_ylim()
    top = max(hi, target) if math.isfinite(target) else hi
    ax.set_ylim(lo, top + 0.08 * (top - lo))


def plot_fan(results: Results, *, role: str | None = None, measure: Measure | None = None,
             ax: Axes | None = None) -> Axes:
    """Fan chart of headcount growth: median, 50% and 90% bands across replications, with the
    target (horizontal) and the deadline (vertical).

    ``role`` and ``measure`` default to the target's (e.g. trained officers).  Other roles
    show their ratio target when the scenario sets one.
    """
    sc = results.scenario
    role = role or sc.target.role
    measure = measure or sc.target.measure
    ax = new_axes(ax, (9.0, 5.0))
    b = results.bands(role, measure=measure, quantiles=(0.05, 0.25, 0.5, 0.75, 0.95))
    x = b.index.to_numpy()
    n = results.replications
    ax.fill_between(x, b[0.05], b[0.95], color="C0", alpha=0.18, lw=0,
                    label="90% of replications")
    ax.fill_between(x, b[0.25], b[0.75], color="C0", alpha=0.38, lw=0,
                    label="50% of replications")
    ax.plot(x, b[0.5], color="C0", lw=2, label=f"median of {n:,} replications")
    want = _target_for(results, role, measure)
    if math.isfinite(want):
        if role == sc.target.role:
            met = float(results.kpis["target_by_deadline"].mean())
            label = f"target: +{want:,.0f} (met by the deadline in {met:.0%} of replications)"
        else:
            ratio = sc.role(role).ratio
            label = f"target: +{want:,.0f} ({ratio:g} per {sc.target.role})"
        target_line(ax, want, label=label)
    deadline_line(ax, sc.target.deadline)
    ax.set_xlim(x[0], x[-1])
    _headroom(ax, want)
    date_axis(ax)
    thousands(ax)
    ax.set_xlabel("date")
    ax.set_ylabel(growth_label(role, measure))
    ax.set_title(f"{sc.name}: growth of {measure_label(measure)} {role} headcount"
                 + over_label(results))
    ax.grid(True, alpha=0.3)
    ax.legend(loc="best", fontsize="small", framealpha=0.95)
    return ax


def plot_strategies(strategies: Any, *, role: str | None = None, ax: Axes | None = None,
                    band: float | None = 0.9) -> Axes:
    """Several strategies' median growth (and a light band holding ``band`` of replications)
    on one chart, with the target and the deadline.

    ``strategies``: a Comparison, a dict of label -> Results, or a list of Results.
    ``band=None`` draws medians only.
    """
    runs = as_strategies(strategies)
    first = next(iter(runs.values()))
    role = role or first.scenario.target.role
    ax = new_axes(ax, (9.0, 5.0))
    if band is not None and not 0 < band < 1:
        raise ValueError(f"band must be between 0 and 1 (a share of replications), got {band!r}")
    quantiles = (0.5,) if not band else ((1 - band) / 2, 0.5, (1 + band) / 2)
    targets: dict[float, str] = {}
    deadlines = []
    for i, (label, res) in enumerate(runs.items()):
        sc = res.scenario
        measure = sc.target.measure
        b = res.bands(role, measure=measure, quantiles=quantiles)
        x = b.index.to_numpy()
        color = f"C{i % 10}"
        if band:
            ax.fill_between(x, b[quantiles[0]], b[quantiles[-1]], color=color, alpha=0.14,
                            lw=0)
        ax.plot(x, b[0.5], color=color, lw=2, label=label)
        want = _target_for(res, role, measure)
        if math.isfinite(want):
            targets.setdefault(want, label)
        if sc.target.deadline not in deadlines:
            deadlines.append(sc.target.deadline)
    for want, label in targets.items():
        suffix = f" ({label})" if len(targets) > 1 else ""
        target_line(ax, want, label=f"target: +{want:,.0f}{suffix}")
    for d in deadlines:
        deadline_line(ax, d)
    _headroom(ax, max(targets, default=math.nan))
    date_axis(ax)
    thousands(ax)
    ax.set_xlabel("date")
    ax.set_ylabel(growth_label(role, first.scenario.target.measure))
    ax.set_title(f"Strategies compared: growth of {measure_label(first.scenario.target.measure)}"
                 f" {role} headcount" + over_label(*runs.values()))
    ax.grid(True, alpha=0.3)
    title = "median" + (f"; shaded: {band:.0%} of replications" if band else "")
    ax.legend(loc="best", fontsize="small", title=title, title_fontsize="small",
              framealpha=0.95)
    return ax


def plot_time_to_target(strategies: Any, *, ax: Axes | None = None) -> Axes:
    """When each strategy reaches the target: the empirical CDF of the date over replications.

    Replications that never reach the target by the horizon are censored, not dropped: the
    curve plateaus at the share that did, and the legend states the median date and the share
    not reached (or the share reached, when fewer than half reach it).
    ``strategies``: a Comparison, a dict of label -> Results, or one Results.
    """
    import numpy as np

    runs = as_strategies(strategies)
    first = next(iter(runs.values())).scenario
    ax = new_axes(ax, (9.0, 5.0))
    deadlines, ends = [], []
    for i, (label, res) in enumerate(runs.items()):
        sc = res.scenario
        days = res.kpis["target_day"].to_numpy(dtype=float)
        n = len(days)
        hit = np.sort(days[np.isfinite(days)])
        start = np.datetime64(sc.start, "D")
        end = np.datetime64(sc.end, "D")
        x = np.concatenate([[start], start + hit.astype("timedelta64[D]"), [end]])
        y = np.concatenate([[0.0], np.arange(1, len(hit) + 1) / n, [len(hit) / n]])
        missed = 1 - len(hit) / n if n else math.nan
        med = res.target_dates(quantiles=(0.5,)).iloc[0]
        if not len(hit):
            said = "never reached by the horizon"
        elif med["reached"]:
            said = f"median {med['date']:%b %Y}, not reached: {missed:.0%}"
        else:  # fewer than half reach it
            said = f"reached in {1 - missed:.0%} of replications (median: not by the horizon)"
        ax.step(x, y, where="post", color=f"C{i % 10}", lw=2, label=f"{label}: {said}")
        if sc.target.deadline not in deadlines:
            deadlines.append(sc.target.deadline)
        if sc.end not in ends:
            ends.append(sc.end)
    for d in deadlines:
        deadline_line(ax, d)
    for e in ends:
        ax.axvline(date_num(e), color="0.5", lw=1, ls="-", label="end of simulation (horizon)"
                   if e == ends[0] else "_nolegend_")
    from matplotlib.ticker import PercentFormatter

    ax.set_ylim(0, 1.02)
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    date_axis(ax)
    ax.set_xlabel("date the target is first reached")
    ax.set_ylabel("replications that reached the target (%)")
    t = first.target
    ax.set_title(f"When is the target reached? +{t.growth:,} {measure_label(t.measure)} "
                 f"{t.role}s" + over_label(*runs.values()))
    ax.grid(True, alpha=0.3)
    # halfway up on the left: each curve runs flat at 0% until its plan first reaches the
    # target and flat again once it is done, so only a plan's steep rise can cross this band;
    # the upper left covered the flat 100% of every plan that reached the target early
    ax.legend(loc="center left", fontsize="small")
    return ax
