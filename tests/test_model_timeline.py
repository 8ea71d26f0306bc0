"""Exact timelines on tiny deterministic scenarios, in both simulation modes.

Arrivals are Poisson, so counts are random; everything after them is fixed (pass rates 0 or 1,
fixed durations, one server with fixed service, academy classes on fixed dates, no attrition),
so the *structure* of the flows is asserted exactly: shifted copies of the arrival counts,
start times spaced by the service time, classes filled to min(seats, waiting), and so on.
"""

from __future__ import annotations

import numpy as np
import pytest

from fragments import scenario
from hiringsim.model.record import stocks
from hiringsim.replication import run_replication

MODES = ["fast", "reference"]
SEED = 20240601
#: times are compared to this many days (float sums of fixed durations; ~0.1 s)
EPS = 1e-6




def shift(x: np.ndarray, k: int) -> np.ndarray:
    """``x`` delayed by ``k`` days (what arrives on day d leaves on day d + k)."""
    out = np.zeros_like(x)
    out[k:] = x[: len(x) - k]
    return out


def zero_flows(flows: dict[str, np.ndarray], names) -> None:
    for name in names:
        assert not flows[name].any(), name


FUNNEL = """\
    [roles.a]
    initial = 4
    onboarding = 7
    attrition = { annual_rate = 0 }
    recruiting = [{ from = 2020-01-01, per_week = 35 }, { from = 2020-02-01, per_week = 0 },
                  { from = 2020-03-01, per_week = 14 }]

    [[roles.a.stages]]
    name = "s1"
    pass_rate = 1
    duration = 3

    [[roles.a.stages]]
    name = "s2"
    pass_rate = 1.0
    duration = { dist = "fixed", value = 5 }
    """


@pytest.mark.parametrize("mode", MODES)
def test_fixed_funnel_shifts_arrivals(tmp_path, mode):
    """With pass rates 1 and fixed durations every flow is the arrival counts shifted by the
    durations before it, and the time to hire is their sum."""
    sc = scenario(tmp_path, FUNNEL)
    rec = run_replication(sc, seed=SEED, mode=mode)
    f = rec.flows["a"]
    apps = f["applicants"]
    assert apps.sum() > 100
    assert not apps[31:60].any()  # February: rate 0
    assert apps[:31].any() and apps[60:].any()
    np.testing.assert_array_equal(f["s1:enter"], apps)
    np.testing.assert_array_equal(f["s1:pass"], shift(apps, 3))
    np.testing.assert_array_equal(f["s2:enter"], shift(apps, 3))
    np.testing.assert_array_equal(f["s2:pass"], shift(apps, 8))
    np.testing.assert_array_equal(f["eod"], shift(apps, 8))
    np.testing.assert_array_equal(f["operational"], shift(apps, 15))
    zero_flows(f, ["s1:fail", "s2:fail", "offer:withdraw", "onboarding:leave", "duty:leave",
                   "initial:leave"])
    st = stocks(rec)["a"]
    cum = np.cumsum(apps)
    np.testing.assert_array_equal(st["s1"], cum - np.cumsum(shift(apps, 3)))
    np.testing.assert_array_equal(st["s2"], np.cumsum(shift(apps, 3)) - np.cumsum(shift(apps, 8)))
    np.testing.assert_array_equal(st["offer_wait"], np.zeros(sc.days, dtype=np.int64))
    np.testing.assert_array_equal(st["on_duty"], 4 + np.cumsum(shift(apps, 15)))
    h = rec.hires["a"]
    np.testing.assert_allclose(h["eod"] - h["application"], 8.0, atol=EPS, rtol=0)
    # the time of day of the application is kept through whole-day stages
    np.testing.assert_array_equal(np.floor(h["eod"]), np.floor(h["application"]) + 8)


