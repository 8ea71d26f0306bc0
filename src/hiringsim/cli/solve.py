"""``hiringsim solve SOLVE.toml``: the least-cost lever setting for a target probability."""

from __future__ import annotations

import argparse
import threading
import time
from pathlib import Path

from ._common import (
    add_jobs,
    add_quiet,
    check_jobs,
    check_out,
    check_reps,
    check_seed,
    executor,
    inputs_of,
    out_folder,
    processes,
    progress,
    pyplot,
    save_figure,
)

__all__ = ["add_parser", "main"]


def add_parser(sub) -> None:
    p = sub.add_parser("solve", help="find the least-cost levers for a target probability",
                       description="Goal seeking: the cheapest lever setting that reaches the "
                       "target by the deadline with the requested probability, verified on "
                       "fresh replications; runners-up and the cost-probability frontier.")
    p.add_argument("solve", type=Path, help="solve file (TOML)")
    p.add_argument("--out", type=Path, default=None, metavar="DIR",
                   help="folder for result.json, tables and frontier.png "
                        "(default: out/<solve file name>)")
    add_jobs(p)
    p.add_argument("--seed", type=int, default=None, metavar="S",
                   help="override the file's seed for screening replications")
    p.add_argument("-n", "--replications", type=int, default=None, metavar="N",
                   help="override the file's screening replications per setting")
    p.add_argument("--verify-replications", type=int, default=None, metavar="N",
                   help="override the file's fresh replications for the verified answer")
    p.add_argument("--fixed-inputs", action="store_true",
                   help="run the base scenario's uncertain inputs at their values in the file "
                        "(default: every replication draws them: the answer with input "
                        "uncertainty, and beside it the answer with fixed inputs)")
    p.add_argument("--no-compare-fixed", action="store_true",
                   help="with uncertain inputs, skip the second solve with fixed inputs")
    add_quiet(p)


def main(args: argparse.Namespace) -> int:
    from ..goalseek import load_solve, solve

    # every argument is checked before any simulation runs
    check_reps(args.replications)
    check_reps(args.verify_replications, "--verify-replications")
    check_jobs(args.jobs)
    spec = load_solve(args.solve)
    check_seed(args.seed)
    out = check_out(args.out or out_folder(args.solve.stem))
    t0 = time.perf_counter()
    with executor(args.jobs) as ex:
        _warm(ex)
        if ex is not None:  # the workers simulate: meanwhile load what the tables and plot need
            threading.Thread(target=_load_output, name="hiringsim-preload", daemon=True).start()
        result = solve(spec, seed=args.seed, replications=args.replications,
                       verify_replications=args.verify_replications, executor=ex,
                       progress=progress(args), inputs=inputs_of(args),
                       compare_fixed=not args.no_compare_fixed)
        used = processes(ex)
    folder = result.save(out)
    frontier(result, folder / "frontier.png")
    print(result.report())
    print(f"Wrote {out}/: result.json, tables, frontier.png "
          f"({time.perf_counter() - t0:.0f} s, {used})")
    return 0 if result.feasible else 1


def _warm(ex) -> None:
    """Load the model in every worker at once, without waiting: the search starts with single
    runs (its probe), which keep one worker busy, and the other would otherwise load the model
    (numba's compiled loops, about half a second) only when the first screening look reaches
    it."""
    from ..execution import executor_width

    if ex is not None and executor_width(ex) > 1:
        for _ in range(executor_width(ex)):
            ex.submit(_load_model)


def _load_output() -> None:
    """pandas and pyplot (about 0.6 s of imports), loaded while the workers run the solve."""
    import pandas  # noqa: F401

    pyplot()


def _load_model() -> None:
    """Pool task: one replication of the bundled baseline (imports and compiled loops)."""
    from ..replication import run_replication
    from ..shipped import example

    run_replication(example("baseline"), seed=0)


def frontier(result, path: Path) -> None:
    """``frontier.png``: cost against probability of every screened setting."""
    pyplot()
    from ..plots.solve import plot_frontier

    ax = plot_frontier(result)
    save_figure(ax.figure, path)
