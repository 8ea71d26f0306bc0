"""Entry channels (``Role.channels``): exact timelines in both modes, the intake order on shared
positions, validation, and that a role without channels runs as before."""

from __future__ import annotations

import numpy as np
import pytest

import hiringsim
from fragments import scenario
from hiringsim.model.kinds import entry_kind
from hiringsim.model.kinds.academy import AcademyEntry
from hiringsim.model.record import stocks
from hiringsim.replication import run_replication
from hiringsim.scenario import ScenarioError

MODES = ["fast", "reference"]
SEED = 7


def shift(x: np.ndarray, k: int) -> np.ndarray:
    out = np.zeros_like(x)
    out[k:] = x[: len(x) - k]
    return out


TWO = """\
    [roles.a]
    initial = 0
    onboarding = 5
    attrition = { annual_rate = 0 }
    recruiting = [{ from = 2020-01-01, per_week = 20 }]

    [roles.a.academy]
    first_class = 2020-01-11
    every_days = 10
    seats = 1000
    length_days = 20
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
    name = "experienced"
    path = "course"
    recruiting = [{ from = 2020-01-01, per_week = 10 }]
    course = { length_days = 7, graduation_rate = 1 }
    stages = [{ name = "s2", pass_rate = 1, duration = 1 }]
    """


@pytest.mark.parametrize("mode", MODES)
def test_experienced_channel_skips_the_academy(tmp_path, mode):
    """The experienced channel's candidates pass their one-day stage, start the course at the
    next day's intake (2 days after applying), graduate 7 days later and are operational after
    5 days of onboarding; new recruits enter at the next academy class after their 4 days of
    stages; the role's flows are the channels' sums."""
    sc = scenario(tmp_path, TWO)
    rec = run_replication(sc, seed=SEED, mode=mode)
    f, ch = rec.flows["a"], rec.channels["a"]
    new, exp = ch["new_recruits"]["applicants"], ch["experienced"]["applicants"]
    assert new.sum() > 200 and exp.sum() > 100
    np.testing.assert_array_equal(f["applicants"], new + exp)
    # the experienced skip s1: s2 is entered on the day of applying by them, 3 days later by
    # new recruits
    assert "s1:enter" not in ch["experienced"]  # a channel keeps its own stages
    np.testing.assert_array_equal(ch["experienced"]["s2:enter"], exp)
    np.testing.assert_array_equal(f["s2:enter"], exp + shift(new, 3))
    np.testing.assert_array_equal(ch["experienced"]["eod"], shift(exp, 2))
    np.testing.assert_array_equal(f["course:start"], shift(exp, 2))
    np.testing.assert_array_equal(f["course:graduate"], shift(exp, 9))
    # new recruits: offers during day d + 4 (applied on day d) enter at the first class after
    classes = np.arange(10, sc.days, 10)
    want = np.zeros(sc.days, dtype=np.int64)
    cum = np.cumsum(new)
    prev = 0
    for c in classes:
        want[c] = cum[c - 5] - prev  # applied on day c - 5 or before: offer before day c
        prev = cum[c - 5]
    np.testing.assert_array_equal(ch["new_recruits"]["eod"], want)
    np.testing.assert_array_equal(f["academy:start"], want)
    np.testing.assert_array_equal(f["academy:graduate"], shift(want, 20))
    np.testing.assert_array_equal(f["eod"], want + shift(exp, 2))
    np.testing.assert_array_equal(f["operational"], shift(want, 25) + shift(exp, 14))
    st = stocks(rec)["a"]
    np.testing.assert_array_equal(st["course"], np.cumsum(shift(exp, 2) - shift(exp, 9)))
    assert not f["offer:withdraw"].any() and not f["course:washout"].any()


