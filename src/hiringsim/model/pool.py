"""A finite labour pool (``Role.pool``, ``Channel.pool``) drawn down by applications, both modes.

The rule is :data:`hiringsim.scenario.market.POOL_DOC`: on day ``d`` each of the ``R(d)`` people
still in the pool applies with probability ``q(d) = min(1, rate(d) / eligible)``, ``rate`` the
applicants a day without the pool; an applicant leaves the pool on applying and is back
``reapply_after_days`` later.  Who is left depends only on who applied, so the daily counts are
drawn day by day before anything else, in one loop (:func:`draw`):

both modes draw one binomial count a day, ``Binomial(R(d), q(d))``, from the arrivals stream
(``draw(pool, rate, (1.0,), rng)``), then move each applicant as without a pool (draws by
applicant, :mod:`hiringsim.model.crn`).  :func:`draw` can split a day's count by shares (a
multinomial split by binomials in a row).

The expected drawdown has a closed form (:func:`expected_remaining`): ``E[R(d+1)] = E[R(d)] (1 -
q(d)) + q(d + 1 - L) E[R(d + 1 - L)]`` with ``L = reapply_after_days`` (the second term only
when ``d + 1 - L >= 0``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from ..scenario.parts import Pool

__all__ = ["draw", "expected_remaining"]


def draw(pool: Pool, rate: np.ndarray, shares: Sequence[float], rng: np.random.Generator
         ) -> list[np.ndarray]:
    """Applicants on each day from the pool, split by ``shares`` (summing to 1; a share of 0
    draws nothing): one int64 array per share."""
    days = len(rate)
    q = np.minimum(1.0, np.asarray(rate, dtype=float) / pool.eligible)
    out = [np.zeros(days, dtype=np.int64) for _ in shares]
    back = np.zeros(days, dtype=np.int64)  # people back in the pool on each day
    lag = pool.reapply_after_days
    left = int(pool.eligible)
    for d in range(days):
        left += int(back[d])
        taken, used = 0, 0.0
        for k, share in enumerate(shares):
            if share <= 0.0:
                continue
            p = q[d] * share / (1.0 - q[d] * used) if q[d] * used < 1.0 else 0.0
            c = int(rng.binomial(left - taken, min(1.0, p)))
            out[k][d] = c
            taken += c
            used += share
        left -= taken
        if lag is not None and d + lag < days:
            back[d + lag] += taken
    return out


def expected_remaining(pool: Pool, rate: np.ndarray) -> np.ndarray:
    """``E[R(d)]``, the people expected in the pool at the start of each day (the closed
    form of the module doc)."""
    days = len(rate)
    q = np.minimum(1.0, np.asarray(rate, dtype=float) / pool.eligible)
    lag = pool.reapply_after_days
    r = np.zeros(days + 1)
    r[0] = pool.eligible
    for d in range(days):
        r[d + 1] = r[d] * (1.0 - q[d])
        if lag is not None and d + 1 - lag >= 0:
            r[d + 1] += q[d + 1 - lag] * r[d + 1 - lag]
    return r[:days]
