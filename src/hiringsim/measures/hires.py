"""Hires: applications per hire, gross hires per net hire, time to hire.

- *hires*: entries on duty (academy start, or onboarding start without an academy).
- *applicants_per_hire*: applications / hires of the target role over the whole run.
- *time_to_hire*: entry on duty minus application, per hire.
- *gross_per_net*: hires / growth at the horizon (target role).
"""

from __future__ import annotations

import math

import numpy as np

from ..model import names as n
from ..model.record import RunRecord

__all__ = ["TTH_BINS", "TTH_BIN_DAYS", "hire_kpis", "time_to_hire_histograms"]

#: width of a time-to-hire histogram bin (days)
TTH_BIN_DAYS = 7
#: five years of weeks; the last bin collects everything longer
TTH_BINS = 260


def hire_kpis(rec: RunRecord, growth_end: float) -> dict[str, float]:
    """Applications, hires, applicants per hire, gross per net hire and time to hire of the
    target role."""
    role = rec.scenario.target.role
    f = rec.flows[role]
    apps = float(f[n.APPLICATIONS].sum())
    hires = float(f[n.EOD].sum())
    kpis = {"applications": apps, "hires": hires,
            "applicants_per_hire": apps / hires if hires else math.nan,
            "gross_per_net": hires / growth_end if growth_end > 0 else math.nan}
    h = rec.hires[role]
    tth = h["eod"] - h["application"]
    kpis["time_to_hire_mean"] = float(tth.mean()) if len(tth) else math.nan
    kpis["time_to_hire_median"] = float(np.median(tth)) if len(tth) else math.nan
    kpis["time_to_hire_p90"] = float(np.quantile(tth, 0.9)) if len(tth) else math.nan
    return kpis


def time_to_hire_histograms(rec: RunRecord) -> dict[str, np.ndarray]:
    """Per role, counts of hires by weeks from application to entry on duty (int32)."""
    out = {}
    for role in rec.scenario.roles:
        h = rec.hires[role.name]
        tth = h["eod"] - h["application"]
        out[role.name] = np.bincount(
            np.minimum((tth // TTH_BIN_DAYS).astype(np.int64), TTH_BINS - 1),
            minlength=TTH_BINS).astype(np.int32) if len(tth) else np.zeros(TTH_BINS, np.int32)
    return out
