"""The model against what queueing and survival theory know (DESIGN.md, "Checks against theory").

Every check is statistical, with a fixed seed and a stated tolerance: an estimate must lie
within Z standard errors of the exact value, the standard error computed from independent
replications (or from the binomial / Poisson variance where the counts are independent).  With
Z = 4 a correct model fails a check with probability about 6e-5, so with the seeds fixed these
tests do not flake; each test also asserts that its standard error is small compared with the
effect it is meant to see, so that it can fail.
"""

from __future__ import annotations

import math

import numpy as np
import pytest

from fragments import scenario
from hiringsim.model.record import stocks
from hiringsim.replication import run_replication

#: an estimate must lie within Z standard errors of theory
Z = 4.0
YEAR = 365.25


def within(estimate: float, expected: float, se: float, *, what: str) -> None:
    assert abs(estimate - expected) <= Z * se, (
        f"{what}: {estimate:.5g} vs theory {expected:.5g} (se {se:.3g}, "
        f"{abs(estimate - expected) / se:.1f} se apart)")


def mean_se(values) -> tuple[float, float]:
    v = np.asarray(values, dtype=float)
    return float(v.mean()), float(v.std(ddof=1) / math.sqrt(len(v)))


# -- M/M/c: Erlang C ----------------------------------------------------------------------------
def erlang_c(c: int, a: float) -> float:
    """Probability that an arrival waits in an M/M/c queue with offered load a = lambda/mu."""
    top = a**c / math.factorial(c) * c / (c - a)
    return top / (sum(a**k / math.factorial(k) for k in range(c)) + top)


MMC = """\
    [resources.desk]
    servers = {c}

    [roles.a]
    initial = 0
    onboarding = 0
    attrition = {{ annual_rate = 0 }}
    recruiting = [{{ from = 2020-01-01, per_week = {per_week} }}]

    [[roles.a.stages]]
    name = "service"
    resource = "desk"
    pass_rate = 1
    duration = {{ dist = "exponential", mean = {mean} }}
    """


def _mmc_waits(rec, warm: int) -> np.ndarray:
    """Waits of those who arrived after the warm-up (FIFO, nobody withdraws: the first
    arrivals are the first waits)."""
    skip = int(rec.flows["a"]["applicants"][:warm].sum())
    return rec.waits["desk"]["served"][skip:]


# reference: the means of 3- and 4-year runs vary with sd ~0.09-0.11 days (seed 7), so 6
# replications could not see a 40% error; 4 years x 24 replications can (se ~0.023)
@pytest.mark.parametrize(("mode", "years", "reps"), [("fast", 8, 40), ("reference", 4, 24)],
                         ids=["fast", "reference"])
def test_mmc_mean_wait_is_erlang_c(tmp_path, mode, years, reps):
    """M/M/c stage (lambda 3/day, mean service 3 days, 12 servers, rho 0.75): mean wait
    C(c, a) / (c mu - lambda) and the probability of waiting C(c, a)."""
    lam, mean, c = 3.0, 3.0, 12
    sc = scenario(tmp_path, MMC.format(c=c, per_week=7 * lam, mean=mean),
                  end=f"{2020 + years - 1}-12-31")
    a = lam * mean
    p_wait = erlang_c(c, a)
    wq = p_wait / (c / mean - lam)
    means, waited = [], []
    for r in range(reps):
        w = _mmc_waits(run_replication(sc, seed=7, replication=r, mode=mode), warm=200)
        means.append(w.mean())
        waited.append((w > 0).mean())
    m, se = mean_se(means)
    assert se < 0.1 * wq  # the check can see a 40% error
    within(m, wq, se, what="mean wait")
    m, se = mean_se(waited)
    within(m, p_wait, se, what="P(wait)")


# -- M/G/inf ------------------------------------------------------------------------------------
MGINF = """\
    [roles.a]
    initial = 0
    onboarding = 0
    attrition = {{ annual_rate = 0 }}
    recruiting = [{{ from = 2020-01-01, per_week = {per_week} }}]

    [[roles.a.stages]]
    name = "screen"
    pass_rate = 0.5
    duration = {duration}

    [[roles.a.stages]]
    name = "next"
    pass_rate = 1
    duration = 1
    """


