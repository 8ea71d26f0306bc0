"""Costs: the one daily computation (measures.costs.daily_costs), when each line is charged, and
the cost table by fiscal year, role and line."""

from __future__ import annotations

import numpy as np
import pytest

from fragments import scenario
from hiringsim.measures.costs import LINES, SHARED, cost_kpis, daily_costs
from hiringsim.model.record import stocks
from hiringsim.replication import run_replication

MODES = ["fast", "reference"]
SEED = 20240601

#: one investigator with a fixed 10-day service, saturated, candidates withdrawing while queued
WITHDRAWING = """\
    [resources.inv]
    servers = 1
    cost_per_server_year = 36525

    [roles.a]
    initial = 0
    onboarding = 0
    salary = 0
    attrition = { annual_rate = 0 }
    recruiting = [{ from = 2020-01-01, per_week = 7 }]

    [[roles.a.stages]]
    name = "pre"
    pass_rate = 1
    duration = 3
    cost = 10

    [[roles.a.stages]]
    name = "check"
    resource = "inv"
    pass_rate = 1
    duration = { dist = "fixed", value = 10 }
    withdraw_per_week = 0.2
    cost = 1000
    """


@pytest.mark.parametrize("mode", MODES)
def test_investigation_cost_charged_on_service_start(tmp_path, mode):
    """A served stage's cost is charged on the day service starts, once per start: those who
    withdraw while queued cost nothing (cost x starts, not x queue joins)."""
    sc = scenario(tmp_path, WITHDRAWING, end="2020-12-31")
    rec = run_replication(sc, seed=SEED, mode=mode)
    f = rec.flows["a"]
    st = stocks(rec)
    assert f["check:withdraw"].sum() > 10  # many leave the queue unserved
    assert f["check:enter"].sum() > f["check:start"].sum() + 10
    daily = daily_costs(rec, st)
    np.testing.assert_array_equal(daily["a"]["screening"],
                                  10.0 * f["pre:enter"] + 1000.0 * f["check:start"])
    kpis = cost_kpis(rec, st)
    assert kpis["cost_screening"] == 10 * f["pre:enter"].sum() + 1000 * f["check:start"].sum()
    # the server: 36,525 a year is 100 a day, every day
    np.testing.assert_array_equal(daily[SHARED]["resources"], np.full(sc.days, 100.0))
    assert kpis["cost_resources"] == 100.0 * sc.days
    assert set(daily) == {"a", SHARED}
    assert all(set(lines) == set(LINES) for lines in daily.values())


#: two fiscal years (FY2020 from the start on 1 Jan 2020: 274 days; FY2021: 365 days), every
#: line but training: people pass straight to entry on duty, nobody leaves
TWO_YEARS = WITHDRAWING.replace("salary = 0", "salary = 36525\n    hire_cost = 500\n"
                                "    application_cost = 2\n    applications_per_applicant = 3")


def _hand(rec, d0: int, d1: int) -> dict[str, float]:
    """The year's cost lines of role 'a' by hand from the record's flows."""
    f = {k: v[d0:d1 + 1] for k, v in rec.flows["a"].items()}
    on_board = np.cumsum(rec.flows["a"]["eod"])[d0:d1 + 1]  # nobody leaves, no initial staff
    return {"recruiting": 2 * 3 * f["applicants"].sum(),
            "screening": 10 * f["pre:enter"].sum() + 1000 * f["check:start"].sum(),
            "academy": 0.0, "incentives": 500 * f["eod"].sum(),
            "payroll": 100 * on_board.sum()}  # 36,525 a year is 100 a day


@pytest.fixture(scope="module")
def two_years(tmp_path_factory):
    import hiringsim as hs

    sc = scenario(tmp_path_factory.mktemp("c"), TWO_YEARS, end="2021-09-30")
    return sc, hs.simulate(sc, 3, seed=SEED, progress=False)


