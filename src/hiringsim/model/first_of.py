"""Reference mode: ``a | b`` of two SimPy events that never fail, at a lower cost.

SimPy's ``a | b`` builds a :class:`simpy.events.Condition` (a tuple of events, a count, an
evaluation function, a value listing the events processed by the time it is), about a tenth
of a served stage's or an offer wait's time.  :class:`FirstOf` is scheduled exactly as that
condition is -- ``succeed()`` when the first of ``a``, ``b`` is processed, in that step, so
every event keeps its place in SimPy's order -- and the waiter tells which came first by
``a.processed`` (what ``a in (a | b)`` tells).  Neither event may fail (a request, a timeout,
a plain event succeeded).
"""

from __future__ import annotations

from typing import Any

import simpy
from simpy.events import PENDING

__all__ = ["FirstOf"]


class FirstOf(simpy.Event):
    """Triggered when the first of ``a``, ``b`` (which never fail) is processed."""

    def __init__(self, env: simpy.Environment, a: simpy.Event, b: simpy.Event):
        super().__init__(env)
        self._events = (a, b)
        for event in self._events:  # as Condition: at once if already processed
            if event.callbacks is None:
                self._check(event)
            else:
                event.callbacks.append(self._check)
        assert self.callbacks is not None
        self.callbacks.append(self._drop_checks)

    def _check(self, event: Any) -> None:
        if self._value is PENDING:
            self.succeed()

    def _drop_checks(self, event: Any) -> None:
        """As Condition once processed: the other event no longer calls back."""
        for ev in self._events:
            if ev.callbacks and self._check in ev.callbacks:
                ev.callbacks.remove(self._check)
