"""Dated changes of a role with entry channels: the rule of :mod:`hiringsim.scenario.changes`
holds in every channel, in both modes (exact timelines), and bad channel paths are refused."""

from __future__ import annotations

import numpy as np
import pytest

from fragments import scenario
from hiringsim import ScenarioError
from hiringsim.measures.channels import channel_costs_daily
from hiringsim.model.channels import channel_roles, intake_schedule
from hiringsim.model.dated import stage_fixed
from hiringsim.replication import run_replication

MODES = ["fast", "reference"]
SEED = 11
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


#: new recruits (s1, s2) to an academy every 10 days; experienced officers (s2 only) to a daily
#: course of 10 days; veterans (the role's stages) to the academy
ROLE = """\
    [roles.a]
    initial = 0
    onboarding = 5
    attrition = { annual_rate = 0 }
    recruiting = [{ from = 2020-01-01, per_week = 14 }]

    [roles.a.academy]
    first_class = 2020-01-11
    every_days = 10
    seats = 1000
    length_days = 10
    graduation_rate = 1

    [[roles.a.stages]]
    name = "s1"
    pass_rate = 1
    duration = 3

    [[roles.a.stages]]
    name = "s2"
    pass_rate = 1
    duration = 1

    [[roles.a.channels]]
    name = "exp"
    path = "course"
    recruiting = [{ from = 2020-01-01, per_week = 14 }]
    course = { length_days = 10, graduation_rate = 1 }
    stages = [{ name = "s2", pass_rate = 1, duration = 1 }]

    [[roles.a.channels]]
    name = "vet"
    path = "academy"
    recruiting = [{ from = 2020-01-01, per_week = 14 }]
    """


def _run(tmp_path, mode, change: str):
    sc = scenario(tmp_path, ROLE + "\n    [[changes]]\n    from = 2020-02-01\n    set = { "
                  + change + " }\n")
    return sc, run_replication(sc, seed=SEED, mode=mode)


@pytest.mark.parametrize("mode", MODES)
def test_course_length_by_the_class_start(tmp_path, mode):
    """A channel's course 10 -> 5 days from 1 February: trainees who started before graduate
    10 days after their start (also those graduating after the date), later ones after 5."""
    _, rec = _run(tmp_path, mode, '"roles.a.channels.exp.course.length_days" = 5')
    f = rec.flows["a"]
    start = f["course:start"]
    assert start[:FEB1].sum() > 40 and start[FEB1:].sum() > 40
    np.testing.assert_array_equal(rec.channels["a"]["exp"]["eod"], start)
    np.testing.assert_array_equal(f["course:graduate"],
                                  shift(before(start, FEB1), 10) + shift(since(start, FEB1), 5))
    assert not f["course:washout"].any()
    # the academy is unchanged: 10 days for every class
    np.testing.assert_array_equal(f["academy:graduate"], shift(f["academy:start"], 10))


@pytest.mark.parametrize("mode", MODES)
def test_academy_length_reaches_a_channel_on_path_academy(tmp_path, mode):
    """The academy 10 -> 5 days from 1 February: the classes of 31 January (day 30) and
    before take 10 days, later ones 5, with the veterans' channel in them."""
    _, rec = _run(tmp_path, mode, '"roles.a.academy.length_days" = 5')
    f = rec.flows["a"]
    start = f["academy:start"]
    assert set(np.flatnonzero(start)) <= set(range(10, len(start), 10))
    assert start[30] > 0 and start[40] > 0
    np.testing.assert_array_equal(f["academy:graduate"],
                                  shift(before(start, FEB1), 10) + shift(since(start, FEB1), 5))
    vet = rec.channels["a"]["vet"]["eod"]
    assert vet[FEB1:].sum() > 20
    # the course is unchanged
    np.testing.assert_array_equal(f["course:graduate"], shift(f["course:start"], 10))


