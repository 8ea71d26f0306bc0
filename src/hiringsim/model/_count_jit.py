"""Counting events into day bins (:meth:`hiringsim.model.record.RunRecord.add_times`), compiled
with numba: one pass, no temporary arrays.  An event at time ``t`` counts on day ``floor(t)``
when ``0 <= t < days`` (times before the start or at or after the horizon are not counted), as
the numpy expression it replaces.  Compiled once and cached on disk.
"""

from __future__ import annotations

import numba

__all__ = ["count_days"]


@numba.njit(cache=True)
def count_days(flow, times, days):  # pragma: no cover - compiled
    """Add to ``flow`` (int64, ``days`` long) one on day ``floor(t)`` for each ``t`` in
    ``times`` with ``0 <= t < days``."""
    for i in range(times.shape[0]):
        t = times[i]
        if 0.0 <= t < days:
            flow[int(t)] += 1


@numba.njit(cache=True)
def count_onboard_leave(onboarding_leave, operational, duty_leave, t0, onboard, tenure,
                        days):  # pragma: no cover - compiled
    """:func:`hiringsim.model.workforce.onboard_and_leave`'s three flows in one pass: a hire
    whose ``tenure`` is below ``onboard`` leaves from onboarding at ``t0 + tenure``; the
    others become operational at ``t0 + onboard`` and leave from duty at ``t0 + tenure``."""
    for i in range(t0.shape[0]):
        x = t0[i] + tenure[i]
        if tenure[i] < onboard[i]:
            if 0.0 <= x < days:
                onboarding_leave[int(x)] += 1
        else:
            y = t0[i] + onboard[i]
            if 0.0 <= y < days:
                operational[int(y)] += 1
            if 0.0 <= x < days:
                duty_leave[int(x)] += 1
