"""Verification on fresh replications: the screened answer is re-run with another seed.

The screened settings whose one-sided Wilson upper bound reaches the goal form a shortlist,
cheapest first; each is re-run with *fresh* replications (the verification seed) until one
passes (``accept="estimate"``: the fresh estimate reaches the goal; ``"bound"``: its one-sided
lower bound does).  The fresh replications run in four looks and a setting stops at a look
where its one-sided Wilson bound at ``(1 - confidence) / 4`` already decides (so an early stop
is wrong with probability at most ``1 - confidence``; "below" pools the setting's screening
replications with the fresh ones, "above" uses the fresh ones alone), or when the accept
rule's outcome can no longer change; near the goal they run to the cap
(:mod:`~hiringsim.goalseek.sequential`).
If none passes, every lever at its best is run with all the fresh replications (continuing
those run already): the best achievable probability, an estimate, so it does not stop early.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..stats import proportion_ci
from .evaluate import Evaluation, Row
from .problem import Index, Problem
from .result import Candidate
from .sequential import ABOVE, verify_plan

__all__ = ["Verification", "candidate", "verify", "verify_seed", "verify_shortlist"]


def verify_seed(seed: int) -> int:
    """The root seed of the fresh replications, derived from the screening seed."""
    import numpy as np

    return int(np.random.SeedSequence(seed, spawn_key=(1,)).generate_state(1)[0])


def verify(problem: Problem, idx: Index, *, seed: int, n: int, accept: str,
           early: bool = True, rows: list[Row] | None = None) -> tuple[bool, list[Row]]:
    """Fresh replications of one setting, up to ``n``; ``early``: stop once the sequential
    rule decides; ``rows``: fresh replications of it run already (continued, not re-run)."""
    pb = problem
    sc = pb.scenario_at(idx)
    ev = pb.evaluate(idx)  # screened already: its replications pooled for "below" only
    plan = verify_plan(pb.goal, n, pb.confidence, accept, early=early,
                       prior=(int(ev.successes), int(ev.n)))
    decision, rows = plan.run(lambda reps: pb.run(sc, seed, reps), rows)
    return decision == ABOVE, rows


def candidate(problem: Problem, idx: Index, rows: list[Row], ok: bool) -> Candidate:
    """A setting with its fresh estimate and Wilson interval."""
    ev = problem.evaluate(idx)
    s = sum(r[0] for r in rows)
    p, lo, hi = proportion_ci(s, len(rows), problem.confidence)
    values = {x.path: ev.values[x.path] for x in problem.user_levers}
    return Candidate(values=values, cost=ev.cost, probability=p, ci_low=lo, ci_high=hi,
                     n=len(rows), screen_probability=ev.p, screen_n=ev.n, verified=ok,
                     scenario=problem.scenario_at(idx))


@dataclass
class Verification:
    """What verification found: the answer (or the best achievable) and every fresh run."""

    best: Candidate
    feasible: bool
    shortlist: list[Evaluation]
    verified: dict[Index, tuple[bool, list[Row]]] = field(default_factory=dict)


def shortlist(problem: Problem) -> list[Evaluation]:
    """Screened settings whose one-sided upper bound reaches the goal, cheapest first."""
    return sorted((ev for ev in problem.cache.values() if problem.upper(ev) >= problem.goal),
                  key=lambda ev: (ev.cost, -ev.p, ev.idx))


def verify_shortlist(problem: Problem, *, seed: int, n: int, accept: str,
                     max_verify: int) -> Verification:
    """Verify the cheapest plausible settings in turn; else every lever at its best."""
    pb = problem
    top = pb.evaluate(pb.top)
    short = shortlist(pb)
    verified: dict[Index, tuple[bool, list[Row]]] = {}
    for ev in short[:max_verify]:
        ok, rows = verify(pb, ev.idx, seed=seed, n=n, accept=accept)
        verified[ev.idx] = (ok, rows)
        if ok:
            return Verification(candidate(pb, ev.idx, rows, True), True, short, verified)
    if top.idx not in verified or len(verified[top.idx][1]) < n:
        # last resort, and the best achievable: every lever at its best, all replications
        done = verified.get(top.idx, (False, []))[1]
        ok, rows = verify(pb, top.idx, seed=seed, n=n, accept=accept, early=False, rows=done)
        verified[top.idx] = (ok, rows)
        if ok:
            return Verification(candidate(pb, top.idx, rows, True), True, short, verified)
    return Verification(candidate(pb, top.idx, verified[top.idx][1], False), False, short,
                        verified)
