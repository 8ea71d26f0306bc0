"""Calibration: observed data in, fitted rates with intervals out; malformed data refused.

Data simulated by hiringsim from a known scenario (tests/scenarios/small.toml: two roles, a
shared saturated resource, academy, positions, tenure bands) is calibrated back.  The coverage
of the intervals and the uncertain-inputs fragment are tested in test_calibrate_uncertainty.py.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import hiringsim
from hiringsim.calibration import (
    ObservedDataError,
    calibrate,
    load_observed,
    observe,
    validate_observed,
)
from hiringsim.replication import run_replication

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "tests" / "scenarios" / "small.toml"


@pytest.fixture(scope="module")
def small():
    return hiringsim.load_scenario(SMALL)


@pytest.fixture(scope="module")
def observed(small):
    return observe(run_replication(small, seed=7, replication=0))


def test_every_kind_of_rate_is_fitted(small, observed):
    """Applications, pass rates, durations, service times, withdrawals, graduation and
    attrition are all fitted from a full data set, with finite ordered intervals."""
    est = calibrate(small, observed, replications=0).estimates
    paths = set(est["path"])
    for p in ("roles.officer.recruiting.0.per_week", "roles.officer.recruiting.1.per_week",
              "roles.officer.stages.screen.pass_rate",
              "roles.officer.stages.screen.duration.mean",
              "roles.officer.stages.background.duration.mean",
              "roles.officer.stages.background.withdraw_per_week",
              "roles.officer.offer_withdraw_per_week",
              "roles.officer.academy.graduation_rate", "roles.officer.attrition.annual_rate",
              "roles.officer.attrition.bands.0.annual_rate",
              "roles.support.stages.background.duration.mean"):
        assert p in paths, p
    band = est["path"] == "roles.officer.attrition.bands.0.annual_rate"
    assert est.loc[band, "estimate"].isna().all()  # not identified: kept at the scenario's
    assert est.loc[band, "note"].str.contains("not identified").all()
    est = est[~band]
    assert np.all(est["low"] <= est["estimate"]) and np.all(est["estimate"] <= est["high"])
    assert est[["estimate", "low", "high", "n"]].notna().all().all()
    # exam (triangular) and medical (fixed) have no mean to fit: pass rate only
    assert "roles.officer.stages.exam.duration.mean" not in paths


def test_calibrated_scenario_and_ranges(small, observed):
    """The calibrated scenario carries the estimates; ranges() feed a sweep."""
    cal = calibrate(small, observed, replications=0)
    est = cal.estimates.dropna(subset=["estimate"]).set_index("path")
    for path in est.index:
        assert cal.scenario.get(path) == pytest.approx(est.loc[path, "estimate"])
    ranges = cal.ranges()
    assert set(ranges) == set(est.index)
    for lo, hi in ranges.values():
        assert lo <= hi
    from hiringsim.sweep import Parameter

    params = cal.sweep_parameters()
    assert params and all(isinstance(p, Parameter) for p in params)
    assert cal.scenario.name.endswith("(calibrated)")


def test_recovers_a_changed_rate(small):
    """Data from a scenario with a different pass rate and attrition is fitted to those."""
    truth = small.with_values({"roles.officer.stages.screen.pass_rate": 0.35,
                               "roles.support.attrition.annual_rate": 0.3})
    obs = observe(run_replication(truth, seed=3, replication=0))
    est = calibrate(small, obs, replications=0).estimates.set_index("path")
    for path, value in (("roles.officer.stages.screen.pass_rate", 0.35),
                        ("roles.support.attrition.annual_rate", 0.3)):
        assert est.loc[path, "low"] <= value <= est.loc[path, "high"], path
        assert est.loc[path, "base"] != value


def test_partial_data_fits_what_it_informs(small, observed):
    """Only entered and passed counts of one stage: its pass rate and duration, nothing
    else; without 'failed' a resource stage's service time is not fitted (and says why)."""
    keep = observed["measure"].isin(["entered", "passed", "started"]) & (
        observed["role"] == "officer") & observed["stage"].isin(["screen", "background"])
    est = calibrate(small, observed[keep], replications=0).estimates.set_index("path")
    assert set(est.index) == {"roles.officer.stages.screen.pass_rate",
                              "roles.officer.stages.screen.duration.mean",
                              "roles.officer.stages.background.pass_rate"}
    assert "failed" in est.loc["roles.officer.stages.background.pass_rate", "note"]
    lo, hi = est.loc["roles.officer.stages.screen.pass_rate", ["low", "high"]]
    assert lo <= 0.5 <= hi


