"""Refining whole-number levers below the user's step: the least-cost integer, not the step's.

The search screens each lever on its grid ``low, low + step, ...``; with ``step = 2`` it answers
70 seats where 69 suffice, because it never tries 69.  After the search, for each whole-number
lever (a scenario field that is an ``int``) of the cheapest setting that reaches the goal, the
integers strictly between the last grid value that falls short (one step below, in the lever's
helpful direction) and the answer's are put into the lever's grid, and a monotone bisection over
them -- the other levers held at the answer's values, the same screening seed, so the same
common random numbers -- finds the least one that reaches the goal.  Levers are refined one at a
time, each from the setting the previous refinement found.  The refined settings join the
screened ones, so verification on fresh replications (:mod:`~hiringsim.goalseek.verify`) takes
the cheapest plausible of all, as it would on the grid.  Like the staircase, the bisection
assumes the probability does not fall as the lever moves in its helpful direction.

**Around the probe's guess, before the search** (:func:`refine_around`, one lever): the
search's probe (:mod:`~hiringsim.goalseek.search._least`) guesses the boundary from one
replication; the integers between the grid values on either side of the guess join the grid
before anything is screened, so the search can stop at the least integer without screening
the grid value above it.  ``seats_needed`` (step 2): the probe guesses 68, 67 and 69 join the
grid, and the search screens 68 and 69 -- not 70 as well.  With several levers the grid is
left alone until the search ends (the staircase carries indices from row to row).
"""

from __future__ import annotations

from .evaluate import Evaluation
from .problem import Index, Problem

__all__ = ["cheapest_feasible", "refine_around", "refine_integers"]


def cheapest_feasible(problem: Problem) -> Evaluation | None:
    """The cheapest screened setting whose screening estimate reaches the goal (and that was
    not rejected on fresh replications)."""
    ok = [ev for ev in list(problem.cache.values()) if problem.feasible(ev.idx)]
    return min(ok, key=lambda ev: (ev.cost, -ev.p, ev.idx)) if ok else None


def _between(a: float, b: float) -> list[int]:
    """The integers strictly between grid values ``a`` and ``b``, in order from ``a``."""
    a, b = int(round(a)), int(round(b))
    d = 1 if b > a else -1
    return list(range(a + d, b, d))


def refine_integers(problem: Problem) -> list[Index]:
    """Refine each whole-number lever of the cheapest feasible setting below its step; returns
    the settings screened by the refinement (in order)."""
    pb = problem
    screened: list[Index] = []
    for pos in range(len(pb.levers)):
        best = cheapest_feasible(pb)
        if best is None or not pb.is_whole(pos):
            return screened
        b = best.idx[pos]
        if b == 0:
            continue
        grid = pb.grids[pos]
        below = best.idx[:pos] + (b - 1,) + best.idx[pos + 1:]
        between = _between(grid[b - 1], grid[b])
        if not between:
            continue
        if pb.feasible(below):
            continue  # the search did not bracket the answer (greedy): leave the grid alone
        head = best.idx  # before the insertion moves its index along this lever
        pb.insert(pos, b - 1, between)
        lo_bad, good = b - 1, b + len(between)
        while good - lo_bad > 1:
            mid = (good + lo_bad) // 2
            idx = head[:pos] + (mid,) + head[pos + 1:]
            screened.append(idx)
            if pb.feasible(idx):
                good = mid
            else:
                lo_bad = mid
    return screened


def refine_around(problem: Problem, guess: int) -> int:
    """One whole-number lever: put the integers between the grid values next to index
    ``guess`` into its grid; returns the guess's index afterwards."""
    pb = problem
    if len(pb.levers) != 1 or not pb.is_whole(0):
        return guess
    value = pb.grids[0][guess]
    for at in (guess, guess - 1):  # above the guess first: the indices below stay put
        if 0 <= at < pb.sizes[0] - 1:
            pb.insert(0, at, _between(pb.grids[0][at], pb.grids[0][at + 1]))
    return pb.grids[0].index(value)
