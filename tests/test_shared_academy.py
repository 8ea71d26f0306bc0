"""A shared academy (hiringsim.model.shared) and instructors on loan
(hiringsim.measures.instructors): exact timelines in both modes, conservation on random shared
setups, equality with an academy of one's own, validation and the schema."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hiringsim
from fragments import scenario
from hiringsim import Scenario, ScenarioError
from hiringsim.measures.instructors import loans
from hiringsim.model.record import stocks
from hiringsim.replication import run_replication
from hiringsim.report import text_report
from strategies import scenario_dicts
from test_model_conservation import check_record, check_snapshots

MODES = ["fast", "reference"]
SEED = 20240601

#: a: 70 applicants a week in the first week, 12 positions, a 70-day program; b: 70 a week in
#: the second week, uncapped, a 30-day program.  One stage of a day: offers a day after applying.
#: Classes of 10 seats on days 14, 28, 42; outside demand takes 4 seats of the day-28 class.
SHARED = """\
    [academies.fletc]
    first_class = 2020-01-15
    every_days = 14
    last_class = 2020-02-12
    seats = 10
    allocation = "{allocation}"
    {extra}
    [[academies.fletc.outside]]
    from = 2020-01-29
    to = 2020-01-29
    seats = 4

    [roles.a]
    initial = 0
    onboarding = 0
    attrition = {{ annual_rate = 0 }}
    positions = [{{ from = 2020-01-01, growth = 12 }}]
    recruiting = [{{ from = 2020-01-01, per_week = 70 }}, {{ from = 2020-01-08, per_week = 0 }}]
    academy = {{ shared = "fletc", length_days = 70, graduation_rate = 1 }}
    [[roles.a.stages]]
    name = "s"
    pass_rate = 1
    duration = 1

    [roles.b]
    initial = 0
    onboarding = 0
    attrition = {{ annual_rate = 0 }}
    recruiting = [{{ from = 2020-01-01, per_week = 0 }}, {{ from = 2020-01-08, per_week = 70 }},
                  {{ from = 2020-01-15, per_week = 0 }}]
    academy = {{ shared = "fletc", length_days = 30, graduation_rate = 1 }}
    [[roles.b.stages]]
    name = "s"
    pass_rate = 1
    duration = 1
    """

QUOTAS = "quotas = { a = 0.7, b = 0.3 }"
#: (allocation, extra lines) -> entries of a and of b on class days 14, 28, 42
CASES = {
    # fcfs: a's offers come first; a fills its 12 positions (10, then 2 of the 6 seats left by
    # the outside demand), and b takes what a cannot: 4, then the whole class
    "fcfs": (("fcfs", ""), [10, 2, 0], [0, 4, 10]),
    # quotas 70/30 of 10, of 6 (4.2/1.8: the rounding seat to b's larger remainder), of 10 with
    # a's room 1: b's 3, plus a's 6 unused seats spilling over to b
    "quotas": (("quotas", QUOTAS), [7, 4, 1], [3, 2, 9]),
    # without spill a's unused seats stay empty
    "quotas_no_spill": (("quotas", QUOTAS + "\n    spill = false"), [7, 4, 1], [3, 2, 3]),
}


def _shared(tmp_path, allocation: str, extra: str):
    return scenario(tmp_path, SHARED.format(allocation=allocation, extra=extra))


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("mode", MODES)
def test_shared_classes_exact(tmp_path, mode, case):
    """Who starts when: outside demand first, then fcfs by offer time within each role's
    positions, or quotas (largest remainders) with or without spill-over, in both modes."""
    (allocation, extra), want_a, want_b = CASES[case]
    sc = _shared(tmp_path, allocation, extra)
    rec = run_replication(sc, seed=SEED, mode=mode)
    for role, want in (("a", want_a), ("b", want_b)):
        eod = rec.flows[role]["eod"]
        assert eod[[14, 28, 42]].tolist() == want, (role, mode)
        assert eod.sum() == sum(want)
        np.testing.assert_array_equal(rec.classes[role].filled, want)
    log = rec.academies["fletc"]
    assert log.day.tolist() == [14, 28, 42]
    assert log.outside.tolist() == [0, 4, 0]
    assert log.available.tolist() == [10, 6, 10]
    np.testing.assert_array_equal(log.filled, np.add(want_a, want_b))
    # each program keeps its length: b's graduates leave the academy 30 days after entry
    np.testing.assert_array_equal(rec.flows["b"]["academy:graduate"][[44, 58, 72]], want_b)
    np.testing.assert_array_equal(rec.flows["a"]["academy:graduate"][[84, 98, 112]], want_a)


@pytest.mark.parametrize("mode", MODES)
def test_instructors_on_loan_exact(tmp_path, mode):
    """Each role's cohort draws ceil(ratio x cohort) instructors for its program length; the
    KPIs and the daily series report them, and the operational growth is net of them."""
    sc = _shared(tmp_path, "fcfs", 'instructors_per_trainee = 0.25\n    instructors_from = "a"')
    rec = run_replication(sc, seed=SEED, mode=mode)
    on_loan = loans(sc, rec)["a"]
    want = np.zeros(sc.days, dtype=np.int64)
    want[14:84] += 3  # a's 10 of day 14: ceil(2.5), 70 days
    want[28:98] += 1  # a's 2 of day 28
    want[28:58] += 1  # b's 4 of day 28, a 30-day program
    want[42:72] += 3  # b's 10 of day 42
    np.testing.assert_array_equal(on_loan, want)
    res = hiringsim.simulate(sc, replications=1, seed=SEED, mode=mode)
    k = res.kpis.iloc[0]
    assert k["instructors_peak"] == 8
    assert k["instructors_mean"] == pytest.approx(want.mean())
    deadline = sc.day(sc.target.deadline)
    assert k["instructors_at_deadline"] == want[deadline]
    assert k["operational_growth_at_deadline"] == k["growth_at_deadline"] - want[deadline]
    np.testing.assert_array_equal(res.instructors("a")[0], want)
    assert not res.instructors("b").any()
    assert "Instructors on loan" in text_report(res)
    if mode == "fast":
        import matplotlib

        matplotlib.use("Agg")
        import hiringsim.plots as hp

        ax = hp.plot_instructors(res, role="a", weekly=False)
        assert ax.lines[0].get_ydata().max() == 8 and "instructors" in ax.get_ylabel()


def test_one_user_shared_academy_is_an_own_academy(tmp_path):
    """A shared academy with one user, no outside demand and the role's calendar gives the
    role's run bit for bit (the same draws in the same order), in both modes."""
    own = hiringsim.load_scenario("tests/scenarios/small.toml")
    own = own.with_values({  # nine months: a fast test
        "end": dt.date(2020, 9, 30), "target.deadline": dt.date(2020, 9, 1),
        "resources.bi.changes": [{"from": dt.date(2020, 5, 1), "servers": 10}],
        "roles.officer.recruiting": [{"from": dt.date(2020, 1, 1), "per_week": 60}]})
    raw = own.to_dict()
    ac = raw["roles"]["officer"]["academy"]
    cal = {k: ac.pop(k) for k in ("first_class", "every_days", "seats") if k in ac}
    ac["shared"] = "only"
    raw["academies"] = {"only": cal}
    shared = Scenario.from_dict(raw)
    for mode in MODES:
        a = run_replication(own, seed=7, mode=mode)
        b = run_replication(shared, seed=7, mode=mode)
        for role in ("officer", "support"):
            for k, v in a.flows[role].items():
                np.testing.assert_array_equal(v, b.flows[role][k], err_msg=f"{mode} {k}")
        np.testing.assert_array_equal(a.classes["officer"].filled, b.classes["officer"].filled)


