"""A pipeline already running at the start (``Role.pipeline``, hiringsim.model.running): exact
timelines in both modes, growth from the headcount at the start, sunk costs, validation."""

from __future__ import annotations

import numpy as np
import pytest

from fragments import scenario
from hiringsim import ScenarioError, scenario_json_schema
from hiringsim.measures.summary import summarize_record
from hiringsim.model.record import state_names, stocks
from hiringsim.replication import run_replication

MODES = ["fast", "reference"]
SEED = 7

#: one role, no applicants, fixed durations, no attrition: only the pipeline moves
QUIET = """\
    [roles.a]
    initial = 4
    onboarding = 7
    attrition = { annual_rate = 0 }
    recruiting = [{ from = 2020-01-01, per_week = 0 }]
    positions = [{ from = 2020-01-01, growth = 100 }]
    """
ACADEMY = """\
    [roles.a.academy]
    first_class = 2020-03-02
    every_days = 28
    seats = 5
    length_days = 56
    graduation_rate = 1
    """
STAGES = """\
    [[roles.a.stages]]
    name = "s1"
    pass_rate = 1
    duration = 10

    [[roles.a.stages]]
    name = "bg"
    resource = "bi"
    pass_rate = 1
    duration = 10
    """
BI = """\
    [resources.bi]
    servers = 1
    """


def run(tmp_path, body: str, mode: str, *, seed: int = SEED):
    sc = scenario(tmp_path, body)
    rec = run_replication(sc, seed=seed, mode=mode)
    st = stocks(rec)
    if mode == "reference":  # the live counts equal the stocks from the flows and openings
        assert rec.snapshots is not None
        for state in state_names(sc.role("a")):
            np.testing.assert_array_equal(rec.snapshots["a"][state], st["a"][state], state)
    return sc, rec, st["a"]


@pytest.mark.parametrize("mode", MODES)
def test_running_class_graduates_at_its_end(tmp_path, mode):
    """A class of 10 that started 30 days before the start (length 56, graduation rate 1)
    graduates on day 26 and is operational 7 days later; nobody is charged its academy cost."""
    body = QUIET + ACADEMY + """\
    [roles.a.pipeline]
    classes = [{ start = 2019-12-02, trainees = 10 }]
    """ + STAGES + BI
    sc, rec, st = run(tmp_path, body, mode)
    f = rec.flows["a"]
    assert f["academy:graduate"][26] == 10 and f["academy:graduate"].sum() == 10
    assert f["operational"][33] == 10 and f["operational"].sum() == 10
    assert not f["academy:washout"].any() and not f["eod"].any()
    np.testing.assert_array_equal(st["academy"][:26], 10)
    assert not st["academy"][26:].any()
    np.testing.assert_array_equal(st["onboarding"][26:33], 10)
    assert st["on_duty"][33] == 14
    kpis = summarize_record(rec).kpis
    assert kpis["cost_academy"] == 0.0
    # trained (the default measure): the class is growth once it graduates
    assert kpis["growth_at_end"] == 10


@pytest.mark.parametrize("mode", MODES)
def test_growth_is_measured_from_the_running_headcount(tmp_path, mode):
    """Growth counts above the headcount at the start by the target's measure: on board, a
    running class and onboarding are already there (no growth when they move on)."""
    body = QUIET + ACADEMY + """\
    [roles.a.pipeline]
    classes = [{ start = 2019-12-02, trainees = 10 }]
    onboarding = 3
    """ + STAGES + BI
    sc = scenario(tmp_path, body)
    for measure, at_end in (("trained", 10), ("on_board", 0), ("on_duty", 13)):
        sc_m = sc.with_values({"target.measure": measure})
        kpis = summarize_record(run_replication(sc_m, seed=SEED, mode=mode)).kpis
        assert kpis["growth_at_end"] == at_end, measure


