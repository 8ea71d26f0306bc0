"""Plots: each chart shows the data it claims, with target, deadline, labels and a legend."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.collections import PolyCollection  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from matplotlib.patches import Rectangle, StepPatch  # noqa: E402

import hiringsim  # noqa: E402
import hiringsim.plots as hp  # noqa: E402
from hiringsim.plots._common import HIGHLIGHT_COLOR  # noqa: E402
from hiringsim.plots.costs import COST_CATEGORIES  # noqa: E402

SMALL = Path(__file__).parent / "scenarios" / "small.toml"
REPS = 8
#: a target the small scenario reaches in some replications only, and costs in every category
SETTINGS = {
    "target.growth": 30,
    "roles.officer.application_cost": 20,
    "roles.officer.stages.background.cost": 4000,
    "roles.officer.academy.cost_per_trainee": 20000,
    "roles.officer.hire_cost": 2000,
    "roles.officer.salary": 60000,
    "roles.support.salary": 50000,
    "resources.bi.cost_per_server_year": 50000,
}


@pytest.fixture(scope="module")
def comparison():
    base = hiringsim.load_scenario(SMALL).with_values(SETTINGS)
    more = base.with_values({"resources.bi.servers": 12}, name="more")
    return hiringsim.compare({"small": base, "more": more}, REPS, seed=1, progress=False)


@pytest.fixture(scope="module")
def results(comparison):
    return comparison.results["small"]


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _png(ax_or_fig, tmp_path: Path, name: str) -> Path:
    path = hp.save_figure(ax_or_fig, tmp_path / f"{name}.png")
    assert path.exists() and path.stat().st_size > 10_000
    return path


def _labelled(ax) -> None:
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()


def _legend_texts(ax) -> list[str]:
    legend = ax.get_legend()
    assert legend is not None
    return [t.get_text() for t in legend.get_texts()]


def _line(ax, prefix: str):
    found = [ln for ln in ax.get_lines() if ln.get_label().startswith(prefix)]
    assert len(found) == 1, [ln.get_label() for ln in ax.get_lines()]
    return found[0]


def _polys(ax) -> list[PolyCollection]:
    return [c for c in ax.collections if isinstance(c, PolyCollection)]


def _bars(ax) -> list[Rectangle]:
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def _assert_target_and_deadline(ax, scenario, growth: float | None = None) -> None:
    target = _line(ax, "target")
    want = scenario.target.growth if growth is None else growth
    assert np.allclose(np.asarray(target.get_ydata(), float), want)
    deadline = _line(ax, "deadline")
    assert np.allclose(np.asarray(deadline.get_xdata(), float),
                       mdates.date2num(scenario.target.deadline))


def test_import_does_not_load_matplotlib():
    """`import hiringsim.plots` leaves matplotlib unimported until a plot is drawn."""
    code = "import hiringsim.plots, sys; assert 'matplotlib' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_public_namespace():
    """The package exports a sorted __all__ of callables, sensitivity plots included."""
    assert hp.__all__ == sorted(hp.__all__)
    assert {"plot_fan", "plot_strategies", "plot_funnel", "plot_pipeline", "plot_resources",
            "plot_time_to_target", "plot_costs", "plot_time_to_hire", "dashboard",
            "save_figure", "plot_sobol", "plot_tornado",
            "plot_outcome_vs_parameter"} <= set(hp.__all__)
    assert all(callable(getattr(hp, name)) for name in hp.__all__)


def test_fan_shows_median_bands_target_and_deadline(results, tmp_path):
    """The fan chart has a 50% and a 90% band, the median, the target and the deadline."""
    ax = hp.plot_fan(results)
    assert len(_polys(ax)) == 2
    median = _line(ax, "median")
    assert np.allclose(median.get_ydata(), results.bands()[0.5].to_numpy())
    _assert_target_and_deadline(ax, results.scenario)
    _labelled(ax)
    assert "trained officer" in ax.get_ylabel()
    met = results.kpis["target_by_deadline"].mean()
    assert f"in {met:.0%} of replications" in _line(ax, "target").get_label()
    _png(ax, tmp_path, "fan")


def test_fan_of_another_role_uses_its_ratio_target(results, tmp_path):
    """A role with a ratio target is drawn against target x ratio."""
    ax = hp.plot_fan(results, role="support")
    ratio = results.scenario.role("support").ratio
    _assert_target_and_deadline(ax, results.scenario, growth=30 * ratio)
    assert "support" in ax.get_ylabel()
    _png(ax, tmp_path, "fan_support")


def test_fan_draws_into_a_given_axes(results):
    """Passing ax draws there and returns that same Axes."""
    _fig, axs = plt.subplots(1, 2)
    assert hp.plot_fan(results, ax=axs[1]) is axs[1]
    assert not axs[0].lines


def test_strategies_one_median_and_band_each(comparison, tmp_path):
    """Each strategy gets a median line and a band; the legend names them."""
    ax = hp.plot_strategies(comparison)
    assert len(_polys(ax)) == 2
    texts = _legend_texts(ax)
    assert {"small", "more"} <= set(texts)
    for label, res in comparison.results.items():
        assert np.allclose(_line(ax, label).get_ydata(), res.bands()[0.5].to_numpy())
    _assert_target_and_deadline(ax, comparison.results["small"].scenario)
    _labelled(ax)
    _png(ax, tmp_path, "strategies")


def test_strategies_accepts_a_dict_and_no_band(comparison):
    """A dict of results works too, and band=None draws medians only."""
    ax = hp.plot_strategies(dict(comparison.results), band=None)
    assert not _polys(ax)
    assert {"small", "more"} <= set(_legend_texts(ax))
    with pytest.raises(ValueError, match="band"):
        hp.plot_strategies(comparison, band=90)


def test_funnel_bars_per_stage_in_pipeline_order(results, tmp_path):
    """Four segments per stage, stages in pipeline order, bars as long as the mean entrants."""
    ax = hp.plot_funnel(results)
    f = results.funnel[results.funnel["role"] == "officer"]
    mean = f.groupby("stage", sort=False)[["entered", "passed"]].mean()
    stages = list(mean.index)
    assert stages == ["screen", "exam", "background", "medical", "offer", "academy"]
    bars = _bars(ax)
    assert len(bars) == 4 * len(stages)
    passed = bars[:len(stages)]  # the first segment of every stage
    assert np.allclose([b.get_width() for b in passed], mean["passed"])
    ends = [max(b.get_x() + b.get_width() for b in bars if abs(b.get_y() + b.get_height() / 2
                                                                 - i) < 1e-9)
            for i in range(len(stages))]
    assert np.allclose(ends, mean["entered"])
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert ticks[0] == "screen" and ticks[-1] == "academy"
    per_hire = mean["entered"].iloc[0] / mean.loc["offer", "passed"]
    assert any(f"{per_hire:,.1f} applications per hire" in t.get_text() for t in ax.texts)
    assert {"passed", "failed", "withdrew"} <= set(_legend_texts(ax))
    _labelled(ax)
    _png(ax, tmp_path, "funnel")


def test_pipeline_stacks_every_state(results, tmp_path):
    """One area per state; the legend lists the states in pipeline order; the stack's top is
    the total in the pipeline."""
    ax = hp.plot_pipeline(results)
    states = results.states["officer"]
    assert len(_polys(ax)) == len(states)
    texts = _legend_texts(ax)
    assert texts[0] == "screen" and texts[len(states) - 1] == "on duty"
    assert texts[-1].startswith("deadline")
    _line(ax, "deadline")
    _labelled(ax)
    _png(ax, tmp_path, "pipeline")


def test_pipeline_of_one_replication(results):
    """replication=r stacks that replication's counts; an unknown number is refused."""
    ax = hp.plot_pipeline(results, replication=3)
    top = _polys(ax)[-1].get_paths()[0].vertices[:, 1].max()
    total = sum(results.series("officer", s)[3] for s in results.states["officer"])
    assert top == pytest.approx(total.max())
    assert "replication 3" in ax.get_title()
    with pytest.raises(KeyError):
        hp.plot_pipeline(results, replication=99)