def test_validation_reports_every_problem(tmp_path):
    """Unknown academy, calendar fields given with shared, quotas not summing to 1 or naming a
    non-user, an unknown instructors_from role, a follower sharing the target's academy: all at
    once, each at its field."""
    sc = _shared(tmp_path, "quotas", QUOTAS)
    raw = sc.to_dict()
    raw["academies"]["fletc"]["quotas"] = {"a": 0.5, "c": 0.3}
    raw["academies"]["fletc"]["instructors_per_trainee"] = 0.1
    raw["academies"]["fletc"]["instructors_from"] = "nobody"
    raw["roles"]["b"]["academy"]["seats"] = 5
    raw["roles"]["b"]["ratio"] = 0.5
    raw["academies"]["spare"] = {"first_class": "2020-02-01", "seats": 3}
    raw["roles"]["a"]["academy"]["shared"] = "flect"
    with pytest.raises(ScenarioError) as info:
        Scenario.from_dict(raw)
    where = {p for p, _ in info.value.problems}
    assert {"roles.a.academy.shared", "roles.b.academy.seats", "academies.fletc.quotas",
            "academies.fletc.quotas.c", "academies.fletc.instructors_from",
            "academies.spare"} <= where, info.value.problems
    text = str(info.value)
    assert "no shared academy 'flect'" in text and "sum to 1" in text and "no role 'nobody'" in text
    # a follower of the target role's headcount may not share its academy
    raw = sc.to_dict()
    raw["roles"]["b"]["ratio"] = 0.5
    raw["roles"]["b"].pop("positions", None)
    raw["target"]["role"] = "a"
    with pytest.raises(ScenarioError, match="follows the headcount of the target role"):
        Scenario.from_dict(raw)
    # an own academy without its calendar
    raw = sc.to_dict()
    del raw["roles"]["a"]["academy"]["shared"]
    with pytest.raises(ScenarioError, match="roles.a.academy.first_class"):
        Scenario.from_dict(raw)


