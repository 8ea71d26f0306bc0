"""Goal seeking: the least-cost lever setting that reaches the target with a wanted probability.

"What must we change to be 90% sure of +10,000 net by the deadline, at least cost?"  Levers are
dotted scenario paths with a grid ``low, low + step, ..., high``.  A setting's probability is the
share of replications with ``target_by_deadline``; its cost is linear in the levers (a cost per
unit above the base value), a callable, or by default the simulated ``cost_total`` mean.

The search (index space, each lever ordered so that a higher index helps):

1. **Screening** with common random numbers: every candidate runs replications ``0..n-1`` of
   one seed, in chunks; a candidate whose 99% Wilson interval already lies below the goal stops
   early.  "Feasible" while searching means the screening estimate reaches the goal.
2. **Search**: ``grid`` screens every setting; ``staircase`` assumes the probability rises with
   every lever and finds, for each combination of the other levers, the least value of the last
   one that reaches the goal (bisection, or galloping down from the neighbour's answer; rows
   that cannot be cheaper than the best found are skipped); ``greedy`` (many levers) starts from
   every lever at its best, lowers the lever that saves most as far as the goal allows, and then
   tries one-step exchanges between pairs of levers.  ``auto`` picks grid for tiny grids, the
   staircase while its size fits ``max_evaluations``, else greedy.  Staircase and greedy
   assume that the probability does not fall, and the cost does not fall, as a lever moves
   in its helpful ``direction``; the grid assumes nothing.
3. **Verification**: the screened settings whose one-sided Wilson upper bound reaches the goal
   form a shortlist, cheapest first; each is re-run with *fresh* replications (another seed)
   until one passes (``accept="estimate"``: the fresh estimate reaches the goal;
   ``"bound"``: its one-sided lower bound does).  The answer reports that fresh estimate and
   its Wilson interval.  If every lever at its best cannot plausibly reach the goal, the result
   says so (``feasible=False``) with the verified best achievable probability.
"""

from __future__ import annotations

import itertools
import json
import math
import time
import tomllib
from collections.abc import Callable, Mapping
from concurrent.futures import Executor
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import InputError
from .scenario import Scenario, ScenarioError
from .stats import proportion_ci

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["Candidate", "Lever", "SolveError", "SolveResult", "load_solve", "solve",
           "solve_file", "solve_one"]

METHODS = ("auto", "grid", "staircase", "greedy")
ACCEPT = ("estimate", "bound")
CHUNK = 10          # screening replications per step (early stop between steps)
EARLY = 0.99        # two-sided level of the interval that stops a screen early
GRID_AUTO = 24      # auto: screen every setting up to this many
KPIS = ("target_by_deadline", "growth_at_deadline", "cost_total")


class SolveError(InputError):
    """A solve request or file is invalid.  ``problems`` lists ``(field, message)``."""

    what = "solve request"


@dataclass(frozen=True)
class Lever:
    """A scenario input the planner can change: ``path`` over ``low..high`` by ``step``.

    ``cost_per_unit``: cost of one unit above the base scenario's value (negative: a saving).
    ``direction``: +1 if raising the value raises the probability (servers, seats), -1 if
    lowering it does (days between classes); default: the sign of ``cost_per_unit``, else +1.
    """

    path: str
    low: float
    high: float
    step: float
    cost_per_unit: float | None = None
    direction: int | None = None

    @property
    def sign(self) -> int:
        if self.direction is not None:
            return int(self.direction)
        return -1 if (self.cost_per_unit or 0) < 0 else 1

    def values(self) -> list[float]:
        """The grid ``low, low + step, ..., <= high`` (ints when low, high, step are ints)."""
        k = int(math.floor((self.high - self.low) / self.step + 1e-9))
        vals = [self.low + i * self.step for i in range(k + 1)]
        if all(_is_int(x) for x in (self.low, self.high, self.step)):
            return [int(round(v)) for v in vals]
        return [round(v, 12) for v in vals]

    def problems(self, where: str) -> list[tuple[str, str]]:
        out = []
        for k in ("low", "high", "step"):
            v = getattr(self, k)
            if isinstance(v, bool) or not isinstance(v, int | float) or not math.isfinite(v):
                out.append((f"{where}.{k}", f"expected a number, got {v!r}"))
        if out:
            return out
        if self.high < self.low:
            out.append((f"{where}.high", f"must be >= low ({self.low}), got {self.high}"))
        if not self.step > 0:
            out.append((f"{where}.step", f"must be > 0, got {self.step}"))
        if self.direction not in (None, 1, -1):
            out.append((f"{where}.direction", f"must be 1 or -1, got {self.direction!r}"))
        c = self.cost_per_unit
        if c is not None and (isinstance(c, bool) or not isinstance(c, int | float)):
            out.append((f"{where}.cost_per_unit", f"expected a number, got {c!r}"))
        return out


