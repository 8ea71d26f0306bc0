"""What the commands share: common options, the executor, pyplot for files, output folders."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

from ..rng import DEFAULT_SEED

__all__ = ["DEFAULT_SEED", "add_common", "check_reps", "executor", "processes", "pyplot"]


def add_common(p: argparse.ArgumentParser, *, reps: int) -> None:
    """``-n``, ``--seed``, ``--out``, ``--jobs``, ``--mode``, ``--quiet``."""
    p.add_argument("-n", "--replications", type=int, default=reps, metavar="N",
                   help=f"Monte-Carlo replications per scenario (default {reps})")
    add_seed(p)
    p.add_argument("--out", type=Path, default=None, metavar="DIR",
                   help="folder for tables (Parquet/CSV), figures (PNG) and metadata "
                        "(default: out/<scenario name>)")
    add_jobs(p)
    p.add_argument("--mode", choices=("fast", "reference"), default="fast",
                   help="fast (default) or reference (one SimPy process per applicant; slow)")
    add_quiet(p)


def add_seed(p: argparse.ArgumentParser, *, default: int | None = DEFAULT_SEED,
             help: str | None = None) -> None:
    p.add_argument("--seed", type=int, default=default, metavar="S",
                   help=help or f"root random seed; replication r uses streams (S, r) (default "
                                f"{DEFAULT_SEED}), so the same command reproduces the same "
                                "numbers")


def add_jobs(p: argparse.ArgumentParser) -> None:
    p.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                   help="worker processes (default: all cores; 1 runs in this process)")


def add_quiet(p: argparse.ArgumentParser) -> None:
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def progress(args: argparse.Namespace) -> bool | None:
    """The library's progress convention from ``--quiet``."""
    return False if getattr(args, "quiet", False) else None


def check_reps(n: int, option: str = "--replications") -> None:
    if n < 1:
        raise ValueError(f"{option} must be at least 1, got {n}")


@contextlib.contextmanager
def executor(jobs: int | None, scheduler: str | None = None) -> Iterator[Executor | None]:
    """The executor ``--jobs``/``--scheduler`` ask for (see :func:`hiringsim.execution.pool`)."""
    from ..execution import pool

    with pool(jobs, scheduler=scheduler) as ex:
        yield ex


def processes(ex: Executor | None) -> str:
    from ..execution import executor_width

    n = executor_width(ex)
    return f"{n} process{'es' if n > 1 else ''}"


def pyplot() -> Any:
    """pyplot on the non-interactive Agg backend (the command line only writes files)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def save_figure(fig: Any, path: Path, *, dpi: int = 120) -> None:
    plt = pyplot()
    fig.savefig(path, dpi=dpi)
    plt.close(fig)
