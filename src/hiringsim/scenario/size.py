"""How much memory a run of a scenario needs, estimated before it starts.

Every field has a sane bound (:mod:`.parts`), but bounds one at a time still allow runs that
cannot fit: a million applications a week for 40 years, or ten million replications of daily
series.  :func:`run_size` estimates a run from the expected numbers (people followed one by one,
positions and servers held in queues, days x states arrays, result rows) and
:func:`check_run_size` refuses, with the figures, any run estimated above :data:`MEMORY_LIMIT`.
Scenario validation checks one fast replication; ``run_replication`` checks its mode and
``simulate`` the whole set of replications.  The estimates are rough upper figures (measured on
the fast mode and rounded up), meant to tell a plan from an accident, not to budget memory.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..distributions.base import MAX_DAYS
from .errors import RunSizeError, ScenarioError

if TYPE_CHECKING:  # pragma: no cover
    from .core import Scenario
    from .parts import Role

__all__ = ["MEMORY_LIMIT", "RunSize", "check_run_size", "run_size"]

#: the largest estimated memory of a run that is started (bytes): 4 GiB
MEMORY_LIMIT = 4 * 2**30

#: bytes per person followed one by one in fast mode (a handful of float64 arrays and temporaries)
PERSON_BYTES = 256
#: bytes per applicant in reference mode (a SimPy process and its events; about 300 measured)
APPLICANT_BYTES = 1024
#: bytes per server or position held in a queue's heap
SEAT_BYTES = 32
#: bytes per day and flow or state of one replication's arrays (int64 flows, cumulative sums,
#: stocks and their summaries)
CELL_BYTES = 32
#: bytes per day and state kept by results with daily series (int32)
SERIES_BYTES = 4
#: bytes per day and role kept beside the series for milestones (5 int32 counts) and windows
#: (4 float64 daily series: hires, separations, hiring cost, payroll)
ROLE_DAY_BYTES = 5 * 4 + 4 * 8
#: bytes per person followed kept for windows' time to hire (entry on duty and time to hire,
#: float32; an upper figure, since not everyone followed is hired)
HIRE_BYTES = 8
#: bytes per result row (a dict of KPIs, funnel, capacity and fiscal rows)
ROW_BYTES = 2048
#: at most this many flows and states a stage adds to a role's record, and the role's own (the
#: model's vocabulary, hiringsim.model.record, has fewer; the scenario layer cannot import it)
FLOWS_PER_STAGE, FLOWS_PER_ROLE = 5, 10
STATES_PER_STAGE, STATES_PER_ROLE = 2, 4


@dataclass(frozen=True)
class RunSize:
    """Expected size of one replication of a scenario, and its parts in bytes by field."""

    days: int
    applications: float
    followed: float
    cells: int
    states: int
    rows: int
    roles: int
    parts: tuple[tuple[str, str, float], ...]  # (field, what, bytes) of one fast replication

    def bytes(self, *, mode: str = "fast", replications: int = 1,
              keep_series: bool = False) -> float:
        """Estimated peak memory of ``replications`` replications in ``mode`` (bytes)."""
        one = sum(b for _, _, b in self.parts)
        if mode == "reference":
            one += self.applications * APPLICANT_BYTES
        series = (self.states * self.days * SERIES_BYTES + self.roles * self.days * ROLE_DAY_BYTES
                  + self.followed * HIRE_BYTES)
        kept = replications * (self.rows * ROW_BYTES + (series if keep_series else 0))
        return one + kept


def _leading_pass(role: Role) -> float:
    """Probability of passing the leading stages without a resource (counted, not kept)."""
    p = 1.0
    for s in role.stages:
        if s.resource is not None:
            break
        p *= s.pass_rate
    return p


def _applications(sc: Scenario, role: Role) -> float:
    total = 0.0
    periods = list(role.recruiting)
    for i, period in enumerate(periods):
        lo = max(sc.day(period.start), 0)
        hi = sc.day(periods[i + 1].start) if i + 1 < len(periods) else sc.days
        total += period.per_week / 7.0 * max(hi - lo, 0)
    from .market import applied, market_problems  # seasonality and pay (the daily rate)

    if total > 0 and (role.seasonality is not None or role.pay_elasticity is not None) \
            and not market_problems(role):
        import numpy as np

        rate = np.zeros(sc.days)
        for i, period in enumerate(periods):
            hi = sc.day(periods[i + 1].start) if i + 1 < len(periods) else sc.days
            rate[max(sc.day(period.start), 0):hi] = period.per_week / 7.0
        try:
            total = float(applied(sc, role, rate).sum())
        except ScenarioError:  # a change's bad value: reported by the change checks
            pass
    if role.pool is not None:  # a person applies at most once per reapply period
        lag = role.pool.reapply_after_days
        total = min(total, role.pool.eligible * (1 if lag is None else -(-sc.days // lag)))
    return total


def _running(role: Role) -> int:
    """People of a role's pipeline already running at the start."""
    pl = role.pipeline
    if pl is None:
        return 0
    return (sum(c for _, c in pl.stages) + pl.waiting + pl.onboarding
            + sum(c.trainees for c in pl.classes))


