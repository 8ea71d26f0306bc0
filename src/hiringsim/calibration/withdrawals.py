"""Withdrawal hazards while waiting: for a stage's resource, and for a position or class.

Withdrawals over person-days waiting (the queue is in - out, from the cumulative counts), an
exact Poisson interval on the counts divided by the Pearson dispersion of the withdrawals per
period against the hazard times each period's person-days (quasi-Poisson), turned into the
weekly probability the scenario uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..measures.observed import OFFER
from ..schedules import class_starts
from .estimate import Estimate
from .likelihood import poisson_ci
from .uncertainty import dispersion, pearson

if TYPE_CHECKING:  # pragma: no cover
    from ..scenario import Role
    from .series import Data, Series

__all__ = ["estimate"]


def estimate(data: Data, role: Role, *, confidence: float) -> list[Estimate]:
    """Each resource stage's ``withdraw_per_week`` (from entered, started, withdrew) and the
    role's ``offer_withdraw_per_week`` (from the last stage's passed, hires or academy entries,
    and withdrew at stage 'offer')."""
    sc = data.sc
    out = []
    days = sc.days
    for s in role.stages:
        if s.resource is None:
            continue
        entered, started, withdrew = (data.get(role.name, m, s.name)
                                      for m in ("entered", "started", "withdrew"))
        if entered is None or started is None or withdrew is None:
            continue
        r = _waiting_hazard(entered, [started], withdrew, days, confidence, on=[None])
        if r is not None:
            out.append(Estimate(f"roles.{role.name}.stages.{s.name}.withdraw_per_week",
                                "withdrawal probability per week waiting", role.name, s.name,
                                s.withdraw_per_week, _weekly(r[0]), _weekly(r[1]),
                                _weekly(r[2]), r[3], f"withdrawals / {r[4]:,.0f} person-days "
                                f"in the queue (exact Poisson; dispersion {r[5]:.2f})",
                                "", r[5]))
    last = role.stages[-1].name
    passed, hired, withdrew = (data.get(role.name, "passed", last),
                               data.get(role.name, "hires"),
                               data.get(role.name, "withdrew", OFFER))
    if role.academy is not None and hired is None:
        hired = data.get(role.name, "academy_entered")
    if passed is not None and hired is not None and withdrew is not None:
        on = np.asarray(class_starts(sc, role)) if role.academy else None
        r = _waiting_hazard(passed, [hired], withdrew, days, confidence, on=[on])
        if r is not None:
            out.append(Estimate(f"roles.{role.name}.offer_withdraw_per_week",
                                "withdrawal probability per week waiting for a position/class",
                                role.name, OFFER, role.offer_withdraw_per_week, _weekly(r[0]),
                                _weekly(r[1]), _weekly(r[2]), r[3],
                                f"withdrawals / {r[4]:,.0f} person-days on the waiting list "
                                f"(exact Poisson; dispersion {r[5]:.2f})", "", r[5]))
    return out


def _waiting_hazard(inflow: Series, outflows: list[Series], withdrew: Series, days: int,
                    confidence: float, on: list[np.ndarray | None]):
    """(rate per day, low, high, withdrawals, person-days, dispersion) from cumulative counts,
    or None."""
    series = [inflow, *outflows, withdrew]
    last = min(s.last for s in series)
    first = min(s.first for s in series)
    if not all(s.contiguous for s in series) or inflow.first > first:
        return None
    q = np.cumsum(inflow.within(last).daily(days))
    for s, place in zip([*outflows, withdrew], [*on, None], strict=True):
        q = q - np.cumsum(s.within(last).daily(days, place))
    q = np.maximum(q[: last + 1], 0)
    daily = (np.concatenate([[0], q[:-1]]) + q) / 2
    exposure = float(daily.sum())
    wd = withdrew.within(last)
    w = float(wd.v.sum())
    if exposure <= 0:
        return None
    cum = np.concatenate([[0], np.cumsum(daily)])
    chi2, terms = pearson(wd.v, w / exposure * (cum[wd.d1 + 1] - cum[wd.d0]))
    phi = dispersion(chi2, terms - 1)
    lo, hi = (phi * v for v in poisson_ci(w / phi, confidence))
    return w / exposure, lo / exposure, hi / exposure, w, exposure, phi


def _weekly(rate: float) -> float:
    return float(-np.expm1(-7 * rate))
