"""Greedy search (many levers): from every lever at its best, lower what saves most.

Each step lowers the lever that saves most as far as the goal allows; at a minimal point it
tries one-step exchanges between pairs of levers.  Assumes the probability rises with every
lever.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from ._least import least_feasible

if TYPE_CHECKING:  # pragma: no cover
    from ..evaluate import Evaluation
    from ..problem import Problem

__all__ = ["search"]


def search(problem: Problem) -> list[Evaluation]:
    """A local minimum of the cost among feasible settings, up to ``max_evaluations``."""
    _descend(problem)
    return list(problem.cache.values())


def _descend(pb: Problem) -> None:
    x = list(pb.top)
    if not pb.feasible(tuple(x)):
        return
    pb.evaluate((0,) * len(x))

    def least_along(x, i) -> int:
        """Least feasible value of lever i with the others at x (x itself is feasible)."""
        least = least_feasible(pb, lambda j: tuple(x[:i]) + (j,) + tuple(x[i + 1:]), x[i], True)
        assert least is not None  # x[i] is known feasible, so there is a least one
        return least

    while not pb.over_budget():
        here = pb.cost(tuple(x))
        moves = []
        for i in range(len(x)):
            if x[i] > 0:
                y = x.copy()
                y[i] = least_along(x, i)
                if y != x:
                    moves.append((pb.cost(tuple(y)) - here, y))
        if not moves:  # a minimal point: try exchanging one step of a lever for another
            for i, j in itertools.permutations(range(len(x)), 2):
                if x[i] + 1 >= pb.sizes[i] or x[j] == 0 or pb.over_budget():
                    continue
                y = x.copy()
                y[i] += 1
                if not pb.feasible(tuple(y)):
                    continue
                y[j] = least_along(y, j)
                c = pb.cost(tuple(y))
                if c < here:
                    moves.append((c - here, y))
                    break
        if not moves:
            return
        saving, y = min(moves, key=lambda m: m[0])
        if saving >= 0:
            return
        x = y
