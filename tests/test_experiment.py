"""Replications, results, comparison with common random numbers, stopping rule, persistence."""

from __future__ import annotations

import math
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import hiringsim
from hiringsim.results import Results

SMALL = Path(__file__).parent / "scenarios" / "small.toml"


@pytest.fixture(scope="module")
def small():
    return hiringsim.load_scenario(SMALL)


@pytest.fixture(scope="module")
def results(small):
    return hiringsim.simulate(small, 12, seed=5, progress=False)


def test_rows_carry_scenario_replication_and_seed(results):
    """Every KPI row names its scenario, replication and root seed."""
    k = results.kpis
    assert list(k["replication"]) == list(range(12))
    assert set(k["seed"]) == {5}
    assert set(k["scenario"]) == {"small"}
    assert {"scenario", "replication", "seed"} <= set(results.funnel.columns)


def test_replication_replays_alone(small, results):
    """A replication re-run alone with its seed gives the same KPIs as inside simulate."""
    alone = hiringsim.replication_kpis(small, seed=5, replication=7)
    row = results.kpis.set_index("replication").loc[7]
    for key, value in alone.items():
        assert row[key] == pytest.approx(value, nan_ok=True), key


def test_serial_equals_process_pool(small, results):
    """The same seed gives identical frames serially and on a process pool."""
    with ProcessPoolExecutor(2) as ex:
        par = hiringsim.simulate(small, 12, seed=5, executor=ex, progress=False, batch_size=3)
    pd.testing.assert_frame_equal(results.kpis, par.kpis)
    pd.testing.assert_frame_equal(results.funnel, par.funnel)
    assert np.array_equal(results.series("officer", "on_duty"), par.series("officer", "on_duty"))


def test_summary_mean_and_interval(results):
    """summary() gives the mean of each KPI with an interval that contains it."""
    s = results.summary()
    m = results.kpis["growth_at_end"].mean()
    assert s.loc["growth_at_end", "mean"] == pytest.approx(m)
    assert s.loc["growth_at_end", "ci_low"] < m < s.loc["growth_at_end", "ci_high"]
    p = s.loc["target_by_deadline"]
    assert 0 <= p["ci_low"] <= p["mean"] <= p["ci_high"] <= 1


def test_censored_target_date_is_not_a_number(small):
    """A target nobody reaches is reported as not reached, never as a date or a mean."""
    hard = small.with_values({"target.growth": 100000})
    res = hiringsim.simulate(hard, 4, seed=1, progress=False)
    assert res.kpis["target_day"].isna().all()
    assert math.isnan(res.summary().loc["target_day", "mean"])
    td = res.target_dates()
    assert not td["reached"].any() and td["date"].isna().all()


def test_target_dates_quantiles(small):
    """target_dates() gives the inverted-CDF date at each quantile, and NaT (not reached) for
    quantiles beyond the share of replications that reached the target."""
    reached = hiringsim.simulate(small.with_values({"target.growth": 20}), 8, seed=2,
                                 progress=False)
    d = reached.kpis["target_day"].to_numpy()
    assert np.isfinite(d).all()
    expected = pd.Timestamp(small.start) + pd.Timedelta(
        days=float(np.quantile(d, 0.5, method="inverted_cdf")))
    assert reached.target_dates((0.5,))["date"].iloc[0] == expected
    # a target about half the replications reach: low quantiles are dates, high ones are not
    mixed = hiringsim.simulate(small.with_values({"target.growth": 30}), 16, seed=2,
                               progress=False)
    share = np.isfinite(mixed.kpis["target_day"].to_numpy()).mean()
    assert 0 < share < 1
    td = mixed.target_dates((share / 2, (1 + share) / 2)).set_index("quantile")
    assert bool(td["reached"].iloc[0]) and not bool(td["reached"].iloc[1])
    assert pd.isna(td["date"].iloc[1])


def test_bands_are_ordered_and_match_series(results):
    """Quantile bands are ordered and their median is the median of the daily series."""
    b = results.bands(quantiles=(0.05, 0.5, 0.95))
    assert (b[0.05] <= b[0.5]).all() and (b[0.5] <= b[0.95]).all()
    g = results.growth()
    assert np.allclose(b[0.5].to_numpy(), np.quantile(g, 0.5, axis=0))
    assert len(b) == results.scenario.days


def test_timeseries_is_tidy(results):
    """timeseries() is long: one row per replication, date, role and state."""
    ts = results.timeseries("officer", ["on_duty", "academy"], freq="MS")
    assert set(ts.columns) == {"scenario", "replication", "seed", "date", "role", "state",
                               "count"}
    n_months = len(pd.date_range(results.scenario.start, results.scenario.end, freq="MS"))
    assert len(ts) == 12 * 2 * n_months


