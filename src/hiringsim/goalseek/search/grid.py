"""Exhaustive search: screen every setting of the grid (assumes nothing)."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ..evaluate import Evaluation
    from ..problem import Problem

__all__ = ["search"]


def search(problem: Problem) -> list[Evaluation]:
    """Screen every setting, in index order."""
    for idx in itertools.product(*[range(n) for n in problem.sizes]):
        problem.evaluate(idx)
    return list(problem.cache.values())
