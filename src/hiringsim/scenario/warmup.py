"""Checks of a warm-up (``warm_up_from``): before the start, at most
:data:`~hiringsim.scenario.timeline.MAX_WARM_UP_DAYS` before it, and not with a running pipeline
(see :mod:`hiringsim.model.warmup` for the rule)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .timeline import MAX_WARM_UP_DAYS

if TYPE_CHECKING:  # pragma: no cover
    from .core import Scenario

__all__ = ["first_date", "warm_up_problems"]


def first_date(sc: Scenario) -> dt.date:
    """The first simulated date: the warm-up's, else the start."""
    return sc.warm_up_from if sc.warm_up_from is not None else sc.start


def warm_up_problems(sc: Scenario) -> list[tuple[str, str]]:
    """Every problem of the scenario's warm-up, as (dotted field, message)."""
    w = sc.warm_up_from
    if w is None:
        return []
    out: list[tuple[str, str]] = []
    earliest = sc.start - dt.timedelta(days=MAX_WARM_UP_DAYS)
    if w >= sc.start:
        out.append(("warm_up_from", f"must be before start ({sc.start}), got {w}"))
    elif w < earliest:
        out.append(("warm_up_from", f"a warm-up is at most {MAX_WARM_UP_DAYS} days (10 years) "
                    f"long: from {earliest} on, got {w}"))
    for role in sc.roles:
        if role.pipeline is not None:
            out.append((f"roles.{role.name}.pipeline", "a scenario with a warm-up "
                        "(warm_up_from) starts with the pipeline the warm-up leaves; remove "
                        "pipeline or warm_up_from"))
    return out
