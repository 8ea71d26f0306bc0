"""Running a sweep: batches of design points on any ``concurrent.futures.Executor``.

The parent process owns the store.  It cuts the unfinished points into batches, keeps at most
two batches per worker in flight (bounded memory, and workers never wait for the parent), and
writes each batch's results in one transaction as soon as its future completes.  A run is
determined by (values, seed, replication) alone, so results do not depend on the executor, the
batch sizes or the order in which batches finish.

Interruptions: Ctrl-C cancels what is queued and leaves the store holding every finished point;
a killed parent leaves it the same way (SQLite transactions); a process-pool worker that dies is
replaced (up to ``max_restarts`` times) and its batches run again; dask reschedules the tasks of
a lost worker itself.  Run the same sweep with the same store again to resume.
"""

from __future__ import annotations

import math
import os
import sys
import time
import traceback
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Executor, Future, wait
from pathlib import Path
from typing import Any

from .design import Point, design_points
from .result import SweepResult
from .spec import Sweep, SweepError
from .store import SweepStore

__all__ = ["SweepRunError", "run_sweep"]

Evaluate = Callable[[dict[str, Any], int, int], dict[str, float]]


class SweepRunError(RuntimeError):
    """The model failed at a design point (the message names it and carries the traceback)."""


def run_sweep(sweep: Sweep, *, store: str | Path, executor: Executor | None = None,
              n_jobs: int | None = None, scheduler: str | None = None, progress: bool = True,
              evaluate: Evaluate | None = None, batch_size: int | None = None,
              task_seconds: float = 1.0, max_restarts: int = 2) -> SweepResult:
    """Run (or resume) ``sweep``, storing results in the SQLite file ``store``.

    Parameters
    ----------
    executor : any ``concurrent.futures.Executor``; not shut down here.  Default: a process
        pool of ``n_jobs`` workers (all cores if None); ``n_jobs=1`` runs in this process.
    scheduler : address of a dask.distributed scheduler (``tcp://host:8786``); runs there.
    evaluate : ``evaluate(values, seed, replication) -> {kpi: value}``; default: the hiringsim
        model on ``sweep.base`` (:class:`~hiringsim.sweep.ScenarioModel`).  Must be picklable
        for process pools and dask.
    batch_size : design points per task; default: sized from measured run times so that each
        task computes for about ``task_seconds``.
    max_restarts : how often a dead process-pool worker is replaced before giving up.

    If the store exists, it must come from the same sweep; finished points are skipped.
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
    if not Path(store).exists():  # check the design before a store is made for it
        points = design_points(sweep)
        _precheck(evaluate, points, sweep)
    st = SweepStore.create_or_resume(store, sweep, points)
    try:
        done = st.finished_ids()
        todo = [p for p in st.points() if p.point_id not in done]
        if points is None:
            _precheck(evaluate, todo, sweep)
        if todo:
            with _Pool(executor, n_jobs, scheduler) as pool:
                _drive(pool, evaluate, todo, st, sweep, progress=progress,
                       batch_size=batch_size, task_seconds=task_seconds,
                       max_restarts=max_restarts, n_done=len(done))
    finally:
        st.close()
    return SweepResult.open(store, sweep=sweep)


# -- the worker's side ------------------------------------------------------------------------
def run_batch(evaluate: Evaluate, seed: int, replications: int, outcomes: Sequence[str],
              points: Sequence[tuple[int, dict[str, Any]]]):
    """Run every replication of each point; return ``([(point_id, seconds, rows)], seconds)``.

    ``rows`` are ``(replication, seed, *outcomes)``.  Runs in the worker.
    """
    t_batch = time.perf_counter()
    out = []
    for point_id, values in points:
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
        out.append((point_id, time.perf_counter() - t0, rows))
    return out, time.perf_counter() - t_batch


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
def _precheck(evaluate: Evaluate, todo: Sequence[Point], sweep: Sweep) -> None:
    """Let the model reject design points before anything runs (ScenarioModel.check)."""
    check = getattr(evaluate, "check", None)
    if not callable(check):
        return
    problems = []
    for p in todo:
        for field, msg in check(p.values):
            problems.append((f"point {p.point_id} {p.values}", f"{field}: {msg}"))
        if len(problems) >= 10:
            problems.append(("...", "(further points not checked)"))
            break
    if problems:
        raise SweepError(problems, sweep.source)


class _SerialExecutor(Executor):
    """Runs each task at submit, in this process (n_jobs=1)."""

    def submit(self, fn, /, *args, **kwargs):  # noqa: D102
        fut: Future = Future()
        try:
            fut.set_result(fn(*args, **kwargs))
        except Exception as exc:  # KeyboardInterrupt propagates
            fut.set_exception(exc)
        return fut


class _Pool:
    """The executor in use: given, or owned (serial, process pool, dask client)."""

    def __init__(self, executor: Executor | None, n_jobs: int | None, scheduler: str | None):
        self._client = None
        self.owned = executor is None
        self.n_jobs = n_jobs
        if executor is not None:
            self.executor = executor
            self.width = n_jobs or _executor_width(executor)
        elif scheduler is not None:
            from distributed import Client  # optional extra: hiringsim[dask]

            self._client = Client(scheduler)
            self.executor = self._client.get_executor(pure=False)
            self.width = n_jobs or max(1, sum(self._client.nthreads().values()))
        elif n_jobs == 1:
            self.executor, self.width = _SerialExecutor(), 1
        else:
            self.width = n_jobs or os.cpu_count() or 1
            self.executor = self._process_pool()

    def _process_pool(self) -> Executor:
        from concurrent.futures import ProcessPoolExecutor

        return ProcessPoolExecutor(max_workers=self.width)

    @property
    def can_restart(self) -> bool:
        return self.owned and self._client is None and self.width > 1

    def restart(self) -> None:
        _shutdown(self.executor, wait=False)
        self.executor = self._process_pool()

    def abort(self, pending: Sequence[Future]) -> None:
        for f in pending:
            f.cancel()
        if self.owned:
            _shutdown(self.executor, wait=False)

    def __enter__(self) -> _Pool:
        return self

    def __exit__(self, *exc: object) -> None:
        try:
            if self.owned:
                _shutdown(self.executor, wait=exc[0] is None)
        finally:
            if self._client is not None:
                self._client.close()


def _shutdown(executor: Executor, *, wait: bool) -> None:
    """Shut down, cancelling queued tasks (dask's executor has no cancel_futures)."""
    try:
        executor.shutdown(wait=wait, cancel_futures=True)
    except TypeError:
        executor.shutdown(wait=wait)


def _executor_width(executor: Executor) -> int:
    """How many tasks an executor runs at once (best effort; pass n_jobs to be exact)."""
    n = getattr(executor, "_max_workers", None)
    if isinstance(n, int) and n > 0:
        return n
    client = getattr(executor, "_client", None)  # distributed.cfexecutor.ClientExecutor
    if client is not None:
        try:
            return max(1, sum(client.nthreads().values()))
        except Exception:  # pragma: no cover - best effort
            pass
    return os.cpu_count() or 1


class _Batcher:
    """Batch sizes: one point per task until run times are known, then ~task_seconds of work,
    never more than an even share of what is left (so the last tasks spread over workers)."""

    def __init__(self, fixed: int | None, task_seconds: float, width: int):
        self.fixed, self.target, self.width = fixed, task_seconds, width
        self.per_point: float | None = None

    def size(self, remaining: int) -> int:
        if self.fixed is not None:
            return int(self.fixed)
        if self.per_point is None:
            return 1
        k = max(1, int(self.target / max(self.per_point, 1e-9)))
        return max(1, min(k, math.ceil(remaining / self.width)))

    def observe(self, seconds: float, points: int) -> None:
        x = seconds / max(points, 1)
        self.per_point = x if self.per_point is None else 0.7 * self.per_point + 0.3 * x


def _progress(sweep: Sweep, total: int, initial: int, enabled: bool):
    from tqdm.auto import tqdm

    return tqdm(total=total, initial=initial, unit="point", desc=sweep.name,
                disable=not enabled, dynamic_ncols=True, smoothing=0.1)


def _drive(pool: _Pool, evaluate: Evaluate, todo: Sequence[Point], st: SweepStore,
           sweep: Sweep, *, progress: bool, batch_size: int | None, task_seconds: float,
           max_restarts: int, n_done: int) -> None:
    queue = deque(todo)
    pending: dict[Future, list[Point]] = {}
    batcher = _Batcher(batch_size, task_seconds, pool.width)
    restarts = 0
    failure: BaseException | None = None
    bar = _progress(sweep, st.n_points(), n_done, progress)
    args = (evaluate, sweep.seed, sweep.replications, tuple(sweep.outcomes))
    try:
        while pending or (queue and failure is None):
            lost: list[Point] = []
            broken = False
            while queue and failure is None and len(pending) < 2 * pool.width:
                k = batcher.size(len(queue))
                batch = [queue.popleft() for _ in range(min(k, len(queue)))]
                try:
                    fut = pool.executor.submit(run_batch, *args,
                                               [(p.point_id, p.values) for p in batch])
                except BrokenExecutor:      # a worker died since the last submit
                    lost.extend(batch)
                    broken = True
                    break
                pending[fut] = batch
            if pending:
                done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
                finished = []
                for fut in done:
                    batch = pending.pop(fut)
                    try:
                        rows, seconds = fut.result()
                    except BrokenExecutor:
                        lost.extend(batch)
                        broken = True
                        continue
                    except Exception as exc:
                        failure = failure or exc   # stop submitting; keep what is finishing
                        continue
                    finished.extend(rows)
                    batcher.observe(seconds, len(batch))
                if finished:
                    bar.update(st.write(finished))
            if not broken or failure is not None:
                continue
            if not pool.can_restart or restarts >= max_restarts:
                failure = SweepRunError(
                    f"a worker process died{f' {restarts + 1} times' if restarts else ''} "
                    f"while running points {sorted(p.point_id for p in lost)[:20]}; finished "
                    "points are stored: run again to resume")
                continue
            # every task still pending on the broken pool fails too: wait, keep, re-queue
            for fut in list(pending):
                batch = pending.pop(fut)
                try:
                    rows, _ = fut.result()
                    bar.update(st.write(rows))
                except Exception:
                    lost.extend(batch)
            queue.extendleft(sorted(lost, key=lambda p: p.point_id, reverse=True))
            restarts += 1
            print(f"hiringsim.sweep: a worker process died; restarting the pool "
                  f"({restarts}/{max_restarts}); {len(lost)} points run again", file=sys.stderr)
            pool.restart()
    except KeyboardInterrupt:
        pool.abort(list(pending))
        bar.close()
        print(f"\nhiringsim.sweep: interrupted; {len(st.finished_ids())} of {st.n_points()} "
              f"points are stored in {st.path}; run the sweep again to resume", file=sys.stderr)
        raise
    finally:
        bar.close()
    if failure is not None:
        raise failure
