"""The search space of one solve: lever grids in index space, costs, and the screening cache.

Each lever's grid is ordered so that a higher index helps, and the lever with most values comes
last (the staircase bisects it within each row of the others).  Screening runs replications
``0, 1, ...`` of one seed for every setting (common random numbers), up to the screening
replications, in looks; a setting stops as soon as its Wilson bounds decide it clearly above or
below the goal, or the estimate at the cap can no longer change side (the rule and its error
rate: :mod:`~hiringsim.goalseek.sequential`).  Settings are screened once and cached (by lever
values: the whole-number refinement moves indices, not evaluations).

**Probes.**  :meth:`Problem.probe` runs one screening replication (replication 0) of a setting
without deciding anything: the search uses it to guess where the boundary lies before it
screens (:mod:`~hiringsim.goalseek.search._least`).  The row is kept, and a later screening of
that setting starts from it, so its screening is the same as without the probe (the same
replications of the same seed).

**Rejected settings.**  A setting rejected on fresh replications (:meth:`Problem.reject`) falls
short for the search from then on, whatever its screening said, so a search run again looks
above it (:mod:`~hiringsim.goalseek.verify`).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from concurrent.futures import Executor
from typing import Any

from ..draws import Inputs
from ..scenario import Scenario
from ..stats import proportion_ci
from .evaluate import Evaluation, Row, run_replications
from .sequential import screen_plan
from .spec import Lever, Request

__all__ = ["Problem"]

Index = tuple[int, ...]


class Problem:
    """Grid, costs and the screening cache of one solve request.

    ``bar`` is a ``tqdm`` bar counting replications (screening and verification).
    """

    def __init__(self, request: Request, *, seed: int, executor: Executor | None = None,
                 bar: Any = None, inputs: Inputs = "uncertain"):
        opts = request.options
        self.scenario = request.scenario
        self.user_levers: tuple[Lever, ...] = request.levers
        self.levers = sorted(request.levers, key=lambda x: len(x.grid()))
        self.grids = [lv.grid()[::lv.sign] for lv in self.levers]
        self.sizes = [len(g) for g in self.grids]
        self.base = {lv.path: float(self.scenario.get(lv.path)) for lv in self.levers}
        self.cost_arg = request.cost
        self.goal = opts.probability
        self.replications = opts.replications
        self.confidence = opts.confidence
        self.max_evaluations = opts.max_evaluations
        self.seed = seed
        self.executor = executor
        #: draw the scenario's uncertain inputs in every replication, or run them fixed
        self.inputs: Inputs = inputs
        self.bar = bar
        self.cache: dict[Index, Evaluation] = {}
        #: screening replication 0 of settings probed but not (yet) screened, by lever values
        self.probes: dict[tuple[float, ...], list[Row]] = {}
        #: lever values of settings rejected on fresh replications
        self.rejected: set[tuple[float, ...]] = set()
        self.total_reps = 0
        #: replications run by probes (counted in ``total_reps`` too)
        self.probe_reps = 0

    # costs -----------------------------------------------------------------------------------
    @property
    def cost_known(self) -> bool:
        """Whether a setting's cost is known without simulating it."""
        return self.cost_arg is not None

    @property
    def rows_rise_in_cost(self) -> bool:
        """Whether linear costs rise along the last lever (its lowest index is its cheapest)."""
        if self.cost_arg is None or callable(self.cost_arg):
            return False
        last = self.levers[-1]
        return self.cost_arg[last.path] * last.sign >= 0

    def values(self, idx: Index) -> dict[str, float]:
        return {lv.path: g[i] for lv, g, i in zip(self.levers, self.grids, idx, strict=True)}

    def cost(self, idx: Index) -> float:
        if self.cost_arg is None:
            return self.evaluate(idx).cost
        vals = self.values(idx)
        if callable(self.cost_arg):
            return float(self.cost_arg(vals))
        return float(sum(self.cost_arg[p] * (v - self.base[p]) for p, v in vals.items()))

    def scenario_at(self, idx: Index) -> Scenario:
        vals = self.values(idx)
        label = ", ".join(f"{'.'.join(p.split('.')[-2:])}={v}"
                          for p, v in vals.items())
        return self.scenario.with_values(vals, name=f"{self.scenario.name} [{label}]")

    def is_whole(self, pos: int) -> bool:
        """Whether lever ``pos`` sets a whole-number scenario field (it can be refined)."""
        base = self.scenario.get(self.levers[pos].path)
        return isinstance(base, int) and not isinstance(base, bool)

    def insert(self, pos: int, after: int, values: Sequence[float]) -> None:
        """Put ``values`` into lever ``pos``'s grid after index ``after`` (they must lie between
        its neighbours); screened settings keep their values, their indices move."""
        if not values:
            return
        k = len(values)
        g = self.grids[pos]
        self.grids[pos] = g[:after + 1] + list(values) + g[after + 1:]
        self.sizes[pos] += k
        moved: dict[Index, Evaluation] = {}
        for idx, ev in self.cache.items():
            if idx[pos] > after:
                idx = idx[:pos] + (idx[pos] + k,) + idx[pos + 1:]
                ev.idx = idx
            moved[idx] = ev
        self.cache = moved

    # replications ----------------------------------------------------------------------------
    def run(self, scenario: Scenario, seed: int, replications: list[int]) -> list[Row]:
        """Rows of these replications, counted in ``total_reps`` and on the bar."""
        rows = run_replications(scenario, seed, replications, executor=self.executor,
                                inputs=self.inputs)
        self.total_reps += len(replications)
        if self.bar is not None:
            self.bar.update(len(replications))
        return rows

    # screening -------------------------------------------------------------------------------
    def evaluate(self, idx: Index) -> Evaluation:
        """The screening of one setting (cached)."""
        idx = tuple(idx)
        ev = self.cache.get(idx)
        if ev is not None:
            return ev
        sc = self.scenario_at(idx)
        plan = screen_plan(self.goal, self.replications, self.confidence)
        _, rows = plan.run(lambda reps: self.run(sc, self.seed, reps),
                           self.probes.pop(self.key(idx), None))
        ev = Evaluation(idx, self.values(idx), rows)
        ev.cost = ev.mean(2) if self.cost_arg is None else self.cost(idx)
        self.cache[idx] = ev
        if self.bar is not None:
            self.bar.set_postfix_str(f"p={ev.p:.2f} at {ev.values}", refresh=False)
        return ev

    def feasible(self, idx: Index) -> bool:
        """Whether the screening estimate reaches the goal (never, once rejected on fresh
        replications)."""
        if self.key(idx) in self.rejected:
            return False
        return self.evaluate(idx).p >= self.goal

    def key(self, idx: Index) -> tuple[float, ...]:
        """A setting's lever values (stable when the refinement inserts grid values)."""
        return tuple(g[i] for g, i in zip(self.grids, idx, strict=True))

    def probed(self, idx: Index) -> bool | None:
        """Screening replication 0's outcome at a setting if it has run (probe or screening),
        else None (runs nothing)."""
        ev = self.cache.get(tuple(idx))
        if ev is not None:
            return bool(ev.rows[0][0])
        rows = self.probes.get(self.key(idx))
        return None if rows is None else bool(rows[0][0])

    def probe(self, idx: Index) -> bool:
        """Whether screening replication 0 of this setting reaches the target (run once; kept
        as the first row of the setting's screening)."""
        known = self.probed(idx)
        if known is not None:
            return known
        self.probes[self.key(idx)] = rows = self.run(self.scenario_at(idx), self.seed, [0])
        self.probe_reps += 1
        return bool(rows[0][0])

    def reject(self, idx: Index) -> None:
        """Mark a setting rejected on fresh replications: it falls short for the search."""
        self.rejected.add(self.key(idx))

    def upper(self, ev: Evaluation) -> float:
        """One-sided upper Wilson bound at ``confidence``."""
        return proportion_ci(ev.successes, ev.n, 2 * self.confidence - 1)[2]

    def over_budget(self) -> bool:
        return len(self.cache) >= self.max_evaluations

    @property
    def n_settings(self) -> int:
        return math.prod(self.sizes)

    @property
    def top(self) -> Index:
        """Every lever at its best."""
        return tuple(n - 1 for n in self.sizes)
