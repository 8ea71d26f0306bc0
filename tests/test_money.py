"""Appropriations (Scenario.budget, hiringsim.model.money): exact timelines in both modes, the
spend-within-budget invariant over random budgets, a budget that never binds changes nothing bit
for bit, validation, and the measures and report."""

from __future__ import annotations

import textwrap

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hiringsim
from hiringsim.measures.budget import COVERED, budget_rows
from hiringsim.measures.costs import cost_kpis, daily_costs
from hiringsim.model.money import fiscal_years
from hiringsim.model.names import Limit
from hiringsim.model.record import stocks
from hiringsim.replication import run_replication
from hiringsim.scenario import Scenario, ScenarioError, load_scenario
from test_model_conservation import check_record, check_snapshots

MODES = ["fast", "reference"]
SEED = 1

# 2020-07-01 is day 0; FY2020 ends 30 Sep (day 91), FY2021 starts on day 92.  Salary 36,525 a
# year is $100 a day; applicants arrive on day 0 only and reach the offer list on day 10.
TIMELINE = """\
    name = "t"
    start = 2020-07-01
    end = 2020-12-31
    budget_unspent = "{unspent}"

    [target]
    role = "a"
    growth = 1
    deadline = 2020-12-31

    [[budget]]
    fiscal_year = 2020
    amount = {fy2020}

    [[budget]]
    fiscal_year = 2021
    amount = {fy2021}

    [roles.a]
    initial = 0
    onboarding = 0
    salary = 36525
    offer_withdraw_per_week = 0
    attrition = {{ annual_rate = 0 }}
    recruiting = [{{ from = 2020-07-01, per_week = 70 }}, {{ from = 2020-07-02, per_week = 0 }}]

    [[roles.a.stages]]
    name = "s1"
    pass_rate = 1
    duration = 10
    """

ACADEMY = """\
    [roles.a.academy]
    first_class = 2020-07-15
    dates = [2020-07-15, 2020-08-15, 2020-10-01]
    seats = 100
    length_days = 14
    graduation_rate = 1
    cost_per_trainee = 1000
    """


def timeline(tmp_path, fy2020: float, fy2021: float = 1e9, *, academy: bool = False,
             unspent: str = "lapse") -> Scenario:
    text = textwrap.dedent(TIMELINE.format(fy2020=fy2020, fy2021=fy2021, unspent=unspent))
    if academy:
        text += textwrap.dedent(ACADEMY)
    path = tmp_path / "t.toml"
    path.write_text(text, encoding="utf-8")
    return load_scenario(path)


def entries(rec) -> dict[int, int]:
    eod = rec.flows["a"]["eod"]
    return {int(d): int(eod[d]) for d in np.flatnonzero(eod)}


@pytest.mark.parametrize("mode", MODES)
def test_direct_entry_waits_for_the_money(tmp_path, mode):
    """Direct entry: $41,100 for FY2020 carries five entries on day 10 ($8,200 each: pay to 30
    Sep); the sixth fits on day 91, when pay to 30 Sep has fallen to the $100 left; the rest
    enter on 1 October (day 92) with FY2021's money; hiring is held by money days 10-91."""
    sc = timeline(tmp_path, 5 * 8200 + 100)
    rec = run_replication(sc, seed=SEED, mode=mode)
    n = int(rec.flows["a"]["applicants"].sum())
    assert n > 7
    assert entries(rec) == {10: 5, 91: 1, 92: n - 6}
    log = rec.budget["a"]
    assert log.fiscal_year.tolist() == [2020, 2021]
    assert log.committed.tolist() == [6, n - 6]
    np.testing.assert_array_equal(np.flatnonzero(log.held), np.arange(10, 92))
    # at FY2021's start the six on board are reserved their pay to 30 Sep 2021 (365 days)
    assert log.reserved_start[1] == pytest.approx(6 * 100 * 365)


