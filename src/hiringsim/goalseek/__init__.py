"""Goal seeking: the least-cost lever setting that reaches the target with a wanted probability.

"What must we change to be 90% sure of +10,000 net by the deadline, at least cost?"  Levers are
dotted scenario paths with a grid ``low, low + step, ..., high``.  A setting's probability is the
share of replications with ``target_by_deadline``; its cost is linear in the levers (a cost per
unit above the base value), a callable, or by default the simulated ``cost_total`` mean.

The search (index space, each lever ordered so that a higher index helps):

1. **Screening** with common random numbers: every candidate runs replications ``0..n-1`` of
   one seed, in chunks; a candidate whose 99% Wilson interval already lies below the goal stops
   early.  "Feasible" while searching means the screening estimate reaches the goal
   (:mod:`~hiringsim.goalseek.problem`, :mod:`~hiringsim.goalseek.evaluate`).
2. **Search**: ``grid`` screens every setting; ``staircase`` assumes the probability rises with
   every lever and finds, for each combination of the other levers, the least value of the last
   one that reaches the goal (bisection, or galloping down from the neighbour's answer; rows
   that cannot be cheaper than the best found are skipped); ``greedy`` (many levers) starts from
   every lever at its best, lowers the lever that saves most as far as the goal allows, and then
   tries one-step exchanges between pairs of levers.  ``auto`` picks grid for tiny grids, the
   staircase while its size fits ``max_evaluations``, else greedy.  Staircase and greedy
   assume that the probability does not fall, and the cost does not fall, as a lever moves
   in its helpful ``direction``; the grid assumes nothing.  Each strategy is one module of
   :mod:`~hiringsim.goalseek.search` with the signature ``search(problem) -> evaluations``.
   Then **whole-number refinement** (:mod:`~hiringsim.goalseek.refine`): for each lever that
   sets an integer field, the integers between the answer's grid value and the one below it
   (which fell short) are bisected with the same common random numbers, so a step of 2 seats
   cannot answer 70 where 69 suffice.
3. **Verification**: the screened settings whose one-sided Wilson upper bound reaches the goal
   form a shortlist, cheapest first; each is re-run with *fresh* replications (another seed)
   until one passes (``accept="estimate"``: the fresh estimate reaches the goal;
   ``"bound"``: its one-sided lower bound does).  The answer reports that fresh estimate and
   its Wilson interval.  If every lever at its best cannot plausibly reach the goal, the result
   says so (``feasible=False``) with the verified best achievable probability
   (:mod:`~hiringsim.goalseek.verify`; the result: :mod:`~hiringsim.goalseek.result`).

**Input uncertainty.** A scenario that declares uncertain inputs (``[uncertain."<path>"]``)
draws them in every replication, screening and verification alike (``inputs="uncertain"``, the
default; a lever's own path is set, not drawn), so the probability is *with input
uncertainty* and the answer says so.  The same solve with fixed inputs (each at its value in the
file, same seeds) is run beside it (``compare_fixed=True``; ``result.fixed``) and the report
shows both answers, labelled.  ``inputs="fixed"`` solves with fixed inputs only.

Costs in the answer are labelled: "cost above the base values $X", or "saves $X against the
base values" when cutting a lever saves money.

Requests and solve files are checked in :mod:`~hiringsim.goalseek.spec`.
"""

from __future__ import annotations

from .result import Candidate, SolveResult
from .search import METHODS
from .solver import solve, solve_one
from .spec import ACCEPT, Lever, SolveError, SolveOptions, SolveSpec, load_solve, solve_json_schema

__all__ = ["ACCEPT", "METHODS", "Candidate", "Lever", "SolveError", "SolveOptions", "SolveResult",
           "SolveSpec", "load_solve", "solve", "solve_json_schema", "solve_one"]
