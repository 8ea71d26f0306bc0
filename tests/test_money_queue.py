"""Direct entry's position queue under a budget (hiringsim.model.money_queue.money_fifo): with
money that never binds it is the position queue of hiringsim.model.queue.fifo_queue, change of
positions for change; and a change that retires the free position is followed by every later
change up to the start it leads to (the fault that let a role following the target's headcount
go one over its cap in 30 of 120 fast records of tests/scenarios/small_budget.toml)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

import hiringsim
from hiringsim.model.money_queue import money_fifo
from hiringsim.model.queue import fifo_queue
from test_model_conservation import check_record

HERE = Path(__file__).parent


class AlwaysMoney:
    """A ledger that always carries the commitment: money never holds anybody."""

    days = 10**6

    def __init__(self) -> None:
        self.commits: list[tuple[float, float]] = []
        self.holds: list[tuple[float, float]] = []

    def earliest(self, t: float) -> float:
        return t

    def commit(self, t: float, leave: float = math.inf) -> None:
        self.commits.append((t, leave))

    def hold(self, t0: float, t1: float) -> None:
        self.holds.append((t0, t1))


def test_a_change_past_the_retired_position_is_applied_before_the_start():
    """Two positions, held until days 2 and 6; the cap falls to 1 on day 1 (the holder leaving
    on day 2 is not replaced) and to 0 on day 4 (nor the one leaving on day 6): a candidate
    waiting from day 0 never starts (they withdraw on day 100).  Before the fix they started
    on day 6, over a cap of 0."""
    money = AlwaysMoney()
    start, withdrew = money_fifo(np.array([0.0]), np.array([10.0]), np.array([100.0]), 2,
                                 [(1.0, 1), (4.0, 0)], money,
                                 busy_until=np.array([2.0, 6.0]))  # type: ignore[arg-type]
    assert start.tolist() == [math.inf] and withdrew.tolist() == [True]  # withdrew on day 100
    assert money.commits == [] and money.holds == []
    # the cap back to 1 on day 8: they start then
    start, _ = money_fifo(np.array([0.0]), np.array([10.0]), np.array([100.0]), 2,
                          [(1.0, 1), (4.0, 0), (8.0, 1)], AlwaysMoney(),  # type: ignore[arg-type]
                          busy_until=np.array([2.0, 6.0]))
    assert start.tolist() == [8.0]


@settings(max_examples=60)
@given(st.data())
def test_money_that_never_binds_is_the_position_queue(data):
    """Random arrivals, services, patience, holders at the start and dated caps: the same
    starts and withdrawals as fifo_queue's pure-Python loop, to the bit."""
    n = data.draw(st.integers(0, 25))
    arrivals = np.sort(np.array(data.draw(st.lists(st.integers(0, 40), min_size=n, max_size=n)),
                                dtype=float) / 2)
    service = np.array(data.draw(st.lists(st.integers(1, 30), min_size=n, max_size=n)),
                       dtype=float)
    patience = np.array(data.draw(st.lists(st.sampled_from([0.0, 3.0, 10.0, math.inf]),
                                           min_size=n, max_size=n)))
    servers = data.draw(st.integers(0, 4))
    busy = np.array(sorted(data.draw(st.lists(st.integers(0, 30), max_size=servers))),
                    dtype=float)
    days = sorted(set(data.draw(st.lists(st.integers(1, 40), max_size=5))))
    changes = [(float(d), data.draw(st.integers(0, 5))) for d in days]
    want = fifo_queue(arrivals, service, patience, servers, changes, busy_until=busy,
                      compiled=False)
    got = money_fifo(arrivals, service, patience, servers, changes,
                     AlwaysMoney(), busy_until=busy)  # type: ignore[arg-type]
    np.testing.assert_array_equal(got[0], want[0])
    np.testing.assert_array_equal(got[1], want[1])


def test_small_budget_fast_records_keep_every_cap():
    """tests/scenarios/small_budget.toml in fast mode (support follows the officers' growth,
    both roles held by money): every record passes the conservation checks, the cap on the
    days of entry included (replications 0, 3 and 6 of seed 2024 went over it before)."""
    sc = hiringsim.load_scenario(HERE / "scenarios" / "small_budget.toml")
    for r in range(12):
        check_record(hiringsim.run_replication(sc, seed=2024, replication=r))
