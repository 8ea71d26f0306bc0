"""A running pipeline (``Role.pipeline``) combined with entry channels and with vetting that
overlaps training (``tentative_from``): exact timelines in both modes, validation, and an end
to end run through ``hiringsim.simulate``."""

from __future__ import annotations

import numpy as np
import pytest

from fragments import scenario
from hiringsim.model.record import state_names, stocks
from hiringsim.replication import run_replication

MODES = ["fast", "reference"]
SEED = 7

ROLE = """\
    [roles.a]
    initial = 4
    onboarding = 7
    attrition = { annual_rate = 0 }
    recruiting = [{ from = 2020-01-01, per_week = 0 }]
    positions = [{ from = 2020-01-01, growth = %d }]
    """
ACADEMY = """\
    [roles.a.academy]
    first_class = 2020-03-02
    every_days = 28
    seats = 5
    length_days = 56
    graduation_rate = 1
    """
ONE_STAGE = """\
    [[roles.a.stages]]
    name = "s1"
    pass_rate = 1
    duration = 1
    """
EXPERIENCED = """\
    [[roles.a.channels]]
    name = "experienced"
    path = "%s"
    recruiting = [{ from = 2020-01-01, per_week = 70 }]
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


# -- entry channels ---------------------------------------------------------------------------
@pytest.mark.parametrize("mode", MODES)
def test_running_class_holds_positions_against_a_course_channel(tmp_path, mode):
    """A running class of 10 holds positions from the start: with 4 on duty and 16 positions,
    the experienced channel's weekly course (first on day 5) admits only 2; the class graduates
    on day 26; nothing is left for the academy's classes."""
    body = (ROLE % 12) + ACADEMY + """\
    [roles.a.pipeline]
    classes = [{ start = 2019-12-02, trainees = 10 }]
    """ + ONE_STAGE + (EXPERIENCED % "course") + """\
    course = { length_days = 28, graduation_rate = 1, every_days = 7, first_class = 2020-01-06 }
    """
    sc, rec, st = run(tmp_path, body, mode)
    f, ch = rec.flows["a"], rec.channels["a"]
    assert rec.opening["a"] == {"academy": 10}
    np.testing.assert_array_equal(np.flatnonzero(f["course:start"]), [5])
    assert f["course:start"][5] == 2 and f["course:graduate"][33] == 2
    assert f["academy:graduate"][26] == 10 and f["academy:graduate"].sum() == 10
    assert not f["academy:start"].any()
    assert ch["experienced"]["eod"].sum() == 2 and ch["new_recruits"]["eod"].sum() == 0
    np.testing.assert_array_equal(f["eod"], ch["experienced"]["eod"])
    np.testing.assert_array_equal(st["academy"][:26], 10)
    np.testing.assert_array_equal(st["course"][5:33], 2)
    assert (rec.classes["a"].filled == 0).all()
    assert st["on_duty"][-1] == 16  # 4 + the class (operational on day 33) + the course's 2


@pytest.mark.parametrize("mode", MODES)
def test_waiting_people_are_first_on_their_pool(tmp_path, mode):
    """The 3 waiting people of the role's own channel are first on the academy's list: its
    first class (day 61, 5 seats) takes them, then 2 experienced candidates who applied since
    the start."""
    body = (ROLE % 100) + ACADEMY + """\
    [roles.a.pipeline]
    waiting = 3
    """ + ONE_STAGE + (EXPERIENCED % "academy")
    sc, rec, st = run(tmp_path, body, mode)
    ch = rec.channels["a"]
    assert st["offer_wait"][0] == 3 + ch["experienced"]["s1:pass"][0]
    assert ch["new_recruits"]["eod"][61] == 3 and ch["new_recruits"]["eod"].sum() == 3
    assert ch["experienced"]["eod"][61] == 2
    np.testing.assert_array_equal(rec.flows["a"]["academy:start"][61:90:28], [5, 5])
    assert len(rec.hires["a"]["eod"]) == rec.flows["a"]["eod"].sum() - 3  # no time to hire