@pytest.mark.parametrize(("mode", "duration", "years", "reps"), [
    ("fast", '{ dist = "gamma", mean = 10, cv = 0.5 }', 10, 40),
    ("reference", '{ dist = "triangular", low = 4, mode = 9, high = 17 }', 3, 3),
], ids=["fast-gamma", "reference-triangular"])
def test_uncapacitated_stage_occupancy_is_poisson(tmp_path, mode, duration, years, reps):
    """The number in an uncapacitated stage is Poisson(lambda E[D]), E[D] the mean of the
    whole-day duration pmf: mean and variance both equal lambda E[D]."""
    lam = 5.0
    sc = scenario(tmp_path, MGINF.format(per_week=7 * lam, duration=duration),
                  end=f"{2020 + years - 1}-12-31")
    pmf = sc.role("a").stage("screen").duration.day_pmf()
    mu = lam * float(np.arange(len(pmf)) @ pmf)
    # days further apart than the longest duration see disjoint sets of applicants: independent
    gap = len(pmf) if len(pmf) < 40 else int(np.searchsorted(np.cumsum(pmf), 1 - 1e-7)) + 1
    counts = []
    for r in range(reps):
        rec = run_replication(sc, seed=3, replication=r, mode=mode)
        counts.append(stocks(rec)["a"]["screen"][gap::gap])
    x = np.concatenate(counts).astype(float)
    n = len(x)
    assert n > 150
    within(x.mean(), mu, math.sqrt(mu / n), what="mean occupancy")
    # var of the sample variance of Poisson(mu) counts: (mu + 2 mu^2) / n
    within(x.var(ddof=1), mu, math.sqrt((mu + 2 * mu**2) / n), what="variance of occupancy")
    # and the whole distribution: Poisson probabilities of the central counts
    k = np.arange(int(mu - 2 * math.sqrt(mu)), int(mu + 2 * math.sqrt(mu)) + 1)
    p = np.exp(k * math.log(mu) - mu - np.array([math.lgamma(j + 1) for j in k]))
    observed = np.array([(x == j).mean() for j in k])
    se = np.sqrt(p * (1 - p) / n)
    worst = np.max(np.abs(observed - p) / se)
    # Bonferroni over the len(k) cells at the same overall level as one 4-sigma check
    assert worst <= 4.5, (worst, k[np.argmax(np.abs(observed - p) / se)])


# -- Little's law -------------------------------------------------------------------------------
LITTLE = """\
    [resources.desk]
    servers = 8

    [roles.a]
    initial = 0
    onboarding = 0
    attrition = { annual_rate = 0 }
    recruiting = [{ from = 2020-01-01, per_week = 21 }]

    [[roles.a.stages]]
    name = "service"
    resource = "desk"
    pass_rate = 0.9
    duration = { dist = "gamma", mean = 3, cv = 0.7 }
    withdraw_per_week = 0.3

    [[roles.a.stages]]
    name = "after"
    pass_rate = 1
    duration = { dist = "lognormal", mean = 6, cv = 0.8 }
    """


@pytest.mark.parametrize(("mode", "years", "reps"), [("fast", 6, 20), ("reference", 2, 3)],
                         ids=["fast", "reference"])
def test_littles_law_queue_service_and_stage(tmp_path, mode, years, reps):
    """L = lambda W on the queue (with withdrawals), in service and on an uncapacitated stage
    fed by the queue's departures."""
    sc = scenario(tmp_path, LITTLE, end=f"{2020 + years - 1}-12-31")
    days = sc.days
    after_pmf = sc.role("a").stage("after").duration.day_pmf()
    e_after = float(np.arange(len(after_pmf)) @ after_pmf)
    ratios: dict[str, list[float]] = {"queue": [], "service": [], "after": []}
    for r in range(reps):
        rec = run_replication(sc, seed=11, replication=r, mode=mode)
        f = rec.flows["a"]
        st_ = stocks(rec)["a"]
        w = rec.waits["desk"]
        # queue: time-average number waiting vs entry rate x mean time waited (served or not)
        sojourn = np.concatenate([w["served"], w["withdrew"]])
        ratios["queue"].append(st_["service:queue"].mean()
                               / (f["service:enter"].sum() / days * sojourn.mean()))
        # service: time-average number in service (busy server-days) vs start rate x E[S]
        ratios["service"].append(rec.busy["desk"].mean() / (f["service:start"].sum() / days * 3.0))
        # an uncapacitated stage fed by the queue: end-of-day count vs entry rate x E[D]
        ratios["after"].append(st_["after"].mean() / (f["after:enter"].sum() / days * e_after))
    for what, values in ratios.items():
        m, se = mean_se(values)
        # boundary effects (the run starts empty, those still waiting at the end) are O(1/days)
        assert abs(m - 1) <= Z * se + 0.01, (what, m, se)
        assert se < 0.03, (what, se)


