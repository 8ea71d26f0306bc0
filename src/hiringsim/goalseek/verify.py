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

**Back to the search after a rejection.**  A setting rejected on fresh replications falls short
for the search from then on (:meth:`~hiringsim.goalseek.problem.Problem.reject`), and the
search and the whole-number refinement run again (their screenings are cached, so only new
settings run): settings between the rejected one and the next plausible one that were never
screened -- a bisection had jumped over them -- are screened now, and the shortlist is taken
again, so the cheapest plausible setting above the rejected one is verified next.  (Without
this, ``seats_needed_uncertain`` with 20 screening replications rejected 68 seats and answered
78, having never screened 69-77.)  At most ``max_verify`` settings are verified.

If none passes, every lever at its best is run with all the fresh replications (continuing
those run already): the best achievable probability, an estimate, so it does not stop early.
"""

from __future__ import annotations

from collections.abc import Callable
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


def verify_shortlist(problem: Problem, *, seed: int, n: int, accept: str, max_verify: int,
                     research: Callable[[], object] | None = None) -> Verification:
    """Verify the cheapest plausible setting, in turn, up to ``max_verify`` of them; after each
    rejection the setting falls short and ``research`` (the search and refinement again) may
    screen settings above it.  Else every lever at its best."""
    pb = problem
    done: dict[tuple[float, ...], tuple[bool, list[Row]]] = {}  # by lever values
    short = shortlist(pb)
    while len(done) < max_verify:
        todo = [ev for ev in short if pb.key(ev.idx) not in done]
        if not todo:
            break
        idx = todo[0].idx
        ok, rows = verify(pb, idx, seed=seed, n=n, accept=accept)
        done[pb.key(idx)] = (ok, rows)
        if ok:
            return Verification(candidate(pb, idx, rows, True), True, short, _by_index(pb, done))
        pb.reject(idx)
        if research is not None:
            research()
            short = shortlist(pb)
    top = pb.evaluate(pb.top)
    key = pb.key(top.idx)
    if key not in done or len(done[key][1]) < n:
        # last resort, and the best achievable: every lever at its best, all replications
        ok, rows = verify(pb, top.idx, seed=seed, n=n, accept=accept, early=False,
                          rows=done.get(key, (False, []))[1])
        done[key] = (ok, rows)
        if ok:
            return Verification(candidate(pb, top.idx, rows, True), True, short,
                                _by_index(pb, done))
    return Verification(candidate(pb, top.idx, done[key][1], False), False, short,
                        _by_index(pb, done))


def _by_index(pb: Problem, done: dict[tuple[float, ...], tuple[bool, list[Row]]]
              ) -> dict[Index, tuple[bool, list[Row]]]:
    """The verified settings by their (current) grid index."""
    return {idx: done[pb.key(idx)] for idx in pb.cache if pb.key(idx) in done}
