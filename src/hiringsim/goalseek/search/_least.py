"""The least feasible index of one lever, the others fixed (a monotone bisection)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ..problem import Problem

__all__ = ["least_feasible"]


def least_feasible(problem: Problem, at: Callable[[int], tuple[int, ...]], hi: int,
                   known: bool) -> int | None:
    """Least index ``j <= hi`` of one lever that reaches the goal, the setting being ``at(j)``;
    ``hi`` is feasible when ``known`` (inferred from a neighbour), else it is checked first."""
    if not known:
        if not problem.feasible(at(hi)):
            return None
        lo_bad = -1
        # plain bisection over [0, hi]
        good = hi
    else:
        # gallop down from a known-feasible hi
        good, step, lo_bad = hi, 1, -1
        while good > 0:
            j = max(good - step, 0)
            if problem.feasible(at(j)):
                good, step = j, step * 2
            else:
                lo_bad = j
                break
    while good - lo_bad > 1:
        mid = (good + lo_bad) // 2
        if problem.feasible(at(mid)):
            good = mid
        else:
            lo_bad = mid
    return good
