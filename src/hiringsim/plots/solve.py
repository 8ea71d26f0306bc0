"""Plots for goal seeking and calibration: the cost-versus-probability frontier of a solve, and
observed data against the calibrated model's simulated bands.

Each function takes ``ax=None`` (a new figure), returns the Axes and never calls ``plt.show()``.
matplotlib is imported inside the functions.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    from matplotlib.axes import Axes

    from hiringsim.calibration import Calibration
    from hiringsim.goalseek import SolveResult

__all__ = ["plot_fit", "plot_fit_report", "plot_frontier"]


def _axes(ax: Axes | None, size: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _fig, ax = plt.subplots(figsize=size, layout="constrained")
    return ax


def _money(v: float) -> str:
    a = abs(v)
    for div, unit in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if a >= div:
            return f"{v / div:,.4g}{unit}"
    return f"{v:,.4g}"


def plot_frontier(result: SolveResult, *, ax: Axes | None = None) -> Axes:
    """Probability of the target by the deadline against cost, for every screened setting.

    Grey dots: settings screened (with their Wilson intervals); line: the Pareto frontier (no
    setting is both cheaper and more probable); star: the answer with the interval from its
    fresh verification replications; dashed: the wanted probability.
    """
    ev = result.evaluations
    fr = result.frontier
    ax = _axes(ax, (7.5, 4.8))
    ax.errorbar(ev["cost"], ev["probability"],
                yerr=[(ev["probability"] - ev["ci_low"]).clip(lower=0),
                      (ev["ci_high"] - ev["probability"]).clip(lower=0)],
                fmt="o", ms=3.5, color="0.6", ecolor="0.85", elinewidth=1, zorder=1,
                label=f"settings screened (up to {result.replications} replications each)")
    from ..labels import input_label

    numbers = (f"; numbers: {input_label(result.levers[0].path)}"
               if len(result.levers) == 1 and not result.cost_is_setting else "")
    ax.step(fr["cost"], fr["probability"], where="post", color="C0", lw=1.8, zorder=2,
            label=f"frontier (cheapest for each probability{numbers})")
    ax.plot(fr["cost"], fr["probability"], "o", color="C0", ms=5, zorder=3)
    one = result.levers[0].path if len(result.levers) == 1 else None
    if one is not None and not result.cost_is_setting and one in fr.columns and len(fr) <= 25:
        # what each frontier point is: the lever's value beside it (the axis gives its cost)
        for c, p, v in zip(fr["cost"], fr["probability"], fr[one], strict=True):
            ax.annotate(f"{v:,g}", (c, p), textcoords="offset points", xytext=(5, -11),
                        fontsize="x-small", color="C0")
    ax.axhline(result.probability, color="C3", ls="--", lw=1.2,
               label=f"wanted probability {result.probability:g}")
    b = result.best
    if b is not None:
        label = ("answer" if result.feasible else "best achievable (not enough)")
        ax.errorbar([b.cost], [b.probability], yerr=[[max(b.probability - b.ci_low, 0)],
                                                    [max(b.ci_high - b.probability, 0)]],
                    fmt="*", ms=14, color="C2" if result.feasible else "C3", capsize=4,
                    zorder=4, label=f"{label}: {b.probability:.2f} "
                                    f"[{b.ci_low:.2f}, {b.ci_high:.2f}], {b.n} fresh reps")
    ax.set_ylim(-0.03, 1.03)
    from matplotlib.ticker import FuncFormatter

    setting = result.cost_is_setting
    if not setting:
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _money(v)))
    elif result.levers and result.levers[0].sign < 0:  # shown as -value: show the value
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{-v:,.4g}"))
    ax.set_xlabel(result.cost_label)
    ax.set_ylabel("probability of the target by the deadline")
    ax.set_title(f"{'Setting' if setting else 'Cost'} versus probability of reaching the "
                 "target")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="lower right", fontsize="small")
    return ax


def plot_fit(calibration: Calibration, *, role: str | None = None, measure: str | None = None,
             stage: str | None = None, cumulative: bool = True, ax: Axes | None = None) -> Axes:
    """One observed series against the calibrated scenario's simulation.

    The series is chosen by ``role``, ``measure`` and ``stage`` (defaults: the first checked
    series).  Counts are drawn cumulatively by default (smoother to read); stocks
    (``headcount``) and means (``time_to_hire_mean``) as they are.  The band is the 5-95%
    range across the check's replications, the line their median.
    """
    fit = calibration.check_frame
    if fit is None or fit.empty:
        raise ValueError("this calibration has no simulation check; run calibrate(..., "
                         "replications=20) or calibration.check(20)")
    sel = fit
    for col, val in (("role", role), ("measure", measure), ("stage", stage)):
        if val is not None:
            sel = sel[sel[col] == val]
    if sel.empty:
        avail = fit[["role", "measure", "stage"]].drop_duplicates().to_string(index=False)
        raise KeyError(f"no checked series for role={role!r} measure={measure!r} "
                       f"stage={stage!r}; series:\n{avail}")
    first = sel.iloc[0]
    sel = sel[(sel["role"] == first["role"]) & (sel["measure"] == first["measure"])
              & (sel["stage"] == first["stage"])].sort_values("period_end")
    is_count = first["measure"] not in ("headcount", "time_to_hire_mean")
    cum = cumulative and is_count
    obs = sel["observed"].cumsum() if cum else sel["observed"]
    cols = ("cum_low", "cum_median", "cum_high") if cum else ("sim_low", "sim_median",
                                                               "sim_high")
    ax = _axes(ax, (8.0, 4.5))
    x = sel["period_end"]
    ax.fill_between(x, sel[cols[0]], sel[cols[2]], color="C0", alpha=0.25, lw=0,
                    label="simulated 5-95%")
    ax.plot(x, sel[cols[1]], color="C0", lw=1.5, label="simulated median")
    ax.plot(x, obs, "o", color="k", ms=3, label="observed")
    what = f"{first['role']} {first['measure']}" + (f" ({first['stage']})"
                                                    if first["stage"] else "")
    unit = "days" if first["measure"] == "time_to_hire_mean" else "people"
    ax.set_ylabel(("cumulative " if cum else "") + f"{first['measure']} ({unit})")
    ax.set_xlabel("date (end of period)")
    ax.set_title(f"Observed vs calibrated model: {what}")
    ax.grid(True, alpha=0.3)
    ax.legend(loc="best", fontsize="small")
    ax.figure.autofmt_xdate()
    return ax


#: series a fit report shows first, per role (those observed)
REPORT_SERIES = (("applications", ""), ("hires", ""), ("academy_graduated", ""),
                 ("separations", ""), ("headcount", ""), ("time_to_hire_mean", ""))


def plot_fit_report(calibration: Calibration, *,
                    series: Iterable[tuple[str, str, str]] | None = None, ncols: int = 3,
                    axes: np.ndarray | None = None) -> np.ndarray:
    """A grid of :func:`plot_fit` panels: each role's applications, hires, graduates,
    separations, headcount and time to hire (those observed), or ``series`` given as
    ``(role, measure, stage)`` triples.  Returns the array of Axes (``axes`` may be given)."""
    import numpy as np

    fit = calibration.check_frame
    if fit is None or fit.empty:
        raise ValueError("this calibration has no simulation check; run calibrate(..., "
                         "replications=20) or calibration.check(20)")
    have = set(map(tuple, fit[["role", "measure", "stage"]].drop_duplicates().to_numpy()))
    if series is None:
        roles = list(dict.fromkeys(fit["role"]))
        series = [(r, m, s) for r in roles for m, s in REPORT_SERIES if (r, m, s) in have]
    series = list(series)
    if not series:
        raise ValueError("no series to show")
    if axes is None:
        import matplotlib.pyplot as plt

        nrows = -(-len(series) // ncols)
        _fig, axes = plt.subplots(nrows, ncols, figsize=(5.2 * ncols, 3.4 * nrows),
                                  layout="constrained", squeeze=False)
    flat = np.asarray(axes).ravel()
    for ax, (role, measure, stage) in zip(flat, series, strict=False):
        plot_fit(calibration, role=role, measure=measure, stage=stage, ax=ax)
        ax.set_title(f"{role}: {measure}" + (f" ({stage})" if stage else ""), fontsize="medium")
        ax.set_xlabel("")
        if ax is not flat[0] and ax.get_legend() is not None:
            ax.get_legend().remove()
    for ax in flat[len(series):]:
        ax.set_visible(False)
    flat[0].figure.suptitle(f"Observed vs calibrated model ({calibration.scenario.name}), "
                            "simulated 5-95% band")
    return np.asarray(axes)
