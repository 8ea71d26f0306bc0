"""Appropriations in both modes: a ledger per role that says whether a commitment fits.

The rule is :data:`hiringsim.scenario.budget.BUDGET_RULE`.  A commitment (entry on duty) at
time ``t`` in fiscal year ``y`` costs at most :func:`covered` (training + hire cost charged on
the day of entry, and the salary from that day to 30 September); it is made only when the
year's free money (appropriation + carry-in - reserved) carries it.  Reserved starts at the
year's start as the pay to 30 September of every new hire then on board (entered before the
year and not gone before its first day), grows by each commitment's cost, and is not released
within the year.  Payroll is counted as :mod:`hiringsim.measures.costs` counts it: a person is
paid for every day at whose end they are on board, from ``floor(entry)`` to ``floor(leave)``
(exclusive).

The ledger needs only aggregate events -- entries (``commit``) and leaves (``left``) of new
hires -- so both modes drive it the same way, in time order: the fast mode knows a hire's
leave at entry, the reference mode reports it when it happens; a year is rolled over lazily at
the first call in it, when every leave before its first day is known in both modes.  Nothing
here runs when the scenario has no budget (:func:`ledger` returns None).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Generator
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from ..schedules import YEAR, by_day

if TYPE_CHECKING:  # pragma: no cover
    from ..scenario import Role, Scenario

__all__ = ["BudgetLog", "Ledger", "appropriations", "covered", "fiscal_years", "ledger", "refused",
           "ticks"]

#: slack for sums of money in floating point (dollars)
EPS = 1e-6


class BudgetLog(NamedTuple):
    """What money did to one role: one entry per fiscal year touching the horizon, and the days
    on which a commitment that seats and positions allowed was refused for money."""

    fiscal_year: np.ndarray  # int64
    budget: np.ndarray  # appropriation (NaN: the year is not held by money)
    carry_in: np.ndarray
    reserved_start: np.ndarray  # what people on board at the year's start may cost in it
    shortfall: np.ndarray  # reserved_start beyond budget + carry-in
    committed: np.ndarray  # entries on duty in the year (int64)
    held: np.ndarray  # bool per simulated day


def fiscal_years(sc: Scenario) -> list[tuple[int, int, int]]:
    """``(fiscal year, first day, day after the last)`` of every fiscal year touching the
    horizon, as day offsets from the start (the first may begin before 0, the last end after
    ``sc.days``)."""
    out = []
    last = sc.end.year + (sc.end.month >= 10)
    for year in range(sc.start.year + (sc.start.month >= 10), last + 1):
        out.append((year, sc.day(dt.date(year - 1, 10, 1)), sc.day(dt.date(year, 10, 1))))
    return out


def appropriations(sc: Scenario, role: str) -> dict[int, float]:
    """The role's money per fiscal year: its own entries, or its share of overall ones."""
    share = 1.0 if sc.budget_allotment is None else float(sc.budget_allotment.get(role, 0.0))
    out: dict[int, float] = {}
    for b in sc.budget:
        if b.role == role:
            out[b.fiscal_year] = b.amount
        elif not b.role:
            out[b.fiscal_year] = b.amount * share
    return out


def covered(sc: Scenario, role: Role) -> tuple[np.ndarray, np.ndarray]:
    """The covered cost of one hire, by day: what is charged on the day of entry on duty
    (training cost per trainee + hire cost + bonus), and the salary paid for one day on board.  Each
    in effect on the day (dated changes).  The one place a per-person covered cost is
    defined."""
    name = role.name

    def daily(value: float | np.ndarray) -> np.ndarray:
        return np.broadcast_to(np.asarray(value, dtype=float), (sc.days,)).copy()

    trainee = daily(by_day(sc, lambda ep: _trainee(ep.role(name))))
    hire = daily(by_day(sc, lambda ep: ep.role(name).hire_cost + ep.role(name).bonus))
    salary = daily(by_day(sc, lambda ep: ep.role(name).salary)) / YEAR
    return trainee + hire, salary


def _trainee(role: Role) -> float:
    return role.academy.cost_per_trainee if role.academy is not None else 0.0


def ledger(sc: Scenario, role: Role) -> Ledger | None:
    """The role's ledger, or None when no budget holds it (the code path without money)."""
    if not sc.budget:
        return None
    money = appropriations(sc, role.name)
    if not any(year in money for year, _, _ in fiscal_years(sc)):
        return None
    return Ledger(sc, role, money)