def test_check_compares_observed_with_simulated_bands(small, observed):
    """With replications, every observed series is set against the calibrated model's
    5-95% band, and most observations fall inside."""
    cal = calibrate(small, observed, replications=12, seed=1)
    f = cal.check_frame
    assert {"observed", "sim_low", "sim_median", "sim_high", "cum_median", "inside"} <= set(f)
    # a band is missing only where no replication had a hire that week (a mean of nothing)
    gap = f["sim_low"].isna()
    assert set(f.loc[gap, "measure"]) <= {"time_to_hire_mean"} and gap.mean() < 0.01
    assert (f.loc[~gap, "sim_low"] <= f.loc[~gap, "sim_high"]).all()
    counts = f[~f["measure"].isin(["headcount", "time_to_hire_mean"])]
    assert counts["inside"].mean() > 0.75
    cov = cal.coverage()
    assert len(cov) == len(observed.groupby(["role", "measure", "stage"]))


def test_plot_fit(small, observed):
    """plot_fit draws one series: observed points, the simulated band, labels, legend."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from hiringsim.plots.solve import plot_fit

    cal = calibrate(small, observed, replications=5, seed=1)
    fig, ax = plt.subplots()
    assert plot_fit(cal, role="officer", measure="passed", stage="screen", ax=ax) is ax
    assert ax.get_xlabel() and ax.get_ylabel() and ax.get_legend() is not None
    assert "cumulative" in ax.get_ylabel()
    plt.close(fig)
    with pytest.raises(KeyError, match="no checked series"):
        plot_fit(cal, measure="nonsense")
    with pytest.raises(ValueError, match="no simulation check"):
        plot_fit(calibrate(small, observed, replications=0))


def test_csv_round_trip(tmp_path, small, observed):
    """observe() output written as CSV loads back unchanged."""
    path = tmp_path / "obs.csv"
    out = observed.copy()
    out["period_start"] = out["period_start"].dt.date
    out["period_end"] = out["period_end"].dt.date
    out.to_csv(path, index=False)
    back = load_observed(path)
    pd.testing.assert_frame_equal(back, validate_observed(observed), check_dtype=False)
    cal = calibrate(small, path, replications=0)
    assert len(cal.estimates) > 10


GOOD = """period_start,period_end,role,measure,stage,value
2020-01-01,2020-01-07,officer,entered,screen,50
2020-01-08,2020-01-14,officer,entered,screen,60
2020-01-01,2020-01-07,officer,passed,screen,10
2020-01-08,2020-01-14,officer,passed,screen,30
2020-01-01,2020-01-07,officer,applications,,50
2020-01-14,2020-01-14,officer,headcount,,201
"""


@pytest.mark.parametrize("text, where, what", [
    (GOOD.replace("stage,value", "value"), "row 2", "6 fields, but the header has 5"),
    (GOOD.replace(",stage,value", ",value").replace(",screen,", ",").replace(",,", ","),
     "row", "needs a stage name"),
    (GOOD.replace("role,", "rolle,"), "(header)", "missing columns: role"),
    (GOOD.replace("value\n", "value,extra\n"), "(header)", "unknown columns: extra"),
    (GOOD.replace("screen,60", "screen,-60"), "row 3, column value", "negative"),
    (GOOD.replace("screen,60", "screen,6.5"), "row 3, column value", "whole number"),
    (GOOD.replace("screen,60", "screen,many"), "row 3, column value", "expected a number"),
    (GOOD.replace("screen,30", "screen,120"), "row 5, column value",
     "passed = 130 exceeds entered = 110"),
    (GOOD.replace("2020-01-08,2020-01-14,officer,entered",
                  "2019-12-20,2019-12-26,officer,entered"), "row 3, column period_start",
     "dates out of order"),
    (GOOD.replace("2020-01-08,2020-01-14,officer,entered",
                  "2020-01-05,2020-01-14,officer,entered"), "row 3, column period_start",
     "periods overlap"),
    (GOOD.replace("2020-01-08,2020-01-14,officer,passed", "2020-01-08,2020-01-03,officer,"
                  "passed"), "row 5, column period_end", "before it starts"),
    (GOOD.replace("2020-01-08,2020-01-14,officer,passed", "2020/01/08,2020-01-14,officer,"
                  "passed"), "row 5, column period_start", "expected a date"),
    (GOOD.replace("passed,screen,10", "pased,screen,10"), "row 4, column measure",
     "unknown measure 'pased'"),
    (GOOD.replace("applications,,50", "applications,screen,50"), "row 6, column stage",
     "takes no stage"),
    ("period_start,period_end,role,measure,stage,value\n", "(file)", "no data rows"),
])
def test_malformed_csv_gives_a_clear_error(tmp_path, text, where, what):
    """Each malformed file raises ObservedDataError naming the file, the row and column."""
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(ObservedDataError) as err:
        load_observed(path)
    msg = str(err.value)
    assert str(path) in msg and where in msg and what in msg, msg


def test_data_that_does_not_fit_the_scenario(tmp_path, small):
    """Unknown roles or stages, and measures the scenario cannot have, are named."""
    bad = GOOD.replace("officer,passed,screen", "officer,passed,screeen").replace(
        "2020-01-01,2020-01-07,officer,applications", "2020-01-01,2020-01-07,pilot,applications")
    bad += "2020-01-01,2020-01-07,support,started,screen,3\n"
    bad += "2020-01-01,2020-01-07,support,academy_graduated,,3\n"
    path = tmp_path / "bad.csv"
    path.write_text(bad)
    with pytest.raises(ObservedDataError) as err:
        calibrate(small, path, replications=0)
    msg = str(err.value)
    for part in ("no stage 'screeen'", "no role 'pilot'", "has no resource",
                 "has no academy"):
        assert part in msg, part
    assert "4 problems" in msg


def test_save_writes_a_loadable_calibrated_scenario(tmp_path, small, observed):
    """save() writes estimates, a calibrated.toml that extends the base file and loads to the
    fitted values, sweep-ready ranges, and the check tables."""
    cal = calibrate(small, observed, replications=3, seed=1)
    out = cal.save(tmp_path / "cal")
    back = hiringsim.load_scenario(out / "calibrated.toml")
    for path, value, base in zip(cal.estimates["path"], cal.estimates["estimate"],
                                 cal.estimates["base"], strict=True):
        assert back.get(path) == pytest.approx(base if np.isnan(value) else value, rel=1e-7)
    assert 'extends = "' in (out / "calibrated.toml").read_text()
    import tomllib

    ranges = tomllib.loads((out / "ranges.toml").read_text())["parameters"]
    assert set(ranges) == {p for p, (lo, hi) in cal.ranges().items() if hi > lo}
    for name in ("estimates.csv", "check.csv", "coverage.csv", "uncertain.toml", "report.txt"):
        assert (out / name).stat().st_size > 0
    both = hiringsim.load_scenario(out / "calibrated_uncertain.toml")
    assert {u.name for u in both.uncertain} == set(tomllib.loads(cal.fragment())["uncertain"])


def test_plot_fit_report(small, observed):
    """The report shows each role's key series in a grid of labelled panels."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from hiringsim.plots.solve import plot_fit_report

    cal = calibrate(small, observed, replications=4, seed=1)
    axes = plot_fit_report(cal)
    shown = [ax for ax in axes.ravel() if ax.get_visible()]
    assert len(shown) == 11  # officer 6 (with graduates), support 5
    assert all(ax.get_ylabel() for ax in shown)
    plt.close(axes.ravel()[0].figure)