# -- the funnel ---------------------------------------------------------------------------------
FUNNEL = """\
    [roles.a]
    initial = 0
    onboarding = 0
    attrition = { annual_rate = 0 }
    recruiting = [{ from = 2020-01-01, per_week = 700 }, { from = 2020-03-11, per_week = 0 }]

    [[roles.a.stages]]
    name = "apply"
    pass_rate = 0.5
    duration = { dist = "triangular", low = 1, mode = 3, high = 9 }

    [[roles.a.stages]]
    name = "exam"
    pass_rate = 0.8
    duration = 7

    [[roles.a.stages]]
    name = "interview"
    pass_rate = 0.3
    duration = { dist = "empirical", values = [5, 10, 20], weights = [1, 2, 1] }

    [[roles.a.stages]]
    name = "medical"
    pass_rate = 0.9
    duration = { dist = "gamma", mean = 10, cv = 0.4 }
    """


@pytest.mark.parametrize(("mode", "reps"), [("fast", 20), ("reference", 1)],
                         ids=["fast", "reference"])
def test_uncapacitated_funnel_hires(tmp_path, mode, reps):
    """Without capacity limits, hires = applications x product of pass rates (binomial), and
    each stage passes its pass rate of those who leave it."""
    sc = scenario(tmp_path, FUNNEL, end="2020-12-31")
    role = sc.role("a")
    p_all = math.prod(s.pass_rate for s in role.stages)
    apps = hires = 0
    passed = {s.name: 0 for s in role.stages}
    failed = dict(passed)
    for r in range(reps):
        rec = run_replication(sc, seed=5, replication=r, mode=mode)
        f = rec.flows["a"]
        st_ = stocks(rec)["a"]
        for s in role.stages:  # everyone has finished screening by the horizon
            assert st_[s.name][-1] == 0
            passed[s.name] += int(f[f"{s.name}:pass"].sum())
            failed[s.name] += int(f[f"{s.name}:fail"].sum())
        apps += int(f["applicants"].sum())
        hires += int(f["eod"].sum())
    se = math.sqrt(apps * p_all * (1 - p_all))
    assert se < 0.05 * apps * p_all
    within(hires, apps * p_all, se, what="hires")
    for s in role.stages:
        n = passed[s.name] + failed[s.name]
        within(passed[s.name] / n, s.pass_rate,
               math.sqrt(s.pass_rate * (1 - s.pass_rate) / n), what=f"{s.name} pass rate")


# -- attrition ----------------------------------------------------------------------------------
def survival(years: float, annual_rate: float, bands=()) -> float:
    """Fraction of a closed cohort remaining after ``years`` of tenure (hazard -ln(1 - r))."""
    hazard = 0.0
    prev = 0.0
    for until, rate in bands:
        width = min(years, until) - prev
        if width > 0:
            hazard += -math.log1p(-rate) * width
        prev = until
    if years > prev:
        hazard += -math.log1p(-annual_rate) * (years - prev)
    return math.exp(-hazard)


@pytest.mark.parametrize("mode", ["fast", "reference"])
def test_attrition_of_initial_staff(tmp_path, mode):
    """With annual rate r, 1 - r of the starting staff remain after a year, (1 - r)^2 after
    two; tenure bands apply to hires only, not to staff on board at the start."""
    n0, r = 20000, 0.12
    sc = scenario(tmp_path, f"""\
        [roles.a]
        initial = {n0}
        onboarding = 0
        attrition = {{ annual_rate = {r}, bands = [{{ until_years = 1, annual_rate = 0.5 }}] }}
        recruiting = [{{ from = 2020-01-01, per_week = 0 }}]

        [[roles.a.stages]]
        name = "s"
        pass_rate = 1
        duration = 1
        """, end="2021-12-31")
    rec = run_replication(sc, seed=9, mode=mode)
    on_duty = stocks(rec)["a"]["on_duty"]
    for day, years in ((364, 1), (729, 2)):
        p = survival((day + 1) / YEAR, r)  # remaining at the end of day `day`
        within(on_duty[day] / n0, p, math.sqrt(p * (1 - p) / n0), what=f"after {years} y")
    # the convention: a year is 365.25 days and (1 - r) of a closed cohort remains after one
    assert survival(1.0, r) == pytest.approx(1 - r)
    within(on_duty[364] / n0, 1 - r, math.sqrt(r * (1 - r) / n0), what="1 - r after a year")


@pytest.mark.parametrize(("mode", "n"), [("fast", 10000), ("reference", 3000)],
                         ids=["fast", "reference"])
