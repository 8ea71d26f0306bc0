"""Applications per week: a Poisson rate for each recruiting period, exact (Garwood) interval
on the counts divided by the Pearson dispersion of the period counts (quasi-Poisson)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .estimate import Estimate
from .likelihood import poisson_ci
from .uncertainty import dispersion, pearson

if TYPE_CHECKING:  # pragma: no cover
    from ..scenario import Role
    from .series import Data

__all__ = ["estimate"]


def estimate(data: Data, role: Role, *, confidence: float) -> list[Estimate]:
    """The rate of each of the role's recruiting periods from the application counts inside
    it (observed periods straddling a rate change are left out, and the note says so)."""
    sc = data.sc
    apps = data.get(role.name, "applications")
    if apps is None:
        return []
    out = []
    periods = list(role.recruiting)
    for i, per in enumerate(periods):
        lo = max(sc.day(per.start), 0)
        hi = sc.day(periods[i + 1].start) if i + 1 < len(periods) else sc.days
        keep = (apps.d0 >= lo) & (apps.d1 < hi)
        if not keep.any():
            continue
        n = float(apps.v[keep].sum())
        length = (apps.d1[keep] - apps.d0[keep] + 1).astype(float)
        t = float(length.sum())
        phi = dispersion(*_df(pearson(apps.v[keep], n / t * length)))
        a, b = (phi * v for v in poisson_ci(n / phi, confidence))
        skipped = int(((apps.d1 >= lo) & (apps.d0 < hi)).sum() - keep.sum())
        out.append(Estimate(f"roles.{role.name}.recruiting.{i}.per_week",
                            f"applications per week from {per.start}", role.name, "",
                            per.per_week, 7 * n / t, 7 * a / t, 7 * b / t, n,
                            f"applications / {t:.0f} days (exact Poisson; dispersion "
                            f"{phi:.2f})",
                            f"{skipped} periods straddling a rate change left out" if skipped
                            else "", phi))
    return out


def _df(fit: tuple[float, int]) -> tuple[float, int]:
    """Chi-square and its degrees of freedom (terms less the one rate fitted)."""
    return fit[0], fit[1] - 1
