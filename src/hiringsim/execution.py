"""One way to run many independent tasks: batches on any ``concurrent.futures.Executor``.

Every experiment (``simulate``, ``compare``, goal seeking, calibration, the sweep driver) maps
its replications through :func:`execute_batches`, or :func:`execute`, which collects the
results in order.  It cuts the items into batches, keeps at most two batches per worker in
flight (bounded memory; workers never wait for the parent), hands each finished batch on as it
completes and shows one progress bar.  A task's result depends on its item alone, so the answer
is the same serially, on a process pool or on dask, whatever the batch sizes or the completion
order.

``executor=None`` runs in this process.  :func:`pool` gives the executor a command asks for
(``jobs`` worker processes, or a dask scheduler address) and shuts it down afterwards.

The progress convention, the same everywhere: ``progress=None`` shows a bar (``tqdm.auto``:
a widget in notebooks, a line in terminals) when there are at least :data:`AUTO_PROGRESS`
items; ``True`` always; ``False`` never.
"""

from __future__ import annotations

import contextlib
import logging
import math
import os
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Executor, Future, wait
from typing import Any, Generic, ParamSpec, TypeVar

from .heap import keep_heap

__all__ = ["AUTO_PROGRESS", "ExecutionError", "SerialExecutor", "execute", "execute_batches",
           "executor_width", "pool", "process_pool", "progress_bar"]

T = TypeVar("T")
R = TypeVar("R")
P = ParamSpec("P")

#: ``progress=None`` shows a bar from this many items on
AUTO_PROGRESS = 20

log = logging.getLogger("hiringsim")


class SerialExecutor(Executor):
    """Runs each task at submit, in this process."""

    def submit(self, fn: Callable[P, R], /, *args: P.args, **kwargs: P.kwargs) -> Future[R]:  # noqa: D102
        fut: Future[R] = Future()
        try:
            fut.set_result(fn(*args, **kwargs))
        except Exception as exc:  # KeyboardInterrupt propagates
            fut.set_exception(exc)
        return fut


def progress_bar(total: int, progress: bool | None, *, desc: str = "", unit: str = "rep",
                 initial: int = 0) -> Any:
    """A ``tqdm.auto`` bar under the progress convention (a disabled bar when quiet)."""
    from tqdm.auto import tqdm

    show = progress is True or (progress is None and total >= AUTO_PROGRESS)
    return tqdm(total=total, initial=initial, desc=desc, unit=unit, disable=not show,
                leave=False, dynamic_ncols=True, smoothing=0.1)


def executor_width(executor: Executor | None) -> int:
    """How many tasks ``executor`` runs at once (best effort)."""
    if executor is None or isinstance(executor, SerialExecutor):
        return 1
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


def _run_items(fn: Callable[[T], R], items: list[tuple[int, T]]
               ) -> tuple[list[tuple[int, R]], float]:
    """Worker task: ``fn`` on each item; ``([(index, result)], seconds)``.  Freed memory is
    kept for the next item (:func:`hiringsim.heap.keep_heap`)."""
    keep_heap()
    t0 = time.perf_counter()
    return [(i, fn(x)) for i, x in items], time.perf_counter() - t0


class _Batcher:
    """Batch sizes: fixed, or one item per task until run times are known and then about
    ``task_seconds`` of work, never more than an even share of what is left."""

    def __init__(self, fixed: int | None, task_seconds: float, width: int):
        self.fixed, self.target, self.width = fixed, task_seconds, width
        self.per_item: float | None = None

    def size(self, remaining: int) -> int:
        if self.fixed is not None:
            return int(self.fixed)
        if self.per_item is None:
            return 1
        k = max(1, int(self.target / max(self.per_item, 1e-9)))
        return max(1, min(k, math.ceil(remaining / self.width)))

    def observe(self, seconds: float, items: int) -> None:
        x = seconds / max(items, 1)
        self.per_item = x if self.per_item is None else 0.7 * self.per_item + 0.3 * x


class ExecutionError(RuntimeError):
    """Worker processes kept dying; finished batches were handed on before this was raised."""


