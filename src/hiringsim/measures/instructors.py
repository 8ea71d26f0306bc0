"""Instructors on loan: academy classes teach with staff drawn from a role's on-duty officers.

The rule.  An academy with ``instructors_per_trainee`` = r > 0 and ``instructors_from`` = a role
(a role's own academy, or a shared academy ``[academies.<name>]`` for every user role) draws, for
each class and each role's cohort in it (the trainees of one role entering that class; a role's
own academy has one cohort per class), ``ceil(r x cohort)`` instructors from that role's on-duty
staff, from the class's start day for the cohort's program length (``length_days`` in effect on
the start date): on loan on days ``start .. start + length - 1``.  The number is fixed when the
class starts (washouts do not release instructors).  Instructors count as on board and on duty
(the headcount and the target are unchanged) but not operational: the *operational headcount*
of the source role is its on-duty headcount minus its instructors on loan.

Classes are not limited by instructors: a class starts with its trainees whatever the source
role's on-duty headcount (the simplest honest rule; no data say how FLETC rations instructors).
Instead the days on which the instructors on loan exceed :data:`STRAIN_SHARE` of the source
role's on-duty staff are counted (``instructor_strain_days``).  Classes that started before the
scenario start (a running pipeline's) draw none.

KPIs (only when some academy has instructors): ``instructors_mean`` and ``instructors_peak``
(instructors on loan per day over the reported days, every source role together),
``instructors_at_deadline``, ``operational_growth_at_deadline`` (the target role's growth at the
deadline minus its instructors on loan that day) and ``instructor_strain_days``.  The daily
series is kept with the replication's series as ``instructors:<role>``
(:meth:`hiringsim.results.Results.instructors`).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from ..model import names as n
from ..model.dated import roles
from ..model.warmup import report_day

if TYPE_CHECKING:  # pragma: no cover
    from ..model.record import RunRecord
    from ..scenario import Scenario

__all__ = ["STRAIN_SHARE", "instructor_kpis", "instructor_sources", "loans", "series_name"]

#: instructors on loan above this share of the source role's on-duty staff count as strain
#: (ASSUMPTION: a tenth of the street force)
STRAIN_SHARE = 0.10
#: ratio x trainees within this of a whole number counts as that number (float rounding)
_EPS = 1e-9


def series_name(role: str) -> str:
    """The daily series of instructors on loan from ``role``."""
    return f"instructors:{role}"


def _teaching(sc: Scenario, role_name: str) -> tuple[float, str | None]:
    ac = sc.role(role_name).academy
    if ac is None:
        return 0.0, None
    if ac.shared is not None:
        sh = sc.academy(ac.shared)
        return sh.instructors_per_trainee, sh.instructors_from
    return ac.instructors_per_trainee, ac.instructors_from


def instructor_sources(sc: Scenario) -> list[str]:
    """Roles whose staff teach some academy's classes, in the scenario's order."""
    used = {_teaching(sc, r.name)[1] for r in sc.roles} - {None}
    return [r.name for r in sc.roles if r.name in used]


def loans(sc: Scenario, rec: RunRecord) -> dict[str, np.ndarray]:
    """Instructors on loan on each day, per source role (int64)."""
    out = {name: np.zeros(sc.days, dtype=np.int64) for name in instructor_sources(sc)}
    for role in sc.roles:
        ratio, source = _teaching(sc, role.name)
        if source is None or role.name not in rec.classes:
            continue
        versions = roles(sc, role.name)
        cl = rec.classes[role.name]
        diff = np.zeros(sc.days + 1, dtype=np.int64)
        for day, filled in zip(cl.day.tolist(), cl.filled.tolist(), strict=True):
            if filled <= 0 or day >= sc.days:
                continue
            ac = versions[int(sc.epoch_of(day))].academy
            assert ac is not None
            k = math.ceil(ratio * filled - _EPS)
            diff[day] += k
            diff[min(day + ac.length_days, sc.days)] -= k
        out[source] += np.cumsum(diff)[:-1]
    return out


def instructor_kpis(sc: Scenario, rec: RunRecord, st: dict[str, dict[str, np.ndarray]],
                    growth: np.ndarray) -> tuple[dict[str, float], dict[str, np.ndarray]]:
    """The KPIs of the module and the daily series (none without instructors)."""
    on_loan = loans(sc, rec)
    if not on_loan:
        return {}, {}
    s0 = report_day(sc)
    total = sum(on_loan.values())
    assert isinstance(total, np.ndarray)
    deadline = sc.day(sc.target.deadline)
    mine = on_loan.get(sc.target.role)
    strain = sum(int((v[s0:] > STRAIN_SHARE * st[k][n.ON_DUTY][s0:]).sum())
                 for k, v in on_loan.items())
    kpis = {
        "instructors_mean": float(total[s0:].mean()),
        "instructors_peak": float(total[s0:].max()),
        "instructors_at_deadline": float(total[deadline]),
        "operational_growth_at_deadline": float(
            growth[deadline] - (mine[deadline] if mine is not None else 0)),
        "instructor_strain_days": float(strain),
    }
    return kpis, {series_name(k): v.astype(np.float32) for k, v in on_loan.items()}
