"""An applicant pool that responds (hiringsim.scenario.market, hiringsim.model.pool): seasonal
applications, a hire bonus and pay moving applications and withdrawals through elasticities, a
finite pool drawn down by applications -- each in both modes, against its formula."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import hiringsim
from fragments import scenario
from hiringsim import Scenario
from hiringsim.errors import InputError
from hiringsim.measures.summary import summarize_record
from hiringsim.model.dated import roles
from hiringsim.model.pool import expected_remaining
from hiringsim.replication import run_replication
from hiringsim.scenario.parts import Pool
from hiringsim.schedules import daily_rate
from strategies import START, channel_scenario_dicts, scenario_dicts
from test_model_conservation import check_record, check_snapshots

MODES = ["fast", "reference"]
SEASON = [2.0, 0.5, 1.0, 1.0, 1.5, 1.0, 1.0, 0.5, 1.0, 1.0, 1.0, 1.5]

#: one role whose applicants all fail a one-day screening stage (cheap in the reference mode)
ROLE = """\
    [roles.a]
    initial = 0
    onboarding = 0
    attrition = { annual_rate = 0 }
    recruiting = [{ from = 2020-01-01, per_week = PER }]
    EXTRA

    [[roles.a.stages]]
    name = "s1"
    pass_rate = PASS
    duration = 1
    """


def _sc(tmp_path, extra: str = "", *, per: float = 70, passing: float = 0, end="2020-12-31",
        changes: str = "", name: str = "t"):
    body = (ROLE.replace("PER", repr(per)).replace("PASS", repr(passing))
            .replace("EXTRA", extra.replace("\n", "\n    ")) + changes)
    return scenario(tmp_path, body, end=end, name=name)


BONUS_JULY = """
[[changes]]
from = 2020-07-01
set = { "roles.a.bonus" = 50000 }
"""


def _months(sc) -> np.ndarray:
    dates = np.datetime64(sc.start, "D") + np.arange(sc.days)
    return dates.astype("datetime64[M]").astype(np.int64) % 12


def test_daily_rate_is_the_formula(tmp_path):
    """Expected applications on day d = per_week / 7 x s[month] / mean(s) x (P(d) / P0)^e, with
    P = salary + bonus in effect (a $50,000 bonus from July doubles P0 = $50,000)."""
    sc = _sc(tmp_path, f"salary = 50000\nseasonality = {SEASON}\n"
             "pay_elasticity = { applications = 0.7 }", changes=BONUS_JULY)
    s = np.asarray(SEASON) / np.mean(SEASON)
    pay = np.where(np.arange(sc.days) >= sc.day(dt.date(2020, 7, 1)), 2.0, 1.0)
    expect = 10.0 * s[_months(sc)] * pay ** 0.7
    np.testing.assert_allclose(daily_rate(sc, sc.role("a")), expect, rtol=1e-12)
    assert daily_rate(sc, sc.role("a"))[0] == pytest.approx(10.0 * 2.0 / np.mean(SEASON))


@pytest.mark.parametrize("mode", MODES)
def test_applications_per_month_follow_seasonality_and_pay(tmp_path, mode):
    """Applicants per calendar month over 4 replications are within 4.5 Poisson standard
    deviations of 4 x the formula's month (seasonality x pay response); a month's multiplier
    moves its expectation by far more than that."""
    sc = _sc(tmp_path, f"salary = 50000\nseasonality = {SEASON}\n"
             "pay_elasticity = { applications = 0.7 }", changes=BONUS_JULY)
    months = _months(sc)
    expect = np.bincount(months, weights=4 * daily_rate(sc, sc.role("a")), minlength=12)
    got = np.zeros(12)
    for rep in range(4):
        rec = run_replication(sc, seed=3, replication=rep, mode=mode)
        got += np.bincount(months, weights=rec.flows["a"]["applicants"], minlength=12)
    assert (np.abs(got - expect) <= 4.5 * np.sqrt(expect)).all(), (got, expect)
    # January (2.0) against February (0.5): the test tells the multipliers apart
    assert expect[0] / 31 > 3 * expect[1] / 29


@pytest.mark.parametrize("mode", MODES)
def test_pool_exact_timeline(tmp_path, mode):
    """A pool of 5 with a rate far above it (everyone left applies each day): 5 apply on day 0
    and, back after 10 days, on days 10, 20, ...; without reapplying, only on day 0."""
    for lag, name in ((10, "lag"), (None, "never")):
        pool = "{ eligible = 5" + ("" if lag is None else f", reapply_after_days = {lag}") + " }"
        sc = _sc(tmp_path, f"pool = {pool}", per=7e5, end="2020-02-29", name=name)
        f = run_replication(sc, seed=1, mode=mode).flows["a"]["applicants"]
        expect = np.zeros(sc.days, dtype=np.int64)
        expect[0:: lag or sc.days] = 5
        np.testing.assert_array_equal(f, expect)


@pytest.mark.parametrize(("mode", "reps"), [("fast", 200), ("reference", 40)])
@pytest.mark.parametrize("lag", [None, 20])
def test_pool_drawdown_follows_the_closed_form(tmp_path, mode, reps, lag):
    """Cumulative applicants from a pool of 400 at 8 a day average the closed form
    E[A(d)] = q(d) E[R(d)] (model.pool.expected_remaining) within 4 standard errors on days
    10, 30 and 59; without the pool the expectation is far outside that band."""
    pool = "{ eligible = 400" + ("" if lag is None else f", reapply_after_days = {lag}") + " }"
    sc = _sc(tmp_path, f"pool = {pool}", per=56, end="2020-02-29", name=f"p{lag}")
    rate = daily_rate(sc, sc.role("a"))
    expect = np.cumsum(rate / 400 * expected_remaining(Pool(400, lag), rate))
    cum = np.array([np.cumsum(run_replication(sc, seed=9, replication=r, mode=mode)
                              .flows["a"]["applicants"]) for r in range(reps)])
    for d in (10, 30, 59):
        se = cum[:, d].std(ddof=1) / np.sqrt(reps)
        assert abs(cum[:, d].mean() - expect[d]) <= 4 * se + 1e-9, (d, cum[:, d].mean(),
                                                                   expect[d], se)
        if d == 59:
            assert np.cumsum(rate)[d] - expect[d] > 20 * se  # the pool matters
    if lag is None:
        assert (cum[:, -1] <= 400).all()


def test_withdrawal_hazards_answer_pay(tmp_path):
    """With pay doubled by a bonus from July and a withdrawal elasticity of 1, the hazards of a
    stage's queue, the offer wait and a channel's own offer wait are halved from July (a weekly
    probability w becomes 1 - (1 - w)^0.5); before July they are as given."""
    body = """
    [resources.q]
    servers = 1

    [roles.a]
    initial = 0
    onboarding = 0
    attrition = { annual_rate = 0 }
    salary = 50000
    offer_withdraw_per_week = 0.2
    pay_elasticity = { withdrawal = 1.0 }
    recruiting = [{ from = 2020-01-01, per_week = 7 }]

    [[roles.a.channels]]
    name = "c"
    path = "direct"
    recruiting = [{ from = 2020-01-01, per_week = 7 }]
    offer_withdraw_per_week = 0.3

    [[roles.a.stages]]
    name = "s1"
    resource = "q"
    pass_rate = 1
    duration = 1
    withdraw_per_week = 0.1
    """
    sc = scenario(tmp_path, body + BONUS_JULY, end="2020-12-31")
    before, after = roles(sc, "a")
    assert before.stages[0].withdraw_per_week == 0.1
    assert before.offer_withdraw_per_week == 0.2
    assert after.stages[0].withdraw_per_week == pytest.approx(1 - 0.9 ** 0.5)
    assert after.offer_withdraw_per_week == pytest.approx(1 - 0.8 ** 0.5)
    ch_before, ch_after = roles(sc, "a/c")
    assert ch_before.offer_withdraw_per_week == 0.3
    assert ch_after.offer_withdraw_per_week == pytest.approx(1 - 0.7 ** 0.5)
    assert ch_after.stages[0].withdraw_per_week == pytest.approx(1 - 0.9 ** 0.5)


@pytest.mark.parametrize("mode", MODES)
def test_bonus_is_paid_per_hire_into_incentives(tmp_path, mode):
    """A bonus ($1,000, then $5,000 from July) is paid at entry on duty with the hire cost
    ($100) into the incentives cost: exactly 1,100 x hires before July + 5,100 x after."""
    sc = _sc(tmp_path, "bonus = 1000\nhire_cost = 100", per=7, passing=1,
             changes=BONUS_JULY.replace("50000", "5000"))
    rec = run_replication(sc, seed=4, mode=mode)
    eod = rec.flows["a"]["eod"]
    july = sc.day(dt.date(2020, 7, 1))
    k = summarize_record(rec, keep_series=False).kpis
    assert eod[:july].sum() > 0 and eod[july:].sum() > 0
    assert k["cost_incentives"] == pytest.approx(1100 * eod[:july].sum()
                                                 + 5100 * eod[july:].sum())


@pytest.mark.parametrize("mode", MODES)
def test_off_costs_nothing(tmp_path, mode):
    """A bonus without an elasticity, an elasticity with pay unchanged, flat seasonality: the
    same draws and flows as the plain role."""
    plain = _sc(tmp_path, "salary = 50000", per=35, passing=0.5, name="plain")
    same = _sc(tmp_path, "salary = 50000\nbonus = 9000\npay_elasticity = { applications = 1, "
               "withdrawal = 1 }\nseasonality = [3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3]",
               per=35, passing=0.5, name="same")
    a = run_replication(plain, seed=8, mode=mode).flows["a"]
    b = run_replication(same, seed=8, mode=mode).flows["a"]
    for k in a:
        np.testing.assert_array_equal(a[k], b[k], err_msg=k)


@st.composite
def market_dicts(draw, base):
    """A raw scenario with random seasonality, pools, pay elasticities and bonus changes in
    its roles and channels."""
    raw = draw(base)
    last = (raw["end"] - START).days
    months = st.lists(st.integers(1, 30).map(lambda x: x / 10), min_size=12, max_size=12)
    pools = st.fixed_dictionaries({"eligible": st.integers(1, 300)},
                                  optional={"reapply_after_days": st.integers(1, 60)})
    changes = []
    for name, role in raw["roles"].items():
        if draw(st.booleans()):
            role["seasonality"] = draw(months)
        if draw(st.booleans()):
            role["pool"] = draw(pools)
        if draw(st.booleans()):
            role["salary"] = draw(st.integers(1, 100))
            role["pay_elasticity"] = {"applications": draw(st.integers(0, 20)) / 10,
                                      "withdrawal": draw(st.integers(0, 20)) / 10}
            changes.append({"from": START + dt.timedelta(days=draw(st.integers(0, last))),
                            "set": {f"roles.{name}.bonus": draw(st.integers(0, 300))}})
        for ch in role.get("channels", []):
            if draw(st.booleans()):
                ch["seasonality"] = draw(months)
            if draw(st.booleans()):
                ch["pool"] = draw(pools)
    return {**raw, "changes": changes} if changes else raw


@settings(max_examples=10)
@given(raw=st.one_of(market_dicts(scenario_dicts()), market_dicts(channel_scenario_dicts())),
       seed=st.integers(0, 2**32 - 1))
@pytest.mark.parametrize("mode", MODES)
def test_conservation_with_a_responding_pool(raw, seed, mode):
    """With random seasonality, pools, elasticities and bonus changes (roles and channels) both
    modes account for everybody (reference: live counts equal the stocks), and a pool without
    reapplying is never overdrawn."""
    sc = Scenario.from_dict(raw, source="generated")
    rec = run_replication(sc, seed=seed, mode=mode)
    if mode == "reference":
        check_snapshots(rec)
    check_record(rec)
    for role in sc.roles:
        own = rec.channels[role.name][role.channel] if role.channels else rec.flows[role.name]
        if role.pool is not None and role.pool.reapply_after_days is None:
            assert own["applicants"].sum() <= role.pool.eligible
        for ch in role.channels:
            if ch.pool is not None and ch.pool.reapply_after_days is None:
                assert rec.channels[role.name][ch.name]["applicants"].sum() <= ch.pool.eligible


def test_problems_are_reported_at_once(tmp_path):
    """Bad values are input errors naming each field and what is valid, all at once: bounds of
    the fields first, then 12 positive monthly multipliers (role and channel) and first-year
    pay above 0 for an elasticity."""
    sc = _sc(tmp_path)
    with pytest.raises(InputError) as err:
        sc.with_values({"roles.a.pay_elasticity": {"applications": -1, "withdrawal": 11},
                        "roles.a.pool": {"eligible": 0, "reapply_after_days": 0},
                        "roles.a.bonus": -5, "roles.a.seasonality": [1] * 10 + [-1, 101]})
    text = str(err.value)
    for part in ("pay_elasticity.applications: must be >= 0", "pay_elasticity.withdrawal",
                 "pool.eligible: must be >= 1", "pool.reapply_after_days", "roles.a.bonus",
                 "seasonality.10: must be > 0", "seasonality.11: must be > 0 and <= 100"):
        assert part in text, text
    with pytest.raises(InputError) as err:
        sc.with_values({"roles.a.seasonality": [1] * 11, "roles.a.pay_elasticity":
                        {"applications": 1}, "roles.a.channels": [{
                            "name": "c", "path": "direct", "seasonality": [1] * 13,
                            "recruiting": [{"from": "2020-01-01", "per_week": 1}]}]})
    problems = dict(err.value.problems)
    assert "12 monthly multipliers" in problems["roles.a.seasonality"]
    assert "got 13" in problems["roles.a.channels.c.seasonality"]
    assert "salary + bonus" in problems["roles.a.pay_elasticity"]
    # a change that takes first-year pay to 0 is refused, naming the date and the field
    paid = sc.with_values({"roles.a.salary": 100, "roles.a.pay_elasticity": {"withdrawal": 1}})
    with pytest.raises(InputError, match="in effect from 2020-03-01.*salary \\+ bonus"):
        paid.with_values({"changes": [{"from": "2020-03-01", "set": {"roles.a.salary": 0}}]})


def test_bonus_changes_on_a_date_and_the_pool_does_not(tmp_path):
    """``roles.<role>.bonus`` is a changeable path; the pool is not (an error naming the
    changeable paths, bonus among them)."""
    sc = _sc(tmp_path, "pool = { eligible = 100 }")
    changed = sc.with_values({"changes": [{"from": "2020-03-01",
                                           "set": {"roles.a.bonus": 10}}]})
    assert [ep.role("a").bonus for _, ep in changed.epochs] == [0.0, 10.0]
    with pytest.raises(InputError, match="bonus") as err:
        sc.with_values({"changes": [{"from": "2020-03-01",
                                     "set": {"roles.a.pool.eligible": 10}}]})
    assert "not changeable" in str(err.value)


def test_schema_round_trip(tmp_path):
    """The inputs survive to_dict / from_dict and JSON, and the JSON Schema describes them."""
    sc = _sc(tmp_path, f"salary = 1\nbonus = 2\nseasonality = {SEASON}\n"
             "pay_elasticity = { applications = 0.8, withdrawal = 0.5 }\n"
             "pool = { eligible = 1000, reapply_after_days = 365 }")
    assert Scenario.from_dict(sc.to_dict()) == sc
    assert Scenario.from_json(sc.to_json()) == sc
    props = hiringsim.scenario_json_schema()["else"]["properties"]["roles"][
        "additionalProperties"]["properties"]
    for key in ("bonus", "seasonality", "pay_elasticity", "pool"):
        assert props[key]["description"], key
    assert "mean" in props["seasonality"]["description"]
    assert props["seasonality"]["items"] == {"type": "number", "exclusiveMinimum": 0,
                                             "maximum": 100.0}
    assert props["pool"]["properties"]["eligible"]["minimum"] == 1
    channel = props["channels"]["items"]["properties"]
    assert "seasonality" in channel and "pool" in channel
