"""Stage pass rates and mean durations (service times at a resource).

With ``passed`` and ``failed`` over the same periods: the pass rate is their proportion (beta,
widened by the binomial dispersion between periods), and the mean duration comes from the
people in the stage at each period's end against their expectation given the entrants (or, at
a resource, the starts), in the scenario's duration family with its shape (:mod:`.service`).
With ``passed`` alone (no resource): exits are the ``entered`` series convolved with the
stage's whole-day duration pmf and split by the pass rate; Poisson likelihood, profile
likelihood for both, the mean's deviance divided by the Pearson dispersion of the exits.  A
resource stage's service time needs ``failed`` (in a busy queue starts follow departures, so
``passed`` alone does not separate the pass rate from the timing).

Service times used to be person-days in service over completions (Little's law, the
exponential model's estimate with those still in service censored); applied to lognormal case
times it came out 3-9% high on the first one to three years of data and its intervals excluded
the truth: those still in service are the longest cases, which a lognormal (unlike the
memoryless exponential) does not treat as fresh.  Durations without a resource were fitted by
the convolution's Poisson likelihood also with ``failed``: unbiased, but it ignores that the
people in the stage are known, and its intervals were 5-10 times wider.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from .estimate import Estimate
from .likelihood import GRID, convolve, family, period_sums, pmfs, profile_interval
from .series import Series
from .service import service_mean
from .uncertainty import PHI_BOUNDS, beta_counts, dispersion, pearson

if TYPE_CHECKING:  # pragma: no cover
    from ..scenario import Role
    from .series import Data

__all__ = ["estimate"]


def estimate(data: Data, role: Role, *, confidence: float) -> list[Estimate]:
    """Each stage's pass rate and, where its duration has a mean to fit, the mean."""
    out: list[Estimate] = []
    for k in range(len(role.stages)):
        out += _fit_stage(data, role, k, confidence)
    return out


def _fit_stage(data: Data, role: Role, k: int, conf: float) -> list[Estimate]:
    sc = data.sc
    s = role.stages[k]
    service = s.resource is not None
    src = "started" if service else "entered"
    x = data.get(role.name, src, s.name)
    passed = data.get(role.name, "passed", s.name)
    failed = data.get(role.name, "failed", s.name)
    if x is None or passed is None:
        return []
    base = f"roles.{role.name}.stages.{s.name}"
    if not x.contiguous or x.first > min(passed.first, failed.first if failed else 1 << 30):
        return [Estimate(f"{base}.pass_rate", "pass rate", role.name, s.name, s.pass_rate,
                         math.nan, math.nan, math.nan, 0, "not fitted",
                         f"the {src} series must be contiguous and start first")]
    outs = [o.within(x.last) for o in (passed, failed) if o is not None]
    spec = sc.get(f"{base}.duration")
    fam = family(spec)
    if service and failed is None:
        fam = None  # starts follow departures in a busy queue: no timing fit without failed
    aligned = len(outs) == 2 and np.array_equal(outs[0].d0, outs[1].d0) and np.array_equal(
        outs[0].d1, outs[1].d1)
    out: list[Estimate] = []
    if aligned:
        out.append(_split(outs[0], outs[1], base, s.pass_rate, role.name, s.name, conf))
    if fam is not None and (service or aligned):
        return out + _stay(x, outs, aligned, spec, fam, base, service, role.name, s.name, conf)
    if fam is None and aligned:
        return out
    horizon = max(o.last for o in outs) + 1
    n_lag = horizon
    if fam is not None:
        mean0 = float(spec["mean"])
        means = mean0 * np.exp(np.linspace(math.log(1 / 6), math.log(6), GRID))
        n_lag = min(horizon, int(6 * mean0 * (1 + 6 * fam[1])) + 10)
    else:  # the scenario's duration, not fitted
        means = np.array([float(spec["mean"])]) if family(spec) else np.array([math.nan])
    xd = x.daily(horizon)
    from scipy.special import xlogy

    def grid_ll(ps, means):
        """Log-likelihood on a (pass rate, mean) grid, and the expected exits per day."""
        kern = pmfs(spec, means, n_lag, service=service)
        y = convolve(xd, kern, horizon)  # expected exits per day, per mean
        ll = np.zeros((len(ps), len(means)))
        for o, share in zip(outs, (ps, 1 - ps), strict=False):
            X = np.maximum(period_sums(y, o), 1e-12)  # (mean, period)
            a = (o.v[None, :] * np.log(X)).sum(axis=1)
            ll += xlogy(o.v.sum(), share) + a[None, :] - share * X.sum(axis=1)[None, :]
        return ll, y

    # a coarse grid, then a fine one around the coarse intervals
    ps = np.linspace(0, 1, 401)[:, None]
    ll, y = grid_ll(ps, means)
    _, p_lo, p_hi, _ = profile_interval(ps[:, 0], ll.max(axis=1), conf)
    step = 1 / 400
    ps = np.linspace(max(p_lo - 2 * step, 0), min(p_hi + 2 * step, 1), 401)[:, None]
    edge = False
    if fam is not None:
        _, m_lo, m_hi, edge = profile_interval(means, ll.max(axis=0), conf)
        r = (means[1] / means[0]) ** 2
        means = np.geomspace(max(m_lo / r, means[0]), min(m_hi * r, means[-1]), 121)
    ll, y = grid_ll(ps, means)
    n_exit = sum(float(o.v.sum()) for o in outs)
    how = "Poisson likelihood of " + " and ".join(
        m for m, o in (("passed", passed), ("failed", failed)) if o is not None) + \
        f" given {src} convolved with the {'service time' if service else 'duration'}"
    if not aligned:
        p_hat, p_lo, p_hi, _ = profile_interval(ps[:, 0], ll.max(axis=1), conf)
        out.insert(0, Estimate(f"{base}.pass_rate", "pass rate", role.name, s.name,
                               s.pass_rate, p_hat, p_lo, p_hi, n_exit,
                               how + " (profile likelihood)"))
    if fam is None:
        if service:
            out[-1].note = "service time not fitted: give 'failed' counts too"
        return out
    # quasi-Poisson: given the entrants, exit counts are less variable than Poisson; scale the
    # deviance of the timing parameter by the Pearson dispersion at the estimate
    i_p, i_m = np.unravel_index(int(np.argmax(ll)), ll.shape)
    if aligned:  # the timing lives in the exits (passed + failed)
        pairs = [(Series(outs[0].d0, outs[0].d1, outs[0].v + outs[1].v), 1.0)]
    else:
        pairs = list(zip(outs, (ps[i_p, 0], 1 - ps[i_p, 0]), strict=False))
    chi2, terms = 0.0, 0
    for o, share in pairs:
        c, t = pearson(o.v, share * period_sums(y[i_m:i_m + 1], o)[0])
        chi2, terms = chi2 + c, terms + t
    phi = dispersion(chi2, terms - 2, floor=PHI_BOUNDS[0])
    m_hat, m_lo, m_hi, edge = profile_interval(means, ll.max(axis=0) / phi, conf)
    what = "mean service time (days)" if service else "mean duration (days)"
    out.append(Estimate(f"{base}.duration.mean", what, role.name, s.name, mean0, m_hat, m_lo,
                        m_hi, n_exit, how + f" (profile likelihood; {fam[0]} cv {fam[1]:g} "
                        f"kept; quasi-Poisson dispersion {phi:.2f})",
                        "interval reaches the search range (x/6..x6)" if edge else "", phi))
    return out


