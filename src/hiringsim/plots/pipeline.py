"""The hiring pipeline: who is where over time, the funnel of stages, the time to hire.

Each function takes ``ax=None`` (a new figure), returns the Axes and never calls ``plt.show()``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from ..labels import channel_label
from ._common import date_axis, deadline_line, new_axes, state_label, thousands

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes
    from matplotlib.typing import ColorType

    from hiringsim.results import Results

__all__ = ["plot_funnel", "plot_pipeline", "plot_time_to_hire"]

#: funnel segments: column, legend label, colour
SEGMENTS = (("passed", "passed", "C2"), ("failed", "failed", "C3"),
            ("withdrew", "withdrew", "C1"), ("in_progress", "still in the stage at the horizon",
                                             "0.78"))


def _state_colors(states: Sequence[str]) -> dict[str, ColorType]:
    """Screening stages in blues (darker further on), waits in oranges, then academy (purple),
    a channel's course (light purple), onboarding (light green) and on duty (green)."""
    import matplotlib as mpl

    from ..model import names as n

    fixed = {n.OFFER_WAIT: "#f2c14e", n.ACADEMY: "#8e6bbf", n.COURSE: "#c9a0dc",
             n.ONBOARDING: "#a6d96a", n.ON_DUTY: "#2e8b57"}
    stages = [s for s in states if s not in fixed and n.queued_for(s) is None]
    queues = [s for s in states if n.queued_for(s) is not None]
    blues, oranges = mpl.colormaps["Blues"], mpl.colormaps["Oranges"]
    out: dict[str, ColorType] = {}
    for i, s in enumerate(stages):
        out[s] = blues(0.3 + 0.55 * i / max(len(stages) - 1, 1))
    for i, s in enumerate(queues):
        out[s] = oranges(0.55 + 0.3 * i / max(len(queues) - 1, 1))
    out.update({s: c for s, c in fixed.items() if s in states})
    return out


def plot_pipeline(results: Results, *, role: str | None = None, ax: Axes | None = None,
                  replication: int | None = None, states: Sequence[str] | None = None) -> Axes:
    """Stacked area of the people in each state by day: the mean over replications, or one
    replication (by its number).

    States are stacked in pipeline order from the top (first screening stage) to the bottom
    (on duty), and the legend lists them in the same order.  ``states`` keeps a subset.
    """
    sc = results.scenario
    role = role or sc.target.role
    order = results.states[role]
    if states is not None:
        unknown = [s for s in states if s not in order]
        if unknown:
            raise KeyError(f"role {role!r} has no state {unknown[0]!r}; states: "
                           f"{', '.join(order)}")
        order = [s for s in order if s in states]
    if replication is None:
        row = None
        what = f"mean of {results.replications:,} replications"
    else:
        reps = results.kpis["replication"].tolist()
        if replication not in reps:
            raise KeyError(f"no replication {replication!r}; replications: 0..{max(reps)}")
        row = reps.index(replication)
        what = f"replication {replication}"
    ax = new_axes(ax, (11.0, 5.5))
    x = results.dates.to_numpy()
    bottom_up = list(reversed(order))
    ys = [results.series(role, s).mean(axis=0) if row is None else results.series(role, s)[row]
          for s in bottom_up]
    colors = _state_colors(order)
    ax.stackplot(x, *ys, labels=[state_label(s) for s in bottom_up],
                 colors=[colors[s] for s in bottom_up], lw=0)
    deadline_line(ax, sc.target.deadline)
    ax.set_xlim(x[0], x[-1])
    ax.set_ylim(bottom=0)
    date_axis(ax)
    thousands(ax)
    ax.set_xlabel("date")
    ax.set_ylabel("people at the end of the day")
    ax.set_title(f"{sc.name}: where the {role} pipeline's people are ({what})")
    ax.grid(True, alpha=0.3)
    handles, labels = ax.get_legend_handles_labels()
    # stack top first (pipeline order), then the deadline
    n = len(bottom_up)
    order_idx = list(range(n - 1, -1, -1)) + list(range(n, len(handles)))
    ax.legend([handles[i] for i in order_idx], [labels[i] for i in order_idx],
              loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize="small",
              title="state (pipeline order)", title_fontsize="small", frameon=False)
    return ax


def _stage_labels(stage: str) -> tuple[str, str]:
    """(y tick label, word for 'passed') of a funnel stage."""
    if stage == "offer":
        return "offer (wait for a position or class)", "hired"
    if stage in ("academy", "course"):
        return stage, "graduated"
    if stage == "tentative_clearance":
        return "hired on a tentative clearance", "not removed"
    return stage.replace("_", " "), "passed"


