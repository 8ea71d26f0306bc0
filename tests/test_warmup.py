"""A warm-up (``warm_up_from``, hiringsim.model.warmup): the model runs from an earlier date with
the same inputs and reports from the start, in both modes: exact timelines of classes that
started in the warm-up, growth from each replication's headcount at the start, conservation,
validation, and nothing changed without it."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import hiringsim
from fragments import scenario
from hiringsim import Scenario
from hiringsim.measures.summary import summarize_record
from hiringsim.model.record import state_names, stocks
from hiringsim.model.warmup import extended
from hiringsim.replication import run_replication
from hiringsim.scenario import ScenarioError
from strategies import scenario_dicts
from test_model_conservation import _exits, check_snapshots

MODES = ["fast", "reference"]
SEED = 20260130

#: weekly classes of 2 (Mondays from 2020-01-06), 21 days long, everyone graduates; a warm-up
#: of 28 days (from 2019-12-04): classes of 2019-12-09, -16, -23 and -30 ran in it
WEEKLY = """\
    [roles.a]
    initial = 10
    onboarding = 0
    attrition = { annual_rate = 0 }
    recruiting = [{ from = 2020-01-01, per_week = 70 }]

    [roles.a.academy]
    first_class = 2020-01-06
    every_days = 7
    seats = 2
    length_days = 21
    graduation_rate = 1

    [[roles.a.stages]]
    name = "s1"
    pass_rate = 1
    duration = 1
    """


def weekly(tmp_path, values=None) -> Scenario:
    """The WEEKLY scenario with its warm-up from 2019-12-04 (and ``values`` set)."""
    return scenario(tmp_path, WEEKLY).with_values(
        {"warm_up_from": dt.date(2019, 12, 4), **(values or {})})


@pytest.mark.parametrize("mode", MODES)
def test_classes_started_in_the_warm_up_are_running_at_the_start(tmp_path, mode):
    """Weekly classes extended back from first_class: the three that started in the last 21
    days before the start are in the academy at day 0 (6 trainees) and graduate on days 5, 12
    and 19; the one of 2019-12-09 graduated on day -2 and is on duty; growth (trained) is
    measured from the 12 trained at the start, so the target of +4 is reached on day 12."""
    sc = weekly(tmp_path, {"target.growth": 4})
    rec = run_replication(sc, seed=SEED, mode=mode)
    op = rec.opening["a"]
    assert op["academy"] == 6 and op["on_duty"] == 12 and op["onboarding"] == 0
    assert op["offer_wait"] > 20  # recruiting carried back to the warm-up date: a queue
    f = rec.flows["a"]
    grad = np.flatnonzero(f["academy:graduate"])
    np.testing.assert_array_equal(grad, np.arange(5, sc.days, 7)[: len(grad)])
    assert (f["academy:graduate"][grad] == 2).all() and grad[-1] >= sc.days - 7
    np.testing.assert_array_equal(np.flatnonzero(f["eod"]), np.arange(5, sc.days, 7))
    np.testing.assert_array_equal(rec.classes["a"].day, np.arange(5, sc.days, 7))
    st_ = stocks(rec)["a"]
    assert st_["academy"][0] == 6 and st_["academy"][5] == 6  # one graduates, one starts
    assert st_["on_duty"][4] == 12 and st_["on_duty"][5] == 14 and st_["on_duty"][12] == 16
    kpis = summarize_record(rec).kpis
    assert kpis["target_day"] == 12.0
    assert kpis["growth_at_end"] == st_["on_duty"][-1] - 12
    # hires who applied in the warm-up are left out of time to hire
    h = rec.hires["a"]
    assert (h["application"] >= 0).all() and len(h["eod"]) < f["eod"].sum()
    if mode == "reference":
        check_snapshots(rec)


@pytest.mark.parametrize("mode", MODES)
def test_positions_and_initial_at_the_warm_up_date(tmp_path, mode):
    """``initial`` is on duty at the warm-up date and positions phases may be dated in the
    warm-up: at +0 until the start nobody enters beyond the 10 positions (on board 10 at day
    -1: academy + on duty), then +4 from the start; growth from the headcount at the start."""
    sc = weekly(tmp_path, {"roles.a.positions": [
        {"from": dt.date(2019, 12, 4), "growth": 0}, {"from": dt.date(2020, 1, 1), "growth": 4}]})
    rec = run_replication(sc, seed=SEED, mode=mode)
    op = rec.opening["a"]
    assert op["academy"] + op["on_duty"] == 10  # no growth in the warm-up
    st_ = stocks(rec)["a"]
    on_board = st_["academy"] + st_["on_duty"]
    assert on_board.max() == 14 and on_board[-1] == 14
    kpis = summarize_record(rec).kpis
    assert kpis["growth_at_end"] == 14 - op["on_duty"]


def test_extended_scenario(tmp_path):
    """The extended scenario starts at the warm-up date, its first recruiting period carried
    back, its class cycle extended back as dates, everything else as given."""
    sc = weekly(tmp_path)
    ext = extended(sc)
    a = ext.role("a")
    assert ext.start == dt.date(2019, 12, 4) and ext.reports_from == sc.start
    assert ext.warm_up_from is None and ext.end == sc.end
    assert a.recruiting[0].start == dt.date(2019, 12, 4)
    assert a.academy is not None
    assert a.academy.dates == tuple(dt.date(2019, 12, d) for d in (9, 16, 23, 30))
    assert a.academy.first_class == dt.date(2020, 1, 6)


def test_warm_up_is_validated(tmp_path):
    """A warm-up must start before the start, at most 10 years before it, and not with a
    running pipeline; dated inputs may start at the warm-up date, the deadline not before the
    start."""
    sc = weekly(tmp_path)
    cases = {
        "2020-01-01": "must be before start",
        "2009-12-01": "at most 3653 days",
    }
    for date, msg in cases.items():
        with pytest.raises(ScenarioError) as exc:
            sc.with_values({"warm_up_from": dt.date.fromisoformat(date)})
        assert msg in str(exc.value) and "warm_up_from" in str(exc.value)
    sc.with_values({"warm_up_from": dt.date(2010, 1, 1)})  # 10 years is fine
    with pytest.raises(ScenarioError) as exc:
        sc.with_values({"roles.a.pipeline": {"waiting": 3}})
    assert "roles.a.pipeline" in str(exc.value) and "warm_up_from" in str(exc.value)
    with pytest.raises(ScenarioError) as exc:
        sc.with_values({"roles.a.recruiting": [{"from": dt.date(2019, 12, 3), "per_week": 7}]})
    assert "roles.a.recruiting.0.from" in str(exc.value) and "2019-12-04" in str(exc.value)
    with pytest.raises(ScenarioError) as exc:
        sc.with_values({"target.deadline": dt.date(2019, 12, 20)})
    assert "target.deadline" in str(exc.value)


def test_warm_up_in_schema_and_round_trip(tmp_path):
    """The field is in the JSON Schema with its rule, and survives a dict round trip."""
    schema = hiringsim.scenario_json_schema()["else"]["properties"]["warm_up_from"]
    assert "report from start" in schema["description"]
    sc = weekly(tmp_path)
    assert Scenario.from_dict(sc.to_dict()) == sc


@given(raw=scenario_dicts(), seed=st.integers(0, 2**32 - 1), warm=st.integers(1, 120))
def test_conservation_with_a_warm_up(raw, seed, warm):
    """In both modes after a warm-up everyone is in exactly one state or left by a recorded
    exit, counting from the opening stocks (no state negative); the opening stocks are the
    extended run's state at the end of the day before the start; in reference mode the live
    counts cut to the window equal opening stocks plus flows."""
    raw = {**raw, "warm_up_from": dt.date.fromisoformat(raw["start"]) - dt.timedelta(days=warm)
           if isinstance(raw["start"], str) else raw["start"] - dt.timedelta(days=warm)}
    sc = Scenario.from_dict(raw, source="generated")
    for mode in MODES:
        rec = run_replication(sc, seed=seed, mode=mode)
        st_all = stocks(rec)
        for role in sc.roles:
            f, st_ = rec.flows[role.name], st_all[role.name]
            op = rec.opening[role.name]
            assert set(op) == set(state_names(role))
            for name, arr in st_.items():
                assert (arr >= 0).all(), (mode, role.name, name)
            total = sum(st_.values())
            expect = sum(op.values()) + np.cumsum(f["applicants"]) - np.cumsum(_exits(role, f))
            np.testing.assert_array_equal(total, expect, err_msg=f"{mode} {role.name}")
            h = rec.hires[role.name]
            assert (h["application"] >= 0).all() and (h["eod"] >= h["application"]).all()
        if mode == "reference":
            check_snapshots(rec)


def test_nothing_changes_without_a_warm_up():
    """Without a warm-up the record has no opening stocks and no internal report date."""
    sc = hiringsim.load_scenario("tests/scenarios/small.toml")
    assert sc.warm_up_from is None and sc.reports_from is None
    rec = run_replication(sc, seed=1)
    assert rec.opening == {}


def test_results_growth_from_each_replications_start(tmp_path):
    """Results.growth subtracts each replication's headcount at the start (after a warm-up),
    matching the replication's KPIs."""
    sc = hiringsim.load_scenario("tests/scenarios/small_warmup.toml")
    res = hiringsim.simulate(sc, replications=3, seed=5)
    g = res.growth()
    deadline = sc.day(sc.target.deadline)
    kpis = res.kpis.sort_values("replication")
    np.testing.assert_array_equal(g[:, deadline], kpis["growth_at_deadline"].to_numpy())
    starts = res.headcount()[:, 0] - g[:, 0]
    assert len(set(starts.tolist())) > 1  # the headcount at the start varies by replication


@pytest.mark.parametrize("mode", MODES)
def test_following_positions_count_from_the_start(mode):
    """Support positions follow the officers trained above their headcount at the start (not
    above ``initial``): support on board never exceeds 100 + round(0.5 x officers added by the
    day before), and the cap binds."""
    sc = hiringsim.load_scenario("tests/scenarios/small_warmup.toml")
    rec = run_replication(sc, seed=SEED, mode=mode)
    st_all = stocks(rec)
    off, sup = st_all["officer"], st_all["support"]
    op = rec.opening["officer"]
    trained = off["onboarding"] + off["on_duty"]
    added = np.concatenate([[0], np.maximum(trained[:-1] - (op["onboarding"] + op["on_duty"]),
                                            0)])
    cap = 100 + np.round(0.5 * added)
    on_board = sup["onboarding"] + sup["on_duty"]
    eod = rec.flows["support"]["eod"] > 0
    assert (on_board[eod] <= cap[eod]).all()
    assert (on_board[eod] == cap[eod]).sum() > 20
