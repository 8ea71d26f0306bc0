"""Many replications with ``simulate`` on a process pool: seconds, peak memory, overhead.

    python benchmarks/bench_many.py [--quick] [--jobs 2] [--replications 1000]

``hiringsim.simulate(baseline, 1000, executor=ProcessPoolExecutor(2))`` keeping the daily
series (what fan charts need), then again keeping the KPIs only.  Each run is in a fresh Python
process, so that the peak memory reported (``ru_maxrss`` of that process and of its largest
worker) is the run's own.  The overhead ratio compares what the run costs with what the model
alone costs: wall seconds x workers / (the model's CPU seconds per replication x
replications), 1.0 when everything beyond the model is free (the model's CPU is measured in this
process on the same replications, after a warm-up).  ``--quick`` runs 200 replications (the
figures are then scaled to 1,000 in the notes only).  Rows follow benchmarks/run.py's format.

The machine this project is measured on is shared, and its speed changes from hour to hour
(compare the floor model's row of ``benchmarks/run.py`` between runs).  The run keeping the
daily series (the one with a target) is therefore made :data:`RUNS` times, one after the other,
and the row gives the median run, with every run's seconds in the note; its memory row gives
the largest peak of the runs.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_REPS = 1000
#: fresh-process runs of the target case (the median is reported)
RUNS = 3


def many(replications: int, jobs: int, keep: str) -> dict:
    """Run in a fresh process (see :func:`_fresh`): wall, CPU and peak memory of one run."""
    from concurrent.futures import ProcessPoolExecutor

    import hiringsim

    sc = hiringsim.example("baseline")
    c0, t0 = time.process_time(), time.perf_counter()
    with ProcessPoolExecutor(jobs) as ex:
        res = hiringsim.simulate(sc, replications, seed=1, executor=ex, progress=False,
                                 keep=keep)  # type: ignore[arg-type]
    wall = time.perf_counter() - t0
    parent_cpu = time.process_time() - c0
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    kept = sum(a.nbytes for store in res._arrays.values() for a in store.values())
    return {"replications": replications, "jobs": jobs, "keep": keep, "seconds": wall,
            "parent_cpu": parent_cpu, "workers_cpu": child.ru_utime + child.ru_stime,
            "kept_MB": kept / 2**20,
            "peak_rss_parent_MB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "peak_rss_worker_MB": child.ru_maxrss / 1024}


def _fresh(replications: int, jobs: int, keep: str) -> dict:
    code = (f"import json, sys; sys.path.insert(0, {str(ROOT / 'benchmarks')!r}); "
            f"import bench_many; print(json.dumps(bench_many.many({replications}, {jobs}, "
            f"{keep!r})))")
    env = {**os.environ}
    src = str(ROOT / "src")
    env["PYTHONPATH"] = os.pathsep.join([src, env["PYTHONPATH"]]) if env.get(
        "PYTHONPATH") else src
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env=env).stdout
    return json.loads(out.strip().splitlines()[-1])


def model_cpu(repeats: int = 20) -> float:
    """CPU seconds of one baseline replication, the model alone (median, after a warm-up)."""
    import hiringsim

    sc = hiringsim.example("baseline")
    hiringsim.run_replication(sc, seed=1)
    times = []
    for r in range(repeats):
        c0 = time.process_time()
        hiringsim.run_replication(sc, seed=1, replication=r)
        times.append(time.process_time() - c0)
    return statistics.median(times)


def rows(quick: bool, jobs: int = 2, replications: int | None = None) -> list[dict]:
    """The rows of this benchmark (see benchmarks/run.py)."""
    n = replications or (200 if quick else TARGET_REPS)
    runs = sorted((_fresh(n, jobs, "series") for _ in range(1 if quick else RUNS)),
                  key=lambda r: r["seconds"])
    series = runs[len(runs) // 2]
    kpis = _fresh(n, jobs, "kpis")
    model = model_cpu(5 if quick else 20)
    load = os.getloadavg()[0]
    scale = TARGET_REPS / n
    per_rep = series["seconds"] * jobs / n
    note = f"load {load:.1f}; {jobs} worker processes"
    if len(runs) > 1:
        note = (f"median of {len(runs)} runs in fresh processes, one at a time ("
                + ", ".join(f"{r['seconds']:.1f}" for r in runs) + f" s); {note}")
    if scale != 1:
        note += f"; {n} replications (x{scale:g} for {TARGET_REPS:,})"
    top = max(runs, key=lambda r: r["peak_rss_parent_MB"] + r["peak_rss_worker_MB"])
    peak = top["peak_rss_parent_MB"] + top["peak_rss_worker_MB"]
    return [
        {"measure": f"{n:,} baseline replications with simulate, daily series kept (wall)",
         "value": series["seconds"], "unit": "s", "target": 20.0 * n / TARGET_REPS, "op": "<=",
         "note": f"{note}; parent CPU {series['parent_cpu']:.1f} s, workers CPU "
                 f"{series['workers_cpu']:.1f} s"},
        {"measure": "peak memory of that run, parent + one worker", "value": peak,
         "unit": "MB", "target": 1024.0 if scale == 1 else None, "op": "<=" if scale == 1 else "",
         "note": f"the largest of the runs: parent {top['peak_rss_parent_MB']:.0f} MB, worker "
                 f"{top['peak_rss_worker_MB']:.0f} MB; arrays kept "
                 f"{top['kept_MB']:.0f} MB"},
        {"measure": f"{n:,} replications, KPIs only (wall)", "value": kpis["seconds"],
         "unit": "s", "target": None, "op": "",
         "note": f"peak parent {kpis['peak_rss_parent_MB']:.0f} MB; workers CPU "
                 f"{kpis['workers_cpu']:.1f} s"},
        {"measure": "simulate's cost over the model's: wall x workers / (model CPU x "
                    "replications)", "value": per_rep / model, "unit": "x", "target": None,
         "op": "", "note": f"model {model:.3f} s CPU a replication; simulate {per_rep:.3f} s "
                           f"(wall x workers) a replication; by CPU: (parent + workers) / model "
                           f"= {(series['parent_cpu'] + series['workers_cpu']) / n / model:.2f}"},
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--replications", type=int, default=None)
    args = ap.parse_args()
    for row in rows(args.quick, args.jobs, args.replications):
        tgt = "" if row["target"] is None else f"{row['op']}{row['target']:g}"
        print(f"{row['measure']:<92}{row['value']:>9.2f} {row['unit']:<3}{tgt:>7}  "
              f"{row['note']}")


if __name__ == "__main__":
    main()
