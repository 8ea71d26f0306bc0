"""model.first_of.FirstOf stands in for SimPy's ``a | b`` in reference mode: the same time, the
same answer to "which came first" and the same place in SimPy's order of events, ties included
(the records are compared bit for bit elsewhere; this pins the rule itself)."""

from __future__ import annotations

import simpy
from hypothesis import given, settings
from hypothesis import strategies as st

from hiringsim.model.first_of import FirstOf

# each waiter: (delay before it starts waiting, a's delay, b's delay, a is a plain event
# succeeded by another process rather than a timeout); whole-day delays make ties common
WAITER = st.tuples(st.integers(0, 3), st.integers(0, 4), st.integers(0, 4), st.booleans())


def _trace(waiters, first_of: bool) -> list[tuple]:
    """What happens, in SimPy's order: each waiter's resumption (time, which came first), what
    a and b scheduled in the step they were processed, and a bystander's ticks at every whole
    time."""
    env = simpy.Environment()
    log: list[tuple] = []

    def trigger(ev, delay):
        yield env.timeout(delay)
        ev.succeed()
        log.append(("succeeded", env.now))

    def waiter(i, start, da, db, plain):
        yield env.timeout(start)
        if plain:
            a = env.event()
            env.process(trigger(a, da))
        else:
            a = env.timeout(da)
        b = env.timeout(db)
        cond = FirstOf(env, a, b) if first_of else a | b
        for name, ev in (("a", a), ("b", b)):  # in the step each is processed, after the
            if ev.callbacks is not None:  # wait's own callback: what is scheduled then
                ev.callbacks.append(lambda _e, name=name: env.timeout(0).callbacks.append(
                    lambda _t: log.append((name, i, env.now))))
        got = yield cond
        won = a.processed if first_of else a in got
        log.append(("resumed", i, env.now, won))

    def bystander():
        for _ in range(10):
            log.append(("tick", env.now))
            yield env.timeout(1)

    env.process(bystander())
    for i, w in enumerate(waiters):
        env.process(waiter(i, *w))
    env.run()
    return log


@settings(max_examples=150, deadline=None)
@given(st.lists(WAITER, min_size=1, max_size=6))
def test_first_of_is_simpys_or(waiters):
    """The same trace as SimPy's Condition for any mix of timeouts, plain events, ties and
    events already processed when the wait begins (delay 0)."""
    assert _trace(waiters, True) == _trace(waiters, False)


def test_first_of_tells_which_came_first():
    """a before b: a won, at a's time; b before a: a lost, at b's time; a tie: the one
    scheduled first (a) wins."""
    def resumed(w):
        return [e[2:] for e in _trace([w], True) if e[0] == "resumed"]

    assert resumed((0, 1, 2, False)) == [(1, True)]
    assert resumed((0, 2, 1, False)) == [(1, False)]
    assert resumed((0, 1, 1, False)) == [(1, True)]
    assert resumed((2, 3, 1, True)) == [(3, False)]
