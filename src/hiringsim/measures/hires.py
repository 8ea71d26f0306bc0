"""Hires: applicants and applications per hire, gross hires per net hire, time to hire.

- *hires*: entries on duty (academy start, or onboarding start without an academy).
- *applicants*: people who applied; *applications*: applicants x the role's
  ``applications_per_applicant`` (what agencies publish).
- *applicants_per_hire*, *applications_per_hire*: of the target role, to the horizon.
- *gross_per_net*: hires / growth at the horizon (target role).
- ``..._at_target``: the same counted to the day the target is reached (that day included), so
  that they do not depend on where the run ends; NaN when the target is not reached.
- *time_to_hire*: entry on duty minus application, per hire.
"""

from __future__ import annotations

import math

import numpy as np

from ..model import names as n
from ..model.record import RunRecord
from .channels import channel_applications
from .quantiles import median_and_quantile

__all__ = ["TTH_BINS", "TTH_BIN_DAYS", "hire_kpis", "time_to_hire_histograms"]

#: width of a time-to-hire histogram bin (days)
TTH_BIN_DAYS = 7
#: five years of weeks; the last bin collects everything longer
TTH_BINS = 260


def _ratio(a: float, b: float) -> float:
    return a / b if b > 0 else math.nan


def hire_kpis(rec: RunRecord, growth: np.ndarray, target_day: float) -> dict[str, float]:
    """Applicants, applications, hires, applicants (applications) per hire, gross per net hire
    and time to hire of the target role; ``growth``: its daily growth; ``target_day``: the day
    the target is reached (NaN: not reached)."""
    role = rec.scenario.target.role
    per = rec.scenario.role(role).applications_per_applicant
    f = rec.flows[role]
    people = float(f[n.APPLICANTS].sum())
    apps = people * per if not rec.scenario.role(role).channels else channel_applications(
        rec.scenario.role(role), rec)
    hires = float(f[n.EOD].sum())
    kpis = {"applications": apps, "applicants": people, "hires": hires,
            "applicants_per_hire": people / hires if hires else math.nan,
            "applications_per_hire": apps / hires if hires else math.nan,
            "gross_per_net": _ratio(hires, float(growth[-1]))}
    if target_day == target_day:  # reached
        d = int(target_day) + 1
        hires_t = float(f[n.EOD][:d].sum())
        kpis["applicants_per_hire_at_target"] = _ratio(float(f[n.APPLICANTS][:d].sum()), hires_t)
        kpis["gross_per_net_at_target"] = _ratio(hires_t, float(growth[d - 1]))
    else:
        kpis["applicants_per_hire_at_target"] = kpis["gross_per_net_at_target"] = math.nan
    h = rec.hires[role]
    tth = h["eod"] - h["application"]
    kpis["time_to_hire_mean"] = float(tth.mean()) if len(tth) else math.nan
    kpis["time_to_hire_median"], kpis["time_to_hire_p90"] = median_and_quantile(tth, 0.9)
    return kpis


def time_to_hire_histograms(rec: RunRecord) -> dict[str, np.ndarray]:
    """Per role, counts of hires by weeks from application to entry on duty (int32)."""
    from ._hist_jit import count_bins  # compiled: one pass

    out = {}
    for role in rec.scenario.roles:
        h = rec.hires[role.name]
        eod, app = h["eod"], h["application"]
        if eod.dtype == app.dtype == np.float64 and float(TTH_BIN_DAYS).is_integer():
            counts = np.zeros(TTH_BINS, np.int64)
            if count_bins(eod, app, float(TTH_BIN_DAYS), counts):
                out[role.name] = counts.astype(np.int32)
                continue
        tth = eod - app
        out[role.name] = np.bincount(
            np.minimum((tth // TTH_BIN_DAYS).astype(np.int64), TTH_BINS - 1),
            minlength=TTH_BINS).astype(np.int32) if len(tth) else np.zeros(TTH_BINS, np.int32)
    return out
