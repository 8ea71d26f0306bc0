"""Checks of a role's entry channels (``Role.channels``), every problem at once."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .core import Scenario
    from .parts import Role

__all__ = ["channel_problems"]

#: stage names a role with channels cannot use: its entry flows are named after them
RESERVED_STAGES = ("academy", "course")


def channel_problems(sc: Scenario, role: Role) -> list[tuple[str, str]]:
    """Problems of ``role``'s channels as (dotted field, message)."""
    out: list[tuple[str, str]] = []
    if not role.channels:
        return out
    from .checks import _sorted_dates, _within  # checks imports this module

    p = f"roles.{role.name}"
    seen = {role.channel}
    roles = {r.name for r in sc.roles}
    stages = {s.name: s for s in role.stages}
    order = [s.name for s in role.stages]
    for s in role.stages:
        if s.name in RESERVED_STAGES:
            out.append((f"{p}.stages.{s.name}", f"a role with channels cannot name a stage "
                        f"{s.name!r} (its entry flows use the name); rename the stage"))
    for ch in role.channels:
        c = f"{p}.channels.{ch.name}"
        if ch.name in seen:
            out.append((f"{c}.name", f"channel names must be unique within the role, and "
                        f"differ from its own channel {role.channel!r}"))
        seen.add(ch.name)
        if f"{role.name}/{ch.name}" in roles:
            out.append((f"{c}.name", f"a role is named {role.name}/{ch.name}; rename one"))
        if not ch.recruiting:
            out.append((f"{c}.recruiting", "at least one period, e.g. [{from = 2017-03-01, "
                        "per_week = 100}]"))
        _sorted_dates(ch.recruiting, "start", f"{c}.recruiting", out)
        for i, period in enumerate(ch.recruiting):
            _within(period.start, sc, f"{c}.recruiting.{i}.from", out)
        if role.academy is None and ch.path != "direct":
            out.append((f"{c}.path", f"{ch.path!r} needs the role's academy: a role without "
                        "one admits every channel straight to onboarding; use 'direct' or give "
                        f"{p}.academy"))
        if ch.path == "course" and ch.course is None:
            out.append((f"{c}.course", "path 'course' needs a course, e.g. {length_days = 28, "
                        "graduation_rate = 0.95}"))
        if ch.path != "course" and ch.course is not None:
            out.append((f"{c}.course", f"only path 'course' takes a course (path is "
                        f"{ch.path!r}); remove course or set path = 'course'"))
        if ch.course is not None and ch.course.first_class is not None:
            _within(ch.course.first_class, sc, f"{c}.course.first_class", out)
        if ch.stages is None:
            continue
        if not ch.stages:
            out.append((f"{c}.stages", "at least one stage is needed (or none for the role's)"))
            continue
        prev = -1
        for s in ch.stages:
            sp = f"{c}.stages.{s.name}"
            if s.name not in stages:
                out.append((sp, f"a channel's stages are stages of the role by name; stages: "
                            f"{', '.join(order)}"))
                continue
            if order.index(s.name) <= prev:
                out.append((sp, f"stages must be in the role's order ({', '.join(order)}), "
                            "each once"))
            prev = order.index(s.name)
            if s.resource != stages[s.name].resource:
                out.append((f"{sp}.resource", f"must be the role stage's resource "
                            f"({stages[s.name].resource!r})"))
            if s.resource is None and s.withdraw_per_week > 0:
                out.append((f"{sp}.withdraw_per_week", "only stages with a resource have a "
                            "wait to withdraw from; remove withdraw_per_week"))
        if ch.stages[-1].name != order[-1]:
            out.append((f"{c}.stages", f"must end with the role's last stage {order[-1]!r} "
                        "(everyone waits for entry after it)"))
    return out