def test_resources_highlights_the_bottleneck(results, tmp_path):
    """One bar per capacity at its mean utilization; the bottleneck has its own colour and
    legend entry; mean waits are written on the bars."""
    ax = hp.plot_resources(results)
    util = results.resources.groupby("resource", sort=False)["utilization_surge"].mean()
    bars = _bars(ax)
    assert len(bars) == len(util)
    assert np.allclose([b.get_height() for b in bars], util)
    i = list(util.index).index(results.bottleneck())
    assert bars[i].get_facecolor() == to_rgba(HIGHLIGHT_COLOR)
    assert all(b.get_facecolor() != to_rgba(HIGHLIGHT_COLOR)
               for j, b in enumerate(bars) if j != i)
    assert "bottleneck" in _legend_texts(ax)
    assert any("mean wait" in t.get_text() for t in ax.texts)
    _labelled(ax)
    _png(ax, tmp_path, "resources")


def test_time_to_target_states_the_share_not_reached(comparison, tmp_path):
    """The ECDF of each strategy plateaus at the share reached; the legend says how many did
    not reach the target."""
    ax = hp.plot_time_to_target(comparison)
    shares = {}
    for label, res in comparison.results.items():
        missed = float(res.kpis["target_day"].isna().mean())
        shares[label] = missed
        line = _line(ax, f"{label}:")
        if missed == 1:
            assert line.get_label().endswith("never reached by the horizon")
        elif res.target_dates(quantiles=(0.5,)).iloc[0]["reached"]:
            assert f"not reached: {missed:.0%}" in line.get_label()
        else:  # fewer than half reach it: no 'median: not reached, not reached: 60%'
            assert f"reached in {1 - missed:.0%} of replications" in line.get_label()
        assert line.get_ydata()[-1] == pytest.approx(1 - missed)
    assert any(0 < v < 1 for v in shares.values())  # the fixture censors some replications
    _line(ax, "deadline")
    assert np.allclose(np.asarray(_line(ax, "deadline").get_xdata(), float),
                       mdates.date2num(comparison.results["small"].scenario.target.deadline))
    _labelled(ax)
    _png(ax, tmp_path, "time_to_target")


