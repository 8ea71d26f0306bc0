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
