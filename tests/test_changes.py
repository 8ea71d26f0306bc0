"""Dated changes (``[[changes]]``): exact timelines in both modes, validation, the schema, and
the rule that a change applies to people by the time they reach what it changes."""

from __future__ import annotations

import math

import numpy as np
import pytest

from fragments import scenario
from hiringsim import ScenarioError
from hiringsim.measures.costs import cost_kpis
from hiringsim.model.record import stocks
from hiringsim.model.sampling import tenure_at, tenure_from_exp
from hiringsim.replication import run_replication
from hiringsim.scenario import Attrition, Band, scenario_json_schema
from hiringsim.schedules import class_starts, server_schedule

MODES = ["fast", "reference"]
SEED = 20240611
FEB1 = 31  # day of 2020-02-01


def shift(x: np.ndarray, k: int) -> np.ndarray:
    out = np.zeros_like(x)
    out[k:] = x[: len(x) - k]
    return out


def before(x: np.ndarray, day: int) -> np.ndarray:
    out = x.copy()
    out[day:] = 0
    return out


def since(x: np.ndarray, day: int) -> np.ndarray:
    out = x.copy()
    out[:day] = 0
    return out


FUNNEL = """\
    [roles.a]
    initial = 0
    onboarding = 7
    attrition = { annual_rate = 0 }
    recruiting = [{ from = 2020-01-01, per_week = 35 }]

    [[roles.a.stages]]
    name = "s1"
    pass_rate = 1
    duration = 3

    [[roles.a.stages]]
    name = "s2"
    pass_rate = 1
    duration = 2
    """


@pytest.mark.parametrize("mode", MODES)
def test_pass_rate_applies_by_entry_time(tmp_path, mode):
    """s1's pass rate 1 -> 0 from 1 February: exactly those who entered s1 before pass, those
    entering from that day fail (3 days later, even when they leave after the date)."""
    sc = scenario(tmp_path, FUNNEL + """
    [[changes]]
    from = 2020-02-01
    note = "s1 closed"
    set = { "roles.a.stages.s1.pass_rate" = 0 }
    """)
    rec = run_replication(sc, seed=SEED, mode=mode)
    f = rec.flows["a"]
    apps = f["applicants"]
    assert apps[:FEB1].sum() > 50 and apps[FEB1:].sum() > 50
    np.testing.assert_array_equal(f["s1:pass"], shift(before(apps, FEB1), 3))
    np.testing.assert_array_equal(f["s1:fail"], shift(since(apps, FEB1), 3))
    np.testing.assert_array_equal(f["eod"], shift(before(apps, FEB1), 5))
    assert not f["s2:fail"].any()


@pytest.mark.parametrize("mode", MODES)
def test_duration_applies_by_entry_time_after_a_fixed_stage(tmp_path, mode):
    """s2 lasts 2 days, 6 for those entering it from 1 February (s1 stays a daily cohort)."""
    sc = scenario(tmp_path, FUNNEL + """
    [[changes]]
    from = 2020-02-01
    set = { "roles.a.stages.s2.duration" = 6 }
    """)
    rec = run_replication(sc, seed=SEED, mode=mode)
    f = rec.flows["a"]
    entered = f["s2:enter"]
    np.testing.assert_array_equal(entered, shift(f["applicants"], 3))
    np.testing.assert_array_equal(f["s2:pass"],
                                  shift(before(entered, FEB1), 2) + shift(since(entered, FEB1), 6))


ACADEMY = """\
    [roles.a]
    initial = 0
    onboarding = 0
    attrition = { annual_rate = 0 }
    recruiting = [{ from = 2020-01-01, per_week = 70 }]

    [roles.a.academy]
    first_class = 2020-01-06
    every_days = 7
    seats = 1000
    length_days = 10
    graduation_rate = 1

    [[roles.a.stages]]
    name = "s1"
    pass_rate = 1
    duration = 1
    """


@pytest.mark.parametrize("mode", MODES)
def test_academy_length_by_class_start(tmp_path, mode):
    """Length 10 -> 5 from 1 February: classes starting before graduate 10 days after their
    start (also the class of 27 January, graduating after the date), later ones after 5."""
    sc = scenario(tmp_path, ACADEMY + """
    [[changes]]
    from = 2020-02-01
    set = { "roles.a.academy.length_days" = 5 }
    """)
    rec = run_replication(sc, seed=SEED, mode=mode)
    f = rec.flows["a"]
    eod = f["eod"]
    starts = class_starts(sc, sc.role("a"))
    assert starts[:5] == [5, 12, 19, 26, 33]
    assert set(np.flatnonzero(eod)) <= set(starts) and eod[26] > 0 and eod[33] > 0
    np.testing.assert_array_equal(f["academy:graduate"],
                                  shift(before(eod, FEB1), 10) + shift(since(eod, FEB1), 5))
    assert not f["academy:washout"].any()
    # the class of day 26 graduates on day 36, the class of day 33 on day 38
    assert f["academy:graduate"][36] == eod[26] and f["academy:graduate"][38] == eod[33]


