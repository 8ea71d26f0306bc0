"""Calibrated inputs as uncertain inputs: the distributions cover the truth at their stated
rate, service times are unbiased for lognormal case times, an unidentified input says so, and
the fragment is a scenario's [uncertain."<path>"] tables.

The coverage data sets are simulated from COVER (tests/scenarios/small.toml with lognormal
service times at the shared resource, the family the exponential estimator got wrong) and
calibrated back at 90%; every fitted input's interval (its distribution's 5-95% quantiles) must
cover the truth at about 90%.
"""

from __future__ import annotations

import math
import tomllib
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import hiringsim
from hiringsim.calibration import calibrate, observe
from hiringsim.calibration.series import Series
from hiringsim.calibration.service import service_mean
from hiringsim.replication import run_replication

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "tests" / "scenarios" / "small.toml"
BAND = "roles.officer.attrition.bands.0.annual_rate"
#: the distributions a fragment may use (the scenario's uncertain-input syntax)
DISTS = {"beta": {"a", "b"}, "lognormal": {"median", "sigma"}, "uniform": {"low", "high"}}


@pytest.fixture(scope="module")
def cover():
    sc = hiringsim.load_scenario(SMALL)
    return sc.with_values({
        "roles.officer.stages.background.duration": {"dist": "lognormal", "mean": 20, "cv": 0.5},
        "roles.support.stages.background.duration": {"dist": "lognormal", "mean": 15, "cv": 0.5}})


def coverage_frame(scenario, datasets: int, seed: int) -> pd.DataFrame:
    """Estimates at 90% from independent simulated data sets, with the truth beside them."""
    frames = []
    for r in range(datasets):
        obs = observe(run_replication(scenario, seed=seed, replication=r))
        est = calibrate(scenario, obs, replications=0, confidence=0.9).estimates
        frames.append(est.assign(dataset=r))
    df = pd.concat(frames, ignore_index=True).dropna(subset=["estimate"])
    df["covered"] = (df["low"] <= df["base"]) & (df["base"] <= df["high"])
    return df


@pytest.fixture(scope="module")
def coverage(cover):
    return coverage_frame(cover, 40, seed=2024)


def test_every_input_is_covered_at_about_90_percent(coverage):
    """Over 40 data sets every fitted input's 90% interval covers the truth at least 29 times
    (P(X <= 28) = 0.0015 for X ~ Binomial(40, 0.9); an interval covering 70% fails with
    probability ~0.6 per input) and pooled over the ~800 intervals 86-94% (binomial sd ~0.011;
    intervals 1.4 times too narrow or wide fall outside)."""
    per = coverage.groupby("path")["covered"].sum()
    assert len(per) == 20
    assert (per >= 29).all(), per[per < 29]
    assert 0.86 <= coverage["covered"].mean() <= 0.94, coverage["covered"].mean()


def test_estimates_are_unbiased(coverage):
    """The mean estimate over data sets is within z standard errors of the truth, z set so
    that the family of inputs fails by chance with probability 0.1% (Bonferroni: 3 standard
    errors per input made a family of ~20 inputs fail by chance about 5% of the time). The
    service-time bias this guards against was over 10 standard errors."""
    from scipy.stats import norm

    paths = coverage.groupby("path")
    z = float(norm.ppf(1 - 0.001 / (2 * len(paths))))
    for path, g in paths:
        se = g["estimate"].std(ddof=1) / np.sqrt(len(g))
        assert abs(g["estimate"].mean() - g["base"].iloc[0]) <= z * se + 1e-9, path


@pytest.mark.heavy
def test_every_input_is_covered_85_to_95_percent(cover):
    """Over 200 data sets every fitted input's 90% interval covers the truth 85-95% of the
    time (binomial sd 0.021: each bound is 2.4 sd from 0.9)."""
    df = coverage_frame(cover, 200, seed=77)
    per = df.groupby("path")["covered"].mean()
    print(per.to_string())
    assert ((per >= 0.85) & (per <= 0.95)).all(), per[(per < 0.85) | (per > 0.95)]


