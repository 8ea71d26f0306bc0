"""The solve: check the request, search (screening), verify on fresh replications, report."""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Executor
from typing import Any

from .. import schema
from ..draws import Inputs, check_inputs, inputs_label
from ..execution import progress_bar
from ..rng import root_entropy
from ..scenario import Scenario
from .problem import Problem
from .refine import refine_integers
from .result import SolveResult, evaluations_frame, pareto, runners_up
from .search import SEARCHES, choose
from .sequential import wilson_bound
from .spec import Lever, LeverValue, Request, SolveSpec, check_request
from .verify import shortlist, verify_seed, verify_shortlist

__all__ = ["solve", "solve_one"]


def solve(scenario: Scenario | SolveSpec, levers: Mapping[str, Any] | list[Lever] | None = None,
          *, probability: float | None = None, target: int | None = None, deadline: Any = None,
          cost: Mapping[str, float] | Callable[[dict[str, float]], float] | None = None,
          replications: int | None = None, verify_replications: int | None = None,
          seed: int | None = None, confidence: float | None = None, method: str | None = None,
          accept: str | None = None, max_evaluations: int | None = None,
          max_verify: int | None = None, runners_up: int | None = None,
          executor: Executor | None = None, progress: bool | None = None,
          inputs: Inputs = "uncertain", compare_fixed: bool = True) -> SolveResult:
    """The least-cost lever setting whose probability of the target by the deadline is at least
    ``probability`` (see :mod:`hiringsim.goalseek` for the method).

    Parameters
    ----------
    scenario : the base scenario, or a solve spec from :func:`load_solve` (its levers and
        options; options given here replace the file's).
    levers : with a scenario: ``{path: (low, high, step)}``, ``{path: {"low":.., "high":..,
        "step":.., "cost_per_unit":.., "direction":..}}`` or a list of :class:`Lever`.
    cost : cost per unit above the base value by path (overrides ``cost_per_unit``), or a
        callable of the lever values; when neither is given the simulated ``cost_total`` mean
        is the cost.
    probability, target, deadline, replications, verify_replications, seed, confidence, method,
    accept, max_evaluations, max_verify, runners_up : the options of
        :class:`~hiringsim.goalseek.spec.SolveOptions`; ``None``: the spec's value, else the
        default (0.9, the scenario's target and deadline, 40, 200, fresh entropy (recorded in
        the result), 0.95, ``"auto"``, ``"estimate"``, 200, 5, 5).
    executor : any ``concurrent.futures.Executor`` for the replications; ``None`` runs here.
    progress : one bar counting replications (``None``: shown for long solves).
    inputs : ``"uncertain"`` (default): every replication, screening and verification, draws
        the scenario's uncertain inputs (:mod:`hiringsim.draws`; a lever's own path is set, not
        drawn), so the probability is *with input uncertainty*; ``"fixed"``: each at its value
        in the file.  The answer says which.
    compare_fixed : with ``inputs="uncertain"`` and a scenario that declares uncertain inputs,
        also solve with fixed inputs (same seeds) and give that answer as ``result.fixed``,
        side by side in the report: how the answer changes when input uncertainty is ignored.

    Returns
    -------
    SolveResult
        Same arguments and seed -> the same result, on any executor.

    Raises
    ------
    SolveError
        listing every problem of the request before anything runs.

    Examples
    --------
    >>> import hiringsim as hs
    >>> sc = hs.load_scenario("scenarios/baseline.toml")  # doctest: +SKIP
    >>> res = hs.solve(sc, {"roles.officer.academy.seats": (40, 96, 2)},
    ...                cost={"roles.officer.academy.seats": 250_000}, seed=1)  # doctest: +SKIP
    >>> res.best.values  # doctest: +SKIP
    {'roles.officer.academy.seats': 64}
    """
    t0 = time.perf_counter()
    given = {k: v for k, v in (
        ("probability", probability), ("target", target), ("deadline", deadline),
        ("replications", replications), ("verify_replications", verify_replications),
        ("seed", seed), ("confidence", confidence), ("method", method), ("accept", accept),
        ("max_evaluations", max_evaluations), ("max_verify", max_verify),
        ("runners_up", runners_up)) if v is not None}
    if isinstance(scenario, SolveSpec):
        if levers is not None:
            raise TypeError("solve(spec): the levers come from the solve spec")
        request = check_request(scenario.base, list(scenario.levers), cost,
                                {**schema.to_raw(scenario.options), **given},
                                source=scenario.source)
    else:
        if levers is None:
            raise TypeError("solve(scenario, levers): levers are needed with a scenario")
        request = check_request(scenario, levers, cost, given)
    check_inputs(inputs)
    result = _solve(request, t0, executor=executor, progress=progress, inputs=inputs)
    if inputs == "uncertain" and request.scenario.uncertain and compare_fixed:
        same = dataclasses.replace(request, options=dataclasses.replace(
            request.options, seed=result.seed))
        fixed = _solve(same, time.perf_counter(), executor=executor, progress=progress,
                       inputs="fixed")
        result = dataclasses.replace(result, fixed=fixed,
                                     elapsed_s=round(time.perf_counter() - t0, 3))
    return result