def run_size(sc: Scenario) -> RunSize:
    """The expected size of one replication of ``sc`` (see :class:`RunSize`)."""
    days = sc.days
    parts: list[tuple[str, str, float]] = []
    apps_total = followed_total = 0.0
    cells = states = 0
    for role in sc.roles:
        p = f"roles.{role.name}"
        apps = _applications(sc, role)
        apps_total += apps
        lead = _leading_pass(role)
        followed = apps * lead + role.initial
        followed_total += followed
        parts.append((f"{p}.recruiting", f"{followed:.3g} people followed one by one "
                      f"({apps:.3g} applications, {role.initial:,} on duty at the start)",
                      followed * PERSON_BYTES))
        running = _running(role)
        if running:  # a pipeline already running: each of them is followed one by one
            apps_total += running
            followed_total += running
            parts.append((f"{p}.pipeline", f"{running:,} people already in the pipeline",
                          running * PERSON_BYTES))
        cohort = apps * (1.0 - lead)
        n_lead = next((i for i, s in enumerate(role.stages) if s.resource is not None),
                      len(role.stages))
        if cohort > 0 and n_lead:
            spread = n_lead * 8.0 * min(2.0 * cohort, float(days) * MAX_DAYS)
            parts.append((f"{p}.recruiting", f"{cohort:.3g} applicants counted, not kept",
                          spread))
        if role.academy is None:
            seats = _positions(sc, role)
            if seats:
                parts.append((f"{p}.positions", f"{seats:,.0f} positions held in a queue",
                              seats * SEAT_BYTES))
        n_states = STATES_PER_STAGE * len(role.stages) + STATES_PER_ROLE
        n_cells = FLOWS_PER_STAGE * len(role.stages) + FLOWS_PER_ROLE + n_states
        cells += n_cells
        states += n_states
        parts.append((p, f"{n_cells} flows and states x {days:,} days",
                      n_cells * days * CELL_BYTES))
    for res in sc.resources:
        most = max([res.servers, *(c.servers for c in res.changes)])
        parts.append((f"resources.{res.name}", f"{most:,} servers x {days:,} days",
                      most * SEAT_BYTES + days * CELL_BYTES))
        states += 1
    years = sum(1 for y in range(sc.start.year, sc.end.year + 1)
                if sc.start <= dt.date(y, 9, 30) <= sc.end)
    rows = 10 + sum(len(r.stages) + 3 + years for r in sc.roles) + len(sc.resources)
    return RunSize(days, apps_total, followed_total, cells, states, rows, len(sc.roles),
                   tuple(parts))


def _positions(sc: Scenario, role: Role) -> float:
    """The most positions a role without an academy holds in its queue (0 when uncapped)."""
    phases = role.positions
    ratio = 1.0
    if phases is None and role.ratio is not None:
        target = next((r for r in sc.roles if r.name == sc.target.role), None)
        phases = target.positions if target is not None else None
        ratio = role.ratio
    if not phases:
        return 0.0
    return role.initial + ratio * max(ph.growth for ph in phases)


def _gb(b: float) -> str:
    return f"{b / 2**30:,.1f} GiB" if b >= 2**28 else f"{b / 2**20:,.0f} MiB"


def size_problems(sc: Scenario, *, mode: str = "fast", replications: int = 1,
                  keep_series: bool = False, limit: float | None = None
                  ) -> list[tuple[str, str]]:
    """``[(field, message)]`` when the run would need more than ``limit`` bytes, else ``[]``."""
    limit = MEMORY_LIMIT if limit is None else limit
    size = run_size(sc)
    need = size.bytes(mode=mode, replications=replications, keep_series=keep_series)
    if need <= limit:
        return []
    top = sorted(size.parts, key=lambda x: -x[2])
    field = top[0][0]
    detail = "; ".join(f"{what} ({_gb(b)})" for _, what, b in top[:3] if b > 0)
    if mode == "reference":
        detail = (f"{size.applications:.3g} applicants as SimPy processes "
                  f"({_gb(size.applications * APPLICANT_BYTES)}); " + detail)
    if replications > 1:
        kept = need - size.bytes(mode=mode)
        detail += (f"; {replications:,} replications' results "
                   f"{'with daily series ' if keep_series else ''}({_gb(kept)})")
        field = "(replications)" if kept > need / 2 else field
    hint = ("fewer replications, or keep='kpis' (no daily series)" if field == "(replications)"
            else "fewer applications, people or servers, or a shorter horizon")
    return [(field, f"this run would need about {_gb(need)} of memory (at most "
                    f"{_gb(limit)} is allowed): {detail}; use {hint}")]


def check_run_size(sc: Scenario, *, mode: str = "fast", replications: int = 1,
                   keep_series: bool = False, limit: float | None = None) -> None:
    """Raise :class:`RunSizeError` with the figures when the run would not fit in memory.

    Examples
    --------
    >>> import hiringsim as hs
    >>> from hiringsim.scenario.size import check_run_size
    >>> check_run_size(hs.example("baseline"), replications=100, keep_series=True)
    """
    problems = size_problems(sc, mode=mode, replications=replications, keep_series=keep_series,
                             limit=limit)
    if problems:
        raise RunSizeError(problems, sc.source or sc.name)
