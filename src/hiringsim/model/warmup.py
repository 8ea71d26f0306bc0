"""A warm-up (``Scenario.warm_up_from``): run the same inputs from an earlier date and report
from the start, so that the pipeline is already running at the start.

One wrapper for both modes (:func:`run_warm`): it builds the scenario the model runs
(:func:`extended`), runs the mode's simulation on it, and cuts the record to the reporting
window (:func:`cut`).  The rule (also the field's doc, :data:`~hiringsim.scenario.parts.
WARM_UP_RULE`):

- **The extended scenario** starts at the warm-up date with the same inputs.  ``initial`` is on
  duty at the warm-up date (the headcount a planner gives is at the warm-up date; those who
  leave before the start are replaced as positions allow).  Recruiting periods, positions
  phases, server and seat changes, academy ``first_class`` and ``dates`` may be dated from the
  warm-up date; a role's (or channel's) first recruiting period and first positions phase are
  carried back to the warm-up date when dated later, so the positions in effect at the start
  apply from the warm-up date unless phases are dated earlier.  An academy's ``every_days``
  cycle is extended back from ``first_class``: class days ``floor(first_class - k x
  every_days)``, ``k = 1, 2, ...``, down to the warm-up date; a course's cycle likewise (a course
  without ``first_class`` runs from the warm-up date).  Resource servers are as given from the
  warm-up date, their changes on their dates; top-level dated ``changes`` stay dated from the
  start on.
- **The record** is a normal run record from the start (day 0 = start): flows, busy days,
  reference snapshots cut to the reporting window; the state at the end of the day before the
  start as opening stocks ``RunRecord.opening[role][state]`` (on duty included: it replaces
  ``initial`` in :func:`~hiringsim.model.record.role_stocks`); hires entering on duty from the
  start, with times shifted, those who applied before the start left out (as a running
  pipeline's people: they count as hires in the flows, not in time to hire); classes starting
  from the start; resource waits of those served (or withdrawing) from the start.
- **Growth** is measured from the headcount at the start in each replication (the opening
  stocks, :func:`~hiringsim.model.running.start_headcount`), and so are the positions of roles
  that follow the officers added (:mod:`hiringsim.model.positions`): during the warm-up they
  follow the officers added above ``initial``, from the start those added above the headcount
  at the start.
- **Costs** are those from the start (the warm-up's are sunk).  Payroll counts, as without a
  warm-up, everybody on board beyond ``initial`` less the initial staff who leave from the
  start: those hired in the warm-up to replace initial staff who left in it count as initial
  staff.

A scenario without a warm-up runs none of this (``run_replication`` calls the mode directly).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable
from typing import TYPE_CHECKING

import numpy as np

from . import names as n

if TYPE_CHECKING:  # pragma: no cover
    import datetime as dt

    from ..scenario import Channel, RatePeriod, Role, Scenario
    from ..scenario.parts import Academy, Course, Phase
    from .record import RunRecord

__all__ = ["cut", "extended", "report_day", "run_warm"]


def report_day(sc: Scenario) -> int:
    """The day of ``sc``'s run its reports start from (0; a warm-up's extended scenario: the
    start's day)."""
    return 0 if sc.reports_from is None else sc.day(sc.reports_from)


def run_warm(sc: Scenario, seed: int, replication: int,
             run: Callable[[Scenario, int, int], RunRecord]) -> RunRecord:
    """One replication of ``sc`` with its warm-up: ``run`` (a mode's simulation) on the
    extended scenario, cut to the reporting window."""
    return cut(run(extended(sc), seed, replication), sc)


# -- the extended scenario --------------------------------------------------------------------
def extended(sc: Scenario) -> Scenario:
    """The scenario the model runs for a warm-up: from the warm-up date, reporting from the
    start (see the module's rule)."""
    w = sc.warm_up_from
    assert w is not None
    roles = tuple(_role(r, w) for r in sc.roles)
    return dataclasses.replace(sc, start=w, warm_up_from=None, reports_from=sc.start,
                               roles=roles)


