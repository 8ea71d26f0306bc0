"""What every estimator returns, and the one signature they share.

An estimator family (applications, stages, withdrawals, graduation, attrition) is a module with
``estimate(data, role, *, confidence) -> list[Estimate]``: the fits the observed data informs
for one role, each an :class:`Estimate` row (the scenario path it fits, the base value, the
estimate and its interval, the count behind it and how it was made).  Estimators are listed by
name in :data:`hiringsim.calibration.fit.ESTIMATORS`.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..scenario import Role
    from .series import Data
    from .uncertainty import InputDistribution

__all__ = ["Estimate", "Estimator", "domain", "table"]


@dataclass
class Estimate:
    """One fitted value: a row of :attr:`Calibration.estimates`."""

    path: str
    parameter: str
    role: str
    stage: str
    base: float
    estimate: float
    low: float
    high: float
    n: float
    method: str
    note: str = ""
    #: the quasi-likelihood dispersion the interval was widened by (1: none)
    dispersion: float = 1.0
    #: the input's distribution, when the estimator gives it (else matched to the interval)
    distribution: InputDistribution | None = None


class Estimator(Protocol):
    """The signature of every estimator family's ``estimate``."""

    def __call__(self, data: Data, role: Role, *, confidence: float) -> list[Estimate]: ...


def domain(path: str) -> tuple[float, float]:
    """The valid range of a fitted scenario field, for clipping estimates and intervals."""
    if path.endswith(("pass_rate", "graduation_rate")):
        return 0.0, 1.0
    if path.endswith(("withdraw_per_week", "annual_rate")):
        return 0.0, 0.999
    if path.endswith("duration.mean"):
        return 1e-3, math.inf
    return 0.0, math.inf


def table(estimates: list[Estimate], confidence: float) -> pd.DataFrame:
    """The estimates as a frame, each value and bound clipped to its field's :func:`domain`,
    each fitted value with its ``distribution`` (:mod:`.uncertainty`; matched to the interval
    when the estimator gave none) and ``low``, ``high`` its central ``confidence`` interval."""
    import pandas as pd

    from .uncertainty import from_interval

    rows = []
    for e in estimates:
        row = {f.name: getattr(e, f.name) for f in dataclasses.fields(Estimate)}
        lo, hi = domain(e.path)
        for col in ("estimate", "low", "high"):
            if row[col] == row[col]:
                row[col] = min(max(row[col], lo), hi)
        if row["estimate"] == row["estimate"]:
            dist = row["distribution"] or from_interval(e.path, row["estimate"], row["low"],
                                                        row["high"], confidence)
            if dist is not None:
                q = dist.ppf([(1 - confidence) / 2, (1 + confidence) / 2])
                row["low"], row["high"] = (min(max(float(v), lo), hi) for v in q)
            row["distribution"] = dist
        rows.append(row)
    return pd.DataFrame(rows, columns=[f.name for f in dataclasses.fields(Estimate)])