@pytest.mark.parametrize("mode", MODES)
def test_half_day_rounds_up(tmp_path, mode):
    """A fixed 2.5-day stage lasts 3 whole days (durations round half up, floor(x + 0.5))."""
    sc = scenario(tmp_path, """\
        [roles.a]
        initial = 0
        onboarding = 0
        attrition = { annual_rate = 0 }
        recruiting = [{ from = 2020-01-01, per_week = 35 }]

        [[roles.a.stages]]
        name = "s1"
        pass_rate = 1
        duration = 2.5

        [[roles.a.stages]]
        name = "s2"
        pass_rate = 1
        duration = { dist = "empirical", values = [0.5, 1.5] }
        """, end="2020-02-29")
    rec = run_replication(sc, seed=SEED, mode=mode)
    f = rec.flows["a"]
    np.testing.assert_array_equal(f["s1:pass"], shift(f["applicants"], 3))
    h = rec.hires["a"]
    assert set(np.round(h["eod"] - h["application"]).astype(int)) <= {4, 5}


@pytest.mark.parametrize("mode", MODES)
def test_pass_rate_zero_fails_everyone_at_the_stage_end(tmp_path, mode):
    """Pass rate 0 at the second stage: everyone fails there exactly on apply day + 2 + 4, and
    nobody is hired."""
    sc = scenario(tmp_path, """\
        [roles.a]
        initial = 0
        onboarding = 0
        attrition = { annual_rate = 0 }
        recruiting = [{ from = 2020-01-10, per_week = 30 }]

        [[roles.a.stages]]
        name = "s1"
        pass_rate = 1
        duration = 2

        [[roles.a.stages]]
        name = "s2"
        pass_rate = 0
        duration = 4

        [[roles.a.stages]]
        name = "s3"
        pass_rate = 1
        duration = 1
        """, end="2020-03-31")
    rec = run_replication(sc, seed=SEED, mode=mode)
    f = rec.flows["a"]
    apps = f["applicants"]
    assert not apps[:9].any() and apps.sum() > 100
    np.testing.assert_array_equal(f["s1:pass"], shift(apps, 2))
    np.testing.assert_array_equal(f["s2:enter"], shift(apps, 2))
    np.testing.assert_array_equal(f["s2:fail"], shift(apps, 6))
    zero_flows(f, ["s1:fail", "s2:pass", "s3:enter", "s3:pass", "s3:fail", "eod"])
    assert len(rec.hires["a"]["eod"]) == 0


@pytest.mark.parametrize("mode", MODES)
def test_first_stage_pass_rate_zero(tmp_path, mode):
    """Pass rate 0 at the first stage: every applicant fails on apply day + duration."""
    sc = scenario(tmp_path, """\
        [roles.a]
        initial = 0
        onboarding = 0
        attrition = { annual_rate = 0 }
        recruiting = [{ from = 2020-01-01, per_week = 30 }]

        [[roles.a.stages]]
        name = "s1"
        pass_rate = 0
        duration = { dist = "empirical", values = [6, 6] }

        [[roles.a.stages]]
        name = "s2"
        pass_rate = 1
        duration = 1
        """, end="2020-02-29")
    f = run_replication(sc, seed=SEED, mode=mode).flows["a"]
    np.testing.assert_array_equal(f["s1:fail"], shift(f["applicants"], 6))
    zero_flows(f, ["s1:pass", "s2:enter", "eod"])


QUEUE = """\
    [resources.inv]
    servers = 1
    {changes}

    [roles.a]
    initial = 0
    onboarding = 0
    attrition = {{ annual_rate = 0 }}
    recruiting = [{{ from = 2020-01-01, per_week = 7 }}]

    [[roles.a.stages]]
    name = "pre"
    pass_rate = 1
    duration = 3

    [[roles.a.stages]]
    name = "check"
    resource = "inv"
    pass_rate = 1
    duration = {{ dist = "fixed", value = 10 }}

    [[roles.a.stages]]
    name = "post"
    pass_rate = 1
    duration = 2
    """


