"""Reference mode of a shared academy (the rule: :mod:`hiringsim.model.shared`): one SimPy
process per shared academy starts each class and fills it from its user roles' waiting lists by
the allocation rule, each role within its positions free at that moment.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Generator
from typing import Any

import numpy as np

from ..scenario.academies import users
from ..schedules import cap_at
from . import names as n
from .shared import SharedLog, allocate, classes, room, user_limit

__all__ = ["Stamped", "start_shared"]


class Stamped:
    """A role's waiting list that keeps each candidate's offer time (``(time, person)``)."""

    def __init__(self, env: Any):
        self.env = env
        self.items: deque[tuple[float, Any]] = deque()

    def append(self, me: Any) -> None:
        self.items.append((float(self.env.now), me))

    def valid(self, limit: int) -> list[float]:
        """Offer times of the first ``limit`` candidates still waiting."""
        now = self.env.now
        out: list[float] = []
        for t, me in self.items:
            if me.withdrawn or me.deadline <= now:
                continue
            if len(out) == limit:
                break
            out.append(t)
        return out

    def take(self, k: int) -> list[Any]:
        """Pop the first ``k`` candidates still waiting (dropping those gone before them)."""
        now = self.env.now
        out: list[Any] = []
        while self.items and len(out) < k:
            _, me = self.items.popleft()
            if me.withdrawn or me.deadline <= now:
                continue
            out.append(me)
        return out

    def __bool__(self) -> bool:
        return bool(self.items)


def start_shared(env: Any, sc: Any, sims: dict[str, Any]) -> Callable[[Any], None]:
    """Start one class process per shared academy of ``sc`` over the role simulations
    ``sims``; returns what writes the academies' logs into a record after the run."""
    logs: dict[str, list[tuple[int, int, int, int, int]]] = {}
    for ac in sc.academies:
        mine = [sims[r.name] for r in users(sc, ac.name)]
        for rs in mine:
            rs.waiting = Stamped(env)
        logs[ac.name] = []
        env.process(_classes(env, sc, ac, mine, logs[ac.name]))

    def finish(rec: Any) -> None:
        for name, rows in logs.items():
            rec.academies[name] = SharedLog.from_rows([r for r in rows if r[0] < sc.days])

    return finish


def _classes(env: Any, sc: Any, ac: Any, sims: list[Any], log: list) -> Generator[Any, Any, None]:
    names = [rs.name for rs in sims]
    for c, seats, outside in classes(sc, ac):
        yield env.timeout(c - env.now)
        available = seats - outside
        rooms = [room(cap_at(rs.caps, env.now) - rs.occupied) for rs in sims]
        heads = [np.asarray(rs.waiting.valid(r), dtype=float)
                 for rs, r in zip(sims, rooms, strict=True)]
        take = allocate(ac, available, names, heads, rooms)
        for i, rs in enumerate(sims):
            for me in rs.waiting.take(take[i]):
                rs.admit(me, n.ACADEMY)
            rs.classes.append((c, take[i], take[i],
                               user_limit(ac, available, names, take, rooms, i)))
        log.append((c, seats, outside, available, sum(take)))