def test_schema_round_trip(tmp_path):
    """A shared academy survives to_dict/from_dict and JSON, and the JSON Schema documents it."""
    sc = _shared(tmp_path, "quotas", QUOTAS + '\n    instructors_per_trainee = 0.0833'
                 '\n    instructors_from = "a"')
    again = Scenario.from_dict(sc.to_dict())
    assert dataclasses.replace(again, source=None) == dataclasses.replace(sc, source=None)
    assert Scenario.from_json(sc.to_json()) == sc
    assert sc.academy("fletc").quotas == (("a", 0.7), ("b", 0.3))
    schema = hiringsim.scenario_json_schema()["else"]
    ac = schema["properties"]["academies"]["additionalProperties"]
    for key in ("outside", "allocation", "quotas", "spill", "instructors_per_trainee"):
        assert ac["properties"][key]["description"], key
    assert ac["properties"]["quotas"]["additionalProperties"]["type"] == "number"
    json.dumps(schema)
    assert sc.with_values({"academies.fletc.seats": 12}).academy("fletc").seats == 12


@st.composite
def shared_dicts(draw):
    """Random small scenarios whose academy users share one academy, with outside demand, an
    allocation rule and instructors."""
    raw = draw(scenario_dicts())
    names = list(raw["roles"])
    last = (raw["end"] - raw["start"]).days if isinstance(raw["end"], dt.date) else 200
    mine = [n for n in names if draw(st.booleans())] or names[:1]
    for name in mine:
        role = raw["roles"][name]
        if role.get("ratio") is not None and role.get("positions") is None:
            role["follows"] = "authorized"  # a follower may not share the target's academy
        role["academy"] = {"shared": "x", "length_days": draw(st.integers(1, 60)),
                           "graduation_rate": draw(st.sampled_from([0.0, 0.5, 0.9, 1.0]))}
    first = draw(st.integers(0, max(last // 3, 0)))
    day = lambda k: raw["start"] + dt.timedelta(days=k)  # noqa: E731
    academy = {"first_class": day(first), "seats": draw(st.integers(1, 12)),
               "every_days": draw(st.integers(3, 30))}
    periods = []
    for _ in range(draw(st.integers(0, 2))):
        a, b = sorted(draw(st.lists(st.integers(0, last), min_size=2, max_size=2)))
        periods.append({"from": day(a), "to": day(b), "seats": draw(st.integers(0, 8))})
    if periods:
        academy["outside"] = periods
    if draw(st.booleans()):
        w = [draw(st.integers(0, 5)) for _ in mine]
        w[0] += 1
        academy["allocation"] = "quotas"
        academy["quotas"] = {n: x / sum(w) for n, x in zip(mine, w, strict=True)}
        academy["spill"] = draw(st.booleans())
    if draw(st.booleans()):
        academy["instructors_per_trainee"] = draw(st.sampled_from([0.05, 0.1, 0.5]))
        academy["instructors_from"] = draw(st.sampled_from(names))
    raw["academies"] = {"x": academy}
    return raw


def _check_shared(rec, name: str = "x") -> None:
    sc = rec.scenario
    log = rec.academies[name]
    assert (log.outside <= log.seats).all() and (log.filled <= log.available).all()
    users = [r.name for r in sc.roles if r.academy is not None and r.academy.shared == name]
    np.testing.assert_array_equal(sum(rec.classes[u].filled for u in users), log.filled)
    st_all = stocks(rec)
    for source, v in loans(sc, rec).items():
        assert (v >= 0).all() and v.dtype.kind == "i", source
        assert source in st_all


@settings(max_examples=20)  # (the suite's time: each example runs a small reference simulation)
@given(raw=shared_dicts(), seed=st.integers(0, 2**32 - 1))
@pytest.mark.parametrize("mode", MODES)
def test_conservation_shared(raw, seed, mode):
    """On random shared setups, in both modes: everyone accounted for, no class over its seats
    after outside demand, the users' intakes add up to the academy's, and the reference mode's
    live counts equal the stocks."""
    sc = Scenario.from_dict(raw, source="generated")
    rec = run_replication(sc, seed=seed, mode=mode)
    if mode == "reference":
        check_snapshots(rec)
    check_record(rec)
    _check_shared(rec)


@pytest.mark.parametrize("mode", MODES)
def test_small_shared_conserves(mode):
    """tests/scenarios/small_shared.toml (the equivalence scenario): the identities hold, the
    quotas bind (outside demand, full classes) and instructors are drawn from officers."""
    sc = hiringsim.load_scenario("tests/scenarios/small_shared.toml")
    rec = run_replication(sc, seed=5, mode=mode)
    if mode == "reference":
        check_snapshots(rec)
    check_record(rec)
    _check_shared(rec, "fletc")
    log = rec.academies["fletc"]
    assert log.outside.max() == 6 and (log.filled == log.available).any()
    assert loans(sc, rec)["officer"].max() > 0