def execute(fn: Callable[[T], R], items: Sequence[T], *, executor: Executor | None = None,
            batch_size: int | None = None, progress: bool | None = None, desc: str = "",
            unit: str = "rep") -> list[R]:
    """Run ``fn(item)`` for every item and return the results in item order.

    ``fn`` must be picklable for process pools (a module-level function or a
    ``functools.partial`` of one); the options are those of :func:`execute_batches`.

    Examples
    --------
    >>> from hiringsim.execution import execute
    >>> execute(abs, [-1, 2, -3])
    [1, 2, 3]
    """
    results: dict[int, R] = {}
    execute_batches(fn, items, on_batch=results.update, executor=executor,
                    batch_size=batch_size, progress=progress, desc=desc, unit=unit)
    return [results[i] for i in range(len(items))]


def execute_batches(fn: Callable[[T], R], items: Sequence[T], *,
                    on_batch: Callable[[list[tuple[int, R]]], Any],
                    executor: Executor | None = None, batch_size: int | None = None,
                    progress: bool | None = None, desc: str = "", unit: str = "rep",
                    task_seconds: float = 0.5, restart: Callable[[], Executor] | None = None,
                    max_restarts: int = 0, progress_initial: int = 0,
                    progress_total: int | None = None, bar: Any = None) -> None:
    """Run ``fn(item)`` for every item, handing each finished batch to ``on_batch``.

    Nothing is kept here: ``on_batch`` receives ``[(index, result), ...]`` in this process as
    each batch completes (in completion order), so results can be stored or folded into compact
    arrays before the whole run ends.

    Parameters
    ----------
    executor : any ``concurrent.futures.Executor``, not shut down here; ``None`` runs here.
    batch_size : items per task; default: one item until run times are known, then about
        ``task_seconds`` of work per task.
    progress : the progress convention (see the module docstring); ``progress_initial`` and
        ``progress_total`` let a resumed run show what was done before.
    bar : a bar from :func:`progress_bar` to advance instead (one bar over several calls,
        e.g. every strategy of a comparison); left open.
    restart, max_restarts : a factory for a fresh executor when a process-pool worker dies; the
        lost batches run again, up to ``max_restarts`` times (then :class:`ExecutionError`).
    """
    if batch_size is not None and (isinstance(batch_size, bool) or batch_size < 1
                                   or int(batch_size) != batch_size):
        raise ValueError(f"batch_size must be a whole number >= 1, got {batch_size!r}")
    todo: deque[tuple[int, T]] = deque(enumerate(items))
    own = bar is None
    if bar is None:
        total = progress_total if progress_total is not None else len(todo) + progress_initial
        bar = progress_bar(total, progress, desc=desc, unit=unit, initial=progress_initial)
    try:
        if executor is None:
            _drive_serial(fn, todo, batch_size, on_batch, bar)
        else:
            _Driver(fn, executor, batch_size, task_seconds, restart, max_restarts, on_batch,
                    bar).run(todo)
    finally:
        if own:
            bar.close()


def _drive_serial(fn: Callable[[T], R], todo: deque[tuple[int, T]], batch_size: int | None,
                  on_batch: Callable[[list[tuple[int, R]]], Any], bar: Any) -> None:
    size = batch_size or 1
    while todo:
        batch = [todo.popleft() for _ in range(min(size, len(todo)))]
        done, _ = _run_items(fn, batch)
        _finish(done, on_batch, bar)


def _finish(done: list[tuple[int, R]], on_batch: Callable[[list[tuple[int, R]]], Any],
            bar: Any) -> None:
    on_batch(done)
    bar.update(len(done))


