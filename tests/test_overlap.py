"""Vetting that overlaps training (``Role.tentative_from``, hiringsim.model.overlap): exact
timelines in both modes, validation, the schema, conservation on random scenarios, and the
results a planner reads (KPIs, funnel, report).

The timelines use one investigator with a fixed case time, so that the k-th candidate's
investigation ends at ``e_k = max(a_k, e_(k-1)) + duration`` (``a_k``: application time, read from
the hires); everything after is fixed (classes on fixed dates, no attrition), so each person's
removal day and the place they are removed from are asserted exactly.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import hiringsim
from fragments import scenario
from hiringsim import Scenario
from hiringsim.model.record import stocks
from hiringsim.replication import run_replication
from hiringsim.scenario import ScenarioError, scenario_json_schema
from strategies import scenario_dicts
from test_model_conservation import check_record, check_snapshots

MODES = ["fast", "reference"]
SEED = 20240601
EPS = 1e-6

ACADEMY = """\
    [resources.inv]
    servers = 1

    [roles.a]
    initial = 0
    onboarding = 7
    attrition = {{ annual_rate = 0 }}
    recruiting = [{{ from = 2020-01-01, per_week = 7 }}, {{ from = 2020-02-20, per_week = 0 }}]
    {overlap}

    [roles.a.academy]
    first_class = 2020-01-06
    every_days = 20
    last_class = 2020-02-15
    seats = 100
    length_days = 30
    graduation_rate = 1

    [[roles.a.stages]]
    name = "bg"
    resource = "inv"
    pass_rate = {rate}
    duration = 8
    """
#: class start days of ACADEMY (2020-01-06, -26, 2020-02-15)
CLASSES = np.array([5, 25, 45])


def academy_scenario(tmp_path, rate: float, overlap: bool = True):
    body = ACADEMY.format(rate=rate, overlap='tentative_from = "bg"' if overlap else "")
    return scenario(tmp_path, body, end="2021-06-30", name=f"ac{rate}{overlap}")


def investigation_ends(app: np.ndarray, duration: float) -> np.ndarray:
    """End of each case at one server with a fixed case time, in arrival order."""
    out = np.empty(len(app))
    prev = -math.inf
    for i, a in enumerate(app):
        prev = max(a, prev) + duration
        out[i] = prev
    return out


def by_day(times: np.ndarray, days: int) -> np.ndarray:
    t = np.floor(times[times < days]).astype(np.int64)
    return np.bincount(t, minlength=days)[:days]


def next_class(t: np.ndarray) -> np.ndarray:
    """The first class starting at or after each time (a class takes offers made by its day)."""
    return CLASSES[np.searchsorted(CLASSES, t, side="left")].astype(float)


def hires_in_order(rec, role: str = "a") -> dict[str, np.ndarray]:
    h = rec.hires[role]
    order = np.argsort(h["application"], kind="stable")
    return {k: v[order] for k, v in h.items()}


@pytest.mark.parametrize("mode", MODES)
def test_failures_removed_from_class_onboarding_duty_and_offer_list(tmp_path, mode):
    """Pass rate 0: each candidate enters the class after applying, and is removed on the day
    the investigation ends -- from the academy, onboarding or duty depending on where they are
    then; those still waiting for a class fail on the offer list.  Nobody withdraws from the
    investigators' queue, and the stage holds nobody (they are counted where they are)."""
    sc = academy_scenario(tmp_path, 0)
    rec = run_replication(sc, seed=SEED, mode=mode)
    days = sc.days
    f = rec.flows["a"]
    h = hires_in_order(rec)
    app = h["application"]
    assert len(app) > 20
    e = investigation_ends(app, 8.0)
    eod = next_class(app)
    np.testing.assert_allclose(h["eod"], eod, atol=EPS, rtol=0)
    np.testing.assert_allclose(h["removed"], e, atol=EPS, rtol=0)
    in_academy = e < eod + 30
    in_onboarding = ~in_academy & (e < eod + 37)
    on_duty = ~in_academy & ~in_onboarding
    assert in_academy.any() and in_onboarding.any() and on_duty.any()
    np.testing.assert_array_equal(f["academy:removed"], by_day(e[in_academy], days))
    np.testing.assert_array_equal(f["onboarding:removed"], by_day(e[in_onboarding], days))
    np.testing.assert_array_equal(f["duty:removed"], by_day(e[on_duty], days))
    np.testing.assert_array_equal(f["academy:graduate"], by_day((eod + 30)[~in_academy], days))
    np.testing.assert_array_equal(f["operational"], by_day((eod + 37)[on_duty], days))
    np.testing.assert_array_equal(f["eod"], by_day(eod, days))
    # tentative offers on the day of entering the stage (here: applying)
    np.testing.assert_array_equal(f["offer:tentative"], f["applicants"])
    np.testing.assert_array_equal(f["bg:enter"], f["applicants"])
    # those who applied after the last class fail on the offer list, after everyone hired
    late = int(f["applicants"].sum()) - len(app)
    assert late > 0 and f["offer:fail"].sum() == late
    assert not f["offer:fail"][:46].any()
    removals = f["academy:removed"] + f["onboarding:removed"] + f["duty:removed"]
    np.testing.assert_array_equal(f["bg:fail"], f["offer:fail"] + removals)
    for flow in ("bg:withdraw", "bg:pass", "offer:withdraw", "academy:washout", "duty:leave"):
        assert not f[flow].any(), flow
    st_ = stocks(rec)["a"]
    assert not st_["bg:queue"].any() and not st_["bg"].any()
    assert st_["on_duty"][-1] == 0 and st_["academy"][-1] == 0
    if mode == "reference":
        check_snapshots(rec)
    check_record(rec)


