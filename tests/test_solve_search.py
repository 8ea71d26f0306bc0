"""The solve's search and verification on toy models with known answers, without simulating.

A replication's outcome is a known function of the lever's value, the seed and the replication
(``success iff seats >= threshold``), so the settings the search screens, the replications it
spends and the answer are known exactly: the probe's guess, the gallop, and going back to the
search after a rejection on fresh replications.
"""

from __future__ import annotations

import dataclasses

import pytest

from fragments import TOY_TOML
from hiringsim.goalseek import problem as problem_module
from hiringsim.goalseek import solve
from hiringsim.goalseek.sequential import ABOVE, BELOW, OPEN, verify_plan, wilson_bound

SERVERS = "resources.bi.servers"
SEED = 11


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    path = tmp_path_factory.mktemp("toy") / "toy.toml"
    path.write_text(TOY_TOML)
    from hiringsim import load_scenario

    return load_scenario(path)


def known_model(monkeypatch, threshold):
    """Replace the solve's replications: replication ``r`` under root ``seed`` succeeds iff the
    lever's value is at least ``threshold(seed, r)``.  Returns the list of runs, (value, seed,
    replication)."""
    runs: list[tuple[int, int, int]] = []

    def fake(scenario, seed, replications, *, executor=None, inputs="uncertain"):
        k = scenario.get(SERVERS)
        runs.extend((k, seed, r) for r in replications)
        return [(float(k >= threshold(seed, r)), float(k), 0.0) for r in replications]

    monkeypatch.setattr(problem_module, "run_replications", fake)
    return runs


def screened(res) -> set[int]:
    return {int(v) for v in res.evaluations[SERVERS]}


def test_probe_and_gallop_screen_only_the_boundary(toy, monkeypatch):
    """Every replication needs 69 (one in 50 needs 70): the probe (replication 0 alone, single
    runs at 66, 80, 72, 68, 70) guesses 70 on the grid of step 2; 69 and 71 join the grid
    and the probe at 69 guesses 69; the gallop screens 69 and 68 -- two settings where the
    bisection from the ends screened eight -- and the answer is 69."""
    runs = known_model(monkeypatch, lambda seed, r: 70 if r % 50 == 7 else 69)
    res = solve(toy, {SERVERS: {"low": 40, "high": 96, "step": 2, "cost_per_unit": 1}},
                seed=SEED, replications=40, verify_replications=100, progress=False)
    assert res.best.values == {SERVERS: 69} and res.best.verified
    assert screened(res) == {68, 69}
    probes = [k for k, s, r in runs if s == SEED and k not in (68, 69)]
    assert probes == [66, 80, 72, 70]  # single runs of replication 0
    assert [k for k, s, r in runs if s == SEED][:6] == [66, 80, 72, 68, 70, 69]
    ev = res.evaluations.set_index(SERVERS)
    # 68 fails at the first look; 69 (replication 7 fails) runs to the cap, where 39 of 40
    # reaches the goal
    assert ev.loc[[68, 69], "n"].tolist() == [5, 40]
    screen_runs = [(k, r) for k, s, r in runs if s == SEED]
    assert len(screen_runs) == len(set(screen_runs)) == 4 + 5 + 40  # nothing run twice
    assert "refined below their step (1 more setting screened)" in res.message


def test_a_probed_setting_screens_as_without_the_probe(toy, monkeypatch):
    """The probe's run is the first row of the setting's screening: the screening afterwards
    is the same rows, and replication 0 is not run again."""
    from hiringsim.goalseek.problem import Problem
    from hiringsim.goalseek.spec import check_request

    runs = known_model(monkeypatch, lambda seed, r: 69 + (r % 3 == 1))
    req = check_request(toy, {SERVERS: (60, 80, 1)}, {SERVERS: 1}, {"replications": 40})
    plain, probed = Problem(req, seed=SEED), Problem(req, seed=SEED)
    idx = (9,)  # 69 servers: two in three replications succeed
    assert probed.probe(idx) is True and probed.probe_reps == 1
    assert probed.evaluate(idx).rows == plain.evaluate(idx).rows
    assert [r for k, s, r in runs].count(0) == 2  # once for each problem


def test_a_rejection_sends_the_search_back_above_it(toy, monkeypatch):
    """The screening replications are lucky (68 servers suffice) but the fresh ones need 70:
    68 passes screening and fails fresh, then the search screens 70 and the refinement 69
    (never screened before), 69 fails fresh too, and the answer is 70 -- not the next setting
    screened before the rejection, which was every lever at its best (96)."""
    runs = known_model(monkeypatch, lambda seed, r: 68 if seed == SEED else 70)
    res = solve(toy, {SERVERS: {"low": 40, "high": 96, "step": 2, "cost_per_unit": 1}},
                seed=SEED, replications=40, verify_replications=100, progress=False)
    assert res.feasible and res.best.values == {SERVERS: 70}
    ev = res.evaluations.set_index(SERVERS)
    assert ev.loc[68, "verified"] is False and ev.loc[69, "verified"] is False
    assert bool(ev.loc[70, "verified"]) is True
    assert "rejected on fresh replications" in res.report()
    # 69 and 70 were screened only after 68's rejection
    first_fresh = next(i for i, (k, s, r) in enumerate(runs) if s != SEED)
    before = {k for k, s, r in runs[:first_fresh] if s == SEED}
    assert 69 not in before and 70 not in before


