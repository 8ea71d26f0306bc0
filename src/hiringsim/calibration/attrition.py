"""Attrition: separations against the expected separations of the starting staff and of each
graduate (or hire) cohort under the scenario's tenure bands, all hazards scaled by one factor
k; profile-likelihood interval for k, mapped to each annual rate."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from ..schedules import YEAR, class_starts
from .estimate import Estimate
from .likelihood import GRID, convolve, period_sums, profile_interval

if TYPE_CHECKING:  # pragma: no cover
    from ..scenario import Role
    from .series import Data

__all__ = ["estimate"]


def estimate(data: Data, role: Role, *, confidence: float) -> list[Estimate]:
    """The role's annual attrition rate and each tenure band's, from ``separations`` and
    ``academy_graduated`` (or ``hires`` without an academy)."""
    sc = data.sc
    sep = data.get(role.name, "separations")
    if role.academy is not None:
        inflow = data.get(role.name, "academy_graduated")
        on = np.asarray(class_starts(sc, role)) + role.academy.length_days
        offset = 0.0
    else:
        inflow, on, offset = data.get(role.name, "hires"), None, 0.5
    if sep is None or inflow is None or not inflow.contiguous:
        return []
    att = role.attrition
    days = sc.days
    h_long = -math.log1p(-att.annual_rate)
    bands = [(b.until_years, -math.log1p(-b.annual_rate)) for b in att.bands]
    if h_long == 0 and all(h == 0 for _, h in bands):
        h_long, bands = 1.0, []  # nothing to scale: fit the hazard itself
    sep = sep.within(inflow.last)

    def cumhaz(tau_years):
        out = np.zeros_like(tau_years)
        start = 0.0
        for until, h in bands:
            out += h * np.clip(tau_years - start, 0, until - start)
            start = until
        return out + h_long * np.clip(tau_years - start, 0, None)

    t_end = np.arange(days) + 1.0  # end of each day
    lag = np.maximum(np.arange(days) + 1.0 - offset, 0) / YEAR
    z = inflow.daily(days, on)
    hz = cumhaz(lag)[None, :]

    def loglik(ks):
        ks = ks[:, None]
        init = role.initial * -np.expm1(-ks * h_long * t_end / YEAR)
        cum = init + convolve(z, -np.expm1(-ks * hz), days)
        daily = np.diff(np.concatenate([np.zeros((len(ks), 1)), cum], axis=1), axis=1)
        exp_ = np.maximum(period_sums(daily, sep), 1e-12)
        return (sep.v[None, :] * np.log(exp_) - exp_).sum(axis=1)

    ks = np.geomspace(0.05, 20, 2 * GRID)
    _, lo, hi, edge = profile_interval(ks, loglik(ks), confidence)
    r = (ks[1] / ks[0]) ** 2
    ks = np.geomspace(max(lo / r, ks[0]), min(hi * r, ks[-1]), 121)
    k, lo, hi, _ = profile_interval(ks, loglik(ks), confidence)
    paths = [("annual_rate", att.annual_rate, h_long)] + [
        (f"bands.{i}.annual_rate", b.annual_rate, h) for i, (b, (_, h)) in
        enumerate(zip(att.bands, bands, strict=True))]
    src = "graduate" if role.academy is not None else "hire"
    out = []
    for sub, base, h in paths:
        def rate(f, h=h):
            return float(-np.expm1(-f * h))

        out.append(Estimate(f"roles.{role.name}.attrition.{sub}", "annual attrition"
                            + (f" ({sub.split('.')[0]} {sub.split('.')[1]})" if "." in sub
                               else ""),
                            role.name, "", base, rate(k), rate(lo), rate(hi), float(sep.v.sum()),
                            f"separations vs starting staff and {src} cohorts under the "
                            f"scenario's tenure bands, hazards scaled by one factor "
                            f"(k = {k:.3g} [{lo:.3g}, {hi:.3g}], profile likelihood)",
                            "interval reaches the search range" if edge else ""))
    return out
