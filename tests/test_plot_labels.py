"""Charts name things as a planner does: no dotted paths or KPI ids on axes, ticks, legends or
titles; Sobol' shares are never negative; censored values are marked; no raw warnings."""

from __future__ import annotations

import re
import warnings

import matplotlib
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

import hiringsim as hs  # noqa: E402
from hiringsim.plots.sensitivity import (  # noqa: E402
    plot_outcome_vs_parameter,
    plot_sobol,
    plot_tornado,
)
from hiringsim.sweep import Parameter, Sweep, run_sweep  # noqa: E402

SEATS = "roles.officer.academy.seats"
BI_MEAN = "roles.officer.stages.background.duration.mean"
RECRUIT = "roles.officer.recruiting.0.per_week"
DOTTED = re.compile(r"\w+\.\w+\.\w+|days_to_target|growth_at_deadline")


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _toy(values, seed=0, replication=0):
    """days_to_target falls with seats; censored at the horizon (2,771 days) when too few."""
    days = 1200 + 25 * (120 - values[SEATS]) + 4 * values[BI_MEAN] + replication
    return {"days_to_target": float(min(days, 2771.0)),
            "growth_at_deadline": float(10_000 - days)}


@pytest.fixture(scope="module")
def base():
    return hs.example("baseline")


def _sweep(base, design, tmp_path, **kw):
    params = [Parameter(SEATS, low=20, high=120, type="int"),
              Parameter(BI_MEAN, low=40, high=120),
              Parameter(RECRUIT, dist="lognormal", mean=3000, cv=0.2, low=1500, high=6000)]
    sweep = Sweep(parameters=params, outcomes=["days_to_target", "growth_at_deadline"],
                  design=design, seed=1, base=base, **kw)
    return run_sweep(sweep, store=tmp_path / f"{design}.sqlite", evaluate=_toy, n_jobs=1,
                     progress=False)


def _texts(ax):
    out = [ax.get_xlabel(), ax.get_ylabel(), ax.get_title()]
    out += [t.get_text() for t in ax.get_yticklabels() + ax.get_xticklabels()]
    legend = ax.get_legend()
    if legend is not None:
        out += [t.get_text() for t in legend.get_texts()]
    return out


def test_sobol_shows_labels_and_no_negative_shares(base, tmp_path):
    """Inputs by name; negative estimates drawn at 0, and the axis says so."""
    result = _sweep(base, "sobol", tmp_path, n=16, replications=1)
    indices = result.sobol("growth_at_deadline", n_resamples=100)
    indices.loc[indices.index[-1], ["S1", "S1_low"]] = [-0.05, -0.2]
    ax = plot_sobol(indices)
    for text in _texts(ax):
        assert not DOTTED.search(text), text
    assert "officer academy: seats per class" in [t.get_text() for t in ax.get_yticklabels()]
    assert min(p.get_width() for p in ax.patches) >= 0
    assert "below 0 drawn at 0" in " ".join(ax.get_xlabel().split())  # wrapped to fit


def test_tornado_labels_and_legend_inside_the_figure(base, tmp_path):
    result = _sweep(base, "oat", tmp_path, replications=1)
    ax = plot_tornado(result.tornado("growth_at_deadline"))
    for text in _texts(ax):
        assert not DOTTED.search(text), text
    fig = ax.get_figure(root=True)
    fig.canvas.draw()
    box = ax.get_legend().get_window_extent()
    whole = fig.bbox
    assert box.x0 >= whole.x0 and box.y0 >= whole.y0 and box.x1 <= whole.x1 \
        and box.y1 <= whole.y1


def test_outcome_vs_parameter_marks_censored_days(base, tmp_path):
    """days_to_target at the horizon (never reached) gets its own marker and legend entry."""
    result = _sweep(base, "lhs", tmp_path, n=30, replications=1)
    assert (result.outcomes["days_to_target"] >= base.days).any()
    ax = plot_outcome_vs_parameter(result, "days_to_target", SEATS)
    texts = _texts(ax)
    for text in texts:
        assert not DOTTED.search(text), text
    assert any("censored" in t for t in texts)
    assert ax.get_xlabel() == "officer academy: seats per class"


