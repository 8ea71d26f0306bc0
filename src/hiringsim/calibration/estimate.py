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


def table(estimates: list[Estimate]) -> pd.DataFrame:
    """The estimates as a frame, each value and bound clipped to its field's :func:`domain`."""
    import pandas as pd

    est = pd.DataFrame([dataclasses.asdict(e) for e in estimates],
                       columns=[f.name for f in dataclasses.fields(Estimate)])
    for i, row in est.iterrows():
        lo, hi = domain(row["path"])
        for col in ("estimate", "low", "high"):
            if row[col] == row[col]:
                est.loc[i, col] = min(max(row[col], lo), hi)
    return est
