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
    assert "below 0 drawn at 0" in ax.get_xlabel()


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