def test_sweep_report_prints_notes_not_warnings(base, tmp_path, capsys):
    """What SALib cannot express is a note from the command, not a raw UserWarning."""
    from hiringsim.cli.sweep import report

    result = _sweep(base, "oat", tmp_path, replications=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        report(result, out=tmp_path / "out")
    err = capsys.readouterr().err
    assert "note: problem.json:" in err and "Warning" not in err
    book = tmp_path / "out" / "workbook.xlsx"
    assert book.exists()
    import openpyxl

    wb = openpyxl.load_workbook(book)
    assert {"design", "outcomes", "table", "tornado", "sweep"} <= set(wb.sheetnames)
    assert "officer academy: seats per class" in [c.value for c in wb["design"][1]]


def test_growth_and_cost_charts_have_no_ids(base):
    """The run and comparison charts carry no KPI ids or dotted paths."""
    res = hs.simulate(base, 2, seed=1, progress=False)
    from hiringsim.plots import plot_costs, plot_fan, plot_time_to_target

    for fn in (plot_fan, plot_time_to_target, plot_costs):
        ax = fn(res)
        for text in _texts(ax):
            assert not DOTTED.search(text) and "_" not in text, (fn.__name__, text)


def _shipped_parameters() -> list[str]:
    """The inputs of the shipped Sobol' sweep: the longest names a planner's chart shows."""
    import tomllib

    from hiringsim.shipped import example_path

    text = example_path("sweeps/baseline_uncertainty").read_text()
    return list(tomllib.loads(text)["parameters"])


def _outside(fig, ax) -> list[str]:
    """Texts of ``ax`` (title, axis labels, tick labels, legend) that leave the figure, and a
    legend over a bar."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    whole = fig.bbox
    lo, hi = sorted(ax.get_xlim())
    shown = [t for t, x in zip(ax.get_xticklabels(), ax.get_xticks(), strict=True)
             if lo <= x <= hi]  # ticks beyond the limits are not drawn
    texts = [ax.title, ax.xaxis.label, ax.yaxis.label, *ax.get_yticklabels(), *shown,
             *ax.get_legend().get_texts()]
    bad = []
    for t in texts:
        if not t.get_text() or not t.get_visible():
            continue
        b = t.get_window_extent(renderer)
        if b.x0 < whole.x0 - 0.5 or b.x1 > whole.x1 + 0.5 or b.y0 < whole.y0 - 0.5 \
                or b.y1 > whole.y1 + 0.5:
            bad.append(f"text {t.get_text()!r} at {b} outside the figure {whole}")
    legend = ax.get_legend().get_window_extent(renderer)
    for p in ax.patches:
        b = p.get_window_extent(renderer)
        if b.width > 0 and b.height > 0 and b.overlaps(legend):
            bad.append(f"the legend {legend} is over a bar {b}")
    return bad


@pytest.mark.parametrize("kind", ["sobol", "tornado"])
def test_long_names_stay_inside_the_figure_and_the_legend_off_the_bars(kind):
    """With the shipped sweep's eleven inputs and its longest outcome name (days until the
    target, censored at the horizon), nothing is cut off at the figure's edge (the title and
    the x label were) and the legend covers no bar, even when the last row's bar is the
    longest."""
    import numpy as np
    import pandas as pd

    names = _shipped_parameters()
    assert len(names) == 11
    n = len(names)
    size = np.linspace(0.9, 0.05, n)
    size[-1] = 1.0  # the last row's bar reaches the right edge, where the legend goes
    if kind == "sobol":
        frame = pd.DataFrame({"parameter": names, "S1": size * 0.6, "S1_low": size * 0.4,
                              "S1_high": size * 0.8, "ST": size, "ST_low": size * 0.8,
                              "ST_high": size * 1.1})
        frame.loc[n - 2, ["S1", "S1_low"]] = [-0.01, -0.05]  # the note in the x label
        frame.attrs.update(outcome="days_to_target", confidence_level=0.95)
        ax = plot_sobol(frame)
    else:
        frame = pd.DataFrame({"parameter": names, "value_low": 0.0355, "value_base": 0.05,
                              "value_high": 0.0664, "outcome_base": 2266.0,
                              "outcome_low": 2266.0 - 600 * size,
                              "outcome_high": 2266.0 + 500 * size})
        frame["swing"] = frame["outcome_high"] - frame["outcome_low"]
        frame.attrs["outcome"] = "days_to_target"
        ax = plot_tornado(frame)
        # a rate's range reads in percent, as the input is written in words elsewhere
        [tick] = [t.get_text() for t in ax.get_yticklabels() if "attrition" in t.get_text()]
        assert tick.endswith("[3.55% .. 6.64%]"), tick
    assert "\n" in ax.get_title()  # wrapped, not cut
    fig = ax.get_figure(root=True)
    assert _outside(fig, ax) == []


def test_outcome_grid_names_the_outcome_once_with_one_legend_inside_the_figure(base, tmp_path):
    """The command line's outcome-against-inputs grid: the outcome above it (its long label on
    one line), each panel titled by its input, one legend below, no panel legend, every text
    inside the figure (the panels' titles overlapped and left it before)."""
    from hiringsim.plots.sensitivity import plot_outcome_vs_parameters

    result = _sweep(base, "lhs", tmp_path, n=30, replications=1)
    axes = plot_outcome_vs_parameters(result, "days_to_target", ncols=2)
    assert axes.shape == (2, 2)
    shown = [ax for ax in axes.flat if ax.get_visible()]
    assert [ax.get_title() for ax in shown] == [ax.get_xlabel() for ax in shown]
    assert "officer academy: seats per class" in [ax.get_title() for ax in shown]
    assert all(ax.get_legend() is None for ax in shown)
    fig = axes.flat[0].get_figure(root=True)
    assert fig.get_suptitle().startswith("days until +10,000 is reached")
    assert fig.get_suptitle().endswith("against each input (30 design points)")
    [legend] = fig.legends
    assert any("censored" in t.get_text() for t in legend.get_texts())
    fig.canvas.draw()
    whole = fig.bbox
    for t in [fig._suptitle, *legend.get_texts(),
              *(x for ax in shown for x in (ax.title, ax.xaxis.label, ax.yaxis.label))]:
        b = t.get_window_extent()
        assert whole.x0 - 0.5 <= b.x0 and b.x1 <= whole.x1 + 0.5, t.get_text()
        assert whole.y0 - 0.5 <= b.y0 and b.y1 <= whole.y1 + 0.5, t.get_text()
    titles = [ax.title.get_window_extent() for ax in shown]
    assert not any(a.overlaps(b) for i, a in enumerate(titles) for b in titles[i + 1:])
