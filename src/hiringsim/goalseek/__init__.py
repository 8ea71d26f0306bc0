"""Goal seeking: the least-cost lever setting that reaches the target with a wanted probability.

"What must we change to be 90% sure of +10,000 net by the deadline, at least cost?"  Levers are
dotted scenario paths with a grid ``low, low + step, ..., high``.  A setting's probability is the
share of replications with ``target_by_deadline``; its cost is linear in the levers (a cost per
unit above the base value), a callable, or by default the simulated ``cost_total`` mean.

The search (index space, each lever ordered so that a higher index helps):

1. **Screening** with common random numbers: every candidate runs replications ``0, 1, ...``
   of one seed, up to ``replications``, in looks of 5; it stops as soon as its one-sided
   Wilson bounds decide it (upper bound below the goal at 99.5%, lower bound above it at
   ``confidence``, each a look) or the estimate at the cap can no longer change side.
   "Feasible" while searching means the screening estimate reaches the goal; each setting is
   screened once (cached by lever value across the search and the refinement), and a
   replication computes only the KPIs the solve needs
   (:mod:`~hiringsim.goalseek.problem`, :mod:`~hiringsim.goalseek.evaluate`).
2. **Search**: ``grid`` screens every setting; ``staircase`` assumes the probability rises with
   every lever and finds, for each combination of the other levers, the least value of the last
   one that reaches the goal (a probe -- screening replication 0 alone, bisected over the
   lever with common random numbers -- guesses the boundary, then a gallop from the guess and a
   bisection of the bracket, below the neighbouring row's answer where there is one; rows
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
   cannot answer 70 where 69 suffice; with one such lever the integers next to the probe's
   guess join the grid before the search, which can then stop at 69 without screening 70.
3. **Verification**: the screened settings whose one-sided Wilson upper bound reaches the goal
   form a shortlist, cheapest first; each is re-run with *fresh* replications (another seed)
   until one passes (``accept="estimate"``: the fresh estimate reaches the goal;
   ``"bound"``: its one-sided lower bound does).  The fresh replications run in four looks
   (quarters of ``verify_replications``) and stop early only where a one-sided Wilson bound at
   ``(1 - confidence) / 4`` already decides -- so an early decision is wrong with probability
   at most ``1 - confidence`` (Bonferroni over the looks) -- or where the accept rule's outcome
   can no longer change; near the goal they run to the cap.  The answer reports that fresh
   estimate, its Wilson interval and how many fresh replications it took.  If every lever at
   its best cannot plausibly reach the goal, the result says so (``feasible=False``) with the
   verified best achievable probability, from all the fresh replications
   (:mod:`~hiringsim.goalseek.verify`; the result: :mod:`~hiringsim.goalseek.result`).
   A setting rejected on fresh replications falls short for the search, which runs again
   (cached) so that settings above it that were never screened are; with
   ``accept="bound"`` a look also sets aside a setting whose upper bound is under the least
   estimate that passes at the cap (futility).

**Input uncertainty.** A scenario that declares uncertain inputs (``[uncertain."<path>"]``)
draws them in every replication, screening and verification alike (``inputs="uncertain"``, the
default; a lever's own path is set, not drawn), so the probability is *with input
uncertainty* and the answer says so.  The same solve with fixed inputs (each at its value in the
file, same seeds) is run beside it (``compare_fixed=True``; ``result.fixed``) and the report
shows both answers, labelled.  ``inputs="fixed"`` solves with fixed inputs only.

Costs in the answer are labelled: "cost above the base values $X", or "saves $X against the
base values" when cutting a lever saves money.

**Stopping rule** (screening and verification, with its error rates):
:mod:`~hiringsim.goalseek.sequential`.  Requests and solve files are checked in
:mod:`~hiringsim.goalseek.spec`.
"""

from __future__ import annotations

from .result import Candidate, SolveResult
from .search import METHODS
from .solver import solve, solve_one
from .spec import ACCEPT, Lever, SolveError, SolveOptions, SolveSpec, load_solve, solve_json_schema

__all__ = ["ACCEPT", "METHODS", "Candidate", "Lever", "SolveError", "SolveOptions", "SolveResult",
           "SolveSpec", "load_solve", "solve", "solve_json_schema", "solve_one"]
