"""Many baseline replications with ``hiringsim.simulate``: time and memory.

    python benchmarks/bench_many.py [--quick]

Runs in a fresh interpreter (``ru_maxrss`` is a lifetime peak, so earlier benchmarks must not
count): 1,000 replications (200 with ``--quick``; the time target scales with the count) on a
process pool of ``os.cpu_count()`` workers, keeping everything, then again keeping KPIs only.
Times are wall-clock seconds (the target is an elapsed time on 2 cores; on a busy machine they
run long); memory is the peak resident size of the parent plus one worker.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.toml"


def _cpu() -> float:
    """CPU seconds of this process and its finished workers."""
    me, kids = (resource.getrusage(who) for who in (resource.RUSAGE_SELF,
                                                     resource.RUSAGE_CHILDREN))
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def measure(replications: int, jobs: int) -> dict:
    """Run in a fresh process (see :func:`rows`), so that its peak memory is its own."""
    import hiringsim

    sc = hiringsim.load_scenario(BASELINE)
    cpu0 = _cpu()
    t0 = time.perf_counter()
    with ProcessPoolExecutor(jobs) as ex:
        res = hiringsim.simulate(sc, replications, seed=1, executor=ex, progress=False)
    elapsed = time.perf_counter() - t0
    cpu = _cpu() - cpu0
    series_mb = sum(a.nbytes for a in res._series.values()) / 2**20
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    with ProcessPoolExecutor(jobs) as ex:
        hiringsim.simulate(sc, replications, seed=1, executor=ex, progress=False, keep="kpis")
    kpis_only = time.perf_counter() - t0
    return {"replications": replications, "jobs": jobs, "seconds": elapsed, "cpu_seconds": cpu,
            "kpis_only_seconds": kpis_only, "series_MB": series_mb,
            "peak_rss_parent_MB": self_kb / 1024, "peak_rss_worker_MB": child_kb / 1024}


def rows(quick: bool) -> list[dict]:
    reps = 200 if quick else 1000
    jobs = os.cpu_count() or 1
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run([sys.executable, __file__, "--measure", str(reps), str(jobs)],
                         capture_output=True, text=True, check=True, env=env).stdout
    m = json.loads(out.strip().splitlines()[-1])
    load = f"load {os.getloadavg()[0]:.1f}"
    return [
        {"measure": f"{reps:,} replications with simulate on {jobs} processes (s)",
         "value": m["seconds"], "unit": "s", "target": 20.0 * reps / 1000, "op": "<=",
         "note": f"wall-clock, {load}; {m['cpu_seconds']:.1f} CPU s in all"},
        {"measure": "peak memory, parent + one worker (MB)",
         "value": m["peak_rss_parent_MB"] + m["peak_rss_worker_MB"], "unit": "MB",
         "target": 1024.0, "op": "<=", "note": ""},
        {"measure": "daily series kept for fan charts (MB)", "value": m["series_MB"],
         "unit": "MB", "target": None, "op": "", "note": ""},
        {"measure": f"{reps:,} replications, KPIs only (s)", "value": m["kpis_only_seconds"],
         "unit": "s", "target": None, "op": "", "note": "wall-clock"},
    ]


if __name__ == "__main__":  # pragma: no cover
    if "--measure" in sys.argv:
        i = sys.argv.index("--measure")
        print(json.dumps(measure(int(sys.argv[i + 1]), int(sys.argv[i + 2]))))
    else:
        for row in rows("--quick" in sys.argv):
            print(row)
