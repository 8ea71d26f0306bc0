"""What breaks the plan: PRIM (the EMA Workbench's) over a plan's uncertain inputs."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hiringsim.discovery import LIMIT_COLUMNS, TRAJECTORY_COLUMNS, discover_frame

#: skipped without the EMA Workbench (pip install hiringsim[discover]).  Only looked up here, not
#: imported: importing it takes seconds in a process that holds the whole suite's modules (its
#: loggers inspect the stack at import), and every pytest-xdist worker imports this module to
#: collect it; the tests that need it import it on the one worker that runs them
pytestmark = pytest.mark.skipif(importlib.util.find_spec("ema_workbench") is None,
                                reason="needs ema_workbench (pip install hiringsim[discover])")

ATTRITION = "roles.officer.attrition.annual_rate"
CASE_TIME = "roles.officer.stages.background.duration.mean"
EXAM = "roles.officer.stages.entrance_exam.pass_rate"
#: how far a found limit may sit from the rule's (inputs uniform on 0-1; 600 runs, PRIM peels 5%)
TOL = 0.05


@pytest.fixture(scope="module")
def known():
    """600 runs, three inputs uniform on 0-1; a run misses iff attrition > 0.7 and case
    time < 0.3 (9% of runs); the exam pass rate plays no part."""
    rng = np.random.default_rng(13)
    x = pd.DataFrame(rng.uniform(size=(600, 3)), columns=[ATTRITION, CASE_TIME, EXAM])
    reached = np.where((x[ATTRITION] > 0.7) & (x[CASE_TIME] < 0.3), 0, 1)
    return x, reached, discover_frame(x, reached, density=0.9, scenario="synthetic")


def test_finds_the_known_rule(known):
    """Asked for density 0.9, the chosen box restricts exactly the two inputs of the rule, its
    limits within TOL of 0.7 and 0.3, with coverage and density at least 0.9."""
    _x, _y, d = known
    lim = d.restricted.set_index("input")
    assert set(lim.index) == {ATTRITION, CASE_TIME}
    assert abs(lim.loc[ATTRITION, "low"] - 0.7) < TOL
    assert abs(lim.loc[CASE_TIME, "high"] - 0.3) < TOL
    assert d.coverage >= 0.9 and d.density >= 0.9
    assert lim["p_value"].max() < 1e-6
    assert d.cases == int((_y == 0).sum()) and d.runs == 600


def test_trajectory_and_limits_are_tidy(known):
    """The trajectory starts with the box of every run (coverage 1, density the miss rate);
    the limits have one labelled row per input, the unrestricted one spanning its range."""
    x, y, d = known
    t = d.trajectory
    assert list(t.columns) == TRAJECTORY_COLUMNS and list(d.limits.columns) == LIMIT_COLUMNS
    assert t["coverage"].iloc[0] == 1 and t["density"].iloc[0] == pytest.approx((y == 0).mean())
    assert t["restricted"].iloc[0] == 0 and t["runs"].iloc[0] == 600
    assert t["coverage"].is_monotonic_decreasing
    lim = d.limits.set_index("input")
    assert lim.loc[ATTRITION, "label"] == "officer attrition: annual rate"
    assert lim.loc[ATTRITION, "unit"] == "%"
    assert lim.loc[CASE_TIME, "unit"] == "days"
    assert not lim.loc[EXAM, "restricted"]
    assert lim.loc[EXAM, "low"] == x[EXAM].min() and lim.loc[EXAM, "high"] == x[EXAM].max()


def test_rule_and_table_read_as_words(known):
    """The rule names the inputs with their labels and units, coverage and density."""
    _x, _y, d = known
    rule = d.rule()
    assert rule.startswith("synthetic misses when officer attrition: annual rate is above 7")
    assert "background investigation: mean days is below 0.3" in rule
    assert "of misses (coverage)" in rule and "of runs in the box miss (density)" in rule
    table = d.table()
    assert list(table["input"]) == ["officer attrition: annual rate",
                                    "officer background investigation: mean days"]
    assert table["box"].iloc[0].startswith("7") and table["box"].iloc[0].endswith("%")
    assert "Peeling trajectory" in d.text() and "(chosen)" in d.text()
    assert "Weak restrictions" not in d.text()  # both restrictions are real


def test_case_reach_flips_the_runs_of_interest(known):
    """case="reach" looks for the runs that reach the target: the box's cases are the reaches."""
    x, y, _d = known
    d = discover_frame(x, y, case="reach")
    assert d.cases == int(y.sum()) and d.case == "reach"
    assert d.trajectory["density"].iloc[0] == pytest.approx(y.mean())
    assert "reaches the target when" in d.rule()