class _Driver(Generic[T, R]):
    """Submits batches with a bounded number in flight; recovers from a broken process pool."""

    def __init__(self, fn: Callable[[T], R], executor: Executor, batch_size: int | None,
                 task_seconds: float, restart: Callable[[], Executor] | None, max_restarts: int,
                 on_batch: Callable[[list[tuple[int, R]]], Any], bar: Any) -> None:
        self.fn, self.executor = fn, executor
        self.width = executor_width(executor)
        self.batcher = _Batcher(batch_size, task_seconds, self.width)
        self.restart, self.max_restarts = restart, max_restarts
        self.on_batch, self.bar = on_batch, bar

    def run(self, todo: deque[tuple[int, T]]) -> None:
        pending: dict[Future[tuple[list[tuple[int, R]], float]], list[tuple[int, T]]] = {}
        failure: BaseException | None = None
        restarts = 0
        try:
            while pending or (todo and failure is None):
                lost: list[tuple[int, T]] = []
                broken = False
                while todo and failure is None and len(pending) < 2 * self.width:
                    k = self.batcher.size(len(todo))
                    batch = [todo.popleft() for _ in range(min(k, len(todo)))]
                    try:
                        fut = self.executor.submit(_run_items, self.fn, batch)
                    except BrokenExecutor:  # a worker died since the last submit
                        lost.extend(batch)
                        broken = True
                        break
                    pending[fut] = batch
                if pending:
                    done, _ = wait(list(pending), return_when=FIRST_COMPLETED)
                    for fut in done:
                        batch = pending.pop(fut)
                        try:
                            rows, seconds = fut.result()
                        except BrokenExecutor:
                            lost.extend(batch)
                            broken = True
                            continue
                        except Exception as exc:
                            failure = failure or exc  # stop submitting; keep what finishes
                            continue
                        self.batcher.observe(seconds, len(batch))
                        _finish(rows, self.on_batch, self.bar)
                if not broken or failure is not None:
                    continue
                if self.restart is None or restarts >= self.max_restarts:
                    failure = ExecutionError(
                        f"a worker process died{f' {restarts + 1} times' if restarts else ''}"
                        f" while running items {sorted(i for i, _ in lost)[:20]}")
                    continue
                for fut in list(pending):  # tasks pending on a broken pool fail too
                    batch = pending.pop(fut)
                    try:
                        rows, _ = fut.result()
                        _finish(rows, self.on_batch, self.bar)
                    except Exception:
                        lost.extend(batch)
                todo.extendleft(sorted(lost, key=lambda x: x[0], reverse=True))
                restarts += 1
                log.warning("a worker process died; restarting the pool (%d/%d); %d items "
                            "run again", restarts, self.max_restarts, len(lost))
                _shutdown(self.executor, wait=False)
                self.executor = self.restart()
        except BaseException:
            for fut in pending:
                fut.cancel()
            raise
        if failure is not None:
            raise failure


def _shutdown(executor: Executor, *, wait: bool) -> None:
    """Shut down, cancelling queued tasks (dask's executor has no ``cancel_futures``)."""
    try:
        executor.shutdown(wait=wait, cancel_futures=True)
    except TypeError:
        executor.shutdown(wait=wait)


#: seconds to wait for a dask scheduler before giving up (its address is named in the error)
SCHEDULER_TIMEOUT = 5

#: how often (seconds) a pool worker checks that the process that started it is alive
PARENT_POLL = 1.0


def _exit_with_parent() -> None:
    """Pool worker initializer: exit as soon as the parent process dies (even by ``kill -9``).

    A daemon thread polls ``os.getppid()``: when the parent dies the worker is re-parented, so
    the id changes, and the worker exits at once instead of living on holding the pool's pipes.
    """
    import threading

    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(PARENT_POLL)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch, name="hiringsim-parent-watch", daemon=True).start()


def process_pool(jobs: int) -> Executor:
    """A process pool of ``jobs`` workers that exit when this process dies."""
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(max_workers=jobs, initializer=_exit_with_parent)


@contextlib.contextmanager
def pool(jobs: int | None = None, *, scheduler: str | None = None) -> Iterator[Executor | None]:
    """The executor a command asks for, shut down on exit.

    ``scheduler`` (a dask.distributed address) runs there (``ConnectionError`` naming the
    address when it cannot be reached within :data:`SCHEDULER_TIMEOUT` seconds); else ``jobs``
    worker processes (``None``: one per core); one job runs in this process (yields ``None``).
    """
    if scheduler is not None:
        from distributed import Client  # optional extra: hiringsim[dask]

        try:
            client = Client(scheduler, timeout=f"{SCHEDULER_TIMEOUT}s")
        except (OSError, TimeoutError) as exc:
            raise ConnectionError(f"could not reach the dask scheduler at {scheduler}: "
                                  f"{exc}") from None
        try:
            yield client.get_executor(pure=False)
        finally:
            client.close()
        return
    jobs = max(1, jobs if jobs is not None else (os.cpu_count() or 1))
    if jobs == 1:
        yield None
        return
    ex = process_pool(jobs)
    try:
        yield ex
    except BaseException:
        _shutdown(ex, wait=False)
        raise
    else:
        _shutdown(ex, wait=True)