@pytest.mark.parametrize("mode", MODES)
def test_single_server_fixed_service_timeline(tmp_path, mode):
    """One server, fixed 10-day service, saturated: each start is exactly max(arrival, previous
    start + 10); starts are 10 days apart; time to hire = 3 + wait + 10 + 2."""
    sc = scenario(tmp_path, QUEUE.format(changes=""), end="2020-12-31")
    rec = run_replication(sc, seed=SEED, mode=mode)
    f = rec.flows["a"]
    st = stocks(rec)["a"]
    apps = f["applicants"]
    np.testing.assert_array_equal(f["check:enter"], shift(apps, 3))
    np.testing.assert_array_equal(f["check:pass"], shift(f["check:start"], 10))
    np.testing.assert_array_equal(f["post:enter"], f["check:pass"])
    np.testing.assert_array_equal(f["eod"], shift(f["check:pass"], 2))
    zero_flows(f, ["check:withdraw", "check:fail", "pre:fail", "post:fail"])

    # one person in service at a time, and from the first arrival on, always one
    first = int(np.nonzero(f["check:enter"])[0][0])
    assert st["check"].max() == 1
    assert (st["check"][first + 1:] == 1).all()
    # the queue never empties once it has formed (saturation: 1 arrival a day, 0.1 served)
    formed = first + 25
    assert (st["check:queue"][formed:] > 0).all()
    starts = np.nonzero(f["check:start"])[0]
    assert (f["check:start"][starts] == 1).all()
    np.testing.assert_array_equal(np.diff(starts), 10)

    # per hire: eod = max(arrival at the queue, previous start + 10) + 10 + 2
    h = rec.hires["a"]
    arrive = h["application"] + 3
    begin = h["eod"] - 12
    assert len(begin) == len(starts) - int(starts[-1] + 12 >= sc.days) - int(
        starts[-2] + 12 >= sc.days)
    expect = np.empty_like(arrive)
    prev = -np.inf
    for k, a in enumerate(arrive):
        expect[k] = prev = max(a, prev + 10.0) if k else a
    np.testing.assert_allclose(begin, expect, atol=EPS, rtol=0)
    waits = rec.waits["inv"]["served"][: len(begin)]
    np.testing.assert_allclose(waits, begin - arrive, atol=EPS, rtol=0)
    np.testing.assert_allclose(h["eod"] - h["application"], 3 + waits + 10 + 2, atol=EPS, rtol=0)
    # the busy server-days: one server busy all day once service has begun
    np.testing.assert_allclose(rec.busy["inv"][first + 1:], 1.0, atol=1e-9)


def _window_sums(x: np.ndarray, width: int) -> np.ndarray:
    c = np.concatenate([[0], np.cumsum(x)])
    return c[width:] - c[:-width]


@pytest.mark.parametrize("mode", MODES)
def test_server_changes_up_and_down(tmp_path, mode):
    """Servers 1 -> 3 on day 60 -> 1 on day 130: exactly 1, then 3, then 1 starts in every
    10 days of saturated service; added servers start at once; no service is cut short."""
    changes = ("changes = [{ from = 2020-03-01, servers = 3 }, "
               "{ from = 2020-05-10, servers = 1 }]")
    sc = scenario(tmp_path, QUEUE.format(changes=changes), end="2020-08-31")
    assert sc.day(sc.resource("inv").changes[0].start) == 60
    assert sc.day(sc.resource("inv").changes[1].start) == 130
    rec = run_replication(sc, seed=SEED, mode=mode)
    f = rec.flows["a"]
    st = stocks(rec)["a"]
    first = int(np.nonzero(f["check:start"])[0][0])
    assert (st["check:queue"][first + 25:] > 0).all()  # saturated throughout
    start = f["check:start"]
    w = _window_sums(start, 10)  # w[d] = starts on days d..d+9
    assert (w[first + 1: 60 - 9] == 1).all()
    assert start[60] >= 2  # the two added servers start at once, at day 60.0
    assert (w[60: 130 - 9] == 3).all()
    assert (w[130:] == 1).all()
    # no service is cut short: every start passes exactly 10 days later
    np.testing.assert_array_equal(f["check:pass"], shift(start, 10))
    assert st["check"][59] == 1 and st["check"][60] == 3 and st["check"][140] == 1
    np.testing.assert_allclose(rec.busy["inv"][61:130], 3.0, atol=1e-9)
    np.testing.assert_allclose(rec.busy["inv"][141:], 1.0, atol=1e-9)