@pytest.mark.parametrize("mode", MODES)
def test_channel_stage_pass_rate_by_entry_time(tmp_path, mode):
    """The experienced channel's own s2 closes (pass rate 1 -> 0) from 1 February: its
    candidates entering s2 from then fail a day later; the role's s2 (new recruits, veterans)
    is unchanged."""
    _, rec = _run(tmp_path, mode, '"roles.a.channels.exp.stages.s2.pass_rate" = 0')
    ch = rec.channels["a"]
    exp = ch["exp"]
    np.testing.assert_array_equal(exp["s2:enter"], exp["applicants"])
    np.testing.assert_array_equal(exp["s2:pass"], shift(before(exp["applicants"], FEB1), 1))
    np.testing.assert_array_equal(exp["s2:fail"], shift(since(exp["applicants"], FEB1), 1))
    assert exp["eod"][FEB1 + 2:].sum() == 0 and exp["eod"].sum() > 40
    for other in ("new_recruits", "vet"):
        assert not ch[other]["s2:fail"].any()
        assert ch[other]["s2:pass"][FEB1 + 5:].sum() > 20


@pytest.mark.parametrize("mode", MODES)
def test_role_stage_change_reaches_a_channel_using_the_roles_stages(tmp_path, mode):
    """The role's s1 closes from 1 February: new recruits and veterans (the role's stages)
    entering it fail; the experienced (their own stages, no s1) are not affected."""
    _, rec = _run(tmp_path, mode, '"roles.a.stages.s1.pass_rate" = 0')
    ch = rec.channels["a"]
    for name in ("new_recruits", "vet"):
        apps = ch[name]["applicants"]
        np.testing.assert_array_equal(ch[name]["s1:pass"], shift(before(apps, FEB1), 3))
        np.testing.assert_array_equal(ch[name]["s1:fail"], shift(since(apps, FEB1), 3))
    assert not ch["exp"]["s2:fail"].any()


@pytest.mark.parametrize("mode", MODES)
def test_onboarding_by_the_day_it_starts_in_every_channel(tmp_path, mode):
    """Onboarding 5 -> 2 days from 1 February: graduates of the course and of the academy
    starting onboarding before take 5 days, later ones 2."""
    _, rec = _run(tmp_path, mode, '"roles.a.onboarding" = 2')
    f = rec.flows["a"]
    grads = f["course:graduate"] + f["academy:graduate"]
    assert grads[:FEB1].sum() > 20 and grads[FEB1:].sum() > 20
    np.testing.assert_array_equal(f["operational"],
                                  shift(before(grads, FEB1), 5) + shift(since(grads, FEB1), 2))


@pytest.mark.parametrize("mode", MODES)
def test_attrition_reaches_channel_hires_in_calendar_time(tmp_path, mode):
    """Attrition 0 -> certain departure within days from 1 February (annual rate 0.999999):
    nobody leaves before the date, and hires of every channel leave after it."""
    _, rec = _run(tmp_path, mode, '"roles.a.attrition.annual_rate" = 0.999999')
    f = rec.flows["a"]
    left = f["duty:leave"] + f["onboarding:leave"]
    assert not left[:FEB1].any()
    # 0.999999 a year: a hazard of ~13.8 a year, mean stay ~26 days from the date
    assert left[FEB1:].sum() > 0.6 * f["eod"][:FEB1 + 30].sum()


@pytest.mark.parametrize("mode", MODES)
def test_offer_withdrawal_by_the_day_the_wait_starts(tmp_path, mode):
    """The veterans' offer withdrawal 0 -> certain (0.999999 a week) from 1 February: nobody
    withdraws before; nearly every veteran whose wait for a class starts after withdraws."""
    _, rec = _run(tmp_path, mode, '"roles.a.channels.vet.offer_withdraw_per_week" = 0.999999')
    vet = rec.channels["a"]["vet"]
    assert not vet["offer:withdraw"][:FEB1].any()
    assert vet["offer:withdraw"].sum() > 0.5 * vet["s2:pass"][FEB1:].sum() > 10
    assert not rec.channels["a"]["new_recruits"]["offer:withdraw"].any()