def _stay(x: Series, outs: list[Series], aligned: bool, spec: dict, fam: tuple[str, float],
          base: str, service: bool, role: str, stage: str, conf: float) -> list[Estimate]:
    """A stage's mean duration or service time from the people in it (:mod:`.service`)."""
    path = f"{base}.duration.mean"
    what = "mean service time (days)" if service else "mean duration (days)"
    mean0 = float(spec["mean"])
    fit = service_mean(x, Series(outs[0].d0, outs[0].d1, outs[0].v + outs[1].v), spec, mean0,
                       fam[1], conf, service=service) if aligned else None
    if fit is None:
        return [Estimate(path, what, role, stage, mean0, math.nan, math.nan, math.nan, 0,
                         "not fitted", "needs passed and failed over the same periods, "
                         "someone finished, and a mean within x/6..x6 of the scenario's")]
    m, lo, hi, phi, n = fit
    src = "started" if service else "entered"
    return [Estimate(path, what, role, stage, mean0, m, lo, hi, n,
                     f"people in the stage at each period's end ({src} - passed - failed) "
                     f"against their expectation given the {src}, {fam[0]} cv {fam[1]:g} kept "
                     f"(Little's law in the scenario's family; dispersion {phi:.2f})", "", phi)]


def _split(passed: Series, failed: Series, base: str, truth: float, role: str, stage: str,
           conf: float) -> Estimate:
    """Pass rate from passed and failed over the same periods: Jeffreys beta of the counts,
    divided by the binomial dispersion between periods."""
    n_i = passed.v + failed.v
    k, n = float(passed.v.sum()), float(n_i.sum())
    p = k / n if n else math.nan
    chi2, terms = pearson(passed.v, p * n_i, n_i * p * (1 - p)) if 0 < k < n else (0.0, 0)
    phi = dispersion(chi2, terms - 1)
    dist = beta_counts(k, n, phi) if n else None
    return Estimate(f"{base}.pass_rate", "pass rate", role, stage, truth, p, math.nan, math.nan,
                    n, f"passed / (passed + failed) (Jeffreys beta; binomial dispersion "
                    f"{phi:.2f})", "", phi, dist)
