"""The least feasible index of one lever, the others fixed: a probe, then a galloping bisection.

Screening a setting that reaches the goal costs the most (all successes need 25 replications
before the one-sided 95% Wilson bound clears 0.9; one that falls far short stops at 5), so the
search first guesses where the boundary is and screens as few settings as it can around it.

1. **Probe** (common random numbers, one replication): screening replication 0 is bisected
   alone over the lever's indices, a single run a step, to the least index at which *that
   replication* reaches the target (:meth:`~hiringsim.goalseek.problem.Problem.probe`).  With
   common random numbers a replication that reaches the target with a lever at ``j`` almost
   always does so at ``j + 1`` too, so its threshold is a guess of the boundary.  The probe's
   runs are kept as the first row of the settings' screenings: a setting the search screens
   afterwards costs nothing more for having been probed, and its screening is the same.
2. **Gallop** from the guess: screen it; if it reaches the goal, screen 1, 2, 4, ... indices
   below until one falls short; if not, 1, 2, 4, ... above until one reaches it.
3. **Bisect** the bracket that leaves, as before.

With one lever that sets a whole number, the integers next to the guess join the grid between
steps 1 and 2 (:func:`~hiringsim.goalseek.refine.refine_around`) and the probe's bisection
goes on over them (a run or two), so the gallop can stop at the least integer.

The answer is a least index that reaches the goal with the one below falling short, as a plain
bisection finds: the probe only chooses which settings are screened (it decides nothing), and
where the screening estimates rise with the lever -- what the staircase and greedy searches
assume -- both find the same index.  ``seats_needed`` (40-96 seats, step 2): the probe's four
runs guess 68, and the search screens 68 and 69 where a bisection screened 66, 80, 72, 68, 70
and the refinement 69.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ..problem import Problem

__all__ = ["least_feasible", "probe_guess"]


def probe_guess(problem: Problem, at: Callable[[int], tuple[int, ...]], hi: int) -> int:
    """The least index ``j <= hi`` at which screening replication 0 reaches the target,
    bisected on that replication alone (``hi`` when it reaches it at no index below ``hi``;
    ``hi`` itself is not probed: the search screens it when it gets there)."""
    lo_bad, good = -1, hi
    for j in range(hi):  # what is known already (a search run again) narrows the bisection
        seen = problem.probed(at(j))
        if seen is True:
            good = min(good, j)
        elif seen is False and j < good:
            lo_bad = max(lo_bad, j)
    while good - lo_bad > 1:
        mid = (good + lo_bad) // 2
        if problem.probe(at(mid)):
            good = mid
        else:
            lo_bad = mid
    return good


def least_feasible(problem: Problem, at: Callable[[int], tuple[int, ...]], hi: int,
                   known: bool, *, refine: bool = False) -> int | None:
    """Least index ``j <= hi`` of one lever that reaches the goal, the setting being ``at(j)``;
    ``hi`` is feasible when ``known`` (inferred from a neighbour), else it is screened when the
    search reaches it.  ``None``: not even ``hi`` reaches the goal.  ``refine`` (the only
    lever, a whole number): the integers next to the probe's guess join its grid first
    (:func:`~hiringsim.goalseek.refine.refine_around`)."""
    feasible = problem.feasible
    g = probe_guess(problem, at, hi)
    if refine:
        from ..refine import refine_around  # (refine imports the problem, which imports us)

        size = problem.sizes[0]
        refine_around(problem, g)
        hi += problem.sizes[0] - size
        g = probe_guess(problem, at, hi)  # replication 0 on the new integers only
    good: int | None = hi if known else None
    lo_bad = -1
    step = 1
    if feasible(at(g)):  # gallop down
        good = g
        while good > lo_bad + 1:
            j = max(good - step, lo_bad + 1)
            if not feasible(at(j)):
                lo_bad = j
                break
            good, step = j, step * 2
    else:  # gallop up
        lo_bad = g
        while good is None or good > lo_bad + 1:
            j = min(lo_bad + step, hi)
            if good is not None and j >= good:
                break
            if feasible(at(j)):
                good = j
                break
            if j == hi:
                return None
            lo_bad, step = j, step * 2
    assert good is not None
    while good - lo_bad > 1:
        mid = (good + lo_bad) // 2
        if feasible(at(mid)):
            good = mid
        else:
            lo_bad = mid
    return good
