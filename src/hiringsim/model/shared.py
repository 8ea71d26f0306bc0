"""A shared academy (``Scenario.academies``): one class calendar whose seats several roles'
trainees and outside demand take, in both modes.

The rule.  A shared academy's classes start on its calendar (``first_class``, ``every_days``,
``dates``, ``last_class``; seats by ``seats`` and its dated ``changes``).  At each class start:

1. *Outside demand* (another agency's trainees) takes its seats first: the sum of the ``seats``
   of every ``outside`` period whose ``from``..``to`` (inclusive) holds the class's start date,
   at most the class's seats.  What is left is the class's *available* seats.
2. Each user role (a role with ``academy.shared`` = this academy) has *room*: its positions
   free at that moment (authorized minus everyone in the academy, onboarding or on duty), and
   its *waiting list*: candidates with an offer who have not withdrawn (deadline after the
   class start), in offer order.
3. ``allocation = "fcfs"``: the available seats go first come first served across roles by
   offer time, each role taking at most its room (a candidate whose role has no room left is
   passed over, and waits on).  ``allocation = "quotas"``: each role gets
   ``floor(share x available)`` seats, the seats left by rounding going one each to the largest
   remainders (ties: the quotas' order); a role fills its quota from its own list within its
   room; with ``spill = true`` (the default) the seats left unused then go to the roles'
   remaining candidates first come first served as under fcfs (within each role's room left);
   with ``spill = false`` they stay empty.  Equal offer times across roles: the scenario's role
   order first.
4. Each admitted trainee follows *their role's program*: the role's ``academy.length_days``,
   ``graduation_rate`` and ``cost_per_trainee`` (in effect on the class's start date), and from
   then on exactly what a trainee of an academy of the role's own goes through
   (:mod:`hiringsim.model.kinds.academy`): a uniform washout time, onboarding, attrition; with
   vetting that overlaps training, removal on a failure.  Different programs may share a class
   (its seats and its start), each keeping its own length.

The allocation itself is one function, :func:`allocate`, that both modes call.  The fast mode
(:mod:`hiringsim.model.shared_fast`) solves every user of one academy together, class by class
in time order, each role's positions still gating its own people; the reference mode
(:mod:`hiringsim.model.shared_ref`) runs one SimPy process per shared academy filling each class
from the users' waiting lists.  A role whose positions follow the target role's headcount cannot
share the target role's academy (validation refuses it: its cap would depend on the classes it
shares); nor can a role with entry channels or a running pipeline, nor a scenario with a
warm-up (not built).

Each user role's classes are logged in ``RunRecord.classes[role]`` as ``(day, seats, filled,
limit)`` with ``seats = filled`` (the seats it took; the academy's empty seats are the
academy's, not a role's) and ``limit``: ``seats`` when no available seat was left empty (or, with
quotas and no spill, the role filled its quota), ``positions`` when the role filled its room,
else ``candidates``.  The academy's own log is ``RunRecord.academies[name]``
(:class:`SharedLog`: seats, outside demand, seats available after it, filled by the roles).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from ..schedules import calendar_seats, calendar_starts, cap_at
from .names import Limit

if TYPE_CHECKING:  # pragma: no cover
    from ..scenario import Scenario
    from ..scenario.academies import SharedAcademy

__all__ = ["SharedLog", "allocate", "classes", "outside_seats", "quota_seats", "room",
           "user_limit"]


class SharedLog(NamedTuple):
    """The classes of one shared academy: one array per column, one entry per class."""

    day: np.ndarray
    seats: np.ndarray
    outside: np.ndarray
    available: np.ndarray
    filled: np.ndarray

    @classmethod
    def from_rows(cls, rows: list[tuple[int, int, int, int, int]]) -> SharedLog:
        a = np.asarray(rows, dtype=np.int64).reshape(-1, 5)
        return cls(a[:, 0], a[:, 1], a[:, 2], a[:, 3], a[:, 4])


def room(free: float) -> int:
    """Positions free as a whole number (an uncapped role: more than any class)."""
    return int(min(max(free, 0), 2**62))


def outside_seats(sc: Scenario, academy: SharedAcademy, day: int) -> int:
    """Seats outside demand takes of the class starting on ``day``."""
    import datetime as dt

    date = sc.start + dt.timedelta(days=day)
    return sum(o.seats for o in academy.outside if o.start <= date <= o.end)


def classes(sc: Scenario, academy: SharedAcademy) -> list[tuple[int, int, int]]:
    """``(day, seats, outside)`` of each class of ``academy`` in time order."""
    path = f"academies.{academy.name}"
    steps = calendar_seats(sc, academy, path)
    out = []
    for c in calendar_starts(sc, academy, path):
        seats = int(cap_at(steps, c))
        out.append((c, seats, min(outside_seats(sc, academy, c), seats)))
    return out


def _fcfs(seats: int, heads: list[np.ndarray], taken: list[int], rooms: list[int]
          ) -> list[int]:
    """Extra admissions per user: ``seats`` by offer time over each user's candidates
    ``heads[u][taken[u]:rooms[u]]`` (ties: user order)."""
    t = np.concatenate([h[k:r] for h, k, r in zip(heads, taken, rooms, strict=True)])
    who = np.concatenate([np.full(max(r - k, 0), u, np.int64) if r > k else
                          np.zeros(0, np.int64)
                          for u, (k, r) in enumerate(zip(taken, rooms, strict=True))])
    order = np.lexsort((who, t))[:max(seats, 0)]
    return np.bincount(who[order], minlength=len(heads)).tolist()


def allocate(academy: SharedAcademy, available: int, users: list[str], heads: list[np.ndarray],
             rooms: list[int]) -> list[int]:
    """How many of each user's waiting candidates the class admits (each user admits its first
    ones).  ``heads[u]``: the offer times of user ``u``'s valid waiting candidates in order (at
    least its first ``rooms[u]``); ``rooms[u]``: its positions free."""
    rooms = [min(r, len(h)) for r, h in zip(rooms, heads, strict=True)]
    zero = [0] * len(users)
    if academy.allocation == "fcfs":
        return _fcfs(available, heads, zero, rooms)
    quota = quota_seats(academy, available)
    taken = [min(quota.get(u, 0), r) for u, r in zip(users, rooms, strict=True)]
    if not academy.spill:
        return taken
    more = _fcfs(available - sum(taken), heads, taken, rooms)
    return [a + b for a, b in zip(taken, more, strict=True)]


def quota_seats(academy: SharedAcademy, available: int) -> dict[str, int]:
    """Each role's quota of ``available`` seats (largest remainders; ties: the quotas' order)."""
    names = [k for k, _ in academy.quotas]
    exact = [x * available for _, x in academy.quotas]
    quota = {k: math.floor(x) for k, x in zip(names, exact, strict=True)}
    left = available - sum(quota.values())
    rank = sorted(range(len(names)), key=lambda i: -(exact[i] - math.floor(exact[i])))
    for i in rank[:left]:
        quota[names[i]] += 1
    return quota


def user_limit(academy: SharedAcademy, available: int, users: list[str], filled: list[int],
               room: list[int], u: int) -> int:
    """What limited user ``u``'s intake in a class (:class:`~hiringsim.model.names.Limit`)."""
    empty = available - sum(filled)
    fixed = academy.allocation == "quotas" and not academy.spill
    if empty == 0 or (fixed and filled[u] >= quota_seats(academy, available)[users[u]]):
        return int(Limit.SEATS)
    return int(Limit.POSITIONS if filled[u] == room[u] else Limit.CANDIDATES)