@pytest.fixture(scope="module")
def early_and_late():
    """The baseline against a target it reaches early (+3,000: in 2019), three replications."""
    base = hiringsim.example("baseline")
    return hiringsim.compare({"+10,000": base,
                              "+3,000": base.with_values({"target.growth": 3000})}, 3,
                             seed=1, progress=False)


@pytest.mark.parametrize("which", ["comparison", "early_and_late"])
def test_time_to_target_legend_leaves_every_plateau_clear(which, request):
    """Each curve is flat at its final share from the day its last replication reaches the
    target: the legend covers none of those plateaus (in the upper left it covered every
    plan that reaches the target early)."""
    comparison = request.getfixturevalue(which)
    ax = hp.plot_time_to_target(comparison)
    fig = ax.get_figure(root=True)
    fig.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    right = ax.get_xlim()[1]
    for label in comparison.results:
        line = _line(ax, f"{label}:")
        x = np.asarray(line.get_xdata(), float)
        y = np.asarray(line.get_ydata(), float)
        start = x[np.flatnonzero(y == y[-1])[0]]  # the plateau, drawn to the right edge
        ends = ax.transData.transform([(start, y[-1]), (right, y[-1])])
        (x0, yy), (x1, _) = ends
        covered = legend.y0 <= yy <= legend.y1 and x0 <= legend.x1 and x1 >= legend.x0
        assert not covered, (label, legend, ends)


def test_time_to_target_says_never_for_a_target_out_of_reach():
    """A plan that never reaches its target reads 'never reached by the horizon', not
    'median: not reached, not reached: 100%'."""
    base = hiringsim.example("baseline").with_values({"target.growth": 50_000})
    res = hiringsim.simulate(base, 2, seed=1, progress=False, keep="kpis")
    ax = hp.plot_time_to_target(res)
    assert _legend_texts(ax)[0] == "baseline: never reached by the horizon"


def test_time_to_target_of_one_results(results):
    """One Results is a single curve."""
    ax = hp.plot_time_to_target(results)
    assert "not reached" in _legend_texts(ax)[0]


def test_costs_stack_every_category(comparison, tmp_path):
    """Six stacked segments per strategy summing to the mean total cost in $ millions, with
    the cost per net hire written above."""
    ax = hp.plot_costs(comparison)
    bars = _bars(ax)
    n = len(comparison.results)
    assert len(bars) == len(COST_CATEGORIES) * n
    for k, res in enumerate(comparison.results.values()):
        height = sum(b.get_height() for b in bars[k::n])
        assert height == pytest.approx(res.kpis["cost_total"].mean() / 1e6)
    # one set of names for every chart: the cost lines' labels (hiringsim.labels)
    assert {hiringsim.labels.cost_line_label(c) for c in COST_CATEGORIES} <= set(
        _legend_texts(ax))
    notes = [t.get_text() for t in ax.texts]
    assert len(notes) == n and all("per net hire" in t for t in notes)
    assert [t.get_text() for t in ax.get_xticklabels()] == ["small", "more"]
    assert "millions" in ax.get_ylabel()
    _labelled(ax)
    _png(ax, tmp_path, "costs")