def test_without_going_back_the_answer_would_be_the_top(toy, monkeypatch):
    """The same lucky screening verified without the search again (the behaviour before):
    after 68 fails, nothing between it and every lever at its best was plausible."""
    from hiringsim.goalseek.problem import Problem
    from hiringsim.goalseek.refine import refine_integers
    from hiringsim.goalseek.search import staircase
    from hiringsim.goalseek.spec import check_request
    from hiringsim.goalseek.verify import verify_shortlist

    known_model(monkeypatch, lambda seed, r: 68 if seed == SEED else 70)
    req = check_request(toy, {SERVERS: (40, 96, 2)}, {SERVERS: 1},
                        {"replications": 40, "verify_replications": 100})
    pb = Problem(req, seed=SEED)
    staircase.search(pb)
    refine_integers(pb)
    found = verify_shortlist(pb, seed=SEED + 1, n=100, accept="estimate", max_verify=5)
    assert found.best.values == {SERVERS: 96}


def test_bound_sets_aside_what_cannot_pass_at_the_cap():
    """accept="bound" at 200 passes only with 187 or more (0.935): 42 of 50 has a 98.75% upper
    bound of 0.925, under 0.935 -- set aside at the look (futility), where the estimate rule,
    whose bar is the goal, keeps running.  Futility never passes a setting."""
    bound = verify_plan(0.9, 200, 0.95, "bound")
    estimate = verify_plan(0.9, 200, 0.95, "estimate")
    assert bound.below_level == pytest.approx(187 / 200)
    assert bound.final(187) and not bound.final(186)
    assert 0.9 < wilson_bound(42, 50, 0.0125, -1) < 0.935
    assert bound.decide(42, 50) == BELOW and estimate.decide(42, 50) == OPEN
    assert bound.decide(44, 50) == OPEN  # upper bound 0.944
    assert bound.decide(50, 50) == estimate.decide(50, 50) == ABOVE


def rows_of(outcomes):
    """``rows_of`` for a plan: rows of fixed outcomes by replication."""
    return lambda reps: [(float(outcomes[r]),) for r in reps]


def test_bound_futility_rarely_sets_aside_a_setting_that_would_pass():
    """A setting at the least passing estimate (0.935 at 200) is set aside at a look in at
    most 5% of 1,000 simulated verifications (1.25% a look, three looks before the cap); and
    one at 0.95 passes as often as without futility (it only stops failures sooner)."""
    import numpy as np

    rng = np.random.default_rng(3)
    plan = verify_plan(0.9, 200, 0.95, "bound")
    early = 0
    for _ in range(1000):
        out = rng.random(200) < 0.935
        decision, rows = plan.run(rows_of(out))
        early += decision == BELOW and len(rows) < 200 and plan.final(
            int(out.sum()))  # set aside though it would have passed
    assert early / 1000 <= 0.05
    no_futility = dataclasses.replace(plan, below_level=None)
    passed = {True: 0, False: 0}
    for _ in range(400):
        out = rng.random(200) < 0.95
        for p, flag in ((plan, True), (no_futility, False)):
            passed[flag] += p.run(rows_of(out))[0] == ABOVE
    assert abs(passed[True] - passed[False]) <= 8


def test_bound_answer_says_it_is_shown_with_confidence(toy, monkeypatch):
    """With accept="bound" the answer's line states its one-sided lower bound, and the report
    says what verification passes on and the futility rule."""
    known_model(monkeypatch, lambda seed, r: 69)
    res = solve(toy, {SERVERS: {"low": 40, "high": 96, "step": 2, "cost_per_unit": 1}},
                seed=SEED, replications=40, verify_replications=100, accept="bound",
                progress=False)
    assert res.best.values == {SERVERS: 69} and res.accept == "bound"
    assert res.best.n == 50 and wilson_bound(50, 50, 0.05, +1) == pytest.approx(0.9487, 1e-4)
    assert "shown with 95% confidence: its one-sided 95% Wilson lower bound on the fresh " \
           "replications is 0.949" in res.message
    text = res.report()
    assert "passing on the fresh one-sided 95% Wilson lower bound" in text
    assert "futility" in text
    assert res.to_dict()["accept"] == "bound"


def test_two_levers_do_not_go_back_to_the_search(toy, monkeypatch):
    """With two levers a rejection does not re-run the search: the refinement has put every
    integer between grid values into the grid, and the staircase walked it one index at a
    time (here 176 settings screened; notebook 06's two-lever solve 196, stopping at
    max_evaluations).  The servers needed grow as the second lever falls; the lucky screening
    passes 2 servers fewer than the fresh replications need.  The answer is the same either
    way, on 25 settings."""
    initial = "roles.officer.initial"
    runs: list[tuple[int, int]] = []

    def fake(scenario, seed, replications, *, executor=None, inputs="uncertain"):
        k, j = scenario.get(SERVERS), scenario.get(initial)
        runs.extend((k, j) for _ in replications)
        need = (68 if seed == SEED else 70) + (340 - j) // 4
        return [(float(k >= need), float(k), 0.0) for _ in replications]

    monkeypatch.setattr(problem_module, "run_replications", fake)
    res = solve(toy, {SERVERS: {"low": 40, "high": 200, "step": 40, "cost_per_unit": 1},
                      initial: {"low": 100, "high": 340, "step": 80, "cost_per_unit": 1}},
                seed=SEED, replications=40, verify_replications=100, progress=False)
    assert res.feasible and res.best.values == {SERVERS: 130, initial: 100}
    assert len(res.evaluations) <= 30, len(res.evaluations)
