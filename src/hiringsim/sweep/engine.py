"""Running a sweep: its unfinished design points on any ``concurrent.futures.Executor``.

The parent process owns the store.  The points go through :func:`hiringsim.execution.
execute_batches` (batches, bounded work in flight, progress), and each finished batch is
written to the store in one transaction as soon as it completes.  A run is determined by
(values, seed, replication) alone, so results do not depend on the executor, the batch sizes
or the order in which batches finish.

Interruptions: Ctrl-C cancels what is queued and leaves the store holding every finished point;
a killed parent leaves it the same way (SQLite transactions); a worker of the process pool
owned here that dies is replaced (up to ``max_restarts`` times, noted through ``logging``) and
its points run again; dask reschedules the tasks of a lost worker itself.  Run the same sweep
with the same store again to resume.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

from ..execution import ExecutionError, execute_batches, pool, process_pool
from .design import Point, design_points
from .result import SweepResult
from .spec import Sweep, SweepError
from .store import SweepStore

__all__ = ["SweepRunError", "run_sweep"]

Evaluate = Callable[[dict[str, Any], int, int], dict[str, float]]


class SweepRunError(RuntimeError):
    """The model failed at a design point (the message names it and carries the traceback)."""


def run_sweep(sweep: Sweep, *, store: str | Path, executor: Executor | None = None,
              n_jobs: int | None = None, scheduler: str | None = None,
              progress: bool | None = None, evaluate: Evaluate | None = None,
              batch_size: int | None = None, task_seconds: float = 1.0,
              max_restarts: int = 2) -> SweepResult:
    """Run (or resume) ``sweep``, storing results in the SQLite file ``store``.

    Parameters
    ----------
    sweep : the validated sweep.
    store : SQLite file; if it exists, it must come from the same sweep, and its finished
        points are skipped.
    executor : any ``concurrent.futures.Executor``; not shut down here.  Default: a process
        pool of ``n_jobs`` workers (all cores if None); ``n_jobs=1`` runs in this process.
    scheduler : address of a dask.distributed scheduler (``tcp://host:8786``); runs there.
    progress : the progress convention of :mod:`hiringsim.execution` (None: a bar for 20 or
        more points).
    evaluate : ``evaluate(values, seed, replication) -> {kpi: value}``; default: the hiringsim
        model on ``sweep.base`` (:class:`~hiringsim.sweep.ScenarioModel`).  Must be picklable
        for process pools and dask.
    batch_size : design points per task; default: sized from measured run times so that each
        task computes for about ``task_seconds``.
    max_restarts : how often a dead worker of the process pool owned here is replaced before
        giving up.

    Returns
    -------
    SweepResult
        The design and outcome frames read back from the store.

    Raises
    ------
    SweepError
        The sweep, a design point or the store is invalid (before anything runs).
    SweepRunError
        The model failed at a point, or workers kept dying; finished points stay stored.

    Examples
    --------
    >>> from hiringsim.sweep import Parameter, Sweep, run_sweep
    >>> from hiringsim.sweep.toys import noisy_linear
    >>> sweep = Sweep(parameters=[Parameter("a", low=0, high=1)], outcomes=["y"],
    ...               design="oat", seed=1)
    >>> result = run_sweep(sweep, store="toy.sqlite", evaluate=noisy_linear,
    ...                    n_jobs=1)  # doctest: +SKIP
    >>> result.complete  # doctest: +SKIP
    True
    """
    if evaluate is None:
        if sweep.base is None:
            raise SweepError([("base", "no base scenario; give one, or pass evaluate=")],
                             sweep.source)
        from .model import ScenarioModel

        evaluate = ScenarioModel(sweep.base, mode=sweep.mode)
    if batch_size is not None and (batch_size < 1 or int(batch_size) != batch_size):
        raise ValueError(f"batch_size must be a whole number >= 1, got {batch_size!r}")
    if sum(x is not None for x in (executor, scheduler)) > 1:
        raise ValueError("give executor or scheduler, not both")
    points = None
    if not SweepStore.inspect(store):  # check the design before a store is made for it
        points = design_points(sweep)
        _precheck(evaluate, points, sweep, outcomes=True)
    st = SweepStore.create_or_resume(store, sweep, points)
    try:
        done = st.finished_ids()
        todo = [p for p in st.points() if p.point_id not in done]
        if points is None:
            _precheck(evaluate, todo, sweep)
        if todo:
            with _executor(executor, n_jobs, scheduler) as (ex, restart):
                execute_batches(
                    functools.partial(run_point, evaluate, sweep.seed, sweep.replications,
                                      tuple(sweep.outcomes)),
                    [(p.point_id, p.values) for p in todo], on_batch=_writer(st),
                    executor=ex, batch_size=batch_size, task_seconds=task_seconds,
                    restart=restart, max_restarts=max_restarts if restart else 0,
                    progress=progress, desc=sweep.name, unit="point",
                    progress_initial=len(done), progress_total=st.n_points())
    except ExecutionError as exc:
        raise SweepRunError(f"{exc}; finished points are stored: run again to resume") from exc
    except sqlite3.Error as exc:   # e.g. a full disk
        raise SweepError([("store", f"cannot be written or read: {exc}")], str(store)) from None
    finally:
        st.close()
    return SweepResult.open(store, sweep=sweep)


def _writer(st: SweepStore) -> Callable[[list[tuple[int, Any]]], None]:
    """``on_batch``: store a finished batch ``[(index, (point_id, seconds, rows))]``."""
    def write(batch: list[tuple[int, Any]]) -> None:
        st.write([finished for _, finished in batch])

    return write


class _Owned:
    """A process pool owned here, and its replacements after a worker dies."""

    def __init__(self, jobs: int):
        self.jobs = jobs
        self.current = process_pool(jobs)

    def restart(self) -> Executor:
        self.current = process_pool(self.jobs)
        return self.current


@contextlib.contextmanager
def _executor(executor: Executor | None, n_jobs: int | None, scheduler: str | None
              ) -> Iterator[tuple[Executor | None, Callable[[], Executor] | None]]:
    """(executor, restart factory): given, a dask client's, or a process pool owned here."""
    if executor is not None or scheduler is not None:
        with contextlib.ExitStack() as stack:
            if executor is None:
                executor = stack.enter_context(pool(scheduler=scheduler))
            yield executor, None
        return
    jobs = max(1, n_jobs if n_jobs is not None else (os.cpu_count() or 1))
    if jobs == 1:
        yield None, None
        return
    owned = _Owned(jobs)
    try:
        yield owned.current, owned.restart
    except BaseException:
        owned.current.shutdown(wait=False, cancel_futures=True)
        raise
    owned.current.shutdown(wait=True)


# -- the worker's side ------------------------------------------------------------------------
def run_point(evaluate: Evaluate, seed: int, replications: int, outcomes: Sequence[str],
              point: tuple[int, dict[str, Any]]) -> tuple[int, float, list[tuple[Any, ...]]]:
    """Run every replication of one point; return ``(point_id, seconds, rows)``.

    ``rows`` are ``(replication, seed, *outcomes)``.  Runs in the worker.
    """
    point_id, values = point
    t0 = time.perf_counter()
    rows = []
    for r in range(replications):
        try:
            kpis = evaluate(values, seed, r)
            row = (r, seed, *(_number(kpis, o) for o in outcomes))
        except Exception as exc:
            raise SweepRunError(
                f"point {point_id} {values}, replication {r} (seed {seed}): "
                f"{type(exc).__name__}: {exc}\n--- in the worker:\n{traceback.format_exc()}"
            ) from None
        rows.append(row)
    return point_id, time.perf_counter() - t0, rows


def _number(kpis: dict[str, Any], name: str) -> float:
    try:
        value = kpis[name]
    except KeyError:
        raise KeyError(f"the model returned no outcome {name!r}; it returned: "
                       f"{', '.join(sorted(kpis))}") from None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise TypeError(f"outcome {name!r} is not a number: {value!r}") from None


# -- the parent's side -----------------------------------------------------------------------
def _precheck(evaluate: Evaluate, todo: Sequence[Point], sweep: Sweep, *,
              outcomes: bool = False) -> None:
    """Let the model reject outcomes (``ScenarioModel.check_outcomes``, for a new store) and
    design points (``ScenarioModel.check``) before anything runs."""
    problems: list[tuple[str, str]] = []
    check_outcomes = getattr(evaluate, "check_outcomes", None)
    if outcomes and callable(check_outcomes):
        problems += check_outcomes(sweep.outcomes)
    check = getattr(evaluate, "check", None)
    if callable(check):
        for p in todo:
            for field, msg in check(p.values):
                problems.append((f"point {p.point_id} {p.values}", f"{field}: {msg}"))
            if len(problems) >= 10:
                problems.append(("...", "(further points not checked)"))
                break
    if problems:
        raise SweepError(problems, sweep.source)