CAP = """\
    [roles.a]
    initial = 0
    onboarding = 1
    attrition = {{ annual_rate = 0 }}
    positions = [{{ from = 2020-01-01, growth = 1 }}]
    recruiting = [{{ from = 2020-01-06, per_week = 300 }}, {{ from = 2020-01-07, per_week = 0 }}]

    [roles.a.academy]
    first_class = {academy}
    every_days = 100
    seats = 5
    length_days = 30
    graduation_rate = 1

    [[roles.a.stages]]
    name = "s1"
    pass_rate = 1
    duration = 4

    [[roles.a.channels]]
    name = "experienced"
    path = "course"
    recruiting = [{{ from = 2020-01-06, per_week = 300 }}, {{ from = 2020-01-07, per_week = 0 }}]
    course = {{ length_days = 7, graduation_rate = 1, every_days = 30, first_class = {course} }}

    [[roles.a.channels]]
    name = "rehired"
    path = "direct"
    recruiting = [{{ from = 2020-01-06, per_week = 300 }}, {{ from = 2020-01-07, per_week = 0 }}]
    """


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize(("academy", "course", "winner"), [
    ("2020-01-11", "2020-01-11", "new_recruits"),  # academy class first on a shared day
    ("2020-01-21", "2020-01-11", "experienced"),   # then a course class
    ("2020-01-21", "2020-01-12", "rehired"),       # then the daily direct intake (day 10)
])
def test_one_position_goes_by_intake_order(tmp_path, mode, academy, course, winner):
    """Everybody applies on day 5 and has an offer during day 9; with one position the first
    intake from day 10 decides who enters: academy class, course class, direct intake, in
    that order on one day.  Nobody else ever enters (no attrition)."""
    sc = scenario(tmp_path, CAP.format(academy=academy, course=course))
    rec = run_replication(sc, seed=SEED, mode=mode)
    ch = rec.channels["a"]
    for name, flows in ch.items():
        assert flows["applicants"][5] > 10, name
        assert flows["eod"].sum() == (name == winner), name
    assert rec.flows["a"]["eod"][10] == 1
    assert rec.flows["a"]["eod"].sum() == 1
    cl = rec.classes["a"]
    assert cl.filled.sum() == (winner == "new_recruits")


NO_ACADEMY = """\
    [roles.a]
    initial = 0
    onboarding = 1
    attrition = { annual_rate = 0 }
    positions = [{ from = 2020-01-01, growth = 3 }]
    recruiting = [{ from = 2020-01-06, per_week = 300 }, { from = 2020-01-07, per_week = 0 }]

    [[roles.a.stages]]
    name = "s1"
    pass_rate = 1
    duration = 4

    [[roles.a.channels]]
    name = "rehired"
    path = "direct"
    recruiting = [{ from = 2020-01-03, per_week = 300 }, { from = 2020-01-04, per_week = 0 }]
    """


@pytest.mark.parametrize("mode", MODES)
def test_without_academy_one_queue_by_offer_time(tmp_path, mode):
    """A role without an academy admits as soon as a position is free, every channel in one
    queue by offer time: the rehired (offers during day 6) take all 3 positions on day 6,
    before new recruits' offers (day 9)."""
    sc = scenario(tmp_path, NO_ACADEMY)
    rec = run_replication(sc, seed=SEED, mode=mode)
    ch = rec.channels["a"]
    assert ch["rehired"]["eod"][6] == 3 and ch["rehired"]["eod"].sum() == 3
    assert ch["new_recruits"]["eod"].sum() == 0


def test_validation_reports_every_channel_problem(tmp_path):
    """Every problem of channels is reported at once, naming the field and what is valid."""
    body = """\
        [roles.a]
        initial = 0
        onboarding = 1
        attrition = { annual_rate = 0 }
        recruiting = [{ from = 2020-01-01, per_week = 1 }]

        [[roles.a.stages]]
        name = "s1"
        pass_rate = 1
        duration = 1

        [[roles.a.stages]]
        name = "s2"
        pass_rate = 1
        duration = 1

        [[roles.a.channels]]
        name = "x"
        path = "academy"
        recruiting = [{ from = 2020-01-01, per_week = 1 }]
        stages = [{ name = "s2", pass_rate = 1, duration = 1 },
                  { name = "s1", pass_rate = 1, duration = 1 }]

        [[roles.a.channels]]
        name = "x"
        path = "direct"
        recruiting = []
        course = { length_days = 5, graduation_rate = 1 }
        stages = [{ name = "nope", pass_rate = 1, duration = 1 }]

        [[roles.a.channels]]
        name = "new_recruits"
        path = "direct"
        recruiting = [{ from = 2020-01-01, per_week = 1 }]
        """
    with pytest.raises(ScenarioError) as err:
        scenario(tmp_path, body)
    text = str(err.value)
    for want in [
        "roles.a.channels.x.path", "needs the role's academy",
        "roles.a.channels.x.stages.s1", "in the role's order",
        "must end with the role's last stage 's2'",
        "roles.a.channels.x.name", "unique within the role",
        "roles.a.channels.x.recruiting", "at least one period",
        "roles.a.channels.x.course", "only path 'course' takes a course",
        "roles.a.channels.x.stages.nope", "stages of the role by name",
        "roles.a.channels.new_recruits.name", "its own channel 'new_recruits'",
    ]:
        assert want in text, (want, text)
    with pytest.raises(ScenarioError, match=r"channels\.x\.path: must be one of academy, "
                                            r"course, direct; got 'teleport'"):
        scenario(tmp_path, body.replace('path = "direct"', 'path = "teleport"', 1))