@pytest.mark.parametrize("mode", MODES)
def test_pass_rate_one_removes_nobody_and_enters_earlier(tmp_path, mode):
    """Pass rate 1: nobody is removed; everyone enters the first class after applying, while
    without overlap they wait for the investigation's end (and most miss the last class)."""
    sc = academy_scenario(tmp_path, 1)
    rec = run_replication(sc, seed=SEED, mode=mode)
    days = sc.days
    f = rec.flows["a"]
    h = hires_in_order(rec)
    app = h["application"]
    np.testing.assert_allclose(h["eod"], next_class(app), atol=EPS, rtol=0)
    assert np.isinf(h["removed"]).all()
    for flow in ("offer:fail", "academy:removed", "onboarding:removed", "duty:removed",
                 "bg:fail"):
        assert not f[flow].any(), flow
    # everyone who applied by the last class (day 45) is hired; every investigation passes,
    # the hires' first (later applicants' cases end after theirs)
    assert len(app) == int(f["applicants"][:45].sum())
    e = investigation_ends(app, 8.0)
    last = int(e[-1])
    np.testing.assert_array_equal(f["bg:pass"][:last], by_day(e, days)[:last])
    assert f["bg:pass"].sum() == f["applicants"].sum()

    without = run_replication(academy_scenario(tmp_path, 1, overlap=False), seed=SEED,
                              mode=mode)
    w = hires_in_order(without)
    k = len(w["eod"])
    assert 0 < k < len(app)  # the same applicants; without overlap the first k are hired
    np.testing.assert_allclose(w["application"], app[:k], atol=EPS, rtol=0)
    np.testing.assert_allclose(w["eod"], next_class(e[:k]), atol=EPS, rtol=0)
    assert (h["eod"][:k] < w["eod"]).all()
    assert "offer:tentative" not in without.flows["a"]


DIRECT = """\
    [resources.inv]
    servers = 1

    [roles.a]
    initial = 0
    onboarding = 9
    attrition = { annual_rate = 0 }
    positions = [{ from = 2020-01-01, growth = 1 }]
    recruiting = [{ from = 2020-01-01, per_week = 7 }, { from = 2020-02-01, per_week = 0 }]
    tentative_from = "bg"

    [[roles.a.stages]]
    name = "bg"
    resource = "inv"
    pass_rate = 1
    duration = 8

    [[roles.a.stages]]
    name = "medical"
    pass_rate = 0
    duration = 2
    """