@pytest.mark.parametrize("mode", MODES)
def test_onboarding_people_hold_positions_of_a_direct_role(tmp_path, mode):
    """Without an academy: 4 on duty and 2 in onboarding hold 6 of 8 positions, so 2 of the 3
    waiting enter on day 0 and the third waits (no attrition: for ever), and no candidate of
    the direct experienced channel is admitted."""
    body = (ROLE % 4) + """\
    [roles.a.pipeline]
    waiting = 3
    onboarding = 2
    """ + ONE_STAGE + (EXPERIENCED % "direct")
    sc, rec, st = run(tmp_path, body, mode)
    ch = rec.channels["a"]
    np.testing.assert_array_equal(np.flatnonzero(rec.flows["a"]["eod"]), [0])
    assert ch["new_recruits"]["eod"][0] == 2 and ch["experienced"]["eod"].sum() == 0
    assert st["offer_wait"][-1] == 1 + ch["experienced"]["s1:pass"].sum()
    np.testing.assert_array_equal(st["on_duty"][7:], 8)


# -- vetting that overlaps training -----------------------------------------------------------
TENTATIVE = """\
    tentative_from = "bg"
    """
OVERLAP = """\
    [[roles.a.stages]]
    name = "s1"
    pass_rate = 1
    duration = 10

    [[roles.a.stages]]
    name = "bg"
    resource = "bi"
    pass_rate = 1
    duration = 10

    [[roles.a.stages]]
    name = "med"
    pass_rate = %s
    duration = 5

    [resources.bi]
    servers = 1
    """


@pytest.mark.parametrize("mode", MODES)
def test_people_in_vetting_hold_an_offer_and_are_removed_on_failure(tmp_path, mode):
    """1 in background service and 2 queued for it hold a tentative offer at the start: on the
    offer list (not in the stage), they enter the academy's class on day 0; their vetting goes
    on (one server, 10-day service, then a 5-day medical that everyone fails) and removes them
    from the academy at t1 + 5, + 15, + 25 (t1 < 10: the end of the service in progress).  The
    3 in s1 go on as applicants: a tentative offer on entering background (days < 10), the
    class of day 28, removal at t1 + 35, + 45, + 55."""
    body = (ROLE % 100) + TENTATIVE + ACADEMY.replace("2020-03-02", "2020-01-01") + """\
    [roles.a.pipeline]
    stages = { s1 = 3, bg = 1, bg_queue = 2 }
    """ + OVERLAP % "0"
    sc, rec, st = run(tmp_path, body, mode)
    f = rec.flows["a"]
    assert rec.opening["a"] == {"s1": 3, "offer_wait": 3}
    assert st["bg"][0] == st["bg:queue"][0] == 0  # counted on the offer list
    assert f["offer:tentative"].sum() == 3 and not f["offer:tentative"][10:].any()
    np.testing.assert_array_equal(f["offer:tentative"], f["s1:pass"])
    np.testing.assert_array_equal(np.flatnonzero(f["eod"]), [0, 28])
    assert f["eod"][0] == 3 and f["eod"][28] == 3
    t1 = int(np.flatnonzero(f["bg:pass"])[0])
    assert t1 < 10 and f["bg:start"][:t1].sum() == 0  # the queued wait for the server
    np.testing.assert_array_equal(np.flatnonzero(f["med:fail"]), t1 + np.array([5, 15, 25,
                                                                                35, 45, 55]))
    np.testing.assert_array_equal(f["academy:removed"], f["med:fail"])
    assert f["offer:fail"].sum() == 0 and f["academy:graduate"].sum() == 0
    assert st["academy"][-1] == 0 and st["on_duty"][-1] == 4
    assert len(rec.hires["a"]["removed"]) == 0  # the pipeline's people have no time to hire


