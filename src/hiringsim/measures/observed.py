"""Observed-data measures of a run: what an agency would have counted, period by period.

The observation operator of calibration: a :class:`~hiringsim.model.record.RunRecord` in, the
counts (and stocks and means) of the observed-data format out (``docs/observed-data.md``).
:func:`observe` turns a whole run into that table; :func:`series` gives one measure over any
periods, which is what the calibration's simulation check compares with the data.

Only the run-record contract and the scenario are used here, never a simulation mode's
internals, so both modes are observed alike.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from ..model import names as n
from ..model.kinds import entry_kind, stage_kind
from ..model.record import RunRecord, stocks

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..scenario import Role

__all__ = ["MEASURES", "OFFER", "Measure", "measures", "observe", "series"]


class Measure(NamedTuple):
    """What a measure is: a ``count`` of people in a period, a ``stock`` at its end or a
    ``mean``; whether it is per stage; one line for documents and schemas."""

    kind: str
    staged: bool
    doc: str


#: the measures of the observed-data format
MEASURES: dict[str, Measure] = {
    "applications": Measure("count", False, "applications received (applicants x "
                            "applications_per_applicant: expected, not always whole)"),
    "entered": Measure("count", True, "candidates who entered the stage"),
    "started": Measure("count", True, "candidates whose service at the stage's resource began"),
    "passed": Measure("count", True, "candidates who passed the stage"),
    "failed": Measure("count", True, "candidates who failed the stage"),
    "withdrew": Measure("count", True, "candidates who withdrew while waiting (for the stage's "
                        "resource, or for a position or class at stage 'offer')"),
    "hires": Measure("count", False, "entries on duty (academy start, or onboarding without an "
                     "academy)"),
    "academy_entered": Measure("count", False, "recruits who started an academy class"),
    "academy_graduated": Measure("count", False, "academy graduates"),
    "academy_washed_out": Measure("count", False, "recruits who washed out of the academy"),
    "separations": Measure("count", False, "staff who left (attrition)"),
    "headcount": Measure("stock", False, "staff onboarding or on duty at the period's end"),
    "time_to_hire_mean": Measure("mean", False, "mean days from application to entry on duty "
                                 "of those hired in the period"),
}
#: the stage name of withdrawals while waiting for a position or class
OFFER = "offer"

# measure -> record flows summed (measures without a stage), or the stage's flow (per stage)
_FLOW = {"applications": (n.APPLICANTS,), "hires": (n.EOD,), "academy_entered": (n.EOD,),
         "academy_graduated": (n.ACADEMY_GRADUATE,), "academy_washed_out": (n.ACADEMY_WASHOUT,),
         "separations": (n.ONBOARDING_LEAVE, n.DUTY_LEAVE, n.INITIAL_LEAVE)}
_STAGE_FLOW = {"entered": n.enter, "started": n.start, "passed": n.passed, "failed": n.failed,
               "withdrew": n.withdraw}


def measures(role: Role) -> list[tuple[str, str]]:
    """Every ``(measure, stage)`` a role has, in the order :func:`observe` lists them: what
    each stage's kind and the role's entry kind record (``observed``), and the role's totals."""
    out = [("applications", "")]
    for s in role.stages:
        out += [(m, s.name) for m in stage_kind(s).observed]
    out += [("withdrew", OFFER), ("hires", "")]
    out += [(m, "") for m in entry_kind(role).observed]
    return out + [("separations", ""), ("headcount", ""), ("time_to_hire_mean", "")]


def series(record: RunRecord, role: Role, measure: str, stage: str, d0: np.ndarray,
           d1: np.ndarray) -> np.ndarray:
    """One measure of a run over the periods ``[d0[i], d1[i]]`` (day indices, inclusive).

    Counts are summed over each period, ``headcount`` is taken at its last day and
    ``time_to_hire_mean`` is NaN for periods without hires.
    """
    f = record.flows[role.name]
    if measure == "headcount":
        st = stocks(record)[role.name]
        return (st[n.ONBOARDING] + st[n.ON_DUTY])[d1].astype(float)
    if measure == "time_to_hire_mean":
        h = record.hires[role.name]
        eod, tth = h["eod"], h["eod"] - h["application"]
        out = np.full(len(d0), np.nan)
        for i, (a, b) in enumerate(zip(d0, d1, strict=True)):
            m = (eod >= a) & (eod < b + 1)
            if m.any():
                out[i] = tth[m].mean()
        return out
    names: tuple[str, ...]
    if measure in _STAGE_FLOW:
        names = (n.OFFER_WITHDRAW,) if stage == OFFER else (_STAGE_FLOW[measure](stage),)
    else:
        names = _FLOW[measure]
    daily = np.asarray(sum(f[name] for name in names))
    per = role.applications_per_applicant if measure == "applications" else 1
    cum = np.concatenate([[0], np.cumsum(daily * per if per != 1 else daily)])
    return (cum[d1 + 1] - cum[d0]).astype(float)


def observe(record: RunRecord, *, period_days: int = 7) -> pd.DataFrame:
    """What an agency would have recorded of one run, in the observed-data format.

    Every measure of every role over consecutive periods of ``period_days`` from the scenario
    start (a partial last period is left out); periods without hires have no
    ``time_to_hire_mean`` row.  Useful to rehearse a calibration on data whose truth is known.

    Examples
    --------
    >>> import hiringsim
    >>> sc = hiringsim.load_scenario("tests/scenarios/small.toml")  # doctest: +SKIP
    >>> rec = hiringsim.run_replication(sc, seed=1)  # doctest: +SKIP
    >>> observe(rec, period_days=30).columns.tolist()  # doctest: +SKIP
    ['period_start', 'period_end', 'role', 'measure', 'stage', 'value']
    """
    import pandas as pd

    sc = record.scenario
    periods = sc.days // period_days
    d0 = np.arange(periods) * period_days
    d1 = d0 + period_days - 1
    starts = pd.to_datetime(sc.start) + pd.to_timedelta(d0, unit="D")
    ends = pd.to_datetime(sc.start) + pd.to_timedelta(d1, unit="D")
    frames = []
    for role in sc.roles:
        for measure, stage in measures(role):
            v = series(record, role, measure, stage, d0, d1)
            frames.append(pd.DataFrame({"period_start": starts, "period_end": ends,
                                        "role": role.name, "measure": measure, "stage": stage,
                                        "value": v}))
    df = pd.concat(frames, ignore_index=True)
    return df[df["value"].notna()].reset_index(drop=True)