def test_cost_table_by_fiscal_year_equals_the_hand_computation(two_years):
    """Results.costs: each fiscal year's mean of each line of each role equals the line counted
    by hand from each replication's flows; the interval is the t interval of those; servers
    under '(shared)'; summed over years and roles it is the run's total cost."""
    from hiringsim.stats import mean_ci

    sc, res = two_years
    c = res.costs()
    assert list(c.columns) == ["fiscal_year", "role", "line", "days", "mean", "ci_low",
                               "ci_high"]
    assert sorted(set(c["fiscal_year"])) == [2020, 2021]
    recs = [run_replication(sc, seed=SEED, replication=r) for r in range(3)]
    for year, d0, d1, days in ((2020, 0, 273, 274), (2021, 274, 638, 365)):
        hand = [_hand(rec, d0, d1) for rec in recs]
        got = c[(c.fiscal_year == year) & (c.role == "a")].set_index("line")
        assert list(got.index) == ["recruiting", "screening", "academy", "incentives",
                                   "payroll"]
        assert (got["days"] == days).all()
        for line in got.index:
            m, lo, hi = mean_ci([h[line] for h in hand])
            assert got.loc[line, "mean"] == pytest.approx(m, rel=1e-12)
            if line != "academy":
                assert got.loc[line, "mean"] > 0
                assert got.loc[line, ["ci_low", "ci_high"]].tolist() == pytest.approx([lo, hi])
        shared = c[(c.fiscal_year == year) & (c.role == SHARED)]
        assert shared["line"].tolist() == ["resources"]
        assert shared["mean"].iloc[0] == pytest.approx(100.0 * days)
    assert c["mean"].sum() == pytest.approx(res.kpis["cost_total"].mean(), rel=1e-12)


def test_cost_table_in_report_and_exports(two_years, tmp_path):
    """The text report says each year's cost by role and line; the workbook has the table
    with human labels; the CSV the command line writes holds the same numbers."""
    import openpyxl

    from hiringsim.export import costs_table, workbook
    from hiringsim.report import text_report

    sc, res = two_years
    c = res.costs()
    text = text_report(res)
    assert "Cost by fiscal year" in text
    fy21 = c[c.fiscal_year == 2021]
    a = fy21[fy21.role == "a"].set_index("line")["mean"]
    line = next(x for x in text.splitlines() if x.strip().startswith("a $"))
    assert f"payroll ${a['payroll'] / 1e6:,.1f} M" in text
    assert "screening" in line and "academy" not in line  # lines costing nothing left out
    assert "FY2020:" in text and "274 days simulated" in text
    assert "shared resources $36,500" in text  # FY2021: 365 days at $100
    table = costs_table(res)
    assert table.frame["mean"].tolist() == c["mean"].tolist()
    assert "shared resources" in set(table.frame["role"])
    assert table.units["mean"] == "$"
    wb = openpyxl.load_workbook(workbook(res, tmp_path / "r.xlsx"))
    ws = wb["costs by fiscal year"]
    header = [x.value for x in ws[1]]
    assert header[:4] == ["fiscal year (ends 30 Sep)", "role", "cost line",
                          "days of the year simulated"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(c)
    assert [r[header.index("mean")] for r in rows] == pytest.approx(c["mean"].tolist())
    assert "$" in ws.cell(row=2, column=header.index("mean") + 1).number_format
    path = tmp_path / "costs.csv"
    table.frame.to_csv(path, index=False)
    import pandas as pd

    back = pd.read_csv(path)
    assert back["cost line id"].tolist() == c["line"].tolist()
    assert back["mean"].to_numpy() == pytest.approx(c["mean"].to_numpy())


def test_results_save_and_load_keep_the_cost_table(two_years, tmp_path):
    """A saved run loads with the same cost table."""
    from hiringsim.results import Results

    _, res = two_years
    back = Results.load(res.save(tmp_path / "r"))
    assert back.costs().equals(res.costs())


def test_a_role_may_not_take_the_shared_costs_name(tmp_path):
    """'(shared)' names the costs shared by roles in the cost table: no role may take it."""
    from hiringsim.errors import InputError

    body = WITHDRAWING.replace("[roles.a]", '[roles."(shared)"]').replace(
        "[[roles.a.stages]]", '[[roles."(shared)".stages]]')
    with pytest.raises(InputError, match=r"roles\.\(shared\).*reserved"):
        scenario(tmp_path, body)
