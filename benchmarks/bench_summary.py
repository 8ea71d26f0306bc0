"""A replication's summary (``measures.summary.summarize_record``): CPU a baseline replication,
against the summary of an earlier commit, and that both give the same replication to the bit.

    python benchmarks/bench_summary.py [--quick] [--against 4d05d7c]

The earlier summary is that commit's ``src/hiringsim`` (``git archive``) imported as another
package, ``hiringsim_before``, so that both run in this process: each is timed on its own run
records of the baseline (fast mode, seed 1, replications 0-5), the two alternately, CPU
(``time.process_time``), 41 times each (11 with ``--quick``); the rows give the min and the
median.  Before timing, every field of both summaries (KPIs, rows, arrays, windows) is compared
bit for bit.  Without git or that commit, only this tree's summary is timed.
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:  # pragma: no cover - run from a checkout
    sys.path.insert(0, str(ROOT / "src"))

#: the commit before issue #16's second summary pass
BEFORE = "4d05d7c"


def _before(commit: str, where: Path) -> Any | None:
    """That commit's hiringsim as the package ``hiringsim_before`` (None without it)."""
    try:
        blob = subprocess.run(["git", "-C", str(ROOT), "archive", commit, "src/hiringsim"],
                              capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    with tarfile.open(fileobj=BytesIO(blob)) as tar:
        tar.extractall(where, filter="data")
    (where / "src" / "hiringsim").rename(where / "hiringsim_before")
    sys.path.insert(0, str(where))
    return importlib.import_module("hiringsim_before")


def same(a: Any, b: Any, path: str = "") -> None:
    """Assert ``a`` and ``b`` hold the same values to the bit (arrays: type, shape, bytes;
    floats: bits; containers: keys in order)."""
    if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
        assert isinstance(a, np.ndarray) and isinstance(b, np.ndarray), path
        assert (a.dtype, a.shape) == (b.dtype, b.shape), path
        assert np.ascontiguousarray(a).tobytes() == np.ascontiguousarray(b).tobytes(), path
    elif isinstance(a, float) or isinstance(b, float):
        assert type(a) is type(b) and np.float64(a).tobytes() == np.float64(b).tobytes(), path
    elif isinstance(a, dict):
        assert isinstance(b, dict) and list(a) == list(b), path
        for k in a:
            same(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list | tuple):
        assert type(a).__name__ == type(b).__name__ and len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{path}[{i}]")
    elif hasattr(a, "__dataclass_fields__"):
        for f in a.__dataclass_fields__:
            same(getattr(a, f), getattr(b, f), f"{path}.{f}")
    else:
        assert type(a) is type(b) and a == b, path


def rows(quick: bool, against: str = BEFORE) -> list[dict]:
    """The rows of this benchmark (see benchmarks/run.py)."""
    import hiringsim
    from hiringsim.measures.summary import summarize_record

    repeats = 11 if quick else 41
    sc = hiringsim.example("baseline")
    recs = [hiringsim.run_replication(sc, seed=1, replication=r) for r in range(6)]
    with tempfile.TemporaryDirectory() as tmp:
        old = _before(against, Path(tmp))
        if old is not None:
            old_sum = importlib.import_module("hiringsim_before.measures.summary")
            old_sc = old.example("baseline")
            old_recs = [old.run_replication(old_sc, seed=1, replication=r) for r in range(6)]
            for rec, orec in zip(recs, old_recs, strict=True):
                for keep in (True, False):
                    same(summarize_record(rec, keep_series=keep),
                         old_sum.summarize_record(orec, keep_series=keep), "replication")
        times: dict[str, list[float]] = {"now": [], "before": []}
        for i in range(repeats):
            runs = [("now", summarize_record, recs[i % 6])]
            if old is not None:
                runs.append(("before", old_sum.summarize_record, old_recs[i % 6]))
            for name, fn, rec in runs if i % 2 else runs[::-1]:
                c0 = time.process_time()
                fn(rec)
                times[name].append(time.process_time() - c0)
    load = os.getloadavg()[0]
    now = times["now"]
    note = (f"load {load:.1f}; min {min(now) * 1e3:.2f} ms; {repeats} alternated; "
            f"replications equal to the bit")
    out = [{"measure": "summary of a baseline replication (summarize_record, CPU, median)",
            "value": statistics.median(now) * 1e3, "unit": "ms", "target": None, "op": "",
            "note": note}]
    if times["before"]:
        before = times["before"]
        out.append({"measure": f"the same with the summary of {against} (median)",
                    "value": statistics.median(before) * 1e3, "unit": "ms", "target": None,
                    "op": "", "note": f"min {min(before) * 1e3:.2f} ms; ratio "
                                      f"{statistics.median(before) / statistics.median(now):.2f}x"
                                      f" (median), {min(before) / min(now):.2f}x (min)"})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--against", default=BEFORE)
    args = ap.parse_args()
    for row in rows(args.quick, args.against):
        tgt = "" if row["target"] is None else f"{row['op']}{row['target']:g}"
        print(f"{row['measure']:<70}{row['value']:>9.2f} {row['unit']:<3}{tgt:>7}  "
              f"{row['note']}")


if __name__ == "__main__":
    main()
