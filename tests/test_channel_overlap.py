"""Vetting that overlaps training in a role with entry channels (``Role.tentative_from`` with
``Role.channels``): exact timelines of a course channel in both modes, where each channel's
vetting starts, validation and the schema, conservation on random scenarios, and the results a
planner reads (KPIs by channel, funnel rows, report).

The timelines use one investigator with a fixed case time, so that the k-th candidate's
investigation ends at ``e_k = max(a_k, e_(k-1)) + duration`` (``a_k``: application time, read from
the hires); the course takes a class every day with no seat limit and nothing caps positions, so
each candidate enters it at the first midnight after applying, and each removal is asserted to
the day and to the place it happens.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import hiringsim
from fragments import scenario
from hiringsim import Scenario
from hiringsim.model.channels import channel_roles
from hiringsim.model.overlap import channel_from
from hiringsim.model.record import stocks
from hiringsim.replication import run_replication
from hiringsim.scenario import ScenarioError, scenario_json_schema
from strategies import channel_scenario_dicts
from test_model_conservation import check_record, check_snapshots
from test_overlap import by_day, hires_in_order, investigation_ends

MODES = ["fast", "reference"]
SEED = 20240602
EPS = 1e-6
SMALL_CHANNELS = "tests/scenarios/small_channels.toml"
CHANNEL_OVERLAP = "tests/scenarios/small_channel_overlap.toml"

COURSE = """\
    [resources.inv]
    servers = 1

    [roles.a]
    initial = 0
    onboarding = 7
    attrition = {{ annual_rate = 0 }}
    recruiting = [{{ from = 2020-01-01, per_week = 0 }}]
    tentative_from = "bg"

    [roles.a.academy]
    first_class = 2020-01-06
    every_days = 20
    seats = 100
    length_days = 30
    graduation_rate = 1

    [[roles.a.stages]]
    name = "bg"
    resource = "inv"
    pass_rate = {rate}
    duration = 8

    [[roles.a.channels]]
    name = "exp"
    path = "course"
    recruiting = [{{ from = 2020-01-01, per_week = 7 }}, {{ from = 2020-02-20, per_week = 0 }}]
    course = {{ length_days = 10, graduation_rate = 1 }}
    """


def course_scenario(tmp_path, rate: float):
    return scenario(tmp_path, COURSE.format(rate=rate), end="2021-06-30", name=f"co{rate}")


@pytest.mark.parametrize("mode", MODES)
def test_course_trainees_removed_on_the_day_their_investigation_fails(tmp_path, mode):
    """Pass rate 0: each candidate of the course channel holds a tentative offer from applying
    (the investigation opens), enters the course at the next daily class, and is removed on the
    day the investigation ends -- from the course, onboarding or duty depending on where they
    are then; the channel keeps its own removals, and the investigation holds nobody."""
    sc = course_scenario(tmp_path, 0)
    rec = run_replication(sc, seed=SEED, mode=mode)
    days = sc.days
    f = rec.flows["a"]
    h = hires_in_order(rec)
    app = h["application"]
    assert len(app) > 20 and len(app) == f["applicants"].sum()  # everyone enters
    e = investigation_ends(app, 8.0)
    eod = np.ceil(app)
    np.testing.assert_allclose(h["eod"], eod, atol=EPS, rtol=0)
    np.testing.assert_allclose(h["removed"], e, atol=EPS, rtol=0)
    assert (h["channel"] == 1).all()  # all through the channel 'exp' (the role's own is 0)
    in_course = e < eod + 10
    in_onboarding = ~in_course & (e < eod + 17)
    on_duty = ~in_course & ~in_onboarding
    assert in_course.any() and in_onboarding.any() and on_duty.any()
    np.testing.assert_array_equal(f["offer:tentative"], f["applicants"])
    np.testing.assert_array_equal(f["course:start"], by_day(eod, days))
    np.testing.assert_array_equal(f["course:removed"], by_day(e[in_course], days))
    np.testing.assert_array_equal(f["onboarding:removed"], by_day(e[in_onboarding], days))
    np.testing.assert_array_equal(f["duty:removed"], by_day(e[on_duty], days))
    np.testing.assert_array_equal(f["course:graduate"], by_day((eod + 10)[~in_course], days))
    np.testing.assert_array_equal(f["operational"], by_day((eod + 17)[on_duty], days))
    np.testing.assert_array_equal(f["bg:fail"], by_day(e, days))
    for flow in ("bg:withdraw", "bg:pass", "offer:withdraw", "offer:fail", "course:washout",
                 "academy:start", "academy:removed"):
        assert not f[flow].any(), flow
    exp, own = rec.channels["a"]["exp"], rec.channels["a"]["new_recruits"]
    for flow in ("offer:tentative", "course:removed", "onboarding:removed", "duty:removed"):
        np.testing.assert_array_equal(exp[flow], f[flow], err_msg=flow)
        assert not own.get(flow, np.zeros(1)).any(), flow
    assert "course:removed" not in own and "academy:removed" not in exp
    st_ = stocks(rec)["a"]
    assert not st_["bg:queue"].any() and not st_["bg"].any()
    assert st_["course"][-1] == 0 and st_["onboarding"][-1] == 0 and st_["on_duty"][-1] == 0
    if mode == "reference":
        check_snapshots(rec)
    check_record(rec)


@pytest.mark.parametrize("mode", MODES)
def test_course_pass_rate_one_removes_nobody(tmp_path, mode):
    """Pass rate 1: nobody is removed; everyone enters the course at the first midnight after
    applying (not after the investigation) and is operational 17 days later."""
    sc = course_scenario(tmp_path, 1)
    rec = run_replication(sc, seed=SEED, mode=mode)
    days = sc.days
    f = rec.flows["a"]
    h = hires_in_order(rec)
    app = h["application"]
    assert len(app) == f["applicants"].sum() > 20
    eod = np.ceil(app)
    np.testing.assert_allclose(h["eod"], eod, atol=EPS, rtol=0)
    assert np.isinf(h["removed"]).all()
    e = investigation_ends(app, 8.0)
    assert (e > eod + 17).sum() > 10  # most are on duty long before their clearance
    np.testing.assert_array_equal(f["bg:pass"], by_day(e, days))
    np.testing.assert_array_equal(f["operational"], by_day(eod + 17, days))
    for flow in ("offer:fail", "course:removed", "onboarding:removed", "duty:removed",
                 "bg:fail"):
        assert not f[flow].any(), flow
    assert stocks(rec)["a"]["on_duty"][-1] == len(app)
    if mode == "reference":
        check_snapshots(rec)
    check_record(rec)


# -- where each channel's vetting starts ---------------------------------------------------------
@pytest.mark.parametrize(("named", "expected"), [
    ("background", {"experienced": "background", "rehired": "medical"}),
    ("screen", {"experienced": "exam", "rehired": "medical"}),
    ("medical", {"experienced": "medical", "rehired": "medical"}),
])
def test_each_channel_vets_from_its_first_stage_at_or_after_the_named_one(named, expected):
    """A channel's vetting starts at its first stage at or after the role's tentative_from in
    the role's order (small_channels: experienced has exam, background, medical; rehired has
    medical only)."""
    sc = hiringsim.load_scenario(SMALL_CHANNELS)
    role = sc.with_values({"roles.officer.tentative_from": named}).role("officer")
    got = {ch.name: way.tentative_from for ch, way in channel_roles(role)}
    assert got == expected
    for ch in role.channels:
        assert channel_from(role, ch.stages) == expected[ch.name]
    off = sc.role("officer")
    assert all(way.tentative_from is None for _, way in channel_roles(off))
    assert channel_from(role, role.stages[:0]) is None  # a channel without such a stage


def test_channels_with_tentative_from_are_valid_and_round_trip():
    """tentative_from on a role with channels is accepted and round-trips; an unknown stage is
    still refused (the error lists the role's stages)."""
    sc = hiringsim.load_scenario(CHANNEL_OVERLAP)
    assert sc.role("officer").tentative_from == "background" and sc.role("officer").channels
    assert Scenario.from_dict(sc.to_dict()) == sc
    raw = sc.to_dict()
    raw["roles"]["officer"]["tentative_from"] = "nope"
    with pytest.raises(ScenarioError) as info:
        Scenario.from_dict(raw)
    problems = dict(info.value.problems)
    assert problems["roles.officer.tentative_from"] == (
        "no stage 'nope' in role 'officer'; stages: screen, exam, background, medical")


def test_schema_states_the_channel_rule():
    """The field's description in the JSON Schema states how it reaches each channel."""
    import json

    text = json.dumps(scenario_json_schema())
    i = text.index('"tentative_from": {')
    field = json.loads(text[i + len('"tentative_from": '):].split("}", 1)[0] + "}")
    for words in ("every channel", "first stage at or after this one", "course too"):
        assert words in field["description"], words


# -- conservation on random scenarios ----------------------------------------------------------
@st.composite
def channel_overlap_dicts(draw):
    """Random valid scenarios with entry channels where every role's vetting overlaps training
    from a random stage on."""
    raw = draw(channel_scenario_dicts())
    for role in raw["roles"].values():
        role["tentative_from"] = f"s{draw(st.integers(0, len(role['stages']) - 1))}"
    return raw


@given(raw=channel_overlap_dicts(), seed=st.integers(0, 2**32 - 1))
@pytest.mark.parametrize("mode", MODES)
def test_conservation_with_channels_and_overlap(mode, raw, seed):
    """With channels and overlap everywhere, everyone is in exactly one state (removals from
    the course included), the channels' flows sum to the role's, positions are never exceeded,
    and the reference mode's live counts equal the stocks from the flows."""
    sc = Scenario.from_dict(raw, source="generated")
    rec = run_replication(sc, seed=seed, mode=mode)
    if mode == "reference":
        check_snapshots(rec)
    check_record(rec)
    for role in sc.roles:
        h = rec.hires[role.name]
        assert len(h["removed"]) == len(h["eod"]) == len(h["channel"])
        assert (h["removed"] >= h["eod"]).all()
        kept = rec.channels[role.name]
        for i, f in enumerate(kept.values()):  # each channel's hires carry its index
            assert ((h["channel"] == i) & (h["eod"] < sc.days)).sum() == f["eod"].sum()


# -- results ------------------------------------------------------------------------------------
def test_simulate_reports_removals_by_channel():
    """hiringsim.simulate on a role with channels and overlap: removal KPIs by where and by
    channel (summing to the total), the funnel's channel rows, and the report's lines."""
    from hiringsim.report import text_report

    sc = hiringsim.load_scenario(CHANNEL_OVERLAP).with_values(
        {"roles.officer.hire_cost": 1000.0})
    res = hiringsim.simulate(sc, 3, seed=5, progress=False)
    k = res.kpis
    channels = ["new_recruits", "experienced", "rehired"]
    by_channel = sum(k[f"removals_channel_{c}"] for c in channels)
    np.testing.assert_allclose(by_channel, k["removals_after_entry"])
    by_where = sum(k[f"removed_{w}"] for w in ("academy", "course", "onboarding", "duty"))
    np.testing.assert_allclose(by_where, k["removals_after_entry"])
    assert (k["removals_after_entry"] > 0).all()
    assert (k["cost_removed"] >= 1000 * k["removals_after_entry"]).all()
    f = res.funnel
    rows = f[(f["role"] == "officer") & (f["stage"] == "tentative_clearance")]
    assert set(rows["channel"]) == {"all", *channels}
    for c in channels:
        mine = f[(f["role"] == "officer") & (f["channel"] == c)]
        offer = mine[mine["stage"] == "offer"]
        clear = mine[mine["stage"] == "tentative_clearance"]
        np.testing.assert_array_equal(clear["failed"].to_numpy(),
                                      k[f"removals_channel_{c}"].to_numpy())
        assert (offer["entered"].to_numpy() > 0).all()
    text = text_report(res)
    assert "course " in text and "Removed after entry by entry channel (officer, mean):" in text


@pytest.mark.parametrize("mode", MODES)
def test_channels_with_overlap_and_a_dated_stage_change(mode):
    """A dated change of a stage reaches each channel's own stages in reference mode too (an
    entry channel's simulation looks its stages up as ``<role>/<channel>``), with overlap: the
    accounting identities hold and the live counts equal the stocks."""
    raw = hiringsim.load_scenario(CHANNEL_OVERLAP).to_dict()
    raw["changes"] = [{"from": "2020-06-01",
                       "set": {"roles.officer.stages.medical.pass_rate": 0.5}}]
    sc = Scenario.from_dict(raw)
    rec = run_replication(sc, seed=SEED, mode=mode)
    exp = rec.channels["officer"]["experienced"]
    assert exp["medical:enter"].sum() > 0 and "screen:enter" not in exp
    if mode == "reference":
        check_snapshots(rec)
    check_record(rec)