@pytest.mark.parametrize("mode", MODES)
def test_direct_entry_one_position_freed_by_each_removal(tmp_path, mode):
    """Without an academy, on one position: the stage after the named one runs alongside too
    (the medical fails everyone 2 days after the investigation); each removal frees the
    position for the next candidate, who enters on duty at that moment."""
    sc = scenario(tmp_path, DIRECT, end="2020-12-31")
    rec = run_replication(sc, seed=SEED, mode=mode)
    days = sc.days
    f = rec.flows["a"]
    h = hires_in_order(rec)
    app = h["application"]
    assert len(app) > 15 and len(app) == f["applicants"].sum()  # everyone enters
    removal = investigation_ends(app, 8.0) + 2
    eod = np.maximum(app, np.concatenate([[-math.inf], removal[:-1]]))
    np.testing.assert_allclose(h["eod"], eod, atol=EPS, rtol=0)
    np.testing.assert_allclose(h["removed"], removal, atol=EPS, rtol=0)
    in_onb = removal - eod < 9
    assert in_onb.any() and (~in_onb).any()
    np.testing.assert_array_equal(f["onboarding:removed"], by_day(removal[in_onb], days))
    np.testing.assert_array_equal(f["duty:removed"], by_day(removal[~in_onb], days))
    np.testing.assert_array_equal(f["operational"], by_day((eod + 9)[~in_onb], days))
    np.testing.assert_array_equal(f["medical:fail"], by_day(removal, days))
    assert not f["offer:fail"].any() and not f["offer:withdraw"].any()
    st_ = stocks(rec)["a"]
    assert (st_["onboarding"] + st_["on_duty"] <= 1).all()
    assert not (st_["bg:queue"].any() or st_["bg"].any() or st_["medical"].any())
    if mode == "reference":
        check_snapshots(rec)
    check_record(rec)


@pytest.mark.parametrize("mode", MODES)
def test_overlapped_screening_stage_shifts_exactly(tmp_path, mode):
    """A screening stage named (no resource): offers on the day it is entered, entry on duty at
    once (no cap), removal on the day it ends -- whole-day shifts of the arrivals."""
    from test_model_timeline import shift

    sc = scenario(tmp_path, """\
        [roles.a]
        initial = 0
        onboarding = 2
        attrition = { annual_rate = 0 }
        recruiting = [{ from = 2020-01-01, per_week = 35 }]
        tentative_from = "s2"

        [[roles.a.stages]]
        name = "s1"
        pass_rate = 1
        duration = 3

        [[roles.a.stages]]
        name = "s2"
        pass_rate = 0
        duration = 5
        """, end="2020-03-31")
    rec = run_replication(sc, seed=SEED, mode=mode)
    f = rec.flows["a"]
    apps = f["applicants"]
    assert apps.sum() > 100
    np.testing.assert_array_equal(f["offer:tentative"], shift(apps, 3))
    np.testing.assert_array_equal(f["eod"], shift(apps, 3))
    np.testing.assert_array_equal(f["operational"], shift(apps, 5))
    np.testing.assert_array_equal(f["duty:removed"], shift(apps, 8))
    np.testing.assert_array_equal(f["s2:fail"], shift(apps, 8))
    assert not f["onboarding:removed"].any() and not f["offer:fail"].any()
    st_ = stocks(rec)["a"]
    assert not st_["s2"].any()
    np.testing.assert_array_equal(st_["s1"], np.cumsum(apps) - np.cumsum(shift(apps, 3)))


# -- validation and schema ---------------------------------------------------------------------
def _raw_small() -> dict:
    return hiringsim.load_scenario("tests/scenarios/small.toml").to_dict()