def test_course_path_needs_a_course_and_resources_match(tmp_path):
    """Path 'course' without a course, and a channel stage on another resource, are errors."""
    body = TWO.replace('course = { length_days = 7, graduation_rate = 1 }\n', '').replace(
        'stages = [{ name = "s2", pass_rate = 1, duration = 1 }]',
        'stages = [{ name = "s2", pass_rate = 1, duration = 1, resource = "q" }]')
    body = "[resources.q]\nservers = 1\n" + body
    with pytest.raises(ScenarioError) as err:
        scenario(tmp_path, body)
    text = str(err.value)
    assert "roles.a.channels.experienced.course" in text and "needs a course" in text
    assert "roles.a.channels.experienced.stages.s2.resource" in text


def test_a_role_without_channels_runs_its_own_kind():
    """Without channels a role keeps its academy or direct kind and the record keeps no
    channels (the baseline runs exactly the code it ran before)."""
    sc = hiringsim.load_scenario("tests/scenarios/small.toml")
    assert isinstance(entry_kind(sc.role("officer")), AcademyEntry)
    rec = run_replication(sc, seed=1, mode="fast")
    assert rec.channels == {}


def test_trained_milestone_counts_every_path(tmp_path):
    """The 'trained' milestone of a role with channels counts academy and course graduates and
    direct entries (here: the two graduations)."""
    from hiringsim.measures.milestones import milestone_flows
    from hiringsim.model.names import MILESTONES

    sc = scenario(tmp_path, TWO)
    rec = run_replication(sc, seed=SEED, mode="fast")
    f = rec.flows["a"]
    trained = milestone_flows(rec, sc.role("a"))[MILESTONES.index("trained")]
    np.testing.assert_array_equal(trained, f["academy:graduate"] + f["course:graduate"])


def test_results_report_and_charts_show_channels(tmp_path):
    """simulate on a scenario with channels: the funnel has each channel's rows beside the
    totals ('all'), the withdrawals KPI counts the totals once, KPIs and fiscal rows give hires
    by channel summing to the hires, and the report and charts show the channels."""
    import matplotlib

    matplotlib.use("Agg")
    from hiringsim import plots
    from hiringsim.report import text_report

    sc = hiringsim.load_scenario("tests/scenarios/small_channels.toml")
    res = hiringsim.simulate(sc, 2, seed=3, progress=False)
    fun = res.funnel[res.funnel["replication"] == 0]
    officer = fun[fun["role"] == "officer"]
    assert set(officer["channel"]) == {"all", "new_recruits", "experienced", "rehired"}
    assert set(fun[fun["role"] == "support"]["channel"]) == {"all", "new_recruits", "transfers"}
    total = fun[fun["channel"].fillna("all") == "all"]["withdrew"].sum()
    assert res.kpis["withdrawals"].iloc[0] == total
    by_channel = [f"hires_channel_{c}" for c in ("new_recruits", "experienced", "rehired")]
    np.testing.assert_array_equal(res.kpis[by_channel].sum(axis=1), res.kpis["hires"])
    fy = res.fiscal[res.fiscal["role"] == "officer"]
    np.testing.assert_array_equal(fy[by_channel].sum(axis=1), fy["hires"])
    text = text_report(res)
    assert "Hires by entry channel (officer, mean): new recruits" in text
    assert "rehired" in text
    ax = plots.plot_channels(res)
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "new recruits", "experienced officers", "rehired"]
    assert "experienced officers channel" in plots.plot_funnel(
        res, channel="experienced").get_title()
    plots.plot_pipeline(res)
    plots.dashboard(res)
    with pytest.raises(ValueError, match="no entry channels"):
        plots.plot_channels(res, role="nobody")