def test_no_case_of_interest_says_so():
    """A plan that never misses has nothing to discover, and says so without running PRIM."""
    x = pd.DataFrame({ATTRITION: np.linspace(0, 1, 20)})
    d = discover_frame(x, np.ones(20))
    assert d.cases == 0 and "never misses in 20 runs" in d.rule()


def test_bad_options_are_refused():
    """The case, the density and a non-0/1 outcome are checked with the option's name."""
    x = pd.DataFrame({ATTRITION: np.linspace(0, 1, 4)})
    with pytest.raises(ValueError, match="case"):
        discover_frame(x, np.ones(4), case="fail")
    with pytest.raises(ValueError, match="density"):
        discover_frame(x, np.ones(4), density=0)
    with pytest.raises(ValueError, match="0/1"):
        discover_frame(x, np.full(4, 0.5))


def test_chart_shows_trajectory_chosen_box_and_limits(known):
    """plot_discovery draws the trajectory (a line and points), rings the chosen box and
    labels its axes; plot_discovery_box draws a range bar and a box bar per input."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from hiringsim.plots import plot_discovery, plot_discovery_box

    _x, _y, d = known
    ax = plot_discovery(d)
    assert ax.get_xlabel().startswith("coverage") and ax.get_ylabel().startswith("density")
    line = ax.get_lines()[0]
    assert len(line.get_xdata()) == len(d.trajectory)
    labels = ax.get_legend_handles_labels()[1]
    assert any(f"coverage {d.coverage:.0%}" in s for s in labels)
    assert "synthetic" in ax.get_title()
    plt.close(ax.figure)
    ax = plot_discovery_box(d)
    assert len(ax.patches) == 2 * len(d.limits)
    ticks = {t.get_position()[1]: t.get_text() for t in ax.get_yticklabels()}
    assert ticks[max(ticks)] == "officer attrition: annual rate (%)"  # restricted inputs on top
    assert any("to" in t.get_text() for t in ax.texts)
    # a weak restriction says so; the legend covers no bar; every text inside the figure
    from hiringsim.discovery import WEAK

    restricted = d.limits[d.limits["restricted"]]
    n_weak = int((~(restricted["p_value"] <= WEAK)).sum())
    assert sum("(weak)" in t.get_text() for t in ax.texts) == n_weak
    assert any("weak" in t.get_text() for t in ax.get_legend().get_texts()) == (n_weak > 0)
    ax.figure.canvas.draw()
    legend = ax.get_legend().get_window_extent()
    assert not any(p.get_window_extent().overlaps(legend) for p in ax.patches)
    whole = ax.figure.bbox
    for t in [ax.title, *ax.get_yticklabels(), *ax.texts]:
        b = t.get_window_extent()
        assert whole.x0 <= b.x0 and b.x1 <= whole.x1 + 0.5, t.get_text()
    plt.close(ax.figure)


def test_cli_prints_the_box_and_writes_the_chart(tmp_path, capsys):
    """`hiringsim discover` on a small plan whose screening pass rate decides the target: the
    text names the screening pass rate as what makes it miss, with coverage and density;
    the tables and both charts are written."""
    from hiringsim.cli import main

    small = Path(__file__).parent / "scenarios" / "small.toml"
    sc = tmp_path / "u.toml"
    sc.write_text(f'extends = "{small.as_posix()}"\nname = "small_uncertain"\n'
                  '[target]\nrole = "officer"\ngrowth = 15\ndeadline = 2021-06-30\n'
                  '[uncertain."roles.officer.stages.screen.pass_rate"]\n'
                  'dist = "uniform"\nlow = 0.05\nhigh = 0.9\n'
                  '[uncertain."roles.officer.academy.graduation_rate"]\n'
                  'dist = "uniform"\nlow = 0.6\nhigh = 0.95\n')
    out = tmp_path / "d"
    code = main(["discover", str(sc), "-n", "40", "--seed", "1", "--jobs", "1", "--out",
                 str(out), "--quiet"])
    text = capsys.readouterr().out
    assert code == 0
    assert "What makes the plan miss the target (PRIM, 40 runs)" in text
    assert "small_uncertain misses when " in text
    assert "officer screen: pass rate is below" in text
    assert "(coverage)" in text and "(density)" in text and "(chosen)" in text
    for name in ("discovery.csv", "trajectory.csv", "discovery.png", "discovery_box.png"):
        assert (out / name).exists(), name
    lim = pd.read_csv(out / "discovery.csv").set_index("input")
    assert lim.loc["roles.officer.stages.screen.pass_rate", "restricted"]


def test_cli_refuses_a_scenario_without_uncertain_inputs(capsys):
    """Discovery on a plan with no uncertain inputs is a clear error, before any run."""
    from hiringsim.cli import main

    small = Path(__file__).parent / "scenarios" / "small.toml"
    assert main(["discover", str(small), "-n", "5"]) == 2
    assert "declares no uncertain inputs" in capsys.readouterr().err
