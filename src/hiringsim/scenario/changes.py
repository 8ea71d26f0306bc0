"""Dated changes: any input a planner may change mid-run, by one mechanism.

A scenario's ``changes`` is a list of ``[[changes]]`` tables, each with a date (``from``), a
table ``set`` of dotted paths (as :meth:`Scenario.with_values` addresses them) and new values,
and an optional ``note``::

    [[changes]]
    from = 2025-07-01
    note = "academy shortened to 42 training days (ICE, 2025)"
    set = { "roles.officer.academy.length_days" = 42 }

The scenario *in effect* from a date is the scenario with every change dated on or before it
applied in date order (a later date wins; on one date, the later table wins), validated like a
file.  :func:`epochs` gives ``[(day, scenario in effect from that day), ...]``; :func:`epoch_of`
the epoch of each of many times.  The rule -- which people a change applies to -- is
:data:`~hiringsim.scenario.timeline.CHANGE_RULE`:

- a stage's pass_rate, duration, cost and withdraw_per_week apply to people by the time they
  *enter* the stage (at a resource: the time they join its queue);
- an academy's length_days, graduation_rate, cost_per_trainee and seats by the class's start
  date; a change of every_days restarts the cycle on its date (the first class of the new cycle
  is on the change date);
- onboarding by the day onboarding starts; offer_withdraw_per_week by the day the offer wait
  starts; hire_cost and bonus by the entry-on-duty day, application_cost by the application
  day, salary by the day paid; with a pay_elasticity, salary and bonus also move the
  applications of each day and the withdrawal hazards by the day each wait starts
  (:data:`hiringsim.scenario.market.PAY_DOC`);
- attrition is a hazard in calendar time: from the date it applies to everyone on board
  (starting staff and hires), with tenure bands as before;
- a resource's servers from the date.

A role with entry channels (:mod:`hiringsim.model.kinds.channels`) follows the same rule, in
every channel: the role's stages, academy, onboarding, attrition and costs reach every channel
that uses them (a channel without its own stages, offer withdrawal, application or hire cost
takes the role's in effect), and a channel's own inputs change under
``roles.<role>.channels.<channel>.``: ``stages.<stage>.<field>`` (a channel with its own
stages), ``offer_withdraw_per_week``, ``hire_cost``, ``application_cost`` and
``course.{length_days, graduation_rate, cost_per_trainee, seats}`` (by the start of the course
class the trainee enters, i.e. the entry-on-duty day).

Seats and servers also have their older spellings (``academy.changes``, ``resources.X.changes``);
both feed one schedule, :func:`hiringsim.schedules.steps`.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from .errors import ScenarioError
from .extends import apply_sets

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

    from .core import Scenario
    from .parts import Role

__all__ = ["ACADEMY_FIELDS", "CHANNEL_FIELDS", "COURSE_FIELDS", "MAX_CHANGE_DATES",
           "RESOURCE_FIELDS", "ROLE_FIELDS", "STAGE_FIELDS", "change_problems", "epoch_of",
           "epochs", "touched"]

STAGE_FIELDS = ("pass_rate", "duration", "cost", "withdraw_per_week")
ACADEMY_FIELDS = ("length_days", "graduation_rate", "seats", "every_days", "cost_per_trainee")
ROLE_FIELDS = ("onboarding", "attrition", "offer_withdraw_per_week", "salary", "hire_cost",
               "application_cost", "bonus")
RESOURCE_FIELDS = ("servers",)
#: dates a scenario's changes may fall on: each is one scenario in effect (validated and kept in
#: memory), far more than a plan's milestones (a change a month over 16 years)
MAX_CHANGE_DATES = 200
CHANNEL_FIELDS = ("offer_withdraw_per_week", "hire_cost", "application_cost")
COURSE_FIELDS = ("length_days", "graduation_rate", "cost_per_trainee", "seats")


def path_problem(sc: Scenario, path: str) -> str | None:
    """Why ``path`` cannot be set by a dated change (None: it can)."""
    top = ("changeable paths: roles.<role>.stages.<stage>.{" + ", ".join(STAGE_FIELDS)
           + "}, roles.<role>.academy.{" + ", ".join(ACADEMY_FIELDS) + "}, roles.<role>.{"
           + ", ".join(ROLE_FIELDS) + "}, roles.<role>.channels.<channel>.{stages.<stage>.<field>, "
           + ", ".join(CHANNEL_FIELDS) + ", course.<field>}, resources.<resource>.servers")
    seg = path.split(".")
    if seg[0] == "resources" and len(seg) >= 2:
        names = [r.name for r in sc.resources]
        if seg[1] not in names:
            return f"no resource {seg[1]!r}; resources: {', '.join(names) or '(none)'}"
        if seg[2:] != ["servers"]:
            return "not changeable on a date; a resource's changeable field is 'servers'"
        return None
    if seg[0] != "roles" or len(seg) < 3:
        return f"not changeable on a date; {top}"
    names = [r.name for r in sc.roles]
    if seg[1] not in names:
        return f"no role {seg[1]!r}; roles: {', '.join(names)}"
    role = sc.role(seg[1])
    rest = seg[2:]
    if rest[0] == "channels":
        return _channel_problem(role, rest[1:])
    if rest[0] == "stages":
        return _stage_problem(role.name, [s.name for s in role.stages], rest[1:])
    if rest[0] == "academy":
        if role.academy is None:
            return f"role {role.name!r} has no academy"
        if len(rest) == 2 and rest[1] in ACADEMY_FIELDS:
            return None
        return ("not changeable on a date; an academy's changeable fields: "
                + ", ".join(ACADEMY_FIELDS))
    if rest[0] in ROLE_FIELDS and (len(rest) == 1 or rest[0] == "attrition"):
        return None
    return f"not changeable on a date; {top}"


def _stage_problem(owner: str, stages: list[str], rest: list[str]) -> str | None:
    if not rest or rest[0] not in stages:
        return f"give a stage by name; stages of {owner}: {', '.join(stages)}"
    if len(rest) == 2 and rest[1] in STAGE_FIELDS:
        return None
    return f"not changeable on a date; a stage's changeable fields: {', '.join(STAGE_FIELDS)}"


def _channel_problem(role: Role, rest: list[str]) -> str | None:
    """Why ``roles.<role>.channels.<rest>`` cannot change on a date (None: it can)."""
    names = [c.name for c in role.channels]
    fields = ("changeable paths of a channel: channels.<channel>.stages.<stage>.{"
              + ", ".join(STAGE_FIELDS) + "} (a channel with its own stages), channels.<channel>."
              "{" + ", ".join(CHANNEL_FIELDS) + "}, channels.<channel>.course.{"
              + ", ".join(COURSE_FIELDS) + "} (path 'course')")
    if not rest or rest[0] not in names:
        got = f"no channel {rest[0]!r}" if rest else "give a channel by name"
        return (f"{got}; channels of {role.name}: {', '.join(names) or '(none)'} (the role's "
                f"own channel {role.channel!r} changes through roles.{role.name}.*)")
    ch = next(c for c in role.channels if c.name == rest[0])
    here = f"{role.name}.channels.{ch.name}"
    rest = rest[1:]
    if rest[:1] == ["stages"]:
        if ch.stages is None:
            return (f"channel {ch.name!r} has no stages of its own: it uses the role's; change "
                    f"roles.{role.name}.stages.<stage> (applies to every channel using them)")
        return _stage_problem(here, [s.name for s in ch.stages], rest[1:])
    if rest[:1] == ["course"]:
        if ch.course is None:
            return f"channel {ch.name!r} has no course (its path is {ch.path!r})"
        if len(rest) == 2 and rest[1] in COURSE_FIELDS:
            return None
        return "not changeable on a date; a course's changeable fields: " + ", ".join(
            COURSE_FIELDS)
    if len(rest) == 1 and rest[0] in CHANNEL_FIELDS:
        return None
    return f"not changeable on a date; {fields}"


def touched(sc: Scenario, prefix: str, fields: tuple[str, ...] | None = None) -> bool:
    """Whether a change sets ``prefix`` (or ``prefix.<field>`` for one of ``fields``)."""
    for ch in sc.changes:
        for path in ch.values:
            if fields is None:
                if path == prefix or path.startswith(prefix + "."):
                    return True
            elif any(path == f"{prefix}.{f}" for f in fields):
                return True
    return False


def _in_effect(sc: Scenario, upto: Any, paths: list[list[str]] | None = None) -> Scenario:
    """The scenario with every change dated on or before ``upto`` applied (only ``paths[i]`` of
    change i when given; raises ScenarioError when it is not valid)."""
    raw = sc.to_dict()
    raw.pop("changes", None)
    for i in sorted(range(len(sc.changes)), key=lambda i: sc.changes[i].start):
        ch = sc.changes[i]
        if ch.start <= upto:
            sets = ch.values if paths is None else {p: ch.values[p] for p in paths[i]}
            apply_sets(raw, sets, [], prefix="")
    built = type(sc).from_dict(raw, source=sc.source)
    return dataclasses.replace(built, source=sc.source, notes=sc.notes)


def epochs(sc: Scenario) -> tuple[tuple[int, Scenario], ...]:
    """``((day, scenario in effect from that day), ...)`` from day 0, one per change date (the
    scenarios in effect have no ``changes``: schedules are read from ``sc``)."""
    if not sc.changes:
        return ((0, sc),)
    dates = sorted({max(c.start, sc.start) for c in sc.changes})
    first = sc if dates[0] > sc.start else _in_effect(sc, sc.start)
    out = [(0, first)]
    out += [(sc.day(d), _in_effect(sc, d)) for d in dates if d > sc.start]
    return tuple(out)


def epoch_of(sc: Scenario, t: Any) -> np.ndarray:
    """The index into ``sc.epochs`` in effect at each time ``t`` (days, array-like; int64)."""
    import numpy as np

    if len(sc.epochs) == 1 and sc.epochs[0][0] == 0:  # no dated changes: the same, cheaper
        return -(np.asarray(t, dtype=float) < 0).astype(np.int64)
    days = np.asarray([d for d, _ in sc.epochs], dtype=float)
    return np.searchsorted(days, np.asarray(t, dtype=float), side="right").astype(np.int64) - 1


def change_problems(sc: Scenario, *, build: bool) -> list[tuple[str, str]]:
    """Problems of ``sc.changes``: paths that cannot change, dates outside the run and (when
    ``build``: the rest of the scenario is valid) values the field would not take, each under
    ``changes.<i>.set."<path>"``."""
    if len({c.start for c in sc.changes}) > MAX_CHANGE_DATES:
        # each date builds and validates a scenario in effect: bounded, so that a file with
        # thousands of dates is refused at once rather than validated for minutes
        return [("changes", f"{len({c.start for c in sc.changes})} different dates; at most "
                 f"{MAX_CHANGE_DATES} (put the changes of one date in one [[changes]] table)")]
    out: list[tuple[str, str]] = []
    ok_paths: list[list[str]] = []
    for i, ch in enumerate(sc.changes):
        here = f"changes.{i}"
        if not (sc.start <= ch.start <= sc.end):
            out.append((f"{here}.from", f"{ch.start} is outside the simulated period "
                        f"{sc.start}..{sc.end}"))
        if not ch.values:
            out.append((f"{here}.set", "give at least one dotted path and its new value, e.g. "
                        "{\"roles.officer.academy.length_days\" = 42}"))
        good = []
        for path in ch.values:
            why = path_problem(sc, path)
            if why is None:
                good.append(path)
            else:
                out.append((f'{here}.set."{path}"', why))
        ok_paths.append(good)
    if not build:
        return out
    seen: set[tuple[str, str]] = set()
    order = sorted(range(len(sc.changes)), key=lambda i: sc.changes[i].start)
    for date in sorted({c.start for c in sc.changes}):
        try:
            _in_effect(sc, date, ok_paths)
            continue
        except ScenarioError as exc:
            problems = exc.problems
        for field, msg in problems:
            owner = next(((i, p) for i in reversed(order) if sc.changes[i].start <= date
                          for p in ok_paths[i] if field == p or field.startswith(p + ".")), None)
            if owner is None:
                item = ("changes", f"in effect from {date}: {field}: {msg}")
            else:
                i, p = owner
                sub = field[len(p):]
                item = (f'changes.{i}.set."{p}"{sub}', msg)
            if item not in seen:
                seen.add(item)
                out.append(item)
    return out
