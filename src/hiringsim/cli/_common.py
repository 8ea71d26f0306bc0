"""What the commands share: common options, the executor, pyplot for files, output folders."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

from ..rng import DEFAULT_SEED

__all__ = ["DEFAULT_SEED", "add_common", "check_jobs", "check_out", "check_reps", "executor",
           "processes", "pyplot"]


def add_common(p: argparse.ArgumentParser, *, reps: int,
               out: str = "out/<scenario name>") -> None:
    """``-n``, ``--seed``, ``--out`` (``out``: its default, for the help), ``--jobs``,
    ``--mode``, ``--quiet``."""
    p.add_argument("-n", "--replications", type=int, default=reps, metavar="N",
                   help=f"Monte-Carlo replications per scenario (default {reps})")
    add_seed(p)
    p.add_argument("--out", type=Path, default=None, metavar="DIR",
                   help="folder for tables (Parquet/CSV), figures (PNG) and metadata "
                        f"(default: {out})")
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


def check_reps(n: int | None, option: str = "--replications", *, least: int = 1) -> None:
    """``n`` (when given) is at least ``least``; checked before any work."""
    if n is not None and n < least:
        raise ValueError(f"{option} must be at least {least}, got {n}")


def check_jobs(jobs: int | None) -> None:
    """``--jobs`` (when given) is at least 1."""
    check_reps(jobs, "--jobs")


def check_out(out: Path, option: str = "--out") -> Path:
    """Make the output folder ``out`` now, before any work, so that a bad ``--out`` (an
    existing file, a folder that cannot be written) fails at once instead of after the run."""
    import os

    if out.exists() and not out.is_dir():
        raise ValueError(f"{option} {out} is a file, not a folder; give a folder name")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ValueError(f"{option} {out}: cannot create the folder ({exc.strerror or exc})"
                         ) from None
    if not os.access(out, os.W_OK | os.X_OK):
        raise ValueError(f"{option} {out}: the folder is not writable")
    return out


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
