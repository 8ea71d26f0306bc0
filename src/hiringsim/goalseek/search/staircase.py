"""Staircase search: for each combination of the other levers, the least value of the last.

Assumes the probability rises with every lever.  Each row is searched from a probe's guess
(:mod:`~hiringsim.goalseek.search._least`), below a neighbouring row's answer where there is
one; rows that cannot be cheaper than the best setting found are skipped.  Every lever at its
best is screened only where a row's search reaches it (and by verification when nothing
passes).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from ._least import least_feasible

if TYPE_CHECKING:  # pragma: no cover
    from ..evaluate import Evaluation
    from ..problem import Problem

__all__ = ["search"]


def search(problem: Problem) -> list[Evaluation]:
    """The least feasible setting of every row, up to ``max_evaluations`` settings."""
    pb = problem
    d = len(pb.sizes)
    least: dict[tuple, int | None] = {}
    best = math.inf
    for head in itertools.product(*[range(n) for n in pb.sizes[:-1]]):
        if pb.over_budget():
            break
        if pb.rows_rise_in_cost and pb.cost(head + (0,)) > best:
            continue  # nothing in this row can be cheaper than a setting already found
        hi, known = pb.sizes[-1] - 1, False
        for k in range(d - 1):
            if head[k] > 0:
                m = least.get(head[:k] + (head[k] - 1,) + head[k + 1:])
                if m is not None and (not known or m < hi):
                    hi, known = m, True
        m = least_feasible(pb, _in_row(head), hi, known, refine=d == 1)
        least[head] = m
        if m is not None:
            pb.evaluate(head + (m,))  # inferred boundary points are screened too
            if pb.feasible(head + (m,)):
                best = min(best, pb.cost(head + (m,)))
    return list(pb.cache.values())


def _in_row(head: tuple[int, ...]) -> Callable[[int], tuple[int, ...]]:
    """The setting ``head + (j,)`` for each index ``j`` of the last lever."""
    return lambda j: head + (j,)