def test_attrition_tenure_bands_of_hires(tmp_path, mode, n):
    """Hires leave at the banded hazard, counted from entry on duty: survival
    S(t) = exp(-sum of -ln(1 - r_band) x years in band)."""
    bands = ((0.5, 0.4), (1.0, 0.2))
    sc = scenario(tmp_path, f"""\
        [roles.a]
        initial = 0
        onboarding = {{ dist = "fixed", value = 0 }}
        attrition = {{ annual_rate = 0.1, bands = [{{ until_years = 0.5, annual_rate = 0.4 }},
                                                  {{ until_years = 1.0, annual_rate = 0.2 }}] }}
        recruiting = [{{ from = 2020-01-01, per_week = {7 * n} }},
                      {{ from = 2020-01-02, per_week = 0 }}]

        [[roles.a.stages]]
        name = "s"
        pass_rate = 1
        duration = 10
        """, end="2022-12-31")
    rec = run_replication(sc, seed=13, mode=mode)
    f = rec.flows["a"]
    hired = int(f["eod"].sum())
    assert 0.9 * n < hired == f["applicants"].sum()
    left = np.cumsum(f["duty:leave"] + f["onboarding:leave"])
    # everyone applied on day 0 at a uniform time u and entered on duty at 10 + u
    u = (np.arange(2000) + 0.5) / 2000
    for years in (0.25, 0.5, 0.75, 1.0, 2.0):
        day = int(round(10 + years * YEAR))
        p = float(np.mean([survival((day + 1 - 10 - x) / YEAR, 0.1, bands) for x in u]))
        within(1 - left[day] / hired, p, math.sqrt(p * (1 - p) / hired),
               what=f"survival at {years} y")


# -- withdrawal ---------------------------------------------------------------------------------
@pytest.mark.parametrize("mode", ["fast", "reference"])
def test_withdrawal_hazard_while_waiting(tmp_path, mode):
    """With withdrawal probability h per week, a fraction h of a never-served queue withdraws
    within a week, 1 - (1 - h)^2 within two."""
    h, n = 0.3, 5000
    sc = scenario(tmp_path, f"""\
        [resources.desk]
        servers = 1

        [roles.a]
        initial = 0
        onboarding = 0
        attrition = {{ annual_rate = 0 }}
        recruiting = [{{ from = 2020-01-01, per_week = {7 * n} }},
                      {{ from = 2020-01-02, per_week = 0 }}]

        [[roles.a.stages]]
        name = "wait"
        resource = "desk"
        pass_rate = 1
        duration = 3650  # beyond the horizon: nobody after the first is served
        withdraw_per_week = {h}
        """, end="2020-03-31")
    rec = run_replication(sc, seed=17, mode=mode)
    entered = int(rec.flows["a"]["wait:enter"].sum())
    assert rec.flows["a"]["wait:start"].sum() == 1  # the first is served, nobody else ever
    waiting = entered - 1
    w = rec.waits["desk"]["withdrew"]
    for weeks in (1, 2):
        p = 1 - (1 - h) ** weeks
        within((w <= 7 * weeks).sum() / waiting, p, math.sqrt(p * (1 - p) / waiting),
               what=f"withdrawn within {weeks} week(s)")


@pytest.mark.parametrize("mode", ["fast", "reference"])
def test_offer_withdrawal_hazard(tmp_path, mode):
    """Candidates waiting for a position that never comes withdraw at the weekly hazard."""
    h, n = 0.2, 5000
    sc = scenario(tmp_path, f"""\
        [roles.a]
        initial = 0
        onboarding = 0
        attrition = {{ annual_rate = 0 }}
        offer_withdraw_per_week = {h}
        positions = [{{ from = 2020-01-01, growth = 0 }}]
        recruiting = [{{ from = 2020-01-01, per_week = {7 * n} }},
                      {{ from = 2020-01-02, per_week = 0 }}]

        [[roles.a.stages]]
        name = "s"
        pass_rate = 1
        duration = 0
        """, end="2020-03-31")
    rec = run_replication(sc, seed=19, mode=mode)
    f = rec.flows["a"]
    offers = int(f["s:pass"].sum())
    assert f["eod"].sum() == 0 and offers > 0.9 * n
    cum = np.cumsum(f["offer:withdraw"])
    q = 1 - h
    for day in (6, 13):
        # offers at a uniform time u of day 0; withdrawn by the end of `day` = before day + 1
        t = day + 1
        p = 1 - q ** (t / 7) * (q ** (-1 / 7) - 1) / (-math.log(q) / 7)
        within(cum[day] / offers, p, math.sqrt(p * (1 - p) / offers),
               what=f"offer withdrawals by day {day}")