@pytest.mark.parametrize("mode", MODES)
def test_graduation_rate_by_class_start(tmp_path, mode):
    """Graduation rate 1 -> 0 from 1 February: every later class washes out entirely."""
    sc = scenario(tmp_path, ACADEMY + """
    [[changes]]
    from = 2020-02-01
    set = { "roles.a.academy.graduation_rate" = 0 }
    """)
    rec = run_replication(sc, seed=SEED, mode=mode)
    f = rec.flows["a"]
    eod = f["eod"]
    np.testing.assert_array_equal(f["academy:graduate"], shift(before(eod, FEB1), 10))
    still_training = stocks(rec)["a"]["academy"][-1]
    assert f["academy:washout"].sum() + still_training == eod[FEB1:].sum() > 0
    assert not f["academy:washout"][:FEB1].any()


@pytest.mark.parametrize("mode", MODES)
def test_pass_rate_at_a_resource_by_queue_join_time(tmp_path, mode):
    """At a resource, the pass rate in effect when a candidate joins the queue decides."""
    sc = scenario(tmp_path, FUNNEL.replace('name = "s2"', 'name = "s2"\n    resource = "bi"')
                  + """
    [resources.bi]
    servers = 100000

    [[changes]]
    from = 2020-02-01
    set = { "roles.a.stages.s2.pass_rate" = 0 }
    """)
    rec = run_replication(sc, seed=SEED, mode=mode)
    f = rec.flows["a"]
    entered = f["s2:enter"]
    np.testing.assert_array_equal(f["s2:start"], entered)
    np.testing.assert_array_equal(f["s2:pass"], shift(before(entered, FEB1), 2))
    np.testing.assert_array_equal(f["s2:fail"], shift(since(entered, FEB1), 2))


def test_cadence_restarts_on_each_change(tmp_path):
    """every_days 14 -> 7 from day 35 -> 3.5 from day 63: classes on 0, 14, 28, then 35, 42,
    49, 56, then floor(63 + 3.5 k) -- without listing dates."""
    sc = scenario(tmp_path, ACADEMY.replace("first_class = 2020-01-06", "first_class = 2020-01-01")
                  .replace("every_days = 7", "every_days = 14") + """
    [[changes]]
    from = 2020-02-05
    set = { "roles.a.academy.every_days" = 7 }

    [[changes]]
    from = 2020-03-04
    set = { "roles.a.academy.every_days" = 3.5 }
    """, end="2020-04-30")
    last = sc.days - 1
    expect = [0, 14, 28, 35, 42, 49, 56] + [math.floor(63 + 3.5 * k) for k in range(40)
                                             if 63 + 3.5 * k <= last]
    assert expect[7:11] == [63, 66, 70, 73]
    assert class_starts(sc, sc.role("a")) == expect
    for mode in MODES:
        rec = run_replication(sc, seed=SEED, mode=mode)
        assert list(rec.classes["a"].day) == expect
        assert set(np.flatnonzero(rec.flows["a"]["eod"])) <= set(expect)


def test_whole_every_days_gives_todays_dates(tmp_path):
    """A float cycle of whole days gives the same class days as the integer one."""
    a = scenario(tmp_path, ACADEMY, name="i")
    b = scenario(tmp_path, ACADEMY.replace("every_days = 7", "every_days = 7.0"), name="f")
    assert class_starts(a, a.role("a")) == class_starts(b, b.role("a"))
    assert class_starts(a, a.role("a"))[:3] == [5, 12, 19]