def test_save_load_roundtrip(results, tmp_path):
    """save/load keeps frames, daily series, the resolved scenario, seed and version."""
    results.save(tmp_path / "r")
    back = Results.load(tmp_path / "r")
    pd.testing.assert_frame_equal(results.kpis, back.kpis)
    pd.testing.assert_frame_equal(results.fiscal, back.fiscal)
    assert back.scenario == results.scenario
    assert back.seed == 5 and back.meta["hiringsim_version"] == hiringsim.__version__
    assert np.array_equal(back.series("officer", "academy"), results.series("officer", "academy"))


def test_keep_kpis_drops_series(small):
    """keep='kpis' keeps the KPIs but refuses daily series with a clear message."""
    res = hiringsim.simulate(small, 3, seed=1, keep="kpis", progress=False)
    assert len(res.kpis) == 3
    with pytest.raises(ValueError, match="keep='series'"):
        res.bands()


def test_paired_interval_much_narrower_than_unpaired(small):
    """Common random numbers make paired differences far more precise than unpaired ones."""
    more = small.with_values({"resources.bi.servers": 7}, name="more")
    cmp = hiringsim.compare({"base": small, "more": more}, 30, seed=11, progress=False)
    d = cmp.differences(kpis=["hires", "growth_at_end"]).set_index("kpi")
    for kpi in ("hires", "growth_at_end"):
        paired = d.loc[kpi, "ci_high"] - d.loc[kpi, "ci_low"]
        unpaired = d.loc[kpi, "unpaired_high"] - d.loc[kpi, "unpaired_low"]
        assert paired < 0.5 * unpaired, (kpi, paired, unpaired)
    # more investigators cannot lower hires on average here
    assert d.loc["hires", "mean"] > 0


def test_compare_identical_strategies_differ_by_zero(small):
    """Two identical strategies with one seed have exactly zero paired differences."""
    cmp = hiringsim.compare({"a": small, "b": small}, 4, seed=2, progress=False)
    d = cmp.differences(kpis=["hires", "time_to_hire_mean"])
    assert (d["mean"] == 0).all()


def test_simulate_until_meets_half_width(small):
    """The stopping rule adds replications until the interval is narrow enough."""
    res = hiringsim.simulate_until(small, kpi="hires", half_width=4.0, initial=10, step=10,
                                   max_replications=200, seed=3, progress=False)
    stop = res.meta["stopping"]
    assert stop["met"] and stop["achieved"] <= 4.0
    s = res.summary().loc["hires"]
    assert (s["ci_high"] - s["ci_low"]) / 2 <= 4.0 + 1e-9
    assert res.replications % 10 == 0 and res.replications >= 10


def test_simulate_until_caps_and_refuses_nan_kpis(small):
    """The cap is honoured, and KPIs that can be missing are refused with advice."""
    res = hiringsim.simulate_until(small, kpi="hires", half_width=1e-6, initial=5, step=5,
                                   max_replications=15, seed=3, progress=False)
    assert res.replications == 15 and not res.meta["stopping"]["met"]
    hard = small.with_values({"target.growth": 100000})
    with pytest.raises(ValueError, match="target_by_deadline"):
        hiringsim.simulate_until(hard, kpi="target_day", half_width=5, initial=3, seed=1,
                                 progress=False)


@pytest.mark.parametrize("bad", [0, -1, 2.5, True])
def test_bad_replications_rejected(small, bad):
    """Replication counts that are not positive ints are refused clearly."""
    with pytest.raises(ValueError, match="replications"):
        hiringsim.simulate(small, bad, seed=1)


def test_cost_kpis_add_up(results):
    """Cost categories add up to the hiring and total costs."""
    k = results.kpis
    parts = k[["cost_recruiting", "cost_screening", "cost_academy", "cost_incentives",
               "cost_resources"]].sum(axis=1)
    assert np.allclose(parts, k["cost_hiring"])
    assert np.allclose(k["cost_hiring"] + k["cost_payroll"], k["cost_total"])


def test_funnel_balances(results):
    """Per stage: passed + failed + withdrew never exceeds entered; hires match the offer row."""
    f = results.funnel
    assert (f["passed"] + f["failed"] + f["withdrew"] <= f["entered"]).all()
    k = results.kpis.set_index("replication")
    off = f[(f.role == "officer") & (f.stage == "offer")].set_index("replication")
    assert (off["passed"] == k["hires"]).all()


def test_dask_local_cluster_matches_serial(small, results):
    """simulate on a real dask LocalCluster (worker processes) equals the serial run."""
    import distributed
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        par = hiringsim.simulate(small, 12, seed=5, executor=client.get_executor(),
                                 progress=False, batch_size=4)
        workers = client.run(lambda: __import__("os").getpid())
    assert len(set(workers.values())) == 2
    pd.testing.assert_frame_equal(results.kpis, par.kpis)
