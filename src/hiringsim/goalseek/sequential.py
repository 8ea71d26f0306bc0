"""Sequential stopping: run a setting's replications in looks and stop once they decide.

A setting's probability ``p`` of the target is estimated from independent success/failure
replications.  They run in *looks* (batches); after each look, with ``s`` successes in ``n``
replications, the one-sided Wilson bounds at level ``1 - alpha`` decide:

* **above** -- the lower bound exceeds the goal: ``p >= goal``;
* **below** -- the upper bound is under the goal: ``p < goal``;
* **open** -- otherwise: run the next look.  At the cap (the replications asked for) the
  setting's own rule decides, as without early stopping; and a look also stops when that rule's
  outcome at the cap can no longer change whatever the remaining replications give
  (*curtailment*: exact, no error at all).

**Error rate.**  A look that decides "above" when in truth ``p < goal`` (or "below" when
``p >= goal``) happens with probability about ``alpha`` at most at that look (Wilson's coverage
is close to, not exactly, nominal), so at most about ``K * alpha`` over ``K`` looks
(Bonferroni; conservative: at ``p = goal = 0.9`` with 200 fresh replications a simulated 2.0%
of verifications pass early, against the 2.5% allowed on that side).

* **Screening** (:func:`screen_plan`, common random numbers): looks every :data:`LOOK`
  replications up to the screening replications.  "Below" at the 99% two-sided Wilson level
  (``alpha`` = 0.5% a look, the level screening stopped early at before); "above" at the
  solve's one-sided ``confidence`` (5% a look at 0.95).  Screening only steers the search --
  the answer is verified on fresh replications -- and its rule at the cap (the estimate
  reaches the goal) is itself looser than either bound.
* **Verification** (:func:`verify_plan`, fresh replications): looks at quarters of the
  verification replications, both sides at ``alpha = (1 - confidence) / K`` a look, so the
  chance that an early stop by a bound decides wrongly is at most about ``1 - confidence``
  (5% at 0.95).  An
  early "above" implies both accept rules (the estimate, and the one-sided lower bound at
  ``confidence``) would hold at that point.  A setting whose probability is near the goal
  runs to the cap and the accept rule decides, exactly as without early stopping.
* **Futility under** ``accept="bound"``: a setting passes at the cap only if its estimate is
  at least ``p_pass`` (the least ``s / cap`` whose one-sided lower bound reaches the goal:
  0.935 at 200 replications, 0.95 at 100, for a goal of 0.9).  A look sets it aside ("below")
  where its upper bound at the look's ``alpha`` (screening pooled, as for "below") is under
  ``p_pass`` instead of under the goal: even at that bound it would more likely fail than pass
  at the cap.  This cannot pass a setting (the answer's guarantee is the bound's); a setting
  whose probability is ``p_pass`` or more is set aside at a look with probability at most
  ``alpha``, and those between the goal and ``p_pass`` would mostly fail at the cap anyway
  (simulated, 200 replications, goal 0.9: a setting at 0.95 passes 87.5% of the time with or
  without it; at 0.88 it stops after 94 fresh replications on average instead of 118).
* **Screening evidence for "below" in verification** (``prior``): at a look, the "below" bound
  is taken on the setting's screening replications and its fresh ones together (the two are
  independent runs of the same setting: another seed).  "Above" and the accept rule at the cap
  use the fresh replications alone, so the answer's guarantee -- the least-cost setting that
  passed verification on fresh replications -- is unchanged; pooling only lets a shortlisted
  setting that screened well below the goal be set aside at an earlier look.  (Under the
  estimate rule it does not help ``seats_needed``'s 68 seats, a probability of about 0.88-0.895
  -- near enough to 0.9 that no bound at these levels decides before curtailment; under the
  bound's futility it does: 30 of 35 screened and 22 of 25 fresh set it aside at the first
  look of 100.)
  Its error is on the "below" side
  only (a setting that does reach the goal passed over, the same kind of error the shortlist
  already makes from screening alone), at the same ``alpha`` a look; the shortlist keeps
  settings whose screening looked good, so their screening leans high and pooling it errs
  towards keeping a setting, not dropping it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from statistics import NormalDist

__all__ = ["ABOVE", "BELOW", "LOOK", "OPEN", "Plan", "screen_plan", "verify_plan"]

ABOVE, BELOW, OPEN = 1, -1, 0
LOOK = 5            # screening replications per look
VERIFY_LOOKS = 4    # verification looks (quarters of the fresh replications)
BELOW_SCREEN = 0.005  # one-sided error a look of a screening "below" (99% two-sided)


def wilson_bound(s: int, n: int, alpha: float, side: int) -> float:
    """One-sided Wilson bound at level ``1 - alpha``: the lower (``side=+1``) or upper
    (``side=-1``) bound on a proportion with ``s`` successes in ``n``."""
    z = _z(alpha)
    p = s / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half) if side > 0 else min(1.0, centre + half)


@lru_cache(maxsize=64)
def _z(alpha: float) -> float:
    return NormalDist().inv_cdf(1 - alpha)


@dataclass(frozen=True)
class Plan:
    """When to look and how to decide.  ``cap``: the replications asked for; ``looks``: the
    replication counts after which the bounds are looked at; ``every``: replications between
    checks for curtailment (exact, so as often as convenient); ``alpha_above`` /
    ``alpha_below``: the one-sided error a look; ``final``: the rule at the cap (successes ->
    passes)."""

    goal: float
    cap: int
    looks: tuple[int, ...]
    alpha_above: float
    alpha_below: float
    final: Callable[[int], bool]
    every: int = LOOK
    #: False: run to the cap whatever the looks say (an estimate wanted, not a decision)
    early: bool = True
    #: (successes, replications) run before, independent of these (the setting's screening):
    #: pooled with them for a "below" at a look only, never for "above" or at the cap
    prior: tuple[int, int] = (0, 0)
    #: "below" at a look: the upper bound under this level (None: the goal); see verify_plan
    below_level: float | None = None

    def decide(self, s: int, n: int) -> int:
        """ABOVE, BELOW or OPEN after ``s`` successes in ``n`` replications."""
        if n >= self.cap:
            return ABOVE if self.final(s) else BELOW
        if not self.early:
            return OPEN
        if self.final(s):  # passes at the cap even if every remaining replication fails
            return ABOVE
        if not self.final(s + self.cap - n):  # fails at the cap even if all succeed
            return BELOW
        if n not in self.looks:
            return OPEN
        if wilson_bound(s, n, self.alpha_above, +1) > self.goal:
            return ABOVE
        ps, pn = self.prior
        level = self.goal if self.below_level is None else self.below_level
        if wilson_bound(s + ps, n + pn, self.alpha_below, -1) < level:
            return BELOW
        return OPEN

    def next_check(self, n: int) -> int:
        """How many replications to have run at the next check after ``n``: the next look or
        curtailment check, whichever comes first."""
        look = next((k for k in self.looks if k > n), self.cap)
        return min(look, (n // self.every + 1) * self.every, self.cap)

    def run(self, rows_of: Callable[[list[int]], list[tuple[float, ...]]],
            rows: list[tuple[float, ...]] | None = None
            ) -> tuple[int, list[tuple[float, ...]]]:
        """Run replications ``0, 1, ...`` (``rows_of`` runs a list of them; the first element
        of a row is the success indicator) until the plan decides; ``rows``: those run
        already.  Returns the decision and every row."""
        rows = list(rows or [])
        s = int(sum(r[0] for r in rows))
        while True:
            if rows:
                d = self.decide(s, len(rows))
                if d != OPEN:
                    return d, rows
            new = rows_of(list(range(len(rows), self.next_check(len(rows)))))
            rows += new
            s += int(sum(r[0] for r in new))


def _looks(cap: int, every: int) -> tuple[int, ...]:
    return tuple(sorted({*range(every, cap, every), cap}))


def screen_plan(goal: float, cap: int, confidence: float) -> Plan:
    """Screening: a look every :data:`LOOK` replications; at the cap the estimate decides."""
    return Plan(goal, cap, _looks(cap, LOOK), 1 - confidence, BELOW_SCREEN,
                lambda s: s / cap >= goal)


def verify_plan(goal: float, cap: int, confidence: float, accept: str, *,
                early: bool = True, prior: tuple[int, int] = (0, 0)) -> Plan:
    """Verification: :data:`VERIFY_LOOKS` looks (quarters of ``cap``), ``(1 - confidence) /
    VERIFY_LOOKS`` a look and side; at the cap ``accept`` decides (``"estimate"``: the
    estimate reaches the goal; ``"bound"``: the one-sided lower bound at ``confidence``).
    ``early=False``: no early stop (one look, at the cap).  ``prior``: the setting's screening
    (successes, replications), pooled for "below" at a look; with ``"bound"``, "below" at a
    look means under the least estimate that passes at the cap (futility; see the module
    docstring)."""
    def final(s: int) -> bool:
        if accept == "bound":
            return wilson_bound(s, cap, 1 - confidence, +1) >= goal
        return s / cap >= goal

    if not early:  # one look, at the cap
        return Plan(goal, cap, (cap,), 0.5, 0.5, final, every=cap, early=False)
    k = min(VERIFY_LOOKS, cap)
    looks = tuple(sorted({math.ceil(cap * (i + 1) / k) for i in range(k)}))
    alpha = (1 - confidence) / len(looks)
    level = None
    if accept == "bound":  # futility: under the least estimate that passes at the cap
        level = next((s / cap for s in range(cap + 1) if final(s)), 1.0)
    return Plan(goal, cap, looks, alpha, alpha, final, every=2 * LOOK, prior=prior,
                below_level=level)
