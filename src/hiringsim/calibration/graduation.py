"""Academy graduation rate: graduates by day t over entrants by day t - class length (Wilson)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..schedules import class_starts
from ..stats import proportion_ci
from .estimate import Estimate

if TYPE_CHECKING:  # pragma: no cover
    from ..scenario import Role
    from .series import Data

__all__ = ["estimate"]


def estimate(data: Data, role: Role, *, confidence: float) -> list[Estimate]:
    """The role's academy graduation rate, from ``academy_entered`` (or ``hires``) and
    ``academy_graduated``; entrants are placed on the class start days."""
    sc = data.sc
    ac = role.academy
    ent = data.get(role.name, "academy_entered") or data.get(role.name, "hires")
    grad = data.get(role.name, "academy_graduated")
    if ac is None or ent is None or grad is None or not ent.contiguous:
        return []
    on = np.asarray(class_starts(sc, role))
    grad = grad.within(min(grad.last, ent.last + ac.length_days))
    if len(grad.v) == 0:
        return []
    t = grad.last  # graduates by day t are the entrants by day t - length (classes start
    cut = t - ac.length_days  # at the start of a day and last length_days)
    n = float(np.cumsum(ent.daily(sc.days, on))[cut]) if cut >= 0 else 0.0
    g = float(grad.v.sum())
    n = round(n)
    if n <= 0 or g > n:
        return []
    p, lo, hi = proportion_ci(g, n, confidence)
    return [Estimate(f"roles.{role.name}.academy.graduation_rate", "academy graduation rate",
                     role.name, "academy", ac.graduation_rate, p, lo, hi, n,
                     f"graduates by day {t} / entrants by day {cut} (Wilson)")]
