"""Speed and memory benchmarks for the bundled baseline (issue: "a replication in a tenth of a
second").  Prints, for each target, the measured figure, the target and the ratio, and writes
them to benchmarks/results/run.json.

    python benchmarks/run.py            # everything (~3-5 minutes on 2 cores)
    python benchmarks/run.py --quick    # fewer repeats, no reference run, 200 replications
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.toml"
OUT = ROOT / "benchmarks" / "results" / "run.json"


def _cpu_time(fn, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return times


def bench_import(repeats: int) -> float:
    code = ("import time; t=time.perf_counter(); import hiringsim; "
            "print(time.perf_counter()-t)")
    vals = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout) for _ in range(repeats)]
    return statistics.median(vals)


def bench_modes(sc, repeats: int, reference: bool) -> dict:
    import hiringsim

    hiringsim.run_replication(sc, seed=1)  # warm caches (pmfs)
    fast = _cpu_time(lambda: hiringsim.run_replication(sc, seed=1, replication=3), repeats)
    out = {"fast_s": statistics.median(fast), "fast_runs": fast}
    if reference:
        ref = _cpu_time(lambda: hiringsim.run_replication(sc, seed=1, replication=3,
                                                          mode="reference"), 1)
        out["reference_s"] = ref[0]
        out["speedup"] = ref[0] / out["fast_s"]
    return out


def bench_scaling(sc, repeats: int) -> list[dict]:
    import hiringsim

    rows = []
    base = None
    for factor in (1, 2, 10):
        values = {}
        for role in sc.roles:
            for i, period in enumerate(role.recruiting):
                values[f"roles.{role.name}.recruiting.{i}.per_week"] = period.per_week * factor
        scaled = sc.with_values(values)
        t = statistics.median(_cpu_time(lambda s=scaled: hiringsim.run_replication(s, seed=1),
                                        repeats))
        base = base or t
        rows.append({"applications_x": factor, "seconds": t, "time_ratio": t / base,
                     "target_ratio": factor})
    return rows


def bench_many(sc, replications: int, jobs: int) -> dict:
    """Run in a fresh process (see ``main``), so that its peak memory is its own."""
    import hiringsim

    t0 = time.perf_counter()
    with ProcessPoolExecutor(jobs) as ex:
        res = hiringsim.simulate(sc, replications, seed=1, executor=ex, progress=False)
    elapsed = time.perf_counter() - t0
    series_mb = sum(a.nbytes for a in res._series.values()) / 2**20
    self_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    child_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    with ProcessPoolExecutor(jobs) as ex:
        hiringsim.simulate(sc, replications, seed=1, executor=ex, progress=False, keep="kpis")
    kpis_only = time.perf_counter() - t0
    return {"replications": replications, "jobs": jobs, "seconds": elapsed,
            "kpis_only_seconds": kpis_only, "series_MB": series_mb,
            "peak_rss_parent_MB": self_kb / 1024, "peak_rss_worker_MB": child_kb / 1024}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = ap.parse_args()
    import hiringsim

    sc = hiringsim.load_scenario(BASELINE)
    repeats = 3 if args.quick else 9
    reps = 200 if args.quick else 1000
    machine = {"python": platform.python_version(), "cpu": platform.processor() or
               platform.machine(), "cores": os.cpu_count(), "platform": platform.platform()}
    results: dict = {"machine": machine, "hiringsim": hiringsim.__version__}

    results["import_s"] = bench_import(5)
    results["modes"] = bench_modes(sc, repeats, reference=not args.quick)
    results["scaling"] = bench_scaling(sc, max(3, repeats // 3))
    # a fresh process: ru_maxrss is a lifetime peak, and the reference run above is large
    code = (f"import json, sys; sys.path.insert(0, {str(ROOT / 'benchmarks')!r}); import run, "
            f"hiringsim; sc = hiringsim.load_scenario({str(BASELINE)!r}); "
            f"print(json.dumps(run.bench_many(sc, {reps}, {args.jobs})))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    results["many"] = json.loads(out.strip().splitlines()[-1])

    m = results["modes"]
    many = results["many"]
    rows = [
        ("import hiringsim (s)", results["import_s"], 0.2, "<="),
        ("fast replication, baseline (s, median)", m["fast_s"], 0.1, "<="),
        ("fast replication, hard limit (s)", m["fast_s"], 0.5, "<="),
    ]
    if "reference_s" in m:
        rows.append(("reference replication (s)", m["reference_s"], None, ""))
        rows.append(("speed-up fast vs reference (x)", m["speedup"], 100, ">="))
    for r in results["scaling"][1:]:
        rows.append((f"time at {r['applications_x']}x applications (ratio to 1x)",
                     r["time_ratio"], r["target_ratio"], "<="))
    rows.append((f"{many['replications']} replications with simulate, {many['jobs']} "
                 f"processes (s)", many["seconds"], 120 * many["replications"] / 1000, "<="))
    rows.append(("peak memory, parent + one worker (MB)",
                 many["peak_rss_parent_MB"] + many["peak_rss_worker_MB"], 1024, "<="))
    rows.append(("daily series kept for fan charts (MB)", many["series_MB"], None, ""))
    rows.append((f"{many['replications']} replications, KPIs only (s)",
                 many["kpis_only_seconds"], None, ""))
    table = []
    print(f"hiringsim {hiringsim.__version__} on {machine['cpu']}, {machine['cores']} cores, "
          f"Python {machine['python']}")
    print(f"{'measure':<58}{'value':>10}{'target':>10}{'ratio':>8}  ok")
    for name, value, target, op in rows:
        ratio = value / target if target else float("nan")
        ok = "" if target is None else ("yes" if (value <= target if op == "<=" else
                                                  value >= target) else "NO")
        tgt = "" if target is None else f"{op}{target:g}"
        print(f"{name:<58}{value:>10.3f}{tgt:>10}{ratio:>8.2f}  {ok}")
        table.append({"measure": name, "value": value, "target": target, "op": op,
                      "ratio": ratio, "ok": ok})
    results["table"] = table
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=1))
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
