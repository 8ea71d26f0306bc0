"""Milestones per day (offers, entry on duty, trained, operational) and measures over windows
(fiscal years, any dates): exact on a tiny timeline, consistent with the KPIs and tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import hiringsim
from fragments import scenario
from hiringsim.measures.milestones import milestone_flows
from hiringsim.replication import run_replication

MODES = ["fast", "reference"]
SEED = 20240601


def shift(x: np.ndarray, k: int) -> np.ndarray:
    out = np.zeros_like(x)
    out[k:] = x[: len(x) - k]
    return out


VETTED = """\
    [resources.bi]
    servers = 1000

    [roles.a]
    initial = 4
    onboarding = 7
    attrition = { annual_rate = 0 }
    recruiting = [{ from = 2020-01-01, per_week = 35 }]

    [[roles.a.stages]]
    name = "s1"
    pass_rate = 1
    duration = 3

    [[roles.a.stages]]
    name = "bi"
    resource = "bi"
    pass_rate = 1
    duration = { dist = "fixed", value = 5 }
    """


@pytest.mark.parametrize("mode", MODES)
def test_milestones_follow_the_pipeline(tmp_path, mode):
    """Tentative offers on the day screening is passed (vetting starts), final offers after the
    5-day vetting, entry on duty at once (no cap), trained = entry without an academy, and
    operational after 7 days of onboarding."""
    sc = scenario(tmp_path, VETTED)
    rec = run_replication(sc, seed=SEED, mode=mode)
    apps = rec.flows["a"]["applicants"]
    m = milestone_flows(rec, sc.role("a"))
    assert list(hiringsim.model.names.MILESTONES) == ["tentative_offer", "final_offer", "eod",
                                                      "trained", "operational"]
    for row, lag in zip(m, (3, 8, 8, 8, 15), strict=True):
        np.testing.assert_array_equal(row, shift(apps, lag))


def test_milestones_with_an_academy_and_without_vetting():
    """In the small scenario, support (no academy) is trained on entry; officers are trained at
    graduation; a role without a resource would offer tentatively at the last stage."""
    sc = hiringsim.load_scenario("tests/scenarios/small.toml")
    rec = run_replication(sc, seed=3)
    f = rec.flows["officer"]
    m = milestone_flows(rec, sc.role("officer"))
    np.testing.assert_array_equal(m[0], f["background:enter"])
    np.testing.assert_array_equal(m[1], f["medical:pass"])
    np.testing.assert_array_equal(m[3], f["academy:graduate"])
    s = milestone_flows(rec, sc.role("support"))
    np.testing.assert_array_equal(s[3], rec.flows["support"]["eod"])


@pytest.fixture(scope="module")
def results():
    sc = hiringsim.load_scenario("tests/scenarios/small.toml")
    return hiringsim.simulate(sc, 3, seed=5, progress=False)


def test_results_milestones_frame(results):
    """Results.milestones: one row per date and milestone; cumulative means end at the mean
    of the KPI totals (entries on duty = hires)."""
    m = results.milestones(cumulative=True)
    assert len(m) == 5 * results.scenario.days
    assert list(m.columns[:3]) == ["date", "milestone", "mean"]
    last = m[m["milestone"] == "eod"]["mean"].iloc[-1]
    assert last == pytest.approx(results.kpis["hires"].mean())


def test_window_over_a_fiscal_year_is_its_row(results):
    """Results.window over FY2021 gives the fiscal table's row (time to hire kept in float32)."""
    w = results.window("2020-10-01", "2021-09-30").set_index(["replication", "role"])
    fy = results.fiscal[results.fiscal["fiscal_year"] == 2021].set_index(["replication", "role"])
    for col in ("days", "hires", "separations", "cost_hiring", "cost_payroll"):
        pd.testing.assert_series_equal(w[col], fy[col], check_dtype=False, check_names=False)
    for col in ("time_to_hire_mean", "time_to_hire_median", "time_to_hire_p90"):
        np.testing.assert_allclose(w[col], fy[col], rtol=1e-6)


def test_window_over_the_run_matches_the_kpis(tmp_path):
    """Over the whole run, a window's hires and costs are the KPIs' (costs of the roles plus
    the resources' equal the hiring cost; payroll equals payroll)."""
    from hiringsim.measures.windows import resource_cost

    sc = hiringsim.load_scenario("scenarios/baseline.toml")
    res = hiringsim.simulate(sc, 2, seed=1, progress=False)
    w = res.window(sc.start, sc.end)
    k = res.kpis.set_index("replication")
    by = w.groupby("replication")
    np.testing.assert_allclose(by["cost_hiring"].sum() + resource_cost(sc, 0, sc.days - 1),
                               k["cost_hiring"], rtol=1e-9)
    np.testing.assert_allclose(by["cost_payroll"].sum(), k["cost_payroll"], rtol=1e-9)
    officer = w[w["role"] == "officer"].set_index("replication")
    np.testing.assert_array_equal(officer["hires"], k["hires"])
    np.testing.assert_allclose(officer["time_to_hire_mean"], k["time_to_hire_mean"], rtol=1e-5)


def test_milestones_and_windows_survive_save_and_load(results, tmp_path):
    """Saved and loaded results give the same milestones and windows."""
    back = hiringsim.Results.load(results.save(tmp_path / "r"))
    pd.testing.assert_frame_equal(back.milestones(), results.milestones())
    pd.testing.assert_frame_equal(back.window("2020-03-01", "2020-08-31"),
                                  results.window("2020-03-01", "2020-08-31"))


def test_window_outside_the_run_is_an_error(results):
    """A window holding no simulated day says so."""
    with pytest.raises(ValueError, match="no simulated day"):
        results.window("2030-01-01", "2030-12-31")


def test_plot_milestones(results):
    """plot_milestones draws one labelled line per milestone and returns the Axes."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from hiringsim.plots import plot_milestones

    ax = plot_milestones(results)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(labels) == 5 and labels[2] == "entries on duty (hired)"
    assert ax.get_ylabel() and ax.get_title()
    plt.close(ax.figure)