@pytest.mark.parametrize("mode", MODES)
def test_attrition_applies_in_calendar_time(tmp_path, mode):
    """Attrition 0 -> 0.99 a year from 1 March: nobody leaves before, starting staff and hires
    alike; then about half leave within 55 days (hazard 4.6 a year)."""
    sc = scenario(tmp_path, """\
    [roles.a]
    initial = 400
    onboarding = 0
    attrition = { annual_rate = 0, bands = [{ until_years = 0.1, annual_rate = 0 }] }
    recruiting = [{ from = 2020-01-01, per_week = 70 }]

    [[roles.a.stages]]
    name = "s1"
    pass_rate = 1
    duration = 1

    [[changes]]
    from = 2020-03-01
    [changes.set]
    "roles.a.attrition.annual_rate" = 0.99
    "roles.a.attrition.bands" = [{ until_years = 0.1, annual_rate = 0.99 }]
    """)
    day = sc.day(sc.start.replace(month=3))
    rec = run_replication(sc, seed=SEED, mode=mode)
    f = rec.flows["a"]
    left = f["initial:leave"] + f["duty:leave"] + f["onboarding:leave"]
    assert not left[:day].any()
    initial_left = f["initial:leave"][day:day + 55].sum()
    assert 150 < initial_left < 250  # 400 x (1 - exp(-4.6 x 55 / 365.25)) = 200
    assert f["duty:leave"][day:].sum() > 100


@pytest.mark.parametrize("mode", MODES)
def test_onboarding_by_the_day_it_starts(tmp_path, mode):
    """Onboarding 7 -> 2 days from 1 February: hires entering before are operational 7 days
    after entry, those entering from that day 2 days after."""
    sc = scenario(tmp_path, FUNNEL + """
    [[changes]]
    from = 2020-02-01
    set = { "roles.a.onboarding" = 2 }
    """)
    rec = run_replication(sc, seed=SEED, mode=mode)
    f = rec.flows["a"]
    eod = f["eod"]
    np.testing.assert_array_equal(f["operational"],
                                  shift(before(eod, FEB1), 7) + shift(since(eod, FEB1), 2))


def test_costs_by_the_day(tmp_path):
    """A hire cost of 100 -> 1,000 and a stage cost 1 -> 0 from 1 February are charged by the
    day of entry on duty and of entry into the stage."""
    sc = scenario(tmp_path, FUNNEL.replace("initial = 0", "initial = 0\n    hire_cost = 100")
                  .replace('name = "s1"', 'name = "s1"\n    cost = 1') + """
    [[changes]]
    from = 2020-02-01
    set = { "roles.a.hire_cost" = 1000, "roles.a.stages.s1.cost" = 0 }
    """)
    rec = run_replication(sc, seed=SEED, mode="fast")
    f = rec.flows["a"]
    kpis = cost_kpis(rec, stocks(rec))
    assert kpis["cost_incentives"] == 100 * f["eod"][:FEB1].sum() + 1000 * f["eod"][FEB1:].sum()
    assert kpis["cost_screening"] == f["s1:enter"][:FEB1].sum()


def test_old_spellings_and_changes_are_one_schedule(tmp_path):
    """Seats by academy.changes and servers by resources.X.changes give the same run as the
    same dates given as [[changes]]."""
    body = ACADEMY.replace("seats = 1000", "seats = 20") + """
    [resources.bi]
    servers = 3
    SERVER_CHANGES

    [[roles.a.stages]]
    name = "bg"
    resource = "bi"
    pass_rate = 1
    duration = { dist = "exponential", mean = 2 }
    """
    old = scenario(tmp_path, body.replace("SERVER_CHANGES", "changes = [{ from = 2020-03-01, "
                                          "servers = 9 }]").replace(
        "graduation_rate = 1", "graduation_rate = 1\n    changes = [{ from = 2020-02-01, "
        "seats = 5 }]"), name="old")
    new = scenario(tmp_path, body.replace("SERVER_CHANGES", "") + """
    [[changes]]
    from = 2020-02-01
    set = { "roles.a.academy.seats" = 5 }

    [[changes]]
    from = 2020-03-01
    set = { "resources.bi.servers" = 9 }
    """, name="new")
    assert server_schedule(old, "bi") == server_schedule(new, "bi") == (3, [(60.0, 9)])
    for mode in MODES:
        a = run_replication(old, seed=SEED, mode=mode)
        b = run_replication(new, seed=SEED, mode=mode)
        for k in a.flows["a"]:
            np.testing.assert_array_equal(a.flows["a"][k], b.flows["a"][k], err_msg=k)
        np.testing.assert_array_equal(a.classes["a"].seats, b.classes["a"].seats)
        assert set(a.classes["a"].seats) == {20, 5}


