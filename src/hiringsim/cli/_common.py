"""What the commands share: common options, the executor, pyplot for files, output folders."""

from __future__ import annotations

import argparse
import contextlib
import re
import unicodedata
from collections.abc import Iterator
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

from ..draws import Inputs
from ..rng import DEFAULT_SEED

__all__ = [
    "DEFAULT_SEED", "add_common", "check_jobs", "check_out", "check_reps", "check_seed",
    "executor",
    "out_folder", "processes", "pyplot", "safe_name",
]

#: the longest folder name :func:`safe_name` makes (file systems allow 255 bytes)
MAX_NAME = 80
#: a character a folder name may keep; every other becomes ``_``
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def add_common(p: argparse.ArgumentParser, *, reps: int,
               out: str = "out/<scenario name>") -> None:
    """``-n``, ``--seed``, ``--out`` (``out``: its default, for the help), ``--jobs``,
    ``--mode``, ``--quiet``, ``--fixed-inputs``."""
    p.add_argument("-n", "--replications", type=int, default=reps, metavar="N",
                   help=f"Monte-Carlo replications per scenario (default {reps})")
    add_seed(p)
    p.add_argument("--out", type=Path, default=None, metavar="DIR",
                   help="folder for tables (Parquet/CSV), figures (PNG) and metadata "
                        f"(default: {out}, made a safe folder name)")
    add_jobs(p)
    p.add_argument("--mode", choices=("fast", "reference"), default="fast",
                   help="fast (default) or reference (one SimPy process per applicant; slow)")
    add_quiet(p)
    p.add_argument("--fixed-inputs", action="store_true",
                   help="run a scenario's uncertain inputs at their values in the file "
                        "(default: every replication draws them: figures with input "
                        "uncertainty)")


def inputs_of(args: argparse.Namespace) -> Inputs:
    """``"fixed"`` with ``--fixed-inputs``, else ``"uncertain"`` (hiringsim.draws)."""
    return "fixed" if getattr(args, "fixed_inputs", False) else "uncertain"


def safe_name(name: str) -> str:
    """``name`` (a label from a file) as one safe folder name.

    ASCII letters, digits, ``-``, ``_`` and ``.`` are kept (accents are dropped first: ``é`` ->
    ``e``), every other character becomes ``_``, leading dots become ``_`` (no hidden folders, no
    ``.`` or ``..``), the result is at most :data:`MAX_NAME` characters and never empty.  So a
    name can never lead out of ``out/``, whatever the file says.

    Examples
    --------
    >>> safe_name("../../../escaped")
    '___.._.._escaped'
    >>> safe_name("/etc/passwd"), safe_name(".."), safe_name("")
    ('_etc_passwd', '__', '_')
    >>> safe_name("baseline-2024_v1.2"), safe_name("Équipe été")
    ('baseline-2024_v1.2', 'Equipe_ete')
    """
    plain = "".join(c for c in unicodedata.normalize("NFKD", str(name))
                    if not unicodedata.combining(c))
    slug = _UNSAFE.sub("_", plain)[:MAX_NAME]
    stripped = slug.lstrip(".")
    slug = "_" * (len(slug) - len(stripped)) + stripped
    return slug or "_"


def out_folder(name: str) -> Path:
    """The default output folder of a command: ``out/<safe_name(name)>``.

    Examples
    --------
    >>> out_folder("../x").as_posix()
    'out/___x'
    """
    return Path("out") / safe_name(name)


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


def check_seed(seed: int | None) -> None:
    """``--seed`` is a valid root seed (checked before any folder is made)."""
    from ..rng import root_entropy

    if seed is not None:
        root_entropy(seed)


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