@dataclass(frozen=True)
class Candidate:
    """A lever setting with its cost and probability (fresh, verified replications)."""

    values: dict[str, float]
    cost: float
    probability: float
    ci_low: float
    ci_high: float
    n: int
    screen_probability: float
    screen_n: int
    verified: bool
    scenario: Scenario = field(repr=False)


@dataclass(frozen=True, eq=False)
class SolveResult:
    """What :func:`solve` found.  ``best`` is None only when nothing could be verified."""

    best: Candidate | None
    feasible: bool
    message: str
    runners_up: pd.DataFrame
    frontier: pd.DataFrame
    evaluations: pd.DataFrame
    probability: float
    confidence: float
    levers: tuple[Lever, ...]
    cost_kind: str
    method: str
    seed: int
    verify_seed: int
    replications: int
    verify_replications: int
    total_replications: int
    elapsed_s: float

    def report(self) -> str:
        """A plain-text report (what the command line prints)."""
        lines = [self.message, "",
                 f"method {self.method}; cost: {self.cost_kind}; {len(self.evaluations)} "
                 f"settings screened with {self.replications} replications (seed {self.seed}), "
                 f"verification with {self.verify_replications} fresh replications (seed "
                 f"{self.verify_seed}); {self.total_replications} replications in "
                 f"{self.elapsed_s:.1f} s"]
        if self.best is not None:
            head = "setting:" if self.feasible else "best achievable setting:"
            lines += ["", head] + [f"  {k} = {v}" for k, v in self.best.values.items()]
        failed = self.evaluations[self.evaluations["verified"].eq(False)]
        if self.best is not None:
            for lv in self.levers:
                failed = failed[failed[lv.path] != self.best.values[lv.path]]
        if len(failed):
            lines += ["", "screened as plausible, rejected on fresh replications:"]
            for _, r in failed.iterrows():
                vals = ", ".join(f"{lv.path} = {r[lv.path]}" for lv in self.levers)
                lines.append(f"  {vals}: {r['verified_probability']:.3f} "
                             f"[{r['verified_low']:.3f}, {r['verified_high']:.3f}], "
                             f"{r['verified_n']} replications")
        if len(self.runners_up):
            cols = [lv.path for lv in self.levers] + ["cost", "probability", "ci_low", "ci_high"]
            lines += ["", "runners-up (screening estimates):",
                      self.runners_up[cols].to_string(index=False)]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.report()

    def __repr__(self) -> str:
        return f"<SolveResult feasible={self.feasible}: {self.message.splitlines()[0]}>"

    def to_dict(self) -> dict[str, Any]:
        best = None
        if self.best is not None:
            b = self.best
            best = {"values": b.values, "cost": b.cost, "probability": b.probability,
                    "ci_low": b.ci_low, "ci_high": b.ci_high, "n": b.n,
                    "screen_probability": b.screen_probability, "screen_n": b.screen_n,
                    "verified": b.verified}
        return {"feasible": self.feasible, "message": self.message, "best": best,
                "probability": self.probability, "confidence": self.confidence,
                "cost_kind": self.cost_kind, "method": self.method, "seed": self.seed,
                "verify_seed": self.verify_seed, "replications": self.replications,
                "verify_replications": self.verify_replications,
                "total_replications": self.total_replications, "elapsed_s": self.elapsed_s,
                "levers": [lv.__dict__ for lv in self.levers]}

    def save(self, path: str | Path) -> Path:
        """Write result.json, evaluations.csv, frontier.csv and runners_up.csv to a folder."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "result.json").write_text(json.dumps(self.to_dict(), indent=1, default=str))
        for name in ("evaluations", "frontier", "runners_up"):
            getattr(self, name).to_csv(path / f"{name}.csv", index=False)
        return path


# -- replications ---------------------------------------------------------------------------------
def _kpi_batch(scenario: Scenario, seed: int, reps: list[int]) -> list[tuple[float, ...]]:
    """Worker task (module level so that process pools can pickle it)."""
    from .replication import run_kpis

    out = []
    for r in reps:
        k = run_kpis(scenario, seed=seed, replication=r)
        out.append(tuple(float(k[name]) for name in KPIS))
    return out


def _run_reps(scenario: Scenario, seed: int, reps: list[int],
              executor: Executor | None) -> list[tuple[float, ...]]:
    if executor is None:
        return _kpi_batch(scenario, seed, reps)
    size = max(1, math.ceil(len(reps) / 8))
    futures = [executor.submit(_kpi_batch, scenario, seed, reps[i:i + size])
               for i in range(0, len(reps), size)]
    return [row for f in futures for row in f.result()]


@dataclass
class _Eval:
    idx: tuple[int, ...]
    values: dict[str, float]
    rows: list[tuple[float, ...]]
    cost: float = math.nan

    @property
    def n(self) -> int:
        return len(self.rows)

    @property
    def successes(self) -> int:
        return int(sum(r[0] for r in self.rows))

    @property
    def p(self) -> float:
        return self.successes / self.n if self.n else math.nan

    def mean(self, k: int) -> float:
        return sum(r[k] for r in self.rows) / self.n


class _Problem:
    """Grid, costs and the screening cache of one solve request."""

    def __init__(self, scenario, levers, user_levers, cost, goal, replications, seed, confidence,
                 executor, max_evaluations, bar):
        self.scenario = scenario
        self.levers = levers
        self.user_levers = user_levers
        # value grids ordered so that a higher index helps
        self.grids = [lv.values()[::lv.sign] for lv in levers]
        self.sizes = [len(g) for g in self.grids]
        self.base = {lv.path: float(scenario.get(lv.path)) for lv in levers}
        self.cost_arg = cost
        self.goal = goal
        self.replications = replications
        self.seed = seed
        self.confidence = confidence
        self.executor = executor
        self.max_evaluations = max_evaluations
        self.bar = bar
        self.cache: dict[tuple[int, ...], _Eval] = {}
        self.total_reps = 0

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

    def values(self, idx) -> dict[str, float]:
        return {lv.path: g[i] for lv, g, i in zip(self.levers, self.grids, idx, strict=True)}

    def cost(self, idx) -> float:
        if self.cost_arg is None:
            return self.evaluate(idx).cost
        vals = self.values(idx)
        if callable(self.cost_arg):
            return float(self.cost_arg(vals))
        return float(sum(self.cost_arg[p] * (v - self.base[p]) for p, v in vals.items()))

    def scenario_at(self, idx) -> Scenario:
        vals = self.values(idx)
        label = ", ".join(f"{'.'.join(p.split('.')[-2:])}={v}"
                          for p, v in vals.items())
        return self.scenario.with_values(vals, name=f"{self.scenario.name} [{label}]")

    # screening -------------------------------------------------------------------------------
    def evaluate(self, idx) -> _Eval:
        idx = tuple(idx)
        ev = self.cache.get(idx)
        if ev is not None:
            return ev
        sc = self.scenario_at(idx)
        ev = _Eval(idx, self.values(idx), [])
        while ev.n < self.replications:
            todo = list(range(ev.n, min(ev.n + CHUNK, self.replications)))
            ev.rows += _run_reps(sc, self.seed, todo, self.executor)
            self.total_reps += len(todo)
            _, _, hi = proportion_ci(ev.successes, ev.n, EARLY)
            if hi < self.goal:
                break
        ev.cost = ev.mean(2) if self.cost_arg is None else self.cost(idx)
        self.cache[idx] = ev
        if self.bar is not None:
            self.bar.update(1)
            self.bar.set_postfix_str(f"p={ev.p:.2f} at {ev.values}")
        return ev

    def feasible(self, idx) -> bool:
        return self.evaluate(idx).p >= self.goal

    def upper(self, ev: _Eval) -> float:
        """One-sided upper Wilson bound at ``confidence``."""
        return proportion_ci(ev.successes, ev.n, 2 * self.confidence - 1)[2]

    def over_budget(self) -> bool:
        return len(self.cache) >= self.max_evaluations

    @property
    def top(self) -> tuple[int, ...]:
        return tuple(n - 1 for n in self.sizes)


# -- searches -------------------------------------------------------------------------------------
def _search_grid(pb: _Problem) -> None:
    for idx in itertools.product(*[range(n) for n in pb.sizes]):
        pb.evaluate(idx)


def _least_feasible(pb: _Problem, at: Callable[[int], tuple], hi: int,
                    known: bool) -> int | None:
    """Least index ``j <= hi`` of one lever that reaches the goal, the setting being ``at(j)``;
    ``hi`` is feasible when ``known`` (inferred from a neighbour), else it is checked first."""
    if not known:
        if not pb.feasible(at(hi)):
            return None
        lo_bad = -1
        # plain bisection over [0, hi]
        good = hi
    else:
        # gallop down from a known-feasible hi
        good, step, lo_bad = hi, 1, -1
        while good > 0:
            j = max(good - step, 0)
            if pb.feasible(at(j)):
                good, step = j, step * 2
            else:
                lo_bad = j
                break
    while good - lo_bad > 1:
        mid = (good + lo_bad) // 2
        if pb.feasible(at(mid)):
            good = mid
        else:
            lo_bad = mid
    return good


def _search_staircase(pb: _Problem) -> None:
    d = len(pb.sizes)
    last = pb.sizes[-1] - 1
    pb.evaluate(pb.top)
    pb.evaluate((0,) * d)
    least: dict[tuple, int | None] = {}
    best = math.inf
    for head in itertools.product(*[range(n) for n in pb.sizes[:-1]]):
        if pb.over_budget():
            break
        if pb.rows_rise_in_cost and pb.cost(head + (0,)) > best:
            continue  # nothing in this row can be cheaper than a setting already found
        hi, known = last, False
        for k in range(d - 1):
            if head[k] > 0:
                m = least.get(head[:k] + (head[k] - 1,) + head[k + 1:])
                if m is not None and (not known or m < hi):
                    hi, known = m, True
        m = _least_feasible(pb, lambda j, head=head: head + (j,), hi, known)
        least[head] = m
        if m is not None:
            pb.evaluate(head + (m,))  # inferred boundary points are screened too
            if pb.feasible(head + (m,)):
                best = min(best, pb.cost(head + (m,)))


def _search_greedy(pb: _Problem) -> None:
    x = list(pb.top)
    if not pb.feasible(tuple(x)):
        return
    pb.evaluate((0,) * len(x))

    def least_along(x, i) -> int:
        """Least feasible value of lever i with the others at x (x itself is feasible)."""
        return _least_feasible(pb, lambda j: tuple(x[:i]) + (j,) + tuple(x[i + 1:]), x[i], True)

    while not pb.over_budget():
        here = pb.cost(tuple(x))
        moves = []
        for i in range(len(x)):
            if x[i] > 0:
                y = x.copy()
                y[i] = least_along(x, i)
                if y != x:
                    moves.append((pb.cost(tuple(y)) - here, y))
        if not moves:  # a minimal point: try exchanging one step of a lever for another
            for i, j in itertools.permutations(range(len(x)), 2):
                if x[i] + 1 >= pb.sizes[i] or x[j] == 0 or pb.over_budget():
                    continue
                y = x.copy()
                y[i] += 1
                if not pb.feasible(tuple(y)):
                    continue
                y[j] = least_along(y, j)
                c = pb.cost(tuple(y))
                if c < here:
                    moves.append((c - here, y))
                    break
        if not moves:
            return
        saving, y = min(moves, key=lambda m: m[0])
        if saving >= 0:
            return
        x = y


# -- verification and the result ----------------------------------------------------------------
def _verify(pb: _Problem, idx, seed: int, n: int, rule: str,
            early: bool = True) -> tuple[bool, list]:
    """Fresh replications of one setting; ``early``: stop once it clearly falls short."""
    sc = pb.scenario_at(idx)
    rows: list = []
    chunk = max(CHUNK, n // 4)
    while len(rows) < n:
        todo = list(range(len(rows), min(len(rows) + chunk, n)))
        rows += _run_reps(sc, seed, todo, pb.executor)
        pb.total_reps += len(todo)
        s = sum(r[0] for r in rows)
        if early and proportion_ci(s, len(rows), EARLY)[2] < pb.goal:
            return False, rows
    s = sum(r[0] for r in rows)
    if rule == "bound":
        ok = proportion_ci(s, len(rows), 2 * pb.confidence - 1)[1] >= pb.goal
    else:
        ok = s / len(rows) >= pb.goal
    return ok, rows


def _candidate(pb: _Problem, idx, rows, ok: bool) -> Candidate:
    ev = pb.evaluate(idx)
    s = sum(r[0] for r in rows)
    p, lo, hi = proportion_ci(s, len(rows), pb.confidence)
    values = {x.path: ev.values[x.path] for x in pb.user_levers}
    return Candidate(values=values, cost=ev.cost, probability=p, ci_low=lo, ci_high=hi,
                     n=len(rows), screen_probability=ev.p, screen_n=ev.n, verified=ok,
                     scenario=pb.scenario_at(idx))


def _frame(pb: _Problem, verified: dict) -> pd.DataFrame:
    import pandas as pd

    rows = []
    for idx, ev in pb.cache.items():
        _, lo, hi = proportion_ci(ev.successes, ev.n, pb.confidence)
        v = verified.get(idx)
        vp = vl = vh = math.nan
        if v is not None:
            vp, vl, vh = proportion_ci(sum(r[0] for r in v[1]), len(v[1]), pb.confidence)
        rows.append({**ev.values, "cost": ev.cost, "probability": ev.p, "ci_low": lo,
                     "ci_high": hi, "n": ev.n, "reaches_goal": ev.p >= pb.goal,
                     "plausible": pb.upper(ev) >= pb.goal,
                     "growth_at_deadline": ev.mean(1), "cost_total": ev.mean(2),
                     "verified_probability": vp, "verified_low": vl, "verified_high": vh,
                     "verified_n": len(v[1]) if v else 0,
                     "verified": (bool(v[0]) if v else None)})
    df = pd.DataFrame(rows)
    return df.sort_values(["cost", "probability"], ascending=[True, False], ignore_index=True)


def _pareto(df: pd.DataFrame) -> pd.DataFrame:
    """Settings that no other setting beats on both cost (lower) and probability (higher)."""
    keep, best_p = [], -1.0
    for i, row in df.sort_values(["cost", "probability"], ascending=[True, False]).iterrows():
        if row["probability"] > best_p:
            keep.append(i)
            best_p = row["probability"]
    return df.loc[keep].reset_index(drop=True)


def solve(scenario: Scenario, levers: Mapping[str, Any] | list[Lever], *,
          probability: float = 0.9, target: int | None = None, deadline=None,
          cost: Mapping[str, float] | Callable[[dict[str, float]], float] | None = None,
          replications: int = 40, verify_replications: int = 200, seed: int = 0,
          confidence: float = 0.95, method: str = "auto", accept: str = "estimate",
          max_evaluations: int = 200, max_verify: int = 5, runners_up: int = 5,
          executor: Executor | None = None, progress: bool = False) -> SolveResult:
    """The least-cost lever setting whose probability of the target by the deadline is at least
    ``probability`` (see the module docstring for the method).

    ``levers``: ``{path: (low, high, step)}``, ``{path: {"low":.., "high":.., "step":..,
    "cost_per_unit":.., "direction":..}}`` or a list of :class:`Lever`.  ``cost``: cost per
    unit above the base value by path (overrides ``cost_per_unit``), or a callable of the lever
    values; when neither is given the simulated ``cost_total`` mean is the cost.  ``target`` and
    ``deadline`` override ``scenario.target``.  Same arguments and seed -> the same result.
    """
    t0 = time.perf_counter()
    lv, cost_arg, kind = _check(scenario, levers, probability, cost, replications,
                                verify_replications, seed, confidence, method, accept)
    sets = {}
    if target is not None:
        sets["target.growth"] = target
    if deadline is not None:
        sets["target.deadline"] = deadline
    if sets:
        scenario = scenario.with_values(sets)
    _check_values(scenario, lv)
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(desc="solve", unit="setting", leave=False)
    # the lever with most values is searched last (bisected within each row of the others)
    pb = _Problem(scenario, sorted(lv, key=lambda x: len(x.values())), lv, cost_arg,
                  probability, replications, seed, confidence, executor, max_evaluations, bar)
    n_settings = math.prod(pb.sizes)
    if method == "auto":
        rows = math.prod(pb.sizes[:-1])
        method = ("grid" if n_settings <= GRID_AUTO else
                  "staircase" if 2 * rows <= max_evaluations else "greedy")
    try:
        {"grid": _search_grid, "staircase": _search_staircase,
         "greedy": _search_greedy}[method](pb)
    finally:
        if bar is not None:
            bar.close()

    import numpy as np

    verify_seed = int(np.random.SeedSequence(seed, spawn_key=(1,)).generate_state(1)[0])
    top = pb.evaluate(pb.top)
    shortlist = sorted((ev for ev in pb.cache.values() if pb.upper(ev) >= probability),
                       key=lambda ev: (ev.cost, -ev.p, ev.idx))
    verified: dict = {}
    best = None
    for ev in shortlist[:max_verify]:
        ok, rows = _verify(pb, ev.idx, verify_seed, verify_replications, accept)
        verified[ev.idx] = (ok, rows)
        if ok:
            best = _candidate(pb, ev.idx, rows, True)
            break
    if best is None and (top.idx not in verified
                         or len(verified[top.idx][1]) < verify_replications):
        # last resort, and the best achievable: every lever at its best, all replications
        ok, rows = _verify(pb, top.idx, verify_seed, verify_replications, accept, early=False)
        verified[top.idx] = (ok, rows)
        if ok:
            best = _candidate(pb, top.idx, rows, True)
    goal = f"P(+{scenario.target.growth:,} {scenario.target.role} by {scenario.target.deadline})"
    if best is not None:
        b = best
        feasible = True
        message = (f"least-cost setting with {goal} >= {probability:g}: cost {_fmt(b.cost)}, "
                   f"probability {b.probability:.3f} [{b.ci_low:.3f}, {b.ci_high:.3f}] "
                   f"({pb.confidence:.0%} Wilson, {b.n} fresh replications)")
        if b.ci_low < probability:
            message += (f"; the interval reaches below {probability:g}, so this is "
                        f"{probability:g} by estimate, not with {pb.confidence:.0%} confidence")
    else:
        feasible = False
        best = _candidate(pb, top.idx, verified[top.idx][1], False)
        b = best
        if not shortlist:
            head = (f"infeasible: {goal} >= {probability:g} cannot be reached within the "
                    "lever bounds")
        else:
            head = (f"not verified: none of the {min(len(shortlist), max_verify)} cheapest "
                    f"plausible settings, nor every lever at its best, reached {goal} >= "
                    f"{probability:g} on fresh replications")
        message = (f"{head}; the best achievable (every lever at its best) is "
                   f"{b.probability:.3f} [{b.ci_low:.3f}, {b.ci_high:.3f}] "
                   f"({pb.confidence:.0%} Wilson, {b.n} fresh replications)")
    if pb.over_budget() and method != "grid":
        message += f"; the search stopped at max_evaluations={max_evaluations}"
    paths = [x.path for x in lv]
    evals = _frame(pb, verified)
    evals = evals[paths + [c for c in evals.columns if c not in paths]]
    is_best = np.ones(len(evals), bool)
    for p in paths:
        is_best &= evals[p].to_numpy() == best.values[p]
    ru = evals[evals["reaches_goal"] & ~is_best].copy() if feasible else evals.iloc[:0].copy()
    dominated = np.ones(len(ru), bool)
    for x in lv:
        dominated &= (x.sign * (ru[x.path] - best.values[x.path]) >= 0).to_numpy()
    ru["dominated"] = dominated
    return SolveResult(
        best=best, feasible=feasible, message=message,
        runners_up=ru.head(runners_up).reset_index(drop=True), frontier=_pareto(evals),
        evaluations=evals, probability=probability, confidence=confidence, levers=tuple(lv),
        cost_kind=kind, method=method, seed=seed, verify_seed=verify_seed,
        replications=replications, verify_replications=verify_replications,
        total_replications=pb.total_reps, elapsed_s=round(time.perf_counter() - t0, 3))


def solve_one(scenario: Scenario, lever: str, *, low: float, high: float, step: float = 1,
              direction: int | None = None, probability: float = 0.9,
              **options: Any) -> SolveResult:
    """How much of one lever is needed: the least value reaching ``probability`` (a monotone
    bisection with common random numbers, then verification; cost = the lever's value)."""
    options.setdefault("method", "staircase")
    lv = Lever(lever, low, high, step, direction=direction)
    cost = options.pop("cost", None)
    if cost is None:
        sign = lv.sign

        def cost(values):
            return sign * values[lever]
    return solve(scenario, [lv], probability=probability, cost=cost, **options)


# -- checks -----------------------------------------------------------------------------------
def _fmt(cost: float) -> str:
    return f"{cost:,.0f}" if abs(cost) >= 1000 else f"{cost:.4g}"


def _is_int(x: Any) -> bool:
    return isinstance(x, int) and not isinstance(x, bool) or (
        isinstance(x, float) and x.is_integer())


def _check(scenario, levers, probability, cost, replications, verify_replications, seed,
           confidence, method, accept):
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be a hiringsim Scenario, got {type(scenario).__name__}")
    out: list[tuple[str, str]] = []
    lv: list[Lever] = []
    if isinstance(levers, Mapping):
        for path, spec in levers.items():
            if isinstance(spec, Lever):
                lv.append(spec)
            elif isinstance(spec, tuple | list) and len(spec) == 3:
                lv.append(Lever(path, *spec))
            elif isinstance(spec, Mapping):
                unknown = sorted(set(spec) - {"low", "high", "step", "cost_per_unit",
                                              "direction"})
                if unknown:
                    out.append((f'levers."{path}"', f"unknown keys {', '.join(unknown)}; valid: "
                                "low, high, step, cost_per_unit, direction"))
                missing = [k for k in ("low", "high", "step") if k not in spec]
                if missing:
                    out.append((f'levers."{path}"', f"required: {', '.join(missing)}"))
                if not unknown and not missing:
                    lv.append(Lever(path, **spec))
            else:
                out.append((f'levers."{path}"', f"expected (low, high, step) or a table, got "
                            f"{spec!r}"))
    else:
        lv = list(levers)
    if not lv and not out:
        out.append(("levers", "at least one lever is needed"))
    for x in lv:
        out += x.problems(f'levers."{x.path}"')
    for name, v, ok in (("probability", probability, 0 < probability < 1),
                        ("confidence", confidence, 0.5 < confidence < 1)):
        if not ok:
            out.append((name, f"must be strictly between {0 if name == 'probability' else 0.5} "
                        f"and 1, got {v!r}"))
    for name, v in (("replications", replications), ("verify_replications",
                                                      verify_replications)):
        if isinstance(v, bool) or not isinstance(v, int) or v < 1:
            out.append((name, f"must be a positive whole number, got {v!r}"))
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        out.append(("seed", f"must be a non-negative whole number, got {seed!r}"))
    if method not in METHODS:
        out.append(("method", f"must be one of {', '.join(METHODS)}, got {method!r}"))
    if accept not in ACCEPT:
        out.append(("accept", f"must be one of {', '.join(ACCEPT)}, got {accept!r}"))
    if out:
        raise SolveError(out, scenario.source)
    if len({x.path for x in lv}) != len(lv):
        raise SolveError([("levers", "a path appears twice")], scenario.source)
    if callable(cost):
        return lv, cost, "callable cost of the lever values"
    if cost is None and all(x.cost_per_unit is not None for x in lv):
        cost = {x.path: x.cost_per_unit for x in lv}
    if cost is None:
        given = [x.path for x in lv if x.cost_per_unit is not None]
        if given:
            raise SolveError([("cost_per_unit", "give it for every lever or for none; missing "
                               "for " + ", ".join(x.path for x in lv if x.path not in given))],
                             scenario.source)
        return lv, None, "simulated cost_total mean (no lever costs given)"
    missing = [x.path for x in lv if x.path not in cost]
    if missing:
        raise SolveError([("cost", f"no cost per unit for {', '.join(missing)}")],
                         scenario.source)
    terms = ", ".join(f"{cost[x.path]:,g} per unit of {x.path}" for x in lv)
    return lv, dict(cost), f"linear, above the base values: {terms}"


def _check_values(scenario: Scenario, levers: list[Lever]) -> None:
    out = []
    for x in levers:
        where = f'levers."{x.path}"'
        try:
            base = scenario.get(x.path)
        except KeyError as exc:
            out.append((where, f"not a scenario field: {exc.args[0]}"))
            continue
        if isinstance(base, bool) or not isinstance(base, int | float):
            out.append((where, f"the scenario value there is {base!r}, not a number"))
            continue
        if isinstance(base, int) and not all(_is_int(v) for v in (x.low, x.high, x.step)):
            out.append((where, f"the field is a whole number (base {base}); use whole "
                        "low, high and step"))
            continue
        for end in ("low", "high"):
            v = x.values()[0 if end == "low" else -1]
            try:
                scenario.with_values({x.path: v})
            except ScenarioError as exc:
                out.append((f"{where}.{end}", "; ".join(m for _, m in exc.problems)))
    if out:
        raise SolveError(out, scenario.source)


# -- solve files ----------------------------------------------------------------------------
_FILE_KEYS = ("name", "description", "base", "target", "deadline", "probability",
              "replications", "verify_replications", "seed", "confidence", "method", "accept",
              "max_evaluations", "max_verify", "levers")
_OPTION_KEYS = ("probability", "replications", "verify_replications", "seed", "confidence",
                "method", "accept", "max_evaluations", "max_verify", "target", "deadline")


@dataclass(frozen=True)
class SolveSpec:
    """A solve file, read and checked: the base scenario, the levers and the options."""

    name: str
    base: Scenario
    levers: tuple[Lever, ...]
    options: dict[str, Any]
    description: str = ""
    source: str | None = None


def load_solve(path: str | Path) -> SolveSpec:
    """Read a solve file (TOML): ``base`` scenario, ``[levers."dotted.path"]`` tables with
    low, high, step (and cost_per_unit, direction), and the options of :func:`solve`.

    Raises :class:`SolveError` naming the file and the field (unknown keys are errors).
    """
    path = Path(path)
    src = str(path)
    try:
        with open(path, "rb") as fh:
            raw = tomllib.load(fh)
    except FileNotFoundError:
        raise SolveError([("(file)", "no such file")], src) from None
    except tomllib.TOMLDecodeError as exc:
        raise SolveError([("(syntax)", f"not valid TOML: {exc}")], src) from None
    out = [(k, f"unknown key; valid keys: {', '.join(sorted(_FILE_KEYS))}")
           for k in raw if k not in _FILE_KEYS]
    for k in ("base", "levers"):
        if k not in raw:
            out.append((k, "required"))
    base = None
    if isinstance(raw.get("base"), str):
        from .scenario import load_scenario

        try:
            base = load_scenario(path.parent / raw["base"])
        except ScenarioError as exc:
            out += [("base", f"{exc.source}: {p}: {m}") for p, m in exc.problems]
    elif "base" in raw:
        out.append(("base", f"expected a scenario file path, got {raw['base']!r}"))
    levers = raw.get("levers", {})
    if not isinstance(levers, dict):
        out.append(("levers", 'expected tables like [levers."resources.x.servers"]'))
        levers = {}
    if out:
        raise SolveError(out, src)
    options = {k: raw[k] for k in _OPTION_KEYS if k in raw}
    try:
        lv, *_ = _check(base, levers, options.get("probability", 0.9), None,
                        options.get("replications", 40), options.get("verify_replications", 200),
                        options.get("seed", 0), options.get("confidence", 0.95),
                        options.get("method", "auto"), options.get("accept", "estimate"))
        sc = base.with_values({k2: options[k] for k, k2 in (("target", "target.growth"),
                                                            ("deadline", "target.deadline"))
                               if k in options}) if ("target" in options
                                                     or "deadline" in options) else base
        _check_values(sc, lv)
    except SolveError as exc:
        raise SolveError(exc.problems, src) from None
    except ScenarioError as exc:
        raise SolveError([(p.replace("target.growth", "target"), m) for p, m in exc.problems],
                         src) from None
    return SolveSpec(name=str(raw.get("name", path.stem)), base=base, levers=tuple(lv),
                     options=options, description=str(raw.get("description", "")), source=src)


def solve_file(path: str | Path, *, out: str | Path | None = None,
               executor: Executor | None = None, progress: bool = False,
               **overrides: Any) -> SolveResult:
    """Load a solve file, solve it and, with ``out``, write the result tables and
    ``frontier.png`` to that folder (what ``hiringsim solve FILE`` runs).  ``overrides``
    replace the file's options (``seed``, ``replications``, ``probability``, ...)."""
    spec = load_solve(path)
    unknown = sorted(set(overrides) - set(_OPTION_KEYS))
    if unknown:
        raise SolveError([(k, f"not an option; options: {', '.join(_OPTION_KEYS)}")
                          for k in unknown], str(path))
    options = {**spec.options, **{k: v for k, v in overrides.items() if v is not None}}
    result = solve(spec.base, list(spec.levers), executor=executor, progress=progress,
                   **options)
    if out is not None:
        folder = result.save(out)
        import matplotlib

        matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt

        from .plots.solve import plot_frontier

        ax = plot_frontier(result)
        ax.figure.savefig(folder / "frontier.png", dpi=120)
        plt.close(ax.figure)
    return result
