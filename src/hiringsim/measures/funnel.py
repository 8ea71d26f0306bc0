"""The funnel: per role and stage, how many entered, passed, failed and withdrew.

With vetting that overlaps training (``tentative_from``) the offer row counts tentative offers in
and failures of the vetting on the offer list as failed, the academy row (and the course row of a
role with entry channels) counts trainees removed as failed (with the washouts), and a last row
(:data:`TENTATIVE_CLEARANCE`) follows the hires: entered = entries on duty, failed = removed
after entry, passed = not removed (by the horizon).
With a pipeline already running at the start (``Role.pipeline``), *entered* also counts the
people in the stage at the start (in service or queued; on the offer list; in a running class),
so that passed / entered stays the share who passed of everyone who went through the stage.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..model import names as n
from ..model.kinds import entry_kind, stage_kind
from ..model.record import RunRecord

__all__ = ["funnel_rows"]

#: the funnel row of the wait for a position or class after the last stage
OFFER = "offer"
#: the funnel row of hires on a tentative clearance (vetting that overlaps training)
TENTATIVE_CLEARANCE = "tentative_clearance"


def funnel_rows(rec: RunRecord, *, cum: dict[str, dict[str, np.ndarray]] | None = None
                ) -> list[dict[str, Any]]:
    """One row per role and stage (the stages, the offer wait, the entry kind's rows); ``cum``:
    per role, the running totals of its flows (:func:`hiringsim.model.record.cumulative`), when
    already computed: each flow's total is then its last day's (the same whole number as the
    sum of the flow, for less)."""
    rows: list[dict[str, Any]] = []
    for role in rec.scenario.roles:
        f = rec.flows[role.name]
        if cum is not None and len(f[n.EOD]):  # the run as one day: its totals
            f = {k: c[-1:] for k, c in cum[role.name].items()}
        for s in role.stages:
            rows.append({"role": role.name, "stage": s.name, **stage_kind(s).funnel_row(s, f)})
        overlap = role.tentative_from is not None
        offers = f[n.OFFER_TENTATIVE] if overlap else f[n.passed(role.stages[-1].name)]
        rows.append({"role": role.name, "stage": OFFER, "entered": int(offers.sum()),
                     "passed": int(f[n.EOD].sum()),
                     "failed": int(f[n.OFFER_FAIL].sum()) if overlap else 0,
                     "withdrew": int(f[n.OFFER_WITHDRAW].sum())})
        rows += [{"role": role.name, **row} for row in entry_kind(role).funnel_rows(role, f)]
        opening = rec.opening.get(role.name)
        if opening:
            _add_opening(role, opening, rows)
        if overlap:
            trainings = {n.ACADEMY: n.ACADEMY_REMOVED, n.COURSE: n.COURSE_REMOVED}
            for row in rows:  # trainees removed did not graduate: failed, like washouts
                if row["role"] == role.name and row["stage"] in trainings:
                    row["failed"] += int(f[trainings[row["stage"]]].sum())
            removed = sum(int(f[x].sum()) for x in n.REMOVALS if x in f)
            rows.append({"role": role.name, "stage": TENTATIVE_CLEARANCE,
                         "entered": int(f[n.EOD].sum()),
                         "passed": int(f[n.EOD].sum()) - removed, "failed": removed,
                         "withdrew": 0})
    return rows


def _add_opening(role: Any, opening: dict[str, int], rows: list[dict[str, Any]]) -> None:
    """Count a running pipeline's people at the start as having entered their row's stage."""
    states = {s.name: stage_kind(s).states(s) for s in role.stages}
    states[OFFER] = [n.OFFER_WAIT]
    for state in entry_kind(role).states(role):
        states.setdefault(state, [state])
    for row in rows:
        if row["role"] == role.name:
            row["entered"] += sum(opening.get(x, 0) for x in states.get(row["stage"], ()))