@pytest.mark.parametrize(("value", "message"), [
    ("nope", "no stage 'nope' in role 'officer'; stages: screen, exam, background, medical"),
    (3, "expected"),
])
def test_unknown_stage_is_refused(value, message):
    """tentative_from must name one of the role's stages (the error lists them)."""
    raw = _raw_small()
    raw["roles"]["officer"]["tentative_from"] = value
    with pytest.raises(ScenarioError) as info:
        Scenario.from_dict(raw)
    problems = dict(info.value.problems)
    assert "roles.officer.tentative_from" in problems, info.value.problems
    assert message in problems["roles.officer.tentative_from"]


def test_field_is_in_the_json_schema():
    """The field is in the JSON Schema: a stage name, with the rule in its description."""
    import json

    text = json.dumps(scenario_json_schema())
    i = text.index('"tentative_from": {')
    field = json.loads(text[i + len('"tentative_from": '):].split("}", 1)[0] + "}")
    assert field["type"] == "string"
    for words in ("tentative offer", "every later one", "removed", "stay spent"):
        assert words in field["description"], words


def test_off_by_default_and_round_trips():
    """Unset, a role has no overlap flows; set, the scenario round-trips through its dict."""
    sc = hiringsim.load_scenario("tests/scenarios/small.toml")
    assert sc.role("officer").tentative_from is None
    rec = run_replication(sc, seed=1)
    assert "offer:tentative" not in rec.flows["officer"]
    assert "removed" not in rec.hires["officer"]
    on = sc.with_values({"roles.officer.tentative_from": "background"})
    assert Scenario.from_dict(on.to_dict()) == on


# -- conservation on random scenarios ----------------------------------------------------------
@st.composite
def overlap_dicts(draw):
    """Random valid scenarios where every role's vetting overlaps training from a random
    stage on."""
    raw = draw(scenario_dicts())
    for role in raw["roles"].values():
        role["tentative_from"] = f"s{draw(st.integers(0, len(role['stages']) - 1))}"
    return raw


@given(raw=overlap_dicts(), seed=st.integers(0, 2**32 - 1))
@pytest.mark.parametrize("mode", MODES)
def test_conservation_with_overlap(mode, raw, seed):
    """With overlap everywhere, everyone is in exactly one state (removals included), no stock
    is negative, positions are never exceeded, and the reference mode's live counts equal the
    stocks from the flows."""
    sc = Scenario.from_dict(raw, source="generated")
    rec = run_replication(sc, seed=seed, mode=mode)
    if mode == "reference":
        check_snapshots(rec)
    check_record(rec)
    for role in sc.roles:
        h = rec.hires[role.name]
        assert len(h["removed"]) == len(h["eod"])
        assert (h["removed"] >= h["eod"]).all()  # a 0-day stage can fail at entry


# -- results ------------------------------------------------------------------------------------
def test_simulate_reports_both_sides(tmp_path):
    """simulate with overlap: removal KPIs (by where, and their cost), the offer and
    tentative-clearance funnel rows, and a report line; the KPIs agree with the flows."""
    from hiringsim.report import text_report

    sc = hiringsim.load_scenario("tests/scenarios/small_overlap.toml").with_values(
        {"roles.officer.salary": 50000, "roles.officer.academy.cost_per_trainee": 1000})
    res = hiringsim.simulate(sc, 3, seed=4, progress=False)
    k = res.kpis
    total = k["removed_academy"] + k["removed_onboarding"] + k["removed_duty"]
    np.testing.assert_array_equal(k["removals_after_entry"], total)
    assert (k["removals_after_entry"] > 0).all() and (k["offer_failures"] > 0).all()
    assert (k["cost_removed"] >= 1000 * k["removed_academy"]).all()
    assert (k["vetting_unfinished_at_end"] >= 0).all()
    f = res.funnel
    off = f[(f["role"] == "officer") & (f["stage"] == "tentative_clearance")]
    assert len(off) == 3
    assert (off["entered"] - off["passed"] == off["failed"]).all()
    report = text_report(res)
    assert "Removed after entry on failing the vetting" in report
    from hiringsim.labels import is_known

    for kpi in ("removals_after_entry", "removed_academy", "removed_onboarding", "removed_duty",
                "offer_failures", "cost_removed", "vetting_unfinished_at_end"):
        assert is_known(kpi), kpi
