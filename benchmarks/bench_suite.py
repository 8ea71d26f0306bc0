"""The test suite on a clean clone (issue #16: "the test suite under 5 minutes on a clean clone").

    python benchmarks/bench_suite.py            # clones HEAD, runs the README's test command
    python benchmarks/bench_suite.py --quick    # runs nothing (the suite takes minutes)

Clones the repository's HEAD (committed files only: no caches, no numba cache, no .pyc) into a
temporary folder, runs the README's test command there (``python -m pytest``, with the options of
pyproject.toml) and removes the clone.  The package is not reinstalled (``pip install -e`` would
point the shared installation at the clone): ``PYTHONPATH=<clone>/src`` makes the clone's code the
one under test, and the test dependencies must already be installed (``pip install -e ".[test]"``).

Rows: the suite's wall-clock seconds (target 300), the CPU seconds of the pytest process and all
its children (independent of other load on the machine: the figure to compare across runs on a
shared machine), and the number of tests that passed.  Not a test: the figures depend on the
machine and its load (``os.getloadavg`` is given in the note).
"""

from __future__ import annotations

import math
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 300.0
#: pytest's output of the last run (its --durations table), printed when run alone
LAST_OUTPUT: list[str] = []


def _clone() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="hiringsim-suite-"))
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(ROOT), str(folder / "repo")],
                   check=True)
    return folder


def _counts(output: str) -> dict[str, int]:
    """``{"passed": n, "failed": m, ...}`` from pytest's last summary line."""
    lines = [ln for ln in output.splitlines() if re.search(r"\d+ (passed|failed|error)", ln)]
    if not lines:
        return {}
    return {word: int(n) for n, word in re.findall(r"(\d+) (\w+)", lines[-1])}


def rows(quick: bool) -> list[dict]:
    if quick:
        return []
    import shutil

    folder = _clone()
    try:
        repo = folder / "repo"
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=repo, check=True,
                                capture_output=True, text=True).stdout.strip()
        env = {**os.environ, "PYTHONPATH": str(repo / "src"), "MPLBACKEND": "Agg"}
        env.pop("HYPOTHESIS_PROFILE", None)
        load = os.getloadavg()[0]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "pytest"], cwd=repo, env=env,
                              capture_output=True, text=True)
        seconds = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        load = max(load, os.getloadavg()[0])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    LAST_OUTPUT[:] = [proc.stdout, proc.stderr]
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    counts = _counts(proc.stdout)
    bad = {k: v for k, v in counts.items() if k in ("failed", "error", "errors")}
    status = f"exit {proc.returncode}" + (f", {bad}" if bad else "")
    note = (f"clean clone of HEAD ({commit}), python -m pytest (pyproject addopts); {status}; "
            f"load average up to {load:.1f} on {os.cpu_count()} cores")
    return [
        {"measure": "The test suite (README's command) on a clean clone, wall clock",
         "value": seconds, "unit": "s", "target": TARGET_SECONDS, "op": "<=", "note": note},
        {"measure": "The test suite on a clean clone, CPU time of pytest and its workers",
         "value": cpu, "unit": "s", "target": None, "op": "", "note": "all cores together"},
        {"measure": "Tests that passed in that run",
         "value": float(counts.get("passed", math.nan)), "unit": "tests", "target": None,
         "op": "", "note": status},
    ]


if __name__ == "__main__":
    found = rows("--quick" in sys.argv[1:])
    if LAST_OUTPUT:
        print("\n".join(LAST_OUTPUT[0].splitlines()[-60:]))
    for row in found:
        print(f"{row['measure']}: {row['value']:.1f} {row['unit']}"
              + (f" (target {row['op']} {row['target']:g})" if row["target"] else "")
              + f"  [{row['note']}]")