@pytest.mark.parametrize("by", ["line", "role"])
def test_fiscal_costs_stack_each_year(results, tmp_path, by):
    """One stacked bar per fiscal year, a segment per cost line (or role) that costs anything,
    each year's bar summing to the cost table's total of the year in $ millions, written above
    it; human labels in the legend."""
    c = results.costs()
    years = sorted(set(c["fiscal_year"]))
    totals = c.groupby("fiscal_year")["mean"].sum() / 1e6
    keys = c.groupby(by)["mean"].sum()
    shown = [k for k, v in keys.items() if v != 0]
    ax = hp.plot_fiscal_costs(results, by=by)
    bars = _bars(ax)
    assert len(bars) == len(years) * len(shown)
    n = len(years)
    for k, year in enumerate(years):
        assert sum(b.get_height() for b in bars[k::n]) == pytest.approx(totals[year])
    notes = [t.get_text().split("\n")[0] for t in ax.texts]
    assert len(notes) == n
    assert notes[-1] == f"${totals[years[-1]]:,.1f} M"
    assert [t.get_text() for t in ax.get_xticklabels()] == [f"FY{y}" for y in years]
    legend = set(_legend_texts(ax))
    if by == "line":
        assert {"payroll", "academy", "screening", "shared resources"} <= legend
    else:
        assert {"officer", "shared resources"} <= legend
    assert "millions" in ax.get_ylabel()
    _labelled(ax)
    _png(ax, tmp_path, f"fiscal_costs_{by}")
    with pytest.raises(ValueError, match="by must be"):
        hp.plot_fiscal_costs(results, by="stage")


def test_time_to_hire_histogram_with_mean_and_median(results, tmp_path):
    """A weekly histogram of shares summing to one, with mean and median lines at the KPIs."""
    ax = hp.plot_time_to_hire(results)
    steps = [p for p in ax.patches if isinstance(p, StepPatch)]
    assert len(steps) == 1
    assert steps[0].get_data().values.sum() == pytest.approx(1.0)
    assert _line(ax, "mean").get_xdata()[0] == pytest.approx(
        results.kpis["time_to_hire_mean"].mean())
    assert _line(ax, "median").get_xdata()[0] == pytest.approx(
        results.kpis["time_to_hire_median"].mean())
    _labelled(ax)
    _png(ax, tmp_path, "time_to_hire")


def test_time_to_hire_of_a_role_without_kpis(results):
    """Another role's mean and median come from its histogram."""
    ax = hp.plot_time_to_hire(results, role="support")
    assert _line(ax, "mean").get_label().startswith("mean: ≈")


def test_dashboard_writes_four_panels(results, tmp_path):
    """The dashboard is a 2x2 Figure saved where asked (folders created)."""
    path = tmp_path / "out" / "headcount.png"
    fig = hp.dashboard(results, path=path)
    assert len(fig.axes) == 4
    assert all(ax.get_title() for ax in fig.axes)
    assert path.exists() and path.stat().st_size > 10_000


def test_save_figure_accepts_axes_and_figures(results, tmp_path):
    """save_figure takes an Axes or a Figure; the suffix picks the format."""
    ax = hp.plot_fan(results)
    assert _png(ax, tmp_path, "from_axes").suffix == ".png"
    svg = hp.save_figure(ax.figure, tmp_path / "fan.svg")
    assert svg.read_text().lstrip().startswith("<?xml")


def test_unknown_input_is_refused():
    """Something that is not results gets a TypeError naming what is expected."""
    with pytest.raises(TypeError, match="Comparison"):
        hp.plot_costs(42)


def test_dashboard_without_daily_series(tmp_path):
    """Results kept as KPIs only still make a dashboard (time to target instead of the fan)."""
    sc = hiringsim.load_scenario(SMALL).with_values(SETTINGS)
    res = hiringsim.simulate(sc, 2, seed=1, keep="kpis", progress=False)
    fig = hp.dashboard(res)
    assert fig.axes[0].get_title().startswith("When is the target reached")


def test_utilization_over_time_matches_results(results, tmp_path):
    """plot_utilization draws the median daily utilization, a 90% band and the queue."""
    import numpy as np

    ax = hp.plot_utilization(results, resource="bi", weekly=False)
    _png(ax, tmp_path, "util")
    _labelled(ax)
    util = results.utilization("bi")
    assert util.shape == (results.replications, results.scenario.days)
    # busy servers never exceed the most servers there have been (a cut lets cases finish)
    from hiringsim.schedules import servers_by_day

    servers = servers_by_day(results.scenario, "bi")
    busy = util * servers
    assert np.nanmin(util) >= 0.0
    assert np.all(busy <= np.maximum.accumulate(servers) + 1e-6)
    first_cut = results.scenario.day(results.scenario.resource("bi").changes[1].start)
    assert np.nanmax(util[:, :first_cut]) <= 1.0 + 1e-6
    median = _line(ax, "utilization, median")
    assert np.allclose(median.get_ydata(), np.nanmedian(util, axis=0), equal_nan=True)
    assert len(_polys(ax)) == 1
    twin = [a for a in ax.figure.axes if a is not ax][0]
    waiting = twin.get_lines()[0].get_ydata()
    queue = results.series("officer", "background:queue") + results.series("support",
                                                                           "background:queue")
    assert np.allclose(waiting, np.median(queue, axis=0))
    with pytest.raises(KeyError, match="no resource"):
        results.utilization("polygraph")