@pytest.mark.parametrize("mode", MODES)
def test_servers_removed_finish_their_case(tmp_path, mode):
    """Servers 2 -> 0 on day 50: nobody starts from day 50 on, both cases in service finish."""
    changes = "changes = [{ from = 2020-02-20, servers = 0 }]"
    sc = scenario(tmp_path, QUEUE.format(changes=changes).replace("servers = 1", "servers = 2"),
                  end="2020-04-30")
    rec = run_replication(sc, seed=SEED, mode=mode)
    f = rec.flows["a"]
    assert not f["check:start"][50:].any()
    assert f["check:start"][40:50].sum() == 2
    np.testing.assert_array_equal(f["check:pass"], shift(f["check:start"], 10))
    assert f["check:pass"][50:60].sum() == 2
    st = stocks(rec)["a"]
    assert (st["check"][60:] == 0).all()
    # the queue only grows after the change
    np.testing.assert_array_equal(np.diff(st["check:queue"][50:]), f["check:enter"][51:])


ACADEMY = """\
    [roles.a]
    initial = 0
    onboarding = 3
    attrition = {{ annual_rate = 0 }}
    recruiting = [{{ from = 2020-01-01, per_week = 7 }}, {{ from = 2020-03-01, per_week = 0 }}]
    {extra}

    [roles.a.academy]
    first_class = 2020-01-20
    dates = [2020-02-10, 2020-02-11, 2020-04-01]
    seats = {seats}
    length_days = 14
    graduation_rate = {grad}

    [[roles.a.stages]]
    name = "s1"
    pass_rate = 1
    duration = 1
    """


@pytest.mark.parametrize("mode", MODES)
def test_academy_classes_fill_min_of_seats_and_waiting(tmp_path, mode):
    """Classes start on their dates, take min(seats, waiting) at once, and graduate exactly
    length_days later; onboarding follows for a fixed 3 days."""
    sc = scenario(tmp_path, ACADEMY.format(extra="", grad=1, seats=20))
    rec = run_replication(sc, seed=SEED, mode=mode)
    f = rec.flows["a"]
    st = stocks(rec)["a"]
    cl = rec.classes["a"]
    days = [19, 40, 41, 91]
    np.testing.assert_array_equal(cl.day, days)
    np.testing.assert_array_equal(cl.seats, 20)
    eod = np.zeros(sc.days, dtype=np.int64)
    for c, _, filled, limit in zip(*cl, strict=True):
        c = int(c)
        waiting = st["offer_wait"][c - 1]
        assert filled == min(20, waiting)
        assert limit == (0 if filled == 20 else 2)
        eod[c] = filled
    # both cases occur: a class short of candidates and a full one
    assert set(cl.limit) == {0, 2}
    np.testing.assert_array_equal(f["eod"], eod)
    np.testing.assert_array_equal(f["academy:graduate"], shift(eod, 14))
    np.testing.assert_array_equal(f["operational"], shift(eod, 17))
    zero_flows(f, ["academy:washout", "offer:withdraw", "duty:leave", "onboarding:leave"])
    np.testing.assert_allclose(rec.hires["a"]["eod"], np.repeat(cl.day, cl.filled.astype(int)))
    assert (rec.hires["a"]["eod"] > rec.hires["a"]["application"] + 1 - EPS).all()


@pytest.mark.parametrize("mode", MODES)
def test_academy_graduation_rate_zero_washes_out_within_class(tmp_path, mode):
    """With graduation rate 0 every trainee washes out during their class, nobody graduates."""
    sc = scenario(tmp_path, ACADEMY.format(extra="", grad=0, seats=5))
    rec = run_replication(sc, seed=SEED, mode=mode)
    f = rec.flows["a"]
    cl = rec.classes["a"]
    zero_flows(f, ["academy:graduate", "operational"])
    wash = f["academy:washout"]
    assert wash.sum() == f["eod"].sum() == cl.filled.sum() > 0
    # classes on days 40 and 41 overlap; the others' washouts lie inside their own class
    assert wash[19:33].sum() == cl.filled[0]
    assert wash[40:55].sum() == cl.filled[1] + cl.filled[2]
    assert wash[91:105].sum() == cl.filled[3]