def test_epochs_are_the_scenarios_in_effect(tmp_path):
    """epochs: day 0 and each change date with the scenario in effect (changes unsorted in the
    file are sorted), computed once; epoch_of looks up many times."""
    sc = scenario(tmp_path, FUNNEL + """
    [[changes]]
    from = 2020-03-01
    set = { "roles.a.stages.s1.pass_rate" = 0.2 }

    [[changes]]
    from = 2020-02-01
    set = { "roles.a.stages.s1.pass_rate" = 0.5, "roles.a.salary" = 10 }
    """)
    ep = sc.epochs
    assert ep is sc.epochs
    assert [d for d, _ in ep] == [0, 31, 60]
    assert [e.role("a").stages[0].pass_rate for _, e in ep] == [1.0, 0.5, 0.2]
    assert [e.role("a").salary for _, e in ep] == [0.0, 10.0, 10.0]
    assert list(sc.epoch_of([0, 30.99, 31, 59.5, 60, 180])) == [0, 0, 1, 1, 2, 2]


def test_every_problem_is_reported_at_once(tmp_path):
    """A bad path, an unchangeable field, a bad value and a date outside the run are reported
    together, each naming the change and what is valid."""
    with pytest.raises(ScenarioError) as info:
        scenario(tmp_path, FUNNEL + """
        [[changes]]
        from = 2021-02-01
        [changes.set]
        "roles.nobody.salary" = 1
        "roles.a.initial" = 5
        "roles.a.stages.s1.pass_rate" = 2

        [[changes]]
        from = 2020-02-01
        [changes.set]
        "roles.a.stages.s9.cost" = 1
        "roles.a.onboarding" = { dist = "gamma", mean = -1, cv = 1 }
        """)
    problems = dict(info.value.problems)
    assert "outside the simulated period" in problems["changes.0.from"]
    assert "roles: a" in problems['changes.0.set."roles.nobody.salary"']
    assert "pass_rate, duration" in problems['changes.0.set."roles.a.initial"']
    assert ">= 0 and <= 1" in problems['changes.0.set."roles.a.stages.s1.pass_rate"']
    assert "stages of a: s1, s2" in problems['changes.1.set."roles.a.stages.s9.cost"']
    assert 'changes.1.set."roles.a.onboarding"' in problems
    assert len(problems) == 6


def test_an_academy_change_needs_an_academy(tmp_path):
    """A change of an academy field of a role without one is refused."""
    with pytest.raises(ScenarioError, match="has no academy"):
        scenario(tmp_path, FUNNEL + """
        [[changes]]
        from = 2020-02-01
        set = { "roles.a.academy.seats" = 3 }
        """)


def test_json_schema_describes_changes():
    """The JSON Schema has the changes field with its rule."""
    schema = scenario_json_schema()["else"]
    changes = schema["properties"]["changes"]
    assert "enter" in changes["description"] and "class's start" in changes["description"]
    item = changes["items"]
    assert set(item["properties"]) == {"from", "set", "note"}
    assert "dotted path" in item["properties"]["set"]["description"]


def test_tenure_without_changes_is_todays():
    """One attrition epoch gives today's tenures; two equal epochs give the same up to
    rounding."""
    att = Attrition(0.1, (Band(1.0, 0.3), Band(2.0, 0.2)))
    e = np.random.default_rng(1).exponential(1.0, 1000)
    t0 = np.random.default_rng(2).random(1000) * 500
    np.testing.assert_array_equal(tenure_at([(0, att)], t0, e), tenure_from_exp(att, e))
    np.testing.assert_allclose(tenure_at([(0, att), (200, att)], t0, e), tenure_from_exp(att, e),
                               rtol=1e-12, atol=1e-9)
    after = tenure_at([(0, Attrition(0.0)), (200, att)], t0, e)
    assert (t0 + after >= 200).all()


def test_too_many_change_dates_are_refused_at_once():
    """Each change date builds a scenario in effect (2,000 dates took 50 s to validate), so
    their number is bounded: 201 dates are one clear error naming the field and the limit; 200
    load."""
    import datetime as dt

    import hiringsim as hs
    from hiringsim.scenario.changes import MAX_CHANGE_DATES

    raw = hs.example("baseline").to_dict()
    raw["changes"] = [{"from": dt.date(2017, 3, 2) + dt.timedelta(days=i),
                       "set": {"roles.officer.stages.interview.pass_rate": 0.5}}
                      for i in range(MAX_CHANGE_DATES + 1)]
    with pytest.raises(ScenarioError) as err:
        hs.Scenario.from_dict(raw)
    assert err.value.problems == [("changes", f"{MAX_CHANGE_DATES + 1} different dates; at most "
                                   f"{MAX_CHANGE_DATES} (put the changes of one date in one "
                                   "[[changes]] table)")]
    raw["changes"] = raw["changes"][:MAX_CHANGE_DATES]
    assert len(hs.Scenario.from_dict(raw).changes) == MAX_CHANGE_DATES
