"""Observed series at day resolution: each (role, measure, stage) as periods of day indices."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..scenario import Scenario

__all__ = ["Data", "Series"]


@dataclass
class Series:
    """Counts ``v`` over the periods ``[d0[i], d1[i]]`` (days from the scenario start)."""

    d0: np.ndarray
    d1: np.ndarray
    v: np.ndarray

    @property
    def first(self) -> int:
        return int(self.d0[0])

    @property
    def last(self) -> int:
        return int(self.d1[-1])

    @property
    def contiguous(self) -> bool:
        return bool(np.all(self.d0[1:] == self.d1[:-1] + 1))

    def daily(self, days: int, on: np.ndarray | None = None) -> np.ndarray:
        """Counts spread evenly over each period's days, or over its days in ``on``."""
        out = np.zeros(days)
        for a, b, v in zip(self.d0, self.d1, self.v, strict=True):
            hit = on[(on >= a) & (on <= b)] if on is not None else ()
            if len(hit):
                out[hit] += v / len(hit)
            else:
                out[a:b + 1] += v / (b - a + 1)
        return out

    def within(self, last: int) -> Series:
        """The periods ending by day ``last``."""
        keep = self.d1 <= last
        return Series(self.d0[keep], self.d1[keep], self.v[keep])


class Data:
    """Validated observed data as :class:`Series` by ``(role, measure, stage)``; periods
    outside the scenario's days are left out."""

    def __init__(self, sc: Scenario, obs: pd.DataFrame):
        self.sc = sc
        self.days = sc.days
        self.groups: dict[tuple[str, str, str], Series] = {}
        start = np.datetime64(sc.start, "D")
        for key, g in obs.groupby(["role", "measure", "stage"], sort=False):
            d0 = (g["period_start"].to_numpy("datetime64[D]") - start).astype(int)
            d1 = (g["period_end"].to_numpy("datetime64[D]") - start).astype(int)
            keep = (d0 >= 0) & (d1 < sc.days)
            if keep.any():
                v = g["value"].to_numpy(float)[keep]
                self.groups[cast("tuple[str, str, str]", key)] = Series(d0[keep], d1[keep], v)

    def get(self, role: str, measure: str, stage: str = "") -> Series | None:
        return self.groups.get((role, measure, stage))