@pytest.mark.parametrize("mode", MODES)
def test_academy_cycle_and_last_class(tmp_path, mode):
    """Classes every 10 days from first_class up to last_class, explicit dates after
    last_class dropped."""
    sc = scenario(tmp_path, """\
        [roles.a]
        initial = 0
        onboarding = 0
        attrition = { annual_rate = 0 }
        recruiting = [{ from = 2020-01-01, per_week = 7 }]

        [roles.a.academy]
        first_class = 2020-01-06
        every_days = 10
        last_class = 2020-03-01
        dates = [2020-01-08, 2020-04-10]
        seats = 2
        length_days = 5
        graduation_rate = 1

        [[roles.a.stages]]
        name = "s1"
        pass_rate = 1
        duration = 0
        """)
    rec = run_replication(sc, seed=SEED, mode=mode)
    np.testing.assert_array_equal(rec.classes["a"].day, [5, 7, 15, 25, 35, 45, 55])
    np.testing.assert_array_equal(np.nonzero(rec.flows["a"]["eod"])[0],
                                  rec.classes["a"].day[rec.classes["a"].filled > 0])


@pytest.mark.parametrize("mode", MODES)
def test_academy_limited_by_positions(tmp_path, mode):
    """When positions bind, a class takes only the free positions (limit code 1)."""
    extra = ("positions = [{ from = 2020-01-01, growth = 3 }, { from = 2020-02-11, growth = 6 }]")
    sc = scenario(tmp_path, ACADEMY.format(extra=extra, grad=1, seats=5))
    rec = run_replication(sc, seed=SEED, mode=mode)
    cl = rec.classes["a"]
    np.testing.assert_array_equal(cl.filled, [3, 0, 3, 0])
    np.testing.assert_array_equal(cl.limit, [1, 1, 1, 1])
    st = stocks(rec)["a"]
    on_board = st["academy"] + st["onboarding"] + st["on_duty"]
    assert on_board.max() == 6 and (on_board[41:] == 6).all()


@pytest.mark.parametrize("mode", MODES)
def test_positions_cap_direct_entry(tmp_path, mode):
    """Without an academy, candidates enter on duty the moment a position is authorized, up to
    the cap and no further."""
    sc = scenario(tmp_path, """\
        [roles.a]
        initial = 10
        onboarding = 5
        attrition = { annual_rate = 0 }
        positions = [{ from = 2020-01-01, growth = 0 }, { from = 2020-02-01, growth = 8 },
                     { from = 2020-03-01, growth = 20 }]
        recruiting = [{ from = 2020-01-01, per_week = 7 }]

        [[roles.a.stages]]
        name = "s1"
        pass_rate = 1
        duration = 2
        """, end="2020-04-30")
    rec = run_replication(sc, seed=SEED, mode=mode)
    f = rec.flows["a"]
    st = stocks(rec)["a"]
    assert st["offer_wait"][30] >= 8 and st["offer_wait"][59] >= 12
    expect = np.zeros(sc.days, dtype=np.int64)
    expect[31], expect[60] = 8, 12
    np.testing.assert_array_equal(f["eod"], expect)
    np.testing.assert_array_equal(f["operational"], shift(expect, 5))
    np.testing.assert_array_equal(np.sort(rec.hires["a"]["eod"]), [31.0] * 8 + [60.0] * 12)
    trained = st["onboarding"] + st["on_duty"]
    np.testing.assert_array_equal(trained, 10 + np.cumsum(expect))
    np.testing.assert_array_equal(st["offer_wait"],
                                  np.cumsum(f["s1:pass"]) - np.cumsum(expect))
