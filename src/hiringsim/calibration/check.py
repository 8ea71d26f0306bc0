"""The simulation check: every observed series set against the calibrated model's band.

Headcount and time to hire are not fitted; they, and every fitted series, are checked: the
calibrated scenario is simulated (replications through :func:`hiringsim.execution.execute`),
each replication observed over the data's own periods, and each observation compared with the
simulated 5-95% band.
"""

from __future__ import annotations

import numbers
import warnings
from concurrent.futures import Executor
from functools import partial
from typing import TYPE_CHECKING

import numpy as np

from ..execution import execute
from ..measures.observed import series
from .series import Data

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..scenario import Scenario

__all__ = ["MAX_PEOPLE", "check_frame", "people_to_follow"]

Key = tuple[str, str, str]

#: most people one replication of the check may follow (the initial headcounts plus the expected
#: applications over the horizon): about 1.3 GB of memory a replication in fast mode, at the
#: ~130 bytes a person measured on the baseline scenario (1.1 million people, 150 MB)
MAX_PEOPLE = 10_000_000


def people_to_follow(scenario: Scenario) -> float:
    """Expected people one replication follows: initial headcounts plus applications."""
    total = 0.0
    for role in scenario.roles:
        total += role.initial
        periods = sorted(role.recruiting, key=lambda p: p.start)
        for i, period in enumerate(periods):
            start = max(period.start, scenario.start)
            end = min(periods[i + 1].start if i + 1 < len(periods) else scenario.end,
                      scenario.end)
            total += max(0, (end - start).days) / 7 * period.per_week
    return total


def check_frame(scenario: Scenario, observed: pd.DataFrame, replications: int, *, seed: int,
                executor: Executor | None = None, progress: bool | None = None,
                source: str | None = None) -> pd.DataFrame:
    """Per observed period: the observation, the simulated 5/50/95% quantiles of the period's
    value and of the cumulative value, and whether the observation is inside the band.

    Raises :class:`~hiringsim.calibration.ObservedDataError` (naming ``source``) when the
    calibrated scenario would follow more than :data:`MAX_PEOPLE` people a replication.
    """
    import pandas as pd

    if (isinstance(replications, bool) or not isinstance(replications, numbers.Integral)
            or replications < 0):
        raise ValueError(f"replications must be a whole number >= 0, got {replications!r}")
    if not replications:
        return pd.DataFrame()
    people = people_to_follow(scenario)
    if people > MAX_PEOPLE:
        from .observed import ObservedDataError

        raise ObservedDataError([("(data)", (
            f"the calibrated scenario would follow about {people:,.0f} people per replication "
            f"of the simulation check; at most {MAX_PEOPLE:,} fit in memory: are the counts "
            "right? (replications = 0 skips the check)"))], source)
    data = Data(scenario, observed)
    roles = {r.name for r in scenario.roles}
    keys = [k for k in data.groups if k[0] in roles]
    periods = [(data.groups[k].d0, data.groups[k].d1) for k in keys]
    recs = execute(partial(_observe_replication, scenario, seed, keys, periods),
                   range(replications), executor=executor, progress=progress,
                   desc="calibration check")
    rows = []
    start = pd.Timestamp(scenario.start)
    for i, key in enumerate(keys):
        s = data.groups[key]
        sims = np.stack([r[i] for r in recs])  # (replication, period)
        cum = np.nancumsum(sims, axis=1)
        with warnings.catch_warnings():  # periods without hires have no mean time to hire
            warnings.simplefilter("ignore", RuntimeWarning)
            q = np.nanquantile(sims, [0.05, 0.5, 0.95], axis=0)
            qc = np.nanquantile(cum, [0.05, 0.5, 0.95], axis=0)
        rows.append(pd.DataFrame({
            "role": key[0], "measure": key[1], "stage": key[2],
            "period_start": start + pd.to_timedelta(s.d0, unit="D"),
            "period_end": start + pd.to_timedelta(s.d1, unit="D"),
            "observed": s.v, "sim_low": q[0], "sim_median": q[1], "sim_high": q[2],
            "cum_low": qc[0], "cum_median": qc[1], "cum_high": qc[2],
            "inside": (s.v >= q[0]) & (s.v <= q[2])}))
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()


def _observe_replication(scenario: Scenario, seed: int, keys: list[Key],
                         periods: list[tuple[np.ndarray, np.ndarray]], replication: int
                         ) -> list[np.ndarray]:
    """Worker task: one replication observed as every checked series."""
    from ..replication import run_replication

    rec = run_replication(scenario, seed=seed, replication=replication)
    return [series(rec, scenario.role(k[0]), k[1], k[2], d0, d1)
            for k, (d0, d1) in zip(keys, periods, strict=True)]
