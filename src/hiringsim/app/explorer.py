"""A what-if session: a warm pool of worker processes and the runs that did not change.

A planner moves a lever and presses Run many times in one session.  What each press costs
beyond simulating the moved plan is paid once per session here:

- the worker processes (start-up, imports, loading the compiled loops) are started once, at the
  first run or by :meth:`Explorer.warm`, kept for the session and shut down by
  :meth:`Explorer.close` (or leaving a ``with`` block);
- the unchanged plan is run once per (scenario, replications, seed) and reused: only the plan
  with the moved levers is simulated on each press (the comparison is the same as
  :func:`hiringsim.compare` gives: the same seed, so the same replications);
- the last few moved plans are kept too, so moving a lever back redraws at once.

The runs go through the library's one execution path (:func:`hiringsim.simulate` with an
``executor``), so the results are those of any other run with the same seed.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import TYPE_CHECKING, Any

from ..execution import SerialExecutor, executor_width, process_pool
from . import levers

if TYPE_CHECKING:  # pragma: no cover
    from ..results import Results
    from ..scenario import Scenario
    from .whatif import Outcome

__all__ = ["Explorer", "ProgressExecutor"]

#: moved plans kept for a quick redraw when a lever is moved back
KEEP_PLANS = 4

#: tasks per worker for one run (20 replications on 2 workers: 4 tasks of 5).  Two rather than
#: one: the first half of the results reaches this process (unpickled, added to the results)
#: while the workers run the second half; a task's own cost is a few milliseconds either way
#: (the scenario travels with each task as about 4 kB of pickle)
BATCHES_PER_WORKER = 2


class ProgressExecutor(Executor):
    """Runs each batch on ``inner`` (``None``: here, at submit) and reports, as each batch
    finishes, how many replications it ran.

    ``hiringsim.execution`` submits ``(task, fn, batch)``; the batch's length is the number of
    replications the task runs.  ``on_done`` is called from the pool's result thread.
    """

    def __init__(self, on_done: Callable[[int], Any], inner: Executor | None = None):
        self.on_done = on_done
        self.inner = inner if inner is not None else SerialExecutor()
        self._max_workers = executor_width(inner)  # read by hiringsim.execution

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:  # noqa: D102
        last = args[-1] if args else None
        n = len(last) if isinstance(last, list) else 1
        fut = self.inner.submit(fn, *args, **kwargs)

        def done(f: Future[Any]) -> None:
            if not f.cancelled() and f.exception() is None:
                self.on_done(n)

        fut.add_done_callback(done)
        return fut

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:  # noqa: D102
        """Leaves ``inner`` running: whoever made it shuts it down."""


def _warm_worker() -> int:
    """Pool task: load the model in a worker (imports, compiled loops, cached tables) by
    running one short replication of the bundled baseline."""
    import os

    from ..replication import run_replication
    from ..shipped import example

    run_replication(example("baseline"), seed=0)
    return os.getpid()


class Explorer:
    """One what-if session: a warm process pool and the cached unchanged runs.

    ``jobs`` worker processes (``None``: one per core; 1: everything runs in this process) are
    started at the first run (or :meth:`warm`) and kept until :meth:`close`.  An ``executor``
    given instead is used as it is and left running.

    Examples
    --------
    >>> import hiringsim as hs
    >>> from hiringsim.app.explorer import Explorer
    >>> with Explorer(jobs=2) as ex:  # doctest: +SKIP
    ...     out = ex.run(hs.example("baseline"), {"seats": 80}, replications=20, seed=2017)
    """

    def __init__(self, *, jobs: int | None = None, executor: Executor | None = None,
                 batches_per_worker: int = BATCHES_PER_WORKER):
        import os

        self.jobs = max(1, jobs if jobs is not None else (os.cpu_count() or 1))
        #: a run's replications go out in this many tasks per worker
        self.batches_per_worker = max(1, int(batches_per_worker))
        self._given = executor
        self._pool: Executor | None = None
        self._base: tuple[Any, ...] | None = None
        self._base_results: Results | None = None
        self._plans: OrderedDict[tuple[Any, ...], Results] = OrderedDict()
        #: how many pools this session started (1 for its whole life once warm)
        self.pools_started = 0
        self.closed = False

    # -- the pool -----------------------------------------------------------------------------
    @property
    def executor(self) -> Executor | None:
        """The session's executor (started on first use; ``None`` runs in this process)."""
        if self.closed:
            raise RuntimeError("this explorer is closed")
        if self._given is not None:
            return self._given
        if self.jobs == 1:
            return None
        if self._pool is None:
            self._pool = process_pool(self.jobs)
            self.pools_started += 1
        return self._pool

    def warm(self) -> None:
        """Start the worker processes and load the model in each, without waiting (nothing once
        closed)."""
        if self.closed:
            return
        ex = self.executor
        if ex is not None:
            for _ in range(executor_width(ex)):
                ex.submit(_warm_worker)

    def close(self) -> None:
        """Shut the session's pool down (an executor given is left running); idempotent."""
        pool, self._pool = self._pool, None
        self.closed = True
        self._plans.clear()
        self._base = self._base_results = None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> Explorer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the runs -----------------------------------------------------------------------------
    @staticmethod
    def _key(scenario: Scenario, replications: int, seed: int) -> tuple[Any, ...]:
        # a scenario is a frozen value: the same object is the same plan
        return (id(scenario), scenario.name, replications, seed)

    def to_run(self, base: Scenario, values: dict[str, int], *, replications: int,
               seed: int) -> int:
        """How many replications :meth:`run` will simulate (0 when everything is cached)."""
        n = 0 if self._base == self._key(base, replications, seed) else replications
        plan_key = (*self._key(base, replications, seed), _values_key(base, values))
        return n if n == 0 and plan_key in self._plans else n + replications

    def _simulate(self, scenario: Scenario, replications: int, seed: int,
                  on_progress: Callable[[int], Any] | None) -> Results:
        from ..experiment import simulate

        ex = self.executor
        width = executor_width(ex)
        if on_progress is not None:
            ex = ProgressExecutor(on_progress, ex)
        batch = max(1, math.ceil(replications / (self.batches_per_worker * width)))
        return simulate(scenario, replications, seed=seed, executor=ex, progress=False,
                        batch_size=batch)

    def unchanged(self, base: Scenario, *, replications: int, seed: int,
                  on_progress: Callable[[int], Any] | None = None) -> Results:
        """``base`` run ``replications`` times with ``seed`` (run once, then reused)."""
        key = self._key(base, replications, seed)
        if self._base != key or self._base_results is None:
            self._base_results = None  # let the old run go before running the new one
            self._plans.clear()
            self._base_results = self._simulate(base, replications, seed, on_progress)
            self._base = key
        return self._base_results

    def run(self, base: Scenario, values: dict[str, int], *, replications: int, seed: int,
            on_progress: Callable[[int], Any] | None = None) -> Outcome:
        """``base`` against ``base`` with the levers in ``values`` moved (see
        :func:`hiringsim.app.whatif.run_whatif`); only what is not cached is simulated."""
        from ..experiment import Comparison
        from .whatif import CHANGED, UNCHANGED, Outcome, answer_table

        plan = levers.apply(base, values, name=f"{base.name} (changed)")  # checks the values
        before = levers.current(base)
        moved = {k: (before[k], v) for k, v in values.items() if k in before and before[k] != v}
        unchanged = self.unchanged(base, replications=replications, seed=seed,
                                   on_progress=on_progress)
        key = (*self._key(base, replications, seed), _values_key(base, values))
        got = self._plans.pop(key, None)
        changed = got if got is not None else self._simulate(plan, replications, seed,
                                                              on_progress)
        self._plans[key] = changed
        while len(self._plans) > KEEP_PLANS:
            self._plans.popitem(last=False)
        comparison = Comparison({UNCHANGED: unchanged, CHANGED: changed})
        return Outcome(comparison, moved, answer_table(comparison))


def _values_key(base: Scenario, values: dict[str, int]) -> tuple[tuple[str, int], ...]:
    """The levers that move, as a sorted tuple (empty: nothing moves)."""
    before = levers.current(base)
    return tuple(sorted((k, int(v)) for k, v in values.items()
                        if k in before and before[k] != v))