def _back(items: tuple, w: dt.date) -> tuple:
    """Items dated by ``start``, the first carried back to ``w`` when dated later."""
    if not items or items[0].start <= w:
        return items
    return (dataclasses.replace(items[0], start=w), *items[1:])


def _role(role: Role, w: dt.date) -> Role:
    recruiting: tuple[RatePeriod, ...] = _back(role.recruiting, w)
    positions: tuple[Phase, ...] | None = (None if role.positions is None
                                           else _back(role.positions, w))
    channels: tuple[Channel, ...] = tuple(
        dataclasses.replace(c, recruiting=_back(c.recruiting, w),
                            course=None if c.course is None else _course(c.course, w))
        for c in role.channels)
    academy = None if role.academy is None else _academy(role.academy, w)
    return dataclasses.replace(role, recruiting=recruiting, positions=positions,
                               channels=channels, academy=academy)


def _academy(ac: Academy, w: dt.date) -> Academy:
    """The cycle extended back from first_class to ``w`` as explicit dates."""
    if ac.every_days is None:
        return ac
    import datetime as dt

    assert ac.first_class is not None  # (a warm-up with a shared academy is refused)

    first = (ac.first_class - w).days
    back = []
    k = 1
    while (d := math.floor(first - k * ac.every_days)) >= 0:
        back.append(w + dt.timedelta(days=d))
        k += 1
    return dataclasses.replace(ac, dates=tuple(sorted({*back, *ac.dates})))


def _course(course: Course, w: dt.date) -> Course:
    """A course's cycle extended back to ``w`` (none: from ``w``, as from a run's first day)."""
    if course.first_class is None or course.every_days is None:
        return course
    import datetime as dt

    k = (course.first_class - w).days // course.every_days
    return dataclasses.replace(
        course, first_class=course.first_class - dt.timedelta(days=k * course.every_days))


# -- the record -------------------------------------------------------------------------------
def cut(ext: RunRecord, sc: Scenario) -> RunRecord:
    """The record of ``sc`` from its start, out of the extended run's record ``ext``."""
    from .record import RunRecord, state_names, stocks

    s0 = ext.scenario.day(sc.start)
    rec = RunRecord(sc, ext.seed, ext.replication, ext.mode)
    rec.flows = {k: {f: v[s0:].copy() for f, v in flows.items()}
                 for k, flows in ext.flows.items()}
    rec.channels = {k: {c: {f: v[s0:].copy() for f, v in flows.items()}
                        for c, flows in chans.items()} for k, chans in ext.channels.items()}
    st = stocks(ext)
    rec.opening = {role.name: {s: int(st[role.name][s][s0 - 1]) for s in state_names(role)}
                   for role in sc.roles}
    for name, h in ext.hires.items():
        keep = h["application"] >= s0  # entered on duty later: eod >= application >= start
        rec.hires[name] = {k: v[keep] - s0 for k, v in h.items()}
    rec.busy = {k: v[s0:].copy() for k, v in ext.busy.items()}
    rec.waits = ext.waits  # the models keep those from report_day on
    for name, log in ext.classes.items():
        keep = log.day >= s0
        rec.classes[name] = n.ClassLog(log.day[keep] - s0, log.seats[keep], log.filled[keep],
                                       log.limit[keep])
    if ext.snapshots is not None:
        rec.snapshots = {k: {s: v[s0:].copy() for s, v in snap.items()}
                         for k, snap in ext.snapshots.items()}
    return rec


def opening_array(rec: RunRecord, role: Role) -> np.ndarray:
    """A role's opening stocks in state order (on duty: ``initial`` when not given)."""
    from .record import state_names

    opening = rec.opening.get(role.name, {})
    return np.asarray([opening.get(s, role.initial if s == n.ON_DUTY else 0)
                       for s in state_names(role)], dtype=np.int64)