def _solve(request: Request, t0: float, *, executor: Executor | None,
           progress: bool | None, inputs: Inputs) -> SolveResult:
    opts = request.options
    seed = root_entropy(opts.seed)
    pb = Problem(request, seed=seed, executor=executor, inputs=inputs)
    method = choose(opts.method, pb.sizes, opts.max_evaluations)
    settings = pb.n_settings if method == "grid" else min(pb.n_settings, opts.max_evaluations)
    verify_total = (opts.max_verify + 1) * opts.verify_replications
    pb.bar = progress_bar(settings * opts.replications + verify_total, progress,
                          desc="solve", unit="rep")
    try:
        SEARCHES[method](pb)
        refine_integers(pb)

        def research() -> None:  # after a rejection on fresh replications
            SEARCHES[method](pb)
            refine_integers(pb)

        # the bar's total from here on: what verification can still run
        pb.bar.total = pb.bar.n + (min(len(shortlist(pb)), opts.max_verify) + 1) * (
            opts.verify_replications)
        vseed = verify_seed(seed)
        # back to the search after a rejection with one lever only: with several, the
        # refinement has put every integer between grid values into the grids and the
        # staircase would walk them one index at a time (notebook 06's two-lever solve at its
        # quick-check sizes: 196 settings screened, stopped at max_evaluations, 100 s)
        found = verify_shortlist(pb, seed=vseed, n=opts.verify_replications,
                                 accept=opts.accept, max_verify=opts.max_verify,
                                 research=research if len(pb.levers) == 1 else None)
        pb.bar.total = pb.bar.n
        pb.bar.refresh()
    finally:
        pb.bar.close()
    best, feasible = found.best, found.feasible
    label = inputs_label(request.scenario, inputs) or "fixed inputs (none declared uncertain)"
    message = _message(request, best, feasible, len(found.shortlist), label)
    refined = _off_grid(pb)
    if refined:
        more = "setting" if refined == 1 else "settings"
        message += (f"; whole-number levers refined below their step ({refined} more "
                    f"{more} screened)")
    if pb.over_budget() and method != "grid":
        message += f"; the search stopped at max_evaluations={opts.max_evaluations}"
    evals = evaluations_frame(pb, found.verified)
    return SolveResult(
        best=best, feasible=feasible, message=message,
        runners_up=runners_up(evals, best, request.levers, feasible=feasible,
                              n=opts.runners_up),
        frontier=pareto(evals), evaluations=evals, probability=opts.probability,
        confidence=opts.confidence, levers=request.levers, cost_kind=request.cost_kind,
        cost_label=request.cost_label, cost_is_setting=isinstance(request.cost, LeverValue),
        method=method, seed=seed, verify_seed=vseed, replications=opts.replications,
        verify_replications=opts.verify_replications, total_replications=pb.total_reps,
        elapsed_s=round(time.perf_counter() - t0, 3), inputs=inputs, inputs_label=label,
        answer=_answer(request, best), accept=opts.accept)


def _off_grid(pb: Problem) -> int:
    """How many screened settings lie off the levers' grids (whole numbers refined)."""
    grids = {lv.path: set(lv.grid()) for lv in pb.levers}
    return sum(any(v not in grids[p] for p, v in ev.values.items()) for ev in pb.cache.values())