class Ledger:
    """One role's money through the fiscal years (see the module docstring)."""

    def __init__(self, sc: Scenario, role: Role, money: dict[int, float]):
        self.years = fiscal_years(sc)
        self.days = sc.days
        self.carry = sc.budget_unspent == "carry_over"
        self.lo = self.years[0][1]  # first day of the first fiscal year (<= 0)
        span = self.years[-1][2] - self.lo
        fixed, salary = covered(sc, role)
        # by day from lo, padded with the first and last day's values beyond the horizon
        pad = (-self.lo, span + self.lo - sc.days)
        self.fixed = np.pad(fixed, pad, mode="edge")
        self.salary = np.pad(salary, pad, mode="edge")
        self.pay = np.concatenate([[0.0], np.cumsum(self.salary)])  # pay[i]: days lo..lo+i-1
        self.net = np.zeros(span + 1, dtype=np.int64)  # entries - leaves of new hires by day
        self.amount = [money.get(year) for year, _, _ in self.years]
        n = len(self.years)
        self.carry_in = np.zeros(n)
        self.reserved_start = np.zeros(n)
        self.shortfall = np.zeros(n)
        self.committed = np.zeros(n, dtype=np.int64)
        self.spent_fixed = np.zeros(n)
        self.held = np.zeros(sc.days, dtype=bool)
        self.k = 0  # the current fiscal year
        self.reserved = 0.0
        self.available = self.amount[0] or 0.0

    # -- time ---------------------------------------------------------------------------------
    def _year(self, t: float) -> int:
        d = math.floor(t)
        k = self.k
        while k + 1 < len(self.years) and d >= self.years[k + 1][1]:
            k += 1
        return k

    def _roll(self, t: float) -> None:
        """Go on to the fiscal year of ``t``: close each year passed, open the next."""
        k_new = self._year(t)
        while self.k < k_new:
            k, (_, d0, d1) = self.k, self.years[self.k]
            spent = self.spent_fixed[k] + self._payroll(d0, d1)
            left = self.available - spent
            self.k = k = k + 1
            amount = self.amount[k]
            carry = max(left, 0.0) if self.carry and self.amount[k - 1] is not None \
                and amount is not None else 0.0
            self.carry_in[k] = carry
            _, d0, d1 = self.years[k]
            # new hires on board at the year's start: entered before it, not gone before it
            on_board = int(self.net[:d0 - self.lo].sum())
            self.reserved = on_board * (self.pay[d1 - self.lo] - self.pay[d0 - self.lo])
            self.reserved_start[k] = self.reserved
            self.available = (amount or 0.0) + carry
            if amount is not None:
                self.shortfall[k] = max(self.reserved - self.available, 0.0)

    def _payroll(self, d0: int, d1: int) -> float:
        """Pay of new hires for days d0..d1-1 (those not yet known to leave stay on board)."""
        i0, i1 = max(d0, 0) - self.lo, min(d1, self.days) - self.lo
        if i1 <= i0:
            return 0.0
        count = np.cumsum(self.net[:i1])[i0:i1]
        return float(count @ self.salary[i0:i1])

    # -- the gate -----------------------------------------------------------------------------
    def cost(self, t: float) -> float:
        """The most one commitment at ``t`` can cost in its fiscal year."""
        i = math.floor(t) - self.lo
        d1 = self.years[self._year(t)][2] - self.lo
        return float(self.fixed[i] + self.pay[d1] - self.pay[i])

    def can_commit(self, t: float) -> bool:
        self._roll(t)
        if self.amount[self.k] is None:
            return True
        return self.reserved + self.cost(t) <= self.available + EPS

    def fits(self, t: float, most: int) -> int:
        """How many commitments at ``t`` fit, up to ``most`` (one after another)."""
        self._roll(t)
        if self.amount[self.k] is None or most <= 0:
            return max(most, 0)
        c, reserved, k = self.cost(t), self.reserved, 0
        while k < most and reserved + c <= self.available + EPS:
            reserved += c
            k += 1
        return k

    def commit(self, t: float, leave: float = math.inf) -> None:
        """An entry on duty at ``t`` (and the hire's leave, when known)."""
        self._roll(t)
        if self.amount[self.k] is not None:
            self.reserved += self.cost(t)
        i = math.floor(t) - self.lo
        self.spent_fixed[self.k] += self.fixed[i]
        self.committed[self.k] += 1
        self.net[i] += 1
        if leave < math.inf:
            self.left(leave)

    def commit_many(self, t: float, leave: np.ndarray) -> None:
        """Fast mode: entries at ``t`` of hires who leave at ``leave``."""
        for x in leave.tolist():
            self.commit(t, x)

    def left(self, t: float) -> None:
        """A new hire left (freed their position) at ``t``."""
        i = math.floor(t) - self.lo
        if i < len(self.net):
            self.net[i] -= 1

    def earliest(self, t: float) -> float:
        """The earliest time from ``t`` on at which one commitment fits, with no other
        commitment in between: ``t``, a later day of its year (the salary to 30 September
        falls), or a later year's start (``inf``: never)."""
        while True:
            if self.can_commit(t):
                return t
            _, _, d1 = self.years[self.k]
            i = np.arange(math.floor(t) + 1, d1) - self.lo
            ok = self.reserved + self.fixed[i] + self.pay[d1 - self.lo] - self.pay[i] \
                <= self.available + EPS
            if ok.any():
                return float(i[np.argmax(ok)] + self.lo)
            if self.k + 1 >= len(self.years) or d1 >= self.days:
                return math.inf
            t = float(d1)

    def hold(self, t0: float, t1: float) -> None:
        """Hiring was held by money from ``t0`` to ``t1`` (at least the day of ``t0``)."""
        a = max(math.floor(t0), 0)
        b = min(max(math.ceil(t1), a + 1), self.days)
        self.held[a:b] = True

    def finish(self) -> BudgetLog:
        """The log of the run (every fiscal year opened)."""
        self._roll(float(self.years[-1][1]))
        return BudgetLog(
            np.asarray([y for y, _, _ in self.years], dtype=np.int64),
            np.asarray([math.nan if a is None else a for a in self.amount]),
            self.carry_in, self.reserved_start, self.shortfall, self.committed, self.held)


# -- reference mode -----------------------------------------------------------------------------
def refused(rs: Any, me: Any, until: float) -> bool:
    """Reference mode: whether money refuses ``me`` now; if so ``me`` is back first in line and
    hiring is held by money until ``until`` (at least today)."""
    money = rs.money
    if money is None or money.can_commit(rs.env.now):
        return False
    rs.waiting.appendleft(me)
    money.hold(rs.env.now, until)
    return True


def ticks(rs: Any) -> Generator[Any, Any, None]:
    """Reference mode, direct entry: try the offer list at each day's start (the day's cost to
    30 September falls, and a fiscal year's money arrives, at a day's start)."""
    env = rs.env
    for d in range(1, rs.sc.days):
        yield env.timeout(d - env.now)
        if rs.waiting:
            rs.entry.admit_now(rs)
