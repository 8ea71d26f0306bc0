"""Dated outcomes: a headcount read off one run's daily series on a date (``WHAT@YYYY-MM-DD``),
for sweeps that keep only the series points they ask for."""

from __future__ import annotations

import datetime as dt

from ..model.record import RunRecord, stocks
from .growth import measure_states, starting_headcount

__all__ = ["dated_outcome"]


def dated_outcome(record: RunRecord, name: str) -> float:
    """Headcount on a date: ``growth@2019-09-30`` (the target role, by the target's measure),
    ``support.growth@...``, ``officer.on_duty@...`` or any state, e.g.
    ``officer.background:queue@2018-01-01`` (end of that day).

    A pure function of one run's record; raises KeyError naming what is wrong with ``name``.
    """
    sc = record.scenario
    what, _, when = name.partition("@")
    try:
        day = sc.day(dt.date.fromisoformat(when))
    except ValueError:
        raise KeyError(f"{name!r}: the date after '@' must be YYYY-MM-DD") from None
    if not 0 <= day < sc.days:
        raise KeyError(f"{name!r}: {when} is outside the simulated period {sc.start}..{sc.end}")
    role_name, _, state = what.rpartition(".") if "." in what else (sc.target.role, "", what)
    try:
        role = sc.role(role_name)
    except KeyError as exc:
        raise KeyError(f"{name!r}: {exc.args[0]}") from None
    st = stocks(record)[role.name]
    if state == "growth":
        states = measure_states(sc.target.measure, role)
        return float(sum(st[s][day] for s in states)
                     - starting_headcount(sc.target.measure, role,
                                          record.opening.get(role.name)))
    if state in ("trained", "on_board"):
        return float(sum(st[s][day] for s in measure_states(state, role)))
    if state not in st:
        raise KeyError(f"{name!r}: role {role.name!r} has no state {state!r}; states: growth, "
                       f"trained, on_board, {', '.join(st)}")
    return float(st[state][day])