def _fmt(cost: float) -> str:
    return f"{cost:,.0f}" if abs(cost) >= 1000 else f"{cost:.4g}"


def _what(request: Request, b: Any) -> str:
    """The answer's setting or cost in words, labelled: 'officer academy: seats per class 70',
    'cost above the base values $1,250,000', 'saves $42,000,000 against the base values',
    'simulated total cost $3,100,000,000' or 'cost 12 (the cost function's units)'."""
    cost = request.cost
    if isinstance(cost, LeverValue):
        return f"{cost.label} {_fmt(b.values[cost.path])}"
    if cost is None:
        return f"simulated total cost ${_fmt(b.cost)}"
    if callable(cost):
        return f"cost {_fmt(b.cost)} (the cost function's units)"
    if b.cost < 0:
        return f"saves ${_fmt(-b.cost)} against the base values"
    return f"cost above the base values ${_fmt(b.cost)}"


def _answer(request: Request, b: Any) -> str:
    """The setting and its labelled cost: 'roles.officer.academy.seats = 69; cost above the
    base values $7,250,000' (the report's side-by-side line)."""
    if b is None:
        return "none"
    vals = ", ".join(f"{k} = {v}" for k, v in b.values.items())
    if isinstance(request.cost, LeverValue):
        return vals
    return f"{vals}; {_what(request, b)}"


def _message(request: Request, b: Any, feasible: bool, n_short: int, label: str) -> str:
    """The answer in one line (or why there is none), saying which inputs it is over."""
    opts, t = request.options, request.scenario.target
    goal = f"P(+{t.growth:,} {t.role} by {t.deadline})"
    over = label if label.startswith("with ") else f"with {label}"
    p, conf = opts.probability, opts.confidence
    interval = (f"{b.probability:.3f} [{b.ci_low:.3f}, {b.ci_high:.3f}] "
                f"({conf:.0%} Wilson, {b.n} fresh replications)")
    if feasible:
        head = "least setting" if isinstance(request.cost, LeverValue) else "least-cost setting"
        message = f"{head} with {goal} >= {p:g} {over}: {_what(request, b)}, probability "
        message += interval
        if opts.accept == "bound":
            low = wilson_bound(round(b.probability * b.n), b.n, 1 - conf, +1)
            message += (f"; shown with {conf:.0%} confidence: its one-sided {conf:.0%} Wilson "
                        f"lower bound on the fresh replications is {low:.3f}")
        elif b.ci_low < p:
            message += (f"; the interval reaches below {p:g}, so this is {p:g} by estimate, "
                        f"not with {conf:.0%} confidence")
        return message
    if not n_short:
        head = (f"infeasible: {goal} >= {p:g} {over} cannot be reached within the lever "
                "bounds")
    else:
        head = (f"not verified: none of the {min(n_short, opts.max_verify)} cheapest "
                f"plausible settings, nor every lever at its best, reached {goal} >= "
                f"{p:g} {over} on fresh replications")
    return f"{head}; the best achievable (every lever at its best) is {interval}"


def solve_one(scenario: Scenario, lever: str, *, low: float, high: float, step: float = 1,
              direction: int | None = None, probability: float = 0.9,
              **options: Any) -> SolveResult:
    """How much of one lever is needed: the least value reaching ``probability``.

    A monotone bisection with common random numbers, then verification; the cost is the
    lever's value (in its helpful direction).  ``options`` are those of :func:`solve`
    (``method`` defaults to ``"staircase"``).

    Examples
    --------
    >>> import hiringsim as hs
    >>> sc = hs.load_scenario("scenarios/baseline.toml")  # doctest: +SKIP
    >>> hs.solve_one(sc, "roles.officer.academy.seats", low=40, high=96, step=2,
    ...              seed=1).best.values  # doctest: +SKIP
    {'roles.officer.academy.seats': 64}
    """
    options.setdefault("method", "staircase")
    lv = Lever(lever, low=low, high=high, step=step, direction=direction)
    cost = options.pop("cost", None)
    if cost is None:
        cost = LeverValue(lever, lv.sign)  # the setting itself, reported as such
    return solve(scenario, [lv], probability=probability, cost=cost, **options)
