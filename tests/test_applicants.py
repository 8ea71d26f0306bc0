"""Applications and people differ: a role's ``applications_per_applicant`` turns published
application counts (``recruiting.per_week``) into people, in both simulation modes."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from fragments import scenario
from hiringsim.measures.costs import cost_kpis
from hiringsim.measures.observed import observe
from hiringsim.measures.summary import summarize_record
from hiringsim.model.record import stocks
from hiringsim.replication import run_replication

MODES = ["fast", "reference"]

ROLE = """\
    [roles.a]
    initial = 0
    onboarding = 0
    attrition = { annual_rate = 0 }
    applications_per_applicant = PER
    application_cost = 10
    recruiting = [{ from = 2020-01-01, per_week = 70 }]

    [[roles.a.stages]]
    name = "s1"
    pass_rate = 1
    duration = 2
    """


def _sc(tmp_path, per: float, name: str = "t"):
    return scenario(tmp_path, ROLE.replace("PER", repr(per)), end="2020-12-31", name=name)


@pytest.mark.parametrize("mode", MODES)
def test_applications_are_applicants_times_the_multiple(tmp_path, mode):
    """With 2.5 applications per applicant, the record follows people (the first stage
    receives the applicants), the applications KPI is 2.5 x applicants, applicants per hire uses
    people, applications per hire applications, and recruiting costs are per application."""
    sc = _sc(tmp_path, 2.5)
    rec = run_replication(sc, seed=5, mode=mode)
    f = rec.flows["a"]
    np.testing.assert_array_equal(f["s1:enter"], f["applicants"])
    np.testing.assert_array_equal(f["eod"][2:], f["applicants"][:-2])  # fixed 2-day stage
    k = summarize_record(rec, keep_series=False).kpis
    people = float(f["applicants"].sum())
    assert k["applicants"] == people
    assert k["applications"] == 2.5 * people
    assert k["applicants_per_hire"] == people / k["hires"]
    assert k["applications_per_hire"] == 2.5 * people / k["hires"]
    assert cost_kpis(rec, stocks(rec))["cost_recruiting"] == pytest.approx(25 * people)
    obs = observe(rec, period_days=7)
    apps = obs[obs["measure"] == "applications"]["value"].sum()
    assert apps == pytest.approx(2.5 * f["applicants"][: 52 * 7].sum())


def test_people_arrive_at_rate_over_multiple_in_both_modes(tmp_path):
    """Applicants a day are Poisson(per_week / 7 / multiple) in both modes: 366 days of
    70/week at 4 applications each give a mean 2.5 a day; both modes' daily counts fit that
    Poisson (chi-square on the mean, 1% level) and agree with each other (KS on the daily
    counts)."""
    sc = _sc(tmp_path, 4.0)
    daily = {}
    for mode in MODES:
        counts = np.concatenate([run_replication(sc, seed=7, replication=r, mode=mode)
                                 .flows["a"]["applicants"] for r in range(3)])
        total = counts.sum()
        expect = 2.5 * len(counts)
        # the total of Poisson counts is Poisson(expect): a two-sided 1% interval
        lo, hi = stats.poisson.ppf([0.005, 0.995], expect)
        assert lo <= total <= hi, (mode, total, expect)
        daily[mode] = counts
    assert stats.ks_2samp(daily["fast"], daily["reference"]).pvalue > 0.01


def test_one_application_each_is_today(tmp_path):
    """The default (1) keeps applications equal to applicants."""
    sc = _sc(tmp_path, 1.0)
    k = summarize_record(run_replication(sc, seed=5), keep_series=False).kpis
    assert k["applications"] == k["applicants"]
    assert k["applications_per_hire"] == k["applicants_per_hire"]


def test_multiple_is_bounded(tmp_path):
    """applications_per_applicant below 1 or above 20 is an input error naming the field."""
    from hiringsim.errors import InputError

    for bad in (0.5, 21.0):
        with pytest.raises(InputError, match="applications_per_applicant"):
            _sc(tmp_path, bad, name=f"bad{int(bad)}")