def _lognormal_service(rng, days=364, per_day=20, mean=60.0, cv=0.5):
    """Weekly started and completed counts of service times drawn directly (no simulator):
    starts at uniform times, lognormal durations, completions counted on their day."""
    s = math.sqrt(math.log1p(cv**2))
    n = rng.poisson(per_day * days)
    t = rng.uniform(0, days, n)
    end = np.floor(t + rng.lognormal(math.log(mean) - s * s / 2, s, n)).astype(int)
    d0 = np.arange(0, days, 7)

    def weekly(a):
        return np.add.reduceat(a, d0).astype(float)

    return (Series(d0, d0 + 6, weekly(np.bincount(t.astype(int), minlength=days))),
            Series(d0, d0 + 6, weekly(np.bincount(end[end < days], minlength=days))))


def test_lognormal_service_times_are_unbiased():
    """One year of lognormal case times (mean 60 days): the estimate is within 0.5% of the
    truth on average over 20 data sets, and most 90% intervals cover it; person-days /
    completions (the exponential model's estimate, used before) comes out over 5% high."""
    spec = {"dist": "lognormal", "mean": 60.0, "cv": 0.5}
    rng = np.random.default_rng(1)
    new, old, hit = [], [], 0
    for _ in range(20):
        started, ended = _lognormal_service(rng)
        m, lo, hi, phi, n = service_mean(started, ended, spec, 60.0, 0.5, 0.9)
        new.append(m)
        hit += lo <= 60 <= hi
        q = np.cumsum(started.v) - np.cumsum(ended.v)  # in service at each week's end
        old.append(7 * (np.concatenate([[0], q[:-1]]) + q).sum() / 2 / ended.v.sum())
    assert abs(np.mean(new) / 60 - 1) < 0.005, np.mean(new)
    assert hit >= 15
    assert np.mean(old) / 60 - 1 > 0.05, np.mean(old)


@pytest.fixture(scope="module")
def cal(cover, tmp_path_factory):
    obs = observe(run_replication(cover, seed=7, replication=0))
    path = tmp_path_factory.mktemp("obs") / "observed.csv"
    obs.to_csv(path, index=False, date_format="%Y-%m-%d")
    return calibrate(cover, path, replications=0, confidence=0.9)


def test_distributions_match_the_intervals(cal):
    """Each fitted input has a distribution whose 5% and 95% quantiles are its interval."""
    fitted = cal.estimates.dropna(subset=["estimate"])
    assert fitted["distribution"].notna().all()
    for r in fitted.itertuples():
        lo, hi = r.distribution.ppf([0.05, 0.95])
        assert lo == pytest.approx(r.low, rel=1e-3) and hi == pytest.approx(r.high, rel=1e-3)
        assert r.dispersion >= 0.2
    kinds = {r.path: r.distribution.dist for r in fitted.itertuples()}
    assert kinds["roles.officer.stages.screen.pass_rate"] == "beta"
    assert kinds["roles.officer.stages.background.duration.mean"] == "lognormal"
    assert kinds["roles.officer.recruiting.0.per_week"] == "lognormal"


def test_fragment_is_uncertain_input_tables(cal):
    """The fragment parses as TOML: one [uncertain."<path>"] table per fitted input, with a
    distribution of the scenario syntax and a note naming the data file and the dispersion;
    the unidentified tenure band is not an input, and a comment says why."""
    text = cal.fragment()
    doc = tomllib.loads(text)
    assert set(doc) == {"uncertain"}
    fitted = cal.estimates.dropna(subset=["estimate"])
    assert set(doc["uncertain"]) == set(fitted["path"])
    for path, table in doc["uncertain"].items():
        assert set(table) == {"dist", "note"} | DISTS[table["dist"]], path
        assert "calibrated from" in table["note"] and "observed.csv" in table["note"]
        assert "dispersion" in table["note"]
    a, b = (doc["uncertain"]["roles.officer.stages.screen.pass_rate"][k] for k in "ab")
    assert 0.45 < a / (a + b) < 0.55
    assert BAND not in doc["uncertain"]
    assert f"# {BAND}: not identified" in text and "fixed at the scenario's value 0.3" in text