def plot_funnel(results: Results, *, role: str | None = None, channel: str | None = None,
                ax: Axes | None = None) -> Axes:
    """The hiring funnel: one horizontal bar per stage (pipeline order, first at the top) as
    long as the mean number who entered it, split into passed / failed / withdrew / still in
    the stage at the horizon; annotated with applications per hire.  ``channel``: one entry
    channel of a role that has several (default: all of them).
    """
    sc = results.scenario
    role = role or sc.target.role
    f = results.funnel[results.funnel["role"] == role]
    if "channel" in f.columns:  # a role with entry channels: its totals, or one channel's rows
        f = f[f["channel"].fillna("all") == (channel or "all")]
    if f.empty:
        raise KeyError(f"no funnel rows for role {role!r}; roles: "
                       f"{', '.join(r.name for r in sc.roles)}")
    g = f.groupby("stage", sort=False)[["entered", "passed", "failed", "withdrew"]].mean()
    g["in_progress"] = (g["entered"] - g["passed"] - g["failed"] - g["withdrew"]).clip(lower=0)
    ax = new_axes(ax, (10.0, 0.55 * len(g) + 2.2))
    y = list(range(len(g)))
    left = [0.0] * len(g)
    for col, label, color in SEGMENTS:
        vals = g[col].to_numpy(dtype=float)
        ax.barh(y, vals, left=left, height=0.7, color=color, label=label)
        left = [a + b for a, b in zip(left, vals, strict=True)]
    top = float(g["entered"].max()) or 1.0
    for yi, (stage, r) in zip(y, g.iterrows(), strict=True):
        _, word = _stage_labels(str(stage))
        n = r["entered"] or 1.0
        rest = [f"{r[c] / n:.0%} {c}" for c in ("failed", "withdrew") if r[c] > 0]
        if r["in_progress"] >= 0.005 * n:
            rest.append(f"{r['in_progress'] / n:.0%} still in")
        ax.text(r["entered"] + 0.01 * top, yi,
                f"{r['entered']:,.0f} in → {r['passed']:,.0f} {word} ({r['passed'] / n:.0%})\n"
                + ", ".join(rest), va="center", ha="left", fontsize="small", linespacing=1.3)
    ax.set_yticks(y, [_stage_labels(s)[0] for s in g.index])
    ax.invert_yaxis()
    ax.set_xlim(0, top * 1.42)
    thousands(ax, "x")
    apps = float(g["entered"].iloc[0])
    hires = float(g["passed"].loc["offer"]) if "offer" in g.index else float("nan")
    per_hire = apps / hires if hires else float("nan")
    ax.text(0.98, 0.04, f"{per_hire:,.1f} applications per hire\n"
            f"({apps:,.0f} applications, {hires:,.0f} hires)",
            transform=ax.transAxes, ha="right", va="bottom", fontsize="medium",
            bbox={"boxstyle": "round", "fc": "white", "ec": "0.7"})
    ax.set_xlabel(f"people per replication (mean of {results.replications:,}), "
                  f"{sc.start:%b %Y} to {sc.end:%b %Y}")
    ax.set_ylabel("stage (pipeline order)")
    ax.set_title(f"{sc.name}: {role} hiring funnel"
                 + (f" ({channel_label(channel)} channel)" if channel else ""))
    ax.grid(True, axis="x", alpha=0.3)
    ax.legend(loc="center right", fontsize="small")
    return ax


def plot_time_to_hire(results: Results, *, role: str | None = None,
                      ax: Axes | None = None) -> Axes:
    """Histogram (weekly bins) of the days from application to entry on duty, pooled over
    replications, with the mean and median marked."""
    import numpy as np
    from matplotlib.ticker import PercentFormatter

    sc = results.scenario
    role = role or sc.target.role
    h = results.time_to_hire(role)
    hires = h["hires"].to_numpy(dtype=float)
    ax = new_axes(ax, (9.0, 4.5))
    nz = np.nonzero(hires)[0]
    last = int(nz[-1]) + 1 if len(nz) else 1
    edges = np.append(h["days_from"].to_numpy()[:last], h["days_to"].iloc[last - 1])
    share = h["share"].to_numpy(dtype=float)[:last]
    ax.stairs(share, edges, fill=True, color="C0", alpha=0.75,
              label=f"hires ({hires.sum() / max(results.replications, 1):,.0f} per replication)")
    if role == sc.target.role and "time_to_hire_mean" in results.kpis:
        mean = float(results.kpis["time_to_hire_mean"].mean())
        median = float(results.kpis["time_to_hire_median"].mean())
        approx = ""
    else:  # from the weekly histogram
        mid = (edges[:-1] + edges[1:]) / 2
        total = hires.sum()
        mean = float((mid * hires[:last]).sum() / total) if total else float("nan")
        cum = np.cumsum(hires[:last]) / total if total else np.zeros(last)
        i = int(np.searchsorted(cum, 0.5))
        below = cum[i - 1] if i else 0.0
        median = float(edges[i] + (0.5 - below) / max(cum[i] - below, 1e-12) *
                       (edges[i + 1] - edges[i])) if total else float("nan")
        approx = "≈ "
    if np.isfinite(mean):  # no hires, no lines
        ax.axvline(mean, color="C1", ls="--", lw=1.8, label=f"mean: {approx}{mean:,.0f} days")
        ax.axvline(median, color="0.15", ls=":", lw=1.8,
                   label=f"median: {approx}{median:,.0f} days")
    ax.set_xlim(0, edges[-1])
    ax.yaxis.set_major_formatter(PercentFormatter(1.0, decimals=1))
    thousands(ax, "x")
    ax.set_xlabel("time to hire: days from application to entry on duty (7-day bins)")
    ax.set_ylabel("share of hires (% per 7-day bin)")
    ax.set_title(f"{sc.name}: {role} time to hire")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="best", fontsize="small", framealpha=0.95)
    return ax