@pytest.mark.parametrize("mode", MODES)
def test_offer_holders_who_fail_before_a_class_leave_the_offer_list(tmp_path, mode):
    """With the first class on day 35, the 3 offer holders at the start fail their medical on
    the offer list (offer:fail at t1 + 5, + 15, + 25), never entering; with a medical everyone
    passes they all enter the class of day 35 and stay."""
    body = (ROLE % 100) + TENTATIVE + ACADEMY.replace("2020-03-02", "2020-02-05") + """\
    [roles.a.pipeline]
    stages = { bg = 1, bg_queue = 2 }
    """
    sc, rec, st = run(tmp_path, body + OVERLAP % "0", mode)
    f = rec.flows["a"]
    t1 = int(np.flatnonzero(f["bg:pass"])[0])
    np.testing.assert_array_equal(np.flatnonzero(f["offer:fail"]), t1 + np.array([5, 15, 25]))
    assert not f["eod"].any() and not f["offer:tentative"].any()
    np.testing.assert_array_equal(st["offer_wait"][:t1 + 5], 3)
    assert st["offer_wait"][t1 + 25] == 0
    sc, rec, st = run(tmp_path, body + OVERLAP % "1", mode)
    f = rec.flows["a"]
    assert f["eod"][35] == 3 and f["eod"].sum() == 3 and not f["offer:fail"].any()
    assert f["academy:graduate"][91] == 3 and f["med:pass"].sum() == 3


def test_pipeline_with_channels_and_overlap_is_valid(tmp_path):
    """A running pipeline is accepted with entry channels and with tentative_from (no longer
    refused by validation)."""
    scenario(tmp_path, (ROLE % 12) + ACADEMY + """\
    [roles.a.pipeline]
    waiting = 2
    classes = [{ start = 2019-12-02, trainees = 10 }]
    """ + ONE_STAGE + (EXPERIENCED % "academy"))
    scenario(tmp_path, (ROLE % 12) + TENTATIVE + ACADEMY + """\
    [roles.a.pipeline]
    stages = { s1 = 3, bg = 1, bg_queue = 2, med = 4 }
    """ + OVERLAP % "1")


def test_simulate_end_to_end_with_the_combinations():
    """``hiringsim.simulate`` on small_pipeline_combos.toml (a running pipeline with channels
    and with overlap): KPIs, funnel, report and plots work; hires by channel sum to the hires
    (the waiting people of the role's own channel included); the support staff's offer holders
    at the start count in removals."""
    import hiringsim
    from hiringsim import plots
    from hiringsim.report import text_report

    sc = hiringsim.load_scenario("tests/scenarios/small_pipeline_combos.toml")
    res = hiringsim.simulate(sc, 2, seed=3, progress=False)
    by_channel = [f"hires_channel_{c}" for c in ("new_recruits", "experienced", "rehired")]
    np.testing.assert_array_equal(res.kpis[by_channel].sum(axis=1), res.kpis["hires"])
    fun = res.funnel[res.funnel["replication"] == 0]
    assert set(fun[fun["role"] == "officer"]["channel"]) == {
        "all", "new_recruits", "experienced", "rehired"}
    text = text_report(res)
    assert "Hires by entry channel (officer, mean)" in text
    plots.plot_pipeline(res)
    plots.dashboard(res)


@pytest.mark.parametrize("mode", MODES)
def test_offer_holders_failing_the_stage_they_are_in_are_removed(tmp_path, mode):
    """Background failing everyone: the one in service at the start is removed from the
    academy (class of day 0) when the service in progress ends (t1 < 10), the 2 queued ones
    when theirs end, 10 and 20 days later; nobody reaches the medical."""
    body = (ROLE % 100) + TENTATIVE + ACADEMY.replace("2020-03-02", "2020-01-01") + """\
    [roles.a.pipeline]
    stages = { bg = 1, bg_queue = 2 }
    """ + (OVERLAP % "1").replace('resource = "bi"\n    pass_rate = 1',
                                  'resource = "bi"\n    pass_rate = 0')
    sc, rec, st = run(tmp_path, body, mode)
    f = rec.flows["a"]
    assert f["eod"][0] == 3 and f["eod"].sum() == 3
    t1 = int(np.flatnonzero(f["bg:fail"])[0])
    assert t1 < 10
    np.testing.assert_array_equal(np.flatnonzero(f["bg:fail"]), t1 + np.array([0, 10, 20]))
    np.testing.assert_array_equal(f["academy:removed"], f["bg:fail"])
    assert not f["med:enter"].any() and not f["bg:pass"].any()
    np.testing.assert_array_equal(st["academy"][:t1], 3)