@pytest.mark.parametrize("mode", MODES)
def test_queued_people_are_served_in_order_before_new_arrivals(tmp_path, mode):
    """5 people queued at a 1-server resource (fixed 10-day service) start on days 0, 10, 20,
    30, 40, ahead of every applicant; none of them is counted as entering the stage."""
    body = QUIET.replace("per_week = 0", "per_week = 7") + """\
    [roles.a.pipeline]
    stages = { bg_queue = 5 }
    """ + STAGES + BI
    sc, rec, st = run(tmp_path, body, mode)
    f = rec.flows["a"]
    starts = f["bg:start"]
    np.testing.assert_array_equal(np.flatnonzero(starts[:50]), [0, 10, 20, 30, 40])
    assert (starts[:50].sum()) == 5
    np.testing.assert_array_equal(np.flatnonzero(f["bg:pass"][:60]), [10, 20, 30, 40, 50])
    assert f["bg:enter"].sum() == f["s1:pass"].sum()  # only applicants enter
    assert st["bg:queue"][0] == 4 and st["bg"][0] == 1
    assert f["applicants"][:40].sum() > 0  # applicants were there, and waited behind them


@pytest.mark.parametrize("mode", MODES)
def test_queued_people_wait_for_a_server_change_dated_at_the_start(tmp_path, mode):
    """A change of servers dated at the start applies before the queued people are served:
    3 servers cut to 1 on the first day serve 3 queued people on days 0, 10 and 20."""
    body = QUIET + """\
    [roles.a.pipeline]
    stages = { bg_queue = 3 }
    """ + STAGES + """\
    [resources.bi]
    servers = 3
    changes = [{ from = 2020-01-01, servers = 1 }]
    """
    sc, rec, st = run(tmp_path, body, mode)
    np.testing.assert_array_equal(np.flatnonzero(rec.flows["a"]["bg:start"]), [0, 10, 20])


@pytest.mark.parametrize("mode", MODES)
def test_in_stage_people_leave_within_one_duration(tmp_path, mode):
    """People in a 10-day stage at the start pass within 10 days and enter the next stage;
    those in service hold the only server until they are done."""
    body = QUIET + """\
    [roles.a.pipeline]
    stages = { s1 = 6, bg = 1, bg_queue = 2 }
    """ + STAGES + BI
    sc, rec, st = run(tmp_path, body, mode)
    f = rec.flows["a"]
    assert f["s1:pass"][:10].sum() == 6 and f["s1:pass"].sum() == 6
    np.testing.assert_array_equal(f["bg:enter"], f["s1:pass"])
    assert f["s1:enter"].sum() == 0
    first = int(np.flatnonzero(f["bg:pass"])[0])  # the one in service: within 10 days
    assert first < 10 and f["bg:pass"][first] == 1
    assert f["bg:start"][first] == 1  # the first queued takes the server when it is free
    assert rec.busy["bi"][:first].sum() == pytest.approx(first, abs=1.0)
    assert f["bg:pass"].sum() == 9 and f["eod"].sum() == 9
    assert len(rec.hires["a"]["eod"]) == 0  # applied before the start: no time to hire


@pytest.mark.parametrize("mode", MODES)
def test_onboarding_people_become_operational(tmp_path, mode):
    """People in a 7-day onboarding at the start are operational within 7 days."""
    body = QUIET + """\
    [roles.a.pipeline]
    onboarding = 8
    """ + STAGES + BI
    sc, rec, st = run(tmp_path, body, mode)
    f = rec.flows["a"]
    assert f["operational"][:7].sum() == 8 and f["operational"].sum() == 8
    assert st["onboarding"][0] + f["operational"][0] == 8
    assert not st["onboarding"][7:].any()
    np.testing.assert_array_equal(st["on_duty"][7:], 12)