@pytest.mark.parametrize("mode", MODES)
def test_direct_entry_exact_budget_waits_to_october(tmp_path, mode):
    """With exactly five entries' worth, nobody else enters before 1 October."""
    rec = run_replication(timeline(tmp_path, 5 * 8200), seed=SEED, mode=mode)
    n = int(rec.flows["a"]["applicants"].sum())
    assert entries(rec) == {10: 5, 92: n - 5}


@pytest.mark.parametrize("mode", MODES)
def test_academy_class_cut_by_money(tmp_path, mode):
    """An academy: the class of day 14 takes the three that $26,400 carries ($1,000 training +
    $7,800 pay to 30 Sep each), the class of day 45 nobody (limited by money), the class of 1
    October everyone else; hiring is held by money from day 14 to 1 October."""
    sc = timeline(tmp_path, 3 * 8800, academy=True)
    rec = run_replication(sc, seed=SEED, mode=mode)
    n = int(rec.flows["a"]["applicants"].sum())
    assert entries(rec) == {14: 3, 92: n - 3}
    cl = rec.classes["a"]
    assert cl.day.tolist() == [14, 45, 92]
    assert cl.filled.tolist() == [3, 0, n - 3]
    assert cl.limit.tolist()[:2] == [Limit.MONEY, Limit.MONEY]
    np.testing.assert_array_equal(np.flatnonzero(rec.budget["a"].held), np.arange(14, 92))


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("unspent", ["lapse", "carry_over"])
def test_unspent_money_lapses_or_carries_over(tmp_path, mode, unspent):
    """$41,050 in FY2020: five enter, $50 is left (less than any entry costs).  FY2021 has the
    five on board's pay ($182,500) + two entries on 1 Oct ($36,500 each) - $50.  Lapsing, one
    enters on 1 Oct and one on 2 Oct (when pay to 30 Sep is a day less); carried over, the $50
    makes two on 1 Oct."""
    sc = timeline(tmp_path, 5 * 8200 + 50, 5 * 36500 + 2 * 36500 - 50, unspent=unspent)
    rec = run_replication(sc, seed=SEED, mode=mode)
    got = entries(rec)
    assert got[10] == 5
    if unspent == "lapse":
        assert got[92] == 1 and got[93] == 1
        assert rec.budget["a"].carry_in.tolist() == [0.0, 0.0]
    else:
        assert got[92] == 2 and 93 not in got
        assert rec.budget["a"].carry_in.tolist() == pytest.approx([0.0, 50.0])
    assert sum(got.values()) == 7


# -- the invariant: covered spend within the budget -----------------------------------------
SMALL = """\
    name = "m"
    start = 2020-06-01
    end = 2021-12-31
    budget_unspent = "{unspent}"
    budget_allotment = {{ a = {share}, b = {rest} }}
{budget}

    [target]
    role = "a"
    growth = 30
    deadline = 2021-12-31

    [roles.a]
    initial = 20
    onboarding = 5
    salary = 50000
    hire_cost = 500
    offer_withdraw_per_week = 0.05
    attrition = {{ annual_rate = 0.4 }}
    positions = [{{ from = 2020-06-01, growth = 40 }}]
    recruiting = [{{ from = 2020-06-01, per_week = 6 }}]

    [roles.a.academy]
    first_class = 2020-06-15
    every_days = 14
    seats = 4
    length_days = 30
    graduation_rate = 0.7
    cost_per_trainee = 3000

    [[roles.a.stages]]
    name = "s1"
    pass_rate = 0.8
    duration = 7

    [roles.b]
    initial = 10
    onboarding = 3
    salary = 40000
    offer_withdraw_per_week = 0.1
    attrition = {{ annual_rate = 0.5 }}
    positions = [{{ from = 2020-06-01, growth = 15 }}]
    recruiting = [{{ from = 2020-06-01, per_week = 3 }}]

    [[roles.b.stages]]
    name = "s1"
    pass_rate = 0.9
    duration = 5
    """