def test_calibrate_command_writes_the_report(tmp_path, capsys, observed):
    """`hiringsim calibrate` reads a scenario file and a CSV, prints the estimates and writes
    the tables, the calibrated scenario and the fit report."""
    from hiringsim.cli import main

    csv = tmp_path / "obs.csv"
    observed.assign(period_start=observed["period_start"].dt.date,
                    period_end=observed["period_end"].dt.date).to_csv(csv, index=False)
    out = tmp_path / "out"
    assert main(["calibrate", str(SMALL), str(csv), "--out", str(out), "-n", "3", "--seed", "2",
                 "-j", "1", "--quiet"]) == 0
    for name in ("estimates.csv", "calibrated.toml", "ranges.toml", "check.csv",
                 "coverage.csv", "fit_report.png"):
        assert (out / name).stat().st_size > 0, name
    assert len(pd.read_csv(out / "estimates.csv")) > 10
    text = capsys.readouterr().out
    assert "roles.officer.stages.screen.pass_rate" in text and "fit_report.png" in text


def test_calibrate_command_without_check(tmp_path, capsys, observed):
    """With -n 0 the command fits and writes the tables but no check and no report."""
    from hiringsim.cli import main

    csv = tmp_path / "obs.csv"
    observed.to_csv(csv, index=False, date_format="%Y-%m-%d")
    out = tmp_path / "out"
    assert main(["calibrate", str(SMALL), str(csv), "--out", str(out), "-n", "0"]) == 0
    assert (out / "calibrated.toml").exists() and (out / "estimates.csv").exists()
    assert not (out / "fit_report.png").exists() and not (out / "check.csv").exists()
    assert "fit_report.png" not in capsys.readouterr().out


