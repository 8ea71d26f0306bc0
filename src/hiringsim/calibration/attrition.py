"""Attrition: separations against the expected separations of the starting staff and of each
graduate (or hire) cohort under the scenario's tenure bands.

The long-run hazard is fitted (scaled by a factor k, profile likelihood; the deviance divided
by the Pearson dispersion of the separations per period, not below 1, times the share of the
Poisson variance a total of people who each leave once has, ``1 - sum p^2 / sum p``), the
tenure bands are not: aggregate separations do
not tell a first-year leaver from a later one (the cohorts' separations are spread over years
and the starting staff dominate), so a band's rate is *not identified*.  It is kept at the
scenario's value, and the estimate's note says so with the range of band rates the data would
accept (the band's profile interval, the long-run hazard re-fitted for each).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from ..schedules import YEAR, class_starts
from .estimate import Estimate
from .likelihood import GRID, convolve, period_sums, profile_interval
from .uncertainty import dispersion, pearson

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
    own = h_long == 0  # no long-run hazard to scale: fit it itself
    h_long = 1.0 if own else h_long
    sep = sep.within(inflow.last)
    lag = np.maximum(np.arange(days) + 1.0 - offset, 0) / YEAR
    band_h = np.zeros(days)  # cumulative hazard of the bands, and of the long run after them
    start = 0.0
    for until, h in bands:
        band_h += h * np.clip(lag - start, 0, until - start)
        start = until
    long_h = h_long * np.clip(lag - start, 0, None)
    t_end = (np.arange(days) + 1.0) / YEAR  # end of each day
    z = inflow.daily(days, on)

    def expected(ks, kb):
        """Separations per period for long-run factors ks and band factors kb (rows)."""
        ks, kb = ks[:, None], kb[:, None]
        init = role.initial * -np.expm1(-ks * h_long * t_end)
        cum = init + convolve(z, -np.expm1(-(kb * band_h + ks * long_h)), days)
        daily = np.diff(np.concatenate([np.zeros((len(ks), 1)), cum], axis=1), axis=1)
        return np.maximum(period_sums(daily, sep), 1e-12)

    def loglik(ks, kb=None):
        e = expected(ks, np.ones(len(ks)) if kb is None else kb)
        return (sep.v[None, :] * np.log(e) - e).sum(axis=1)

    ks = np.geomspace(0.05, 20, GRID // 2)
    _, lo, hi, edge = profile_interval(ks, loglik(ks), confidence)
    r = (ks[1] / ks[0]) ** 2
    ks = np.geomspace(max(lo / r, ks[0]), min(hi * r, ks[-1]), 81)
    ll = loglik(ks)
    k = ks[int(np.argmax(ll))]
    chi2, terms = pearson(sep.v, expected(np.array([k]), np.ones(1))[0])
    # each person leaves once: the total varies as a sum of Bernoullis, less than Poisson
    last = sep.last
    p0 = -np.expm1(-k * h_long * t_end[last])
    ps = -np.expm1(-(band_h + k * long_h)[last::-1])  # entered on day s = 0..last
    w = np.concatenate([[role.initial], z[:last + 1]])
    pp = np.concatenate([[p0], ps])
    once = 1 - float((w * pp**2).sum() / max((w * pp).sum(), 1e-12))
    phi = dispersion(chi2, terms - 1) * max(once, 0.2)
    k, lo, hi, _ = profile_interval(ks, ll / phi, confidence)
    src = "graduate" if role.academy is not None else "hire"

    def rate(f, h):
        return float(-np.expm1(-f * h))

    out = [Estimate(f"roles.{role.name}.attrition.annual_rate", "annual attrition", role.name,
                    "", att.annual_rate, rate(k, h_long), rate(lo, h_long), rate(hi, h_long),
                    float(sep.v.sum()),
                    f"separations vs starting staff and {src} cohorts, tenure bands at the "
                    f"scenario's rates, long-run hazard {'fitted' if own else 'scaled'} "
                    f"(k = {k:.3g} [{lo:.3g}, {hi:.3g}], profile likelihood; dispersion "
                    f"{phi:.2f}: {once:.2f} as each leaves once, times the Pearson's)",
                    "interval reaches the search range" if edge else "", phi)]
    for i, (b, (_, h)) in enumerate(zip(att.bands, bands, strict=True)):
        b_lo, b_hi = _band_range(loglik, phi, confidence)
        out.append(Estimate(
            f"roles.{role.name}.attrition.bands.{i}.annual_rate",
            f"annual attrition (band {i}, first {b.until_years:g} years)", role.name, "",
            b.annual_rate, math.nan, math.nan, math.nan, float(sep.v.sum()),
            "not identified", f"not identified: separations do not tell leavers in their "
            f"first {b.until_years:g} years from later ones (band rates from "
            f"{rate(b_lo, h):.3g} to {rate(b_hi, h):.3g} fit them, at {confidence:.0%}, the "
            f"long-run rate re-fitted); fixed at the scenario's value {b.annual_rate:g}"))
    return out


def _band_range(loglik, phi: float, confidence: float) -> tuple[float, float]:
    """Profile interval of one factor on all the band hazards, the long-run factor maximised
    for each (golden-section search on its log, all band factors at once)."""
    kb = np.concatenate([[0.0], np.geomspace(0.02, 50, 20)])
    a, b = np.full(len(kb), math.log(0.01)), np.full(len(kb), math.log(50.0))
    g = (math.sqrt(5) - 1) / 2
    c, d = b - g * (b - a), a + g * (b - a)
    fc, fd = loglik(np.exp(c), kb), loglik(np.exp(d), kb)
    for _ in range(18):  # the bracket shrinks to 2e-4 of its log width (8.5)
        left = fc > fd  # the maximum lies in [a, d]
        a, b = np.where(left, a, c), np.where(left, d, b)
        c2, d2 = b - g * (b - a), a + g * (b - a)
        c, d = np.where(left, c2, d), np.where(left, c, d2)
        fc, fd = np.where(left, loglik(np.exp(c2), kb), fd), np.where(left, fc,
                                                                      loglik(np.exp(d2), kb))
    _, lo, hi, _ = profile_interval(kb, np.maximum(fc, fd) / phi, confidence)
    return lo, hi