def small(tmp_path, amounts: list[float], unspent: str, share: float = 0.7,
          name: str = "m") -> Scenario:
    budget = "".join(f"\n[[budget]]\nfiscal_year = {2020 + i}\namount = {a!r}\n"
                     for i, a in enumerate(amounts))
    text = textwrap.dedent(SMALL).format(unspent=unspent, share=share, rest=1 - share,
                                         budget=budget)
    path = tmp_path / f"{name}.toml"
    path.write_text(text, encoding="utf-8")
    return load_scenario(path)


def covered_spend_within_budget(rec) -> None:
    sc = rec.scenario
    costs = daily_costs(rec, stocks(rec))
    for role, log in rec.budget.items():
        covered = sum(costs[role][line] for line in COVERED)
        for k, (_, d0, d1) in enumerate(fiscal_years(sc)):
            if not np.isfinite(log.budget[k]):  # a year its budget does not name
                continue
            spent = float(covered[max(d0, 0):min(d1, sc.days)].sum())
            allowed = log.budget[k] + log.carry_in[k] + log.shortfall[k]
            assert spent <= allowed + 1e-6 * max(allowed, 1.0), (role, k, spent, allowed)


@settings(max_examples=6)
@given(amounts=st.lists(st.floats(0, 2e6), min_size=3, max_size=3),
       unspent=st.sampled_from(["lapse", "carry_over"]), share=st.floats(0.2, 0.8))
def test_covered_spend_never_exceeds_the_budget(tmp_path_factory, amounts, unspent, share):
    """Over random budgets per fiscal year, lapsing or carried over, in both modes: each
    role's covered spend (payroll of new hires, training, hire cost) summed over a fiscal
    year's days never exceeds its money (budget + carry-in), but by the reported shortfall;
    and everyone is in exactly one state (the reference mode's live counts equal the
    stocks)."""
    sc = small(tmp_path_factory.mktemp("m"), amounts, unspent, share)
    for mode in MODES:
        rec = run_replication(sc, seed=SEED, mode=mode)
        covered_spend_within_budget(rec)
        check_record(rec)
        if mode == "reference":
            check_snapshots(rec)


def test_spend_within_budget_binds_and_falls_short(tmp_path):
    """The invariant's scenario is meaningful: a tight budget holds both roles, carries money
    over and falls short when the people on board cost more than a year's money."""
    sc = small(tmp_path, [2e5, 3e5, 1e5], "carry_over")
    for mode in MODES:
        rec = run_replication(sc, seed=SEED, mode=mode)
        covered_spend_within_budget(rec)
        for role in ("a", "b"):
            log = rec.budget[role]
            assert log.held.sum() > 30, (mode, role)
            assert log.shortfall[2] > 0, (mode, role)


# -- a budget that never binds changes nothing ------------------------------------------------
@pytest.mark.parametrize("mode", MODES)
def test_budget_that_never_binds_changes_nothing(tmp_path, mode):
    """Huge appropriations: flows, hires and classes identical bit for bit to the run without a
    budget (same code path for the model, same random draws)."""
    with_money = small(tmp_path, [1e12, 1e12, 1e12], "lapse", name="with")
    raw = with_money.to_dict()
    for key in ("budget", "budget_allotment"):
        raw.pop(key)
    without = Scenario.from_dict(raw)
    a = run_replication(with_money, seed=SEED, mode=mode)
    b = run_replication(without, seed=SEED, mode=mode)
    assert a.budget and not b.budget
    for role in a.flows:
        for k in a.flows[role]:
            np.testing.assert_array_equal(a.flows[role][k], b.flows[role][k])
        for k in a.hires[role]:
            np.testing.assert_array_equal(a.hires[role][k], b.hires[role][k])
    for x, y in zip(a.classes["a"], b.classes["a"], strict=True):
        np.testing.assert_array_equal(x, y)
    assert not a.budget["a"].held.any()


# -- validation ---------------------------------------------------------------------------------
def _problems(base: Scenario, **fields) -> list[tuple[str, str]]:
    raw = {**base.to_dict(), **fields}
    with pytest.raises(ScenarioError) as err:
        Scenario.from_dict(raw)
    return err.value.problems


