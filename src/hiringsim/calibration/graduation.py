"""Academy graduation rate: graduates by day t over entrants by day t - class length; Jeffreys
beta of the counts divided by the binomial dispersion of the graduates per period against the
rate times the entrants a class length earlier."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from ..schedules import class_starts
from .estimate import Estimate
from .uncertainty import beta_counts, dispersion, pearson

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
    daily = ent.daily(sc.days, on)
    n = float(np.cumsum(daily)[cut]) if cut >= 0 else 0.0
    g = float(grad.v.sum())
    n = round(n)
    if n <= 0 or g > n:
        return []
    p = g / n
    # entrants due to graduate in each period (a class length earlier)
    cum = np.concatenate([[0.0], np.cumsum(daily)])
    due = cum[np.clip(grad.d1 + 1 - ac.length_days, 0, None)] - cum[
        np.clip(grad.d0 - ac.length_days, 0, None)]
    chi2, terms = pearson(grad.v, p * due, due * p * (1 - p)) if 0 < g < n else (0.0, 0)
    phi = dispersion(chi2, terms - 1)
    return [Estimate(f"roles.{role.name}.academy.graduation_rate", "academy graduation rate",
                     role.name, "academy", ac.graduation_rate, p, math.nan, math.nan, n,
                     f"graduates by day {t} / entrants by day {cut} (Jeffreys beta; "
                     f"binomial dispersion {phi:.2f})", "", phi, beta_counts(g, n, phi))]