def test_channel_costs_by_the_day(tmp_path):
    """A channel's hire cost and its course's cost per trainee change on the date; the role's
    hire cost reaches the channels that do not set their own."""
    _, rec = _run(tmp_path, "fast", '"roles.a.channels.exp.hire_cost" = 100, '
                  '"roles.a.hire_cost" = 10, "roles.a.channels.exp.course.cost_per_trainee" = 7,'
                  ' "roles.a.academy.cost_per_trainee" = 3')
    ch = rec.channels["a"]
    cost = channel_costs_daily(rec.scenario.role("a"), rec)
    after = {k: since(v["eod"], FEB1) for k, v in ch.items()}
    assert after["exp"].sum() > 0 and after["vet"].sum() > 0
    np.testing.assert_allclose(cost["incentives"], 100 * after["exp"] + 10 * (
        after["new_recruits"] + after["vet"]))
    np.testing.assert_allclose(cost["academy"], 7 * after["exp"]
                               + 3 * since(rec.flows["a"]["academy:start"], FEB1))


def test_course_seats_by_the_class_day(tmp_path):
    """A course's seats change from the date in the intake schedule (both modes read it)."""
    sc = scenario(tmp_path, ROLE.replace("graduation_rate = 1 }", "graduation_rate = 1, "
                                         "seats = 4 }") + """
    [[changes]]
    from = 2020-02-01
    set = { "roles.a.channels.exp.course.seats" = 1 }
    """)
    seats = {d: s for d, key, s in intake_schedule(sc, sc.role("a")) if key == "course:exp"}
    assert seats[FEB1 - 1] == 4 and seats[FEB1] == 1 and seats[FEB1 + 20] == 1
    for mode in MODES:
        start = run_replication(sc, seed=SEED, mode=mode).flows["a"]["course:start"]
        assert start[:FEB1].max() > 1 and start[FEB1:].max() == 1


def test_stage_fixed_looks_at_the_role_and_the_channel(tmp_path):
    """A channel's stage is a fixed daily cohort only when neither the role's stage of that
    name nor the channel's own changes."""
    for change, fixed in (('"roles.a.stages.s1.cost" = 3', True),
                          ('"roles.a.stages.s2.duration" = 4', False),
                          ('"roles.a.channels.exp.stages.s2.pass_rate" = 0.5', False)):
        sc = scenario(tmp_path, ROLE + f"""
    [[changes]]
    from = 2020-02-01
    set = {{ {change} }}
    """)
        role = sc.role("a")
        exp = next(r for c, r in channel_roles(role) if c.name == "exp")
        assert stage_fixed(sc, exp, exp.stages[0]) is fixed, change


@pytest.mark.parametrize(("path", "value", "message"), [
    ("roles.a.channels.nope.hire_cost", 1, "no channel 'nope'; channels of a: exp, vet (the "
     "role's own channel 'new_recruits' changes through roles.a.*)"),
    ("roles.a.channels.vet.stages.s1.pass_rate", 0.5, "channel 'vet' has no stages of its own: "
     "it uses the role's; change roles.a.stages.<stage>"),
    ("roles.a.channels.exp.stages.s1.pass_rate", 0.5, "give a stage by name; stages of "
     "a.channels.exp: s2"),
    ("roles.a.channels.exp.stages.s2.resource", "x", "a stage's changeable fields: pass_rate, "
     "duration, cost, withdraw_per_week"),
    ("roles.a.channels.vet.course.length_days", 5, "channel 'vet' has no course (its path is "
     "'academy')"),
    ("roles.a.channels.exp.course.every_days", 5, "a course's changeable fields: length_days, "
     "graduation_rate, cost_per_trainee, seats"),
    ("roles.a.channels.exp.recruiting", [], "changeable paths of a channel:"),
    ("roles.a.channels.exp.course.graduation_rate", 2, "must be >= 0 and <= 1, got 2.0"),
])
def test_bad_channel_paths_are_refused(tmp_path, path, value, message):
    """Each bad channel path is named with what would be valid."""
    sc = scenario(tmp_path, ROLE)
    with pytest.raises(ScenarioError) as exc:
        sc.with_values({"changes": [{"from": "2020-02-01", "set": {path: value}}]})
    assert message in str(exc.value), str(exc.value)
    assert f'changes.0.set."{path}"' in str(exc.value)