def test_budget_validation_names_the_field(tmp_path):
    """An overall budget with several roles needs an allotment summing to 1 over every role;
    unknown roles, repeated years and mixed overall/role entries are named."""
    base = small(tmp_path, [1e6], "lapse")
    paths = dict(_problems(base, budget_allotment=None))
    assert "budget_allotment" in paths
    paths = dict(_problems(base, budget_allotment={"a": 0.5, "b": 0.4}))
    assert "sum to 1" in paths["budget_allotment"]
    paths = dict(_problems(base, budget_allotment={"a": 1.0, "x": 0.0}))
    assert "budget_allotment.x" in paths
    paths = dict(_problems(base, budget=[{"fiscal_year": 2020, "amount": 1, "role": "x"}]))
    assert "unknown role" in paths["budget.0.role"]
    paths = dict(_problems(base, budget=[{"fiscal_year": 2020, "amount": 1},
                                         {"fiscal_year": 2020, "amount": 2}]))
    assert "budget.1" in paths
    paths = dict(_problems(base, budget=[{"fiscal_year": 2020, "amount": 1},
                                         {"fiscal_year": 2020, "amount": 2, "role": "a"}]))
    assert "one or the other" in paths["budget.1"]
    paths = dict(_problems(base, budget_unspent="keep"))
    assert "lapse" in paths["budget_unspent"]


def test_budget_refuses_levers_it_does_not_hold(tmp_path):
    """A budget with a warm-up, entry channels or a running pipeline is refused, naming the
    field."""
    base = small(tmp_path, [1e6], "lapse")
    raw = base.to_dict()
    raw["roles"]["b"]["channels"] = [{"name": "x", "path": "direct", "recruiting": [
        {"from": "2020-06-01", "per_week": 1}]}]
    with pytest.raises(ScenarioError) as err:
        Scenario.from_dict(raw)
    assert any(p == "roles.b.channels" and "budget" in m for p, m in err.value.problems), \
        err.value.problems
    paths = dict(_problems(base, warm_up_from="2020-01-01"))
    assert "budget" in paths["warm_up_from"]


# -- measures and report ------------------------------------------------------------------------
def test_results_and_report_show_money(tmp_path):
    """simulate: the budget table (per role and fiscal year), the KPIs and the report's money
    paragraph; spend in the table is the covered part of the cost KPIs."""
    from hiringsim.report import text_report

    sc = small(tmp_path, [2e5, 3e5, 1e5], "carry_over")
    res = hiringsim.simulate(sc, replications=2, seed=SEED)
    b = res.budget
    assert set(b["role"]) == {"a", "b"} and set(b["fiscal_year"]) == {2020, 2021, 2022}
    assert (b["days_held_money"] > 0).any()
    assert {"budget_total", "budget_spent", "days_held_by_money"} <= set(res.kpis.columns)
    text = text_report(res)
    assert "FY2021: $300,000 budget" in text and "held" in text
    rec = run_replication(sc, seed=SEED)
    rows = budget_rows(rec, stocks(rec))
    k = cost_kpis(rec, stocks(rec))
    assert sum(r["covered_spend"] for r in rows) == pytest.approx(
        k["cost_payroll"] + k["cost_academy"] + k["cost_incentives"])
    from hiringsim.export.tables import results_tables

    assert "budget" in results_tables(res)
    res.save(tmp_path / "out")
    again = type(res).load(tmp_path / "out")
    assert len(again.budget) == len(b)


@pytest.mark.parametrize("mode", MODES)
def test_budget_with_vetting_that_overlaps_training(mode):
    """Vetting that overlaps training under a budget: entries on a tentative clearance wait
    for money, covered spend stays within the money and everyone is in one state."""
    from pathlib import Path

    sc = load_scenario(Path(__file__).parent / "scenarios" / "small_budget_overlap.toml")
    rec = run_replication(sc, seed=5, mode=mode)
    covered_spend_within_budget(rec)
    check_record(rec)
    if mode == "reference":
        check_snapshots(rec)
    for role in ("officer", "support"):
        assert rec.budget[role].held.sum() > 100, role
        assert rec.flows[role]["offer:tentative"].sum() > 0, role
