"""Scarce capacity: use of each resource and academy, over the run and during the surge.

The *bottleneck* is the scarce capacity with the highest use -- each resource's utilization
(busy / servers) and each academy's filled share of seats -- during the surge, from the start
until the target is reached (the whole run when it is not); ``utilization`` in the resources
frame is over the whole run, ``utilization_surge`` over that window.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..model.kinds import entry_kind
from ..model.record import RunRecord
from ..schedules import servers_by_day
from .quantiles import quantile_partitioned

__all__ = ["capacity_rows", "bottleneck"]


def capacity_rows(rec: RunRecord, window: int) -> list[dict[str, Any]]:
    """One row per resource, then one per academy; ``window``: days of the surge."""
    sc = rec.scenario
    rows = []
    for res in sc.resources:
        servers = servers_by_day(sc, res.name)
        busy = rec.busy[res.name]
        offered = servers.sum()
        util = float(busy.sum() / offered) if offered else math.nan
        offered_w = servers[:window].sum()
        util_w = float(busy[:window].sum() / offered_w) if offered_w else math.nan
        w = rec.waits[res.name]
        served, withdrew = w["served"], w["withdrew"]
        mean, p90 = _mean_and_p90(served)
        rows.append({
            "resource": res.name, "kind": "resource", "utilization": util,
            "utilization_surge": util_w,
            "wait_mean": mean, "wait_p90": p90,
            "served": int(len(served)), "withdrew": int(len(withdrew)),
            "capacity_days": float(offered),
        })
    for role in sc.roles:
        rows += entry_kind(role).capacity_rows(sc, role, rec, window)
    return rows


def _mean_and_p90(waits: np.ndarray) -> tuple[float, float]:
    """The mean and the 90th percentile of ``waits`` as numpy's ``mean`` and ``quantile``
    (NaN when empty); the percentile from one partition when the mean shows no NaN."""
    if not len(waits):
        return math.nan, math.nan
    mean = float(waits.mean())
    if waits.dtype != np.float64 or mean != mean:  # NaN in the waits (or inf - inf)
        return mean, float(np.quantile(waits, 0.9))
    return mean, quantile_partitioned(waits, 0.9)


def bottleneck(rows: list[dict[str, Any]]) -> str:
    """The capacity with the highest use during the surge ('' if none is used)."""
    use = {r["resource"]: r["utilization_surge"] for r in rows}
    valid = {k: v for k, v in use.items() if v == v}
    return max(valid, key=lambda k: valid[k]) if valid else ""
