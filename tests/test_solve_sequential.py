"""The sequential stopping rule of goal seeking: decide early when far from the goal, run to
the cap when near, never change what the rule at the cap would say when curtailing."""

from __future__ import annotations

import numpy as np
import pytest

from fragments import TOY_TOML
from hiringsim.goalseek.sequential import (
    ABOVE,
    BELOW,
    OPEN,
    screen_plan,
    verify_plan,
    wilson_bound,
)


def counting(outcomes):
    """``rows_of`` over a fixed list of outcomes, recording how many replications ran."""
    ran: list[int] = []

    def rows_of(reps):
        ran.extend(reps)
        return [(float(outcomes[r]),) for r in reps]

    return rows_of, ran


def test_wilson_bound_matches_the_closed_form_at_all_successes():
    """With n of n, the one-sided lower Wilson bound is n / (n + z^2)."""
    z2 = 1.6448536269514722 ** 2
    assert wilson_bound(25, 25, 0.05, +1) == pytest.approx(25 / (25 + z2))
    assert wilson_bound(0, 10, 0.05, -1) == pytest.approx(z2 / (10 + z2))


def test_screening_stops_early_far_below_and_far_above():
    """0 of 5 stops at the first look; all successes stop at 25 of 40 (not 20: 20/20 gives a
    95% lower bound of 0.881 < 0.9)."""
    plan = screen_plan(0.9, 40, 0.95)
    rows_of, ran = counting([0] * 40)
    assert plan.run(rows_of)[0] == BELOW and len(ran) == 5
    rows_of, ran = counting([1] * 40)
    assert plan.run(rows_of)[0] == ABOVE and len(ran) == 25
    assert plan.decide(20, 20) == OPEN


def test_screening_near_the_goal_runs_to_the_cap_and_the_estimate_decides():
    """One failure in every ten (p = goal): no look decides; at 40 the estimate 0.9 passes."""
    plan = screen_plan(0.9, 40, 0.95)
    outcomes = [0 if r % 10 == 9 else 1 for r in range(40)]
    rows_of, ran = counting(outcomes)
    decision, rows = plan.run(rows_of)
    assert decision == ABOVE and len(ran) == 40 and len(rows) == 40


def test_curtailment_stops_when_the_cap_rule_cannot_change():
    """Five failures of 40 allowed at most 4 (estimate >= 0.9): the fifth failure decides."""
    plan = screen_plan(0.9, 40, 0.95)
    outcomes = [0 if r in (3, 12, 17, 18, 19) else 1 for r in range(40)]
    rows_of, ran = counting(outcomes)
    assert plan.run(rows_of)[0] == BELOW
    assert len(ran) == 20  # the check after the fifth failure (replication 19) ...
    assert wilson_bound(15, 20, 0.005, -1) > 0.9  # ... where the bound alone is still open
    # the same outcome as running all 40 and taking the estimate
    assert sum(outcomes) / 40 < 0.9


def test_verification_decides_early_far_from_the_goal():
    """200 fresh replications, looks at 50/100/150/200: all successes pass at 50 (lower bound
    at 98.75% one-sided is 0.909); 70% fails at 50."""
    plan = verify_plan(0.9, 200, 0.95, "estimate")
    assert plan.looks == (50, 100, 150, 200)
    rows_of, ran = counting([1] * 200)
    assert plan.run(rows_of)[0] == ABOVE and len(ran) == 50
    rows_of, ran = counting([1, 1, 1, 0, 1, 1, 1, 0, 1, 0] * 20)
    assert plan.run(rows_of)[0] == BELOW and len(ran) == 50


def test_verification_near_the_goal_runs_to_the_cap():
    """At p = 0.9 exactly no look decides: all 200 run and the estimate 0.9 passes.  With
    ``accept="bound"`` the run stops once even 200 of 200 could not lift the one-sided lower
    bound to 0.9 (curtailment: the same answer as at the cap)."""
    outcomes = [0 if r % 10 == 4 else 1 for r in range(200)]
    rows_of, ran = counting(outcomes)
    decision, _ = verify_plan(0.9, 200, 0.95, "estimate").run(rows_of)
    assert decision == ABOVE and len(ran) == 200
    rows_of, ran = counting(outcomes)
    decision, _ = verify_plan(0.9, 200, 0.95, "bound").run(rows_of)
    assert decision == BELOW and len(ran) < 200
    assert wilson_bound(sum(outcomes), 200, 0.05, +1) < 0.9


def test_verification_without_early_stopping_runs_every_replication():
    """``early=False`` (the best achievable): all replications even at 0 successes, and rows
    run already are continued, not re-run."""
    plan = verify_plan(0.9, 100, 0.95, "estimate", early=False)
    rows_of, ran = counting([0] * 100)
    decision, rows = plan.run(rows_of, [(0.0,)] * 25)
    assert decision == BELOW and ran == list(range(25, 100)) and len(rows) == 100


@pytest.mark.parametrize("p", [0.9, 0.88])
def test_early_pass_error_rate_is_within_the_stated_bound(p):
    """A setting at or just below the goal passes at an early look in at most 1 - confidence
    of fresh verifications (here 5%, checked on 1,000 simulated ones)."""
    rng = np.random.default_rng(7)
    plan = verify_plan(0.9, 200, 0.95, "estimate")
    early = 0
    for _ in range(1000):
        outcomes = rng.random(200) < p
        rows_of, ran = counting(outcomes)
        decision, _ = plan.run(rows_of)
        early += decision == ABOVE and len(ran) < 200
    assert early / 1000 <= 0.05


def test_goal_row_is_what_replication_kpis_gives(tmp_path):
    """The solve's KPI-only row equals the full summary's values."""
    import hiringsim as hs
    from hiringsim.goalseek.evaluate import KPIS, kpi_row

    path = tmp_path / "toy.toml"
    path.write_text(TOY_TOML)
    sc = hs.load_scenario(path)
    for r in (0,):
        k = hs.replication_kpis(sc, seed=3, replication=r)
        assert kpi_row(sc, 3, r) == tuple(float(k[name]) for name in KPIS)


def test_screening_evidence_counts_for_below_only():
    """A setting's screening runs (``prior``) are pooled for "below" at a look, never for
    "above": 42/50 fresh is open alone, below with 20/30 screened; 50/50 screened and 45/50
    fresh is open all the same."""
    alone = verify_plan(0.9, 200, 0.95, "estimate")
    pooled = verify_plan(0.9, 200, 0.95, "estimate", prior=(20, 30))
    assert alone.decide(42, 50) == OPEN
    assert pooled.decide(42, 50) == BELOW
    high = verify_plan(0.9, 200, 0.95, "estimate", prior=(50, 50))
    assert high.decide(45, 50) == alone.decide(45, 50) == OPEN
