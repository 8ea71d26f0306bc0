"""Search strategies over a :class:`~hiringsim.goalseek.problem.Problem`, chosen by name.

Every strategy is one module with one function of one signature (the SALib way)::

    search(problem: Problem) -> list[Evaluation]

It screens settings through ``problem.evaluate`` (which caches them) and returns every setting
screened, in screening order.  ``grid`` screens every setting and assumes nothing;
``staircase`` and ``greedy`` assume that the probability does not fall, and the cost does not
fall, as a lever moves in its helpful direction.  ``auto`` (see :func:`choose`) picks grid for
tiny grids, the staircase while its size fits ``max_evaluations``, else greedy.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

from . import greedy, grid, staircase

if TYPE_CHECKING:  # pragma: no cover
    from ..evaluate import Evaluation
    from ..problem import Problem

__all__ = ["GRID_AUTO", "METHODS", "SEARCHES", "choose"]

#: strategy name -> ``search(problem) -> list[Evaluation]``
SEARCHES: dict[str, Callable[[Problem], list[Evaluation]]] = {
    "grid": grid.search,
    "staircase": staircase.search,
    "greedy": greedy.search,
}
METHODS = ("auto", *SEARCHES)
GRID_AUTO = 24      # auto: screen every setting up to this many


def choose(method: str, sizes: list[int], max_evaluations: int) -> str:
    """The strategy ``method`` names; ``auto`` decides by the grid's ``sizes``."""
    if method != "auto":
        return method
    rows = math.prod(sizes[:-1])
    return ("grid" if math.prod(sizes) <= GRID_AUTO else
            "staircase" if 2 * rows <= max_evaluations else "greedy")
