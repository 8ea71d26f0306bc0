"""Stage pass rates and mean durations (service times at a resource).

Exits ``passed``/``failed`` are the ``entered`` (or, at a resource, ``started``) series
convolved with the stage's whole-day duration pmf (shape from the scenario: gamma/lognormal keep
their cv) and split by the pass rate; Poisson likelihood, profile-likelihood intervals.  Only
``passed`` is needed; ``failed`` sharpens both.  At a resource with ``failed`` counts the pass
rate is a proportion and the mean service time comes from Little's law.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from ..stats import proportion_ci
from .estimate import Estimate
from .likelihood import GRID, convolve, family, period_sums, pmfs, profile_interval
from .series import Series

if TYPE_CHECKING:  # pragma: no cover
    from ..scenario import Role, Stage
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
    src = "started" if s.resource is not None else "entered"
    x = data.get(role.name, src, s.name)
    passed = data.get(role.name, "passed", s.name)
    failed = data.get(role.name, "failed", s.name)
    out: list[Estimate] = []
    if x is None or passed is None:
        return out
    base = f"roles.{role.name}.stages.{s.name}"
    if not x.contiguous or x.first > min(passed.first, failed.first if failed else 1 << 30):
        return [Estimate(f"{base}.pass_rate", "pass rate", role.name, s.name, s.pass_rate,
                         math.nan, math.nan, math.nan, 0, "not fitted",
                         f"the {src} series must be contiguous and start first")]
    outs = [o.within(x.last) for o in (passed, failed) if o is not None]
    spec = sc.get(f"{base}.duration")
    fam = family(spec)
    if s.resource is not None:
        if failed is not None:
            return _fit_service(x, outs, sc.days, base, s, role, fam, conf)
        fam = None  # starts follow departures in a busy queue: no timing fit without failed
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
        kern = pmfs(spec, means, n_lag, service=s.resource is not None)
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
    # quasi-Poisson: given the entrants, exit counts are less variable than Poisson; scale the
    # deviance of the timing parameter by the Pearson dispersion at the estimate
    i_p, i_m = np.unravel_index(int(np.argmax(ll)), ll.shape)
    if len(outs) == 2 and np.array_equal(outs[0].d0, outs[1].d0) and np.array_equal(
            outs[0].d1, outs[1].d1):  # the timing lives in the exits (passed + failed)
        both = Series(outs[0].d0, outs[0].d1, outs[0].v + outs[1].v)
        pairs = [(both, 1.0)]
    else:
        pairs = list(zip(outs, (ps[i_p, 0], 1 - ps[i_p, 0]), strict=False))
    pearson, k_obs = 0.0, -2
    for o, share in pairs:
        mu = np.maximum(share * period_sums(y[i_m:i_m + 1], o)[0], 1e-9)
        pearson += float(((o.v - mu) ** 2 / mu).sum())
        k_obs += len(o.v)
    phi = min(max(pearson / max(k_obs, 1), 0.2), 10.0)
    how = "Poisson likelihood of " + " and ".join(
        m for m, o in (("passed", passed), ("failed", failed)) if o is not None) + \
        f" given {src} convolved with the duration (profile likelihood)"
    p_hat, p_lo, p_hi, _ = profile_interval(ps[:, 0], ll.max(axis=1), conf)
    out.append(Estimate(f"{base}.pass_rate", "pass rate", role.name, s.name, s.pass_rate,
                        p_hat, p_lo, p_hi, n_exit, how))
    if fam is not None:
        m_hat, m_lo, m_hi, edge = profile_interval(means, ll.max(axis=0) / phi, conf)
        out.append(Estimate(f"{base}.duration.mean", "mean duration (days)", role.name,
                            s.name, mean0, m_hat, m_lo, m_hi, n_exit,
                            how + f"; {fam[0]} shape kept; quasi-Poisson dispersion {phi:.2f}",
                            "interval reaches the search range (x/6..x6)" if edge else ""))
    elif s.resource is not None:
        out[-1].note = "service time not fitted: give 'failed' counts too"
    return out


def _fit_service(x: Series, outs: list[Series], days: int, base: str, s: Stage, role: Role,
                 fam: tuple[str, float] | None, conf: float) -> list[Estimate]:
    """A stage at a resource: pass rate from passed / (passed + failed); mean service from
    person-days in service over completions (Little's law; the exponential MLE with those
    still in service censored), interval from a gamma with shape completions / cv^2."""
    from scipy.special import gammaincinv

    passed, failed = outs
    last = min(x.last, passed.last, failed.last)
    passed, failed = passed.within(last), failed.within(last)
    n_p, n_f = float(passed.v.sum()), float(failed.v.sum())
    out = []
    if n_p + n_f > 0:
        p, lo, hi = proportion_ci(n_p, n_p + n_f, conf)
        out.append(Estimate(f"{base}.pass_rate", "pass rate", role.name, s.name, s.pass_rate,
                            p, lo, hi, n_p + n_f, "passed / (passed + failed) (Wilson)"))
    if fam is None or n_p + n_f == 0:
        return out
    q = np.cumsum(x.within(last).daily(days)) - np.cumsum(passed.daily(days)) - np.cumsum(
        failed.daily(days))
    q = np.maximum(q[: last + 1], 0)
    area = float(((np.concatenate([[0], q[:-1]]) + q) / 2).sum())
    n = n_p + n_f
    m = area / n
    a = n / fam[1] ** 2
    alpha = 1 - conf
    out.append(Estimate(f"{base}.duration.mean", "mean service time (days)", role.name,
                        s.name, float(s.duration.mean), m, m * a / gammaincinv(a, 1 - alpha / 2),
                        m * a / gammaincinv(a, alpha / 2), n,
                        f"{area:,.0f} person-days in service / {n:.0f} completions (Little's "
                        f"law; gamma interval, {fam[0]} cv {fam[1]:g} kept)"))
    return out