def test_report_says_what_is_not_identified(cal):
    """The report lists every fitted input with its distribution, and the tenure band as not
    identified, fixed at the scenario's value."""
    text = cal.report()
    assert "roles.officer.stages.background.duration.mean" in text and "lognormal(" in text
    line = next(x for x in text.splitlines() if x.startswith(BAND))
    assert "not identified" in line and "fixed at the scenario's value 0.3" in line
    band = cal.estimates.set_index("path").loc[BAND]
    assert math.isnan(band["estimate"]) and "not identified" in band["note"]


def test_calibrate_command_writes_the_fragment(tmp_path, capsys, cover):
    """`hiringsim calibrate ... --fragment FILE` writes the uncertain inputs to FILE (and to
    uncertain.toml in the output folder) and prints the report."""
    from hiringsim.cli import main

    obs = observe(run_replication(hiringsim.load_scenario(SMALL), seed=3, replication=0))
    csv = tmp_path / "obs.csv"
    obs.to_csv(csv, index=False, date_format="%Y-%m-%d")
    frag = tmp_path / "inputs.toml"
    assert main(["calibrate", str(SMALL), str(csv), "--out", str(tmp_path / "out"), "-n", "0",
                 "--fragment", str(frag)]) == 0
    doc = tomllib.loads(frag.read_text())
    assert "roles.officer.stages.background.duration.mean" in doc["uncertain"]
    assert frag.read_text() == (tmp_path / "out" / "uncertain.toml").read_text()
    out = capsys.readouterr().out
    assert "not identified" in out and str(frag) in out


def test_calibrated_scenario_file_draws_every_fitted_input(tmp_path):
    """save_scenario writes one scenario file a planner runs: it extends the base file (by a
    path relative to where it is written), sets each fitted value to its estimate and declares
    every fitted input uncertain with the fragment's distribution; simulate draws each one in
    every replication (Results.inputs), and inputs='fixed' runs the estimates."""
    small = hiringsim.load_scenario(SMALL)
    cal = calibrate(small, observe(run_replication(small, seed=3, replication=0)),
                    replications=0, confidence=0.9)
    (tmp_path / "plans").mkdir()
    path = cal.save_scenario(tmp_path / "plans" / "calibrated.toml")
    text = path.read_text()
    assert 'extends = "' in text and str(tmp_path) not in text  # relative to the file
    sc = hiringsim.load_scenario(path)
    fitted = cal.estimates.dropna(subset=["estimate"]).set_index("path")
    assert len(fitted) == 20
    assert {u.name for u in sc.uncertain} == set(fitted.index)
    frag = tomllib.loads(cal.fragment())["uncertain"]
    for u in sc.uncertain:
        assert u.dist == frag[u.name]["dist"]
        assert sc.get(u.name) == pytest.approx(fitted.loc[u.name, "estimate"], rel=1e-7)
    assert sc.get(BAND) == 0.3  # not identified: kept, and not drawn
    res = hiringsim.simulate(sc, 3, seed=11, keep="kpis", progress=False)
    drawn = res.inputs.pivot(index="replication", columns="input", values="value")
    assert set(drawn.columns) == set(fitted.index) and len(drawn) == 3
    for p, col in drawn.items():
        lo, hi = frag[p]["dist"] == "beta" and (0, 1) or (0, math.inf)
        assert ((col > lo) & (col < hi)).all() and col.nunique() == 3, p
        lo, hi = fitted.loc[p, "distribution"].ppf([1e-4, 1 - 1e-4])  # the fitted one's
        assert col.between(lo, hi).all(), p
    assert res.input_uncertainty.startswith("with input uncertainty (20 inputs")
    fixed = hiringsim.simulate(sc, 1, seed=11, keep="kpis", progress=False, inputs="fixed")
    point = hiringsim.simulate(cal.scenario, 1, seed=11, keep="kpis", progress=False)
    assert fixed.inputs.empty
    pd.testing.assert_frame_equal(fixed.kpis.drop(columns="scenario"),
                                  point.kpis.drop(columns="scenario"))