def test_calibrate_command_reports_bad_data(tmp_path, capsys):
    """Malformed observed data is an error message naming file, row and column (status 2)."""
    from hiringsim.cli import main

    path = tmp_path / "bad.csv"
    path.write_text(GOOD.replace("screen,60", "screen,-60"))
    assert main(["calibrate", str(SMALL), str(path), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert str(path) in err and "row 3, column value" in err


def test_check_runs_on_any_executor(small, observed):
    """The simulation check gives the same bands in this process and on an executor, and
    records its seed."""
    from hiringsim.execution import SerialExecutor

    cal = calibrate(small, observed, replications=0)
    here = cal.check(3, seed=5)
    there = cal.check(3, seed=5, executor=SerialExecutor(), progress=False)
    pd.testing.assert_frame_equal(here.check_frame, there.check_frame)
    assert here.seed == 5
    fresh = cal.check(2)
    assert isinstance(fresh.seed, int)


def test_every_problem_is_reported_at_once(tmp_path):
    """Problems in several cells of a row, ragged rows and bad cells elsewhere are listed
    together, each by its line in the file (blank lines counted)."""
    text = GOOD.replace("2020-01-08,2020-01-14,officer,entered,screen,60",
                        "2020/01/08,2020-01-14,officer,entred,screen,-60")
    text = text.replace("2020-01-08,2020-01-14,officer,passed,screen,30\n",
                        "2020-01-08,2020-01-14,officer,passed,screen,30,9\n\n")
    text += "2020-01-14,2020-01-14,officer,headcount,,2.5\n"
    path = tmp_path / "bad.csv"
    path.write_text(text)
    with pytest.raises(ObservedDataError) as err:
        load_observed(path)
    found = err.value.problems
    assert ("row 3, column period_start") in [p for p, _ in found]
    assert ("row 3, column measure") in [p for p, _ in found]
    assert ("row 3, column value") in [p for p, _ in found]
    assert ("row 5", "7 fields, but the header has 6") in found
    assert ("row 9, column value") in [p for p, _ in found]  # after the blank line 6
    assert "5 problems" in str(err.value)


def test_observed_json_schema_describes_a_row():
    """The JSON Schema of a row lists the columns, the measures and the value's bound."""
    from hiringsim.calibration import observed_json_schema
    from hiringsim.measures.observed import MEASURES

    js = observed_json_schema()
    assert list(js["properties"]) == ["period_start", "period_end", "role", "measure", "stage",
                                      "value"]
    assert "stage" not in js["required"] and "value" in js["required"]
    assert js["properties"]["measure"]["enum"] == list(MEASURES)
    assert js["properties"]["value"]["minimum"] == 0
    assert js["properties"]["period_start"]["format"] == "date"


@pytest.mark.parametrize("make, what", [
    (lambda d: d / "missing.csv", "no such file"),
    (lambda d: d, "is a directory"),
    (lambda d: (d / "latin1.csv").write_bytes(GOOD.replace("officer", "offic\xe9r").encode(
        "latin-1")) and d / "latin1.csv", "not UTF-8"),
])
def test_unreadable_files_are_named(tmp_path, make, what):
    """A missing file, a folder or text that is not UTF-8 is an ObservedDataError naming it."""
    path = make(tmp_path)
    with pytest.raises(ObservedDataError, match=what) as err:
        load_observed(path)
    assert str(path) in str(err.value)