@pytest.mark.parametrize("mode", MODES)
def test_waiting_people_take_the_free_positions_first(tmp_path, mode):
    """Waiting people enter on duty at once up to the free positions (on board at the start
    counted); the rest wait; their salaries count from the start, their past costs do not."""
    body = QUIET.replace("growth = 100", "growth = 5") + """\
    salary = 36525
    hire_cost = 1000

    [roles.a.pipeline]
    waiting = 4
    onboarding = 2
    stages = { s1 = 3 }
    """ + STAGES.replace("duration = 10\n", "duration = 10\n    cost = 500\n", 1) + BI
    sc, rec, st = run(tmp_path, body, mode)
    f = rec.flows["a"]
    assert f["eod"][0] == 3  # cap 4 + 5 = 9 positions; 4 on duty and 2 onboarding hold 6
    assert st["offer_wait"][0] == 1
    kpis = summarize_record(rec).kpis
    assert kpis["cost_screening"] == 0.0  # those in s1 paid its cost before the start
    assert kpis["cost_incentives"] == f["eod"].sum() * 1000
    # payroll: everybody on board beyond the staff at the start, from the start: 5 on day 0
    assert kpis["cost_payroll"] >= 5 * 100 * sc.days


def test_pipeline_is_validated_all_at_once(tmp_path):
    """Every problem of a pipeline is reported at once, naming the field and what is valid."""
    body = QUIET + ACADEMY + """\
    [roles.a.pipeline]
    stages = { nope = 3, s1_queue = 2, bg = 2, bg_queue = 1 }
    classes = [{ start = 2020-01-01, trainees = 5 }, { start = 2019-10-01, trainees = 5 }]
    waiting = -1

    [roles.b]
    initial = 1
    onboarding = 0
    attrition = { annual_rate = 0 }
    recruiting = [{ from = 2020-01-01, per_week = 1 }]
    [[roles.b.stages]]
    name = "x"
    pass_rate = 1
    duration = 1
    [roles.b.pipeline]
    classes = [{ start = 2019-12-20, trainees = 1 }]
    """ + STAGES + BI
    with pytest.raises(ScenarioError) as info:
        scenario(tmp_path, body)
    problems = dict(info.value.problems)
    assert "roles.a.pipeline.waiting" in problems
    body = body.replace("waiting = -1", "")
    with pytest.raises(ScenarioError) as info:
        scenario(tmp_path, body)
    problems = dict(info.value.problems)
    assert "valid: s1, bg, bg_queue" in problems["roles.a.pipeline.stages.nope"]
    assert "no resource" in problems["roles.a.pipeline.stages.s1_queue"]
    assert "more than its 1 servers" in problems["resources.bi.servers"]
    assert "between 2019-11-07 and 2019-12-31" in problems["roles.a.pipeline.classes.0.start"]
    assert "roles.a.pipeline.classes.1.start" in problems
    assert "no academy" in problems["roles.b.pipeline.classes"]


def test_pipeline_in_schema_and_round_trip(tmp_path):
    """The pipeline is in the JSON Schema with descriptions and survives a dict round trip
    (stage counts in the file's order)."""
    role = scenario_json_schema()["else"]["properties"]["roles"]["additionalProperties"]
    pl = role["properties"]["pipeline"]
    assert "at the start" in pl["description"]
    assert pl["properties"]["stages"]["additionalProperties"]["minimum"] == 0
    sc = scenario(tmp_path, QUIET + """\
    [roles.a.pipeline]
    stages = { bg_queue = 2, s1 = 1 }
    """ + STAGES + BI)
    assert sc.role("a").pipeline.stages == (("bg_queue", 2), ("s1", 1))
    assert type(sc).from_dict(sc.to_dict()) == sc


@pytest.mark.parametrize("mode", MODES)
def test_in_service_people_count_against_the_first_days_servers(tmp_path, mode):
    """Servers raised from 0 to 2 on the first day serve 2 people in service at the start,
    who pass within one (10-day) service; then the queued one starts."""
    body = QUIET + """\
    [roles.a.pipeline]
    stages = { bg = 2, bg_queue = 1 }
    """ + STAGES + """\
    [resources.bi]
    servers = 0
    changes = [{ from = 2020-01-01, servers = 2 }]
    """
    sc, rec, st = run(tmp_path, body, mode)
    f = rec.flows["a"]
    assert f["bg:pass"][:10].sum() == 2
    first = int(np.flatnonzero(f["bg:pass"])[0])
    np.testing.assert_array_equal(np.flatnonzero(f["bg:start"]), [first])
