"""Sweep throughput on this machine: runs per second serial vs a process pool, task overhead.

    python benchmarks/sweep_bench.py [--runs 60] [--workers 2]

Model: the real one (``hiringsim.replication_kpis`` on the baseline, through ScenarioModel)
when it exists, else a busy loop calibrated to 0.1 s a run; the script says which.  Measures

- the model alone, called directly (seconds per run);
- ``run_sweep`` serial (n_jobs=1) and on a process pool (n_jobs=workers), including pool start-up,
  worker imports, the scenario pre-check and the store writes: runs/s, speed-up and parallel
  efficiency = speed-up / workers;
- CPU seconds per run (parent + workers) serial and pooled: their ratio does not depend on other
  load on the machine, so it gives the efficiency to expect on idle cores;
- task overhead per run with a model that costs nothing: serial engine, a pool with one point
  per task (the worst case), and a pool with the default batching.

Prints a table and writes benchmarks/results/sweep.json.  Not a test: numbers depend on the
machine and its load.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import tempfile
import time
from pathlib import Path

from hiringsim.sweep import Parameter, Sweep, load_sweep, run_sweep

ROOT = Path(__file__).resolve().parents[1]
SWEEP_FILE = ROOT / "scenarios" / "sweeps" / "baseline_uncertainty.toml"


def _free(values, seed, replication):
    """A model that costs nothing: what is left is the engine's overhead."""
    return {"y": float(replication), "z": 1.0}


def _model():
    """(evaluate, sweep template, description): the real model if replication_kpis exists."""
    try:
        from hiringsim.experiment import replication_kpis  # noqa: F401
        from hiringsim.sweep import ScenarioModel

        base_sweep = load_sweep(SWEEP_FILE)
        return (ScenarioModel(base_sweep.base), base_sweep,
                "hiringsim replication_kpis on the baseline (ScenarioModel, fast mode)")
    except ImportError:
        from hiringsim.sweep.toys import BusyModel

        sweep = Sweep(parameters=[Parameter("a", low=0.0, high=1.0)], outcomes=["y"],
                      design="lhs", n=8, seed=1)
        return (BusyModel(0.1), sweep,
                "busy-loop toy calibrated to 0.1 s a run (no replication_kpis)")


def _lhs(template: Sweep, points: int, outcomes=None) -> Sweep:
    return template.replace(design="lhs", n=points, replications=1,
                            outcomes=outcomes or template.outcomes)


def _cpu() -> float:
    """CPU seconds of this process and its reaped children (pool workers, once shut down)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _timed_sweep(sweep: Sweep, evaluate, store: Path, **kw) -> float:
    return _measured_sweep(sweep, evaluate, store, **kw)[0]


def _measured_sweep(sweep: Sweep, evaluate, store: Path, **kw) -> tuple[float, float]:
    """(wall seconds, CPU seconds of parent and workers) of one run_sweep."""
    c0, t0 = _cpu(), time.perf_counter()
    result = run_sweep(sweep, store=store, evaluate=evaluate, progress=False, **kw)
    wall, cpu = time.perf_counter() - t0, _cpu() - c0
    assert result.complete
    return wall, cpu


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=60, help="serial runs (the pool gets 2x)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--free-runs", type=int, default=2000,
                    help="runs of the zero-cost model for overhead")
    args = ap.parse_args(argv)
    evaluate, template, described = _model()
    w = args.workers
    load = os.getloadavg()[0]
    print(f"model: {described}\ncores: {os.cpu_count()}, workers: {w}, load average {load:.2f}")
    if load > 0.5:
        print("warning: the machine is busy; pool figures will understate the speed-up")
    print()

    # the model alone, in this process
    from hiringsim.sweep.design import design_points

    pts = design_points(_lhs(template, 8))
    evaluate(pts[0].values, 1, 0)  # warm caches and imports
    t0 = time.perf_counter()
    for p in pts:
        evaluate(p.values, 1, 0)
    per_run = (time.perf_counter() - t0) / len(pts)

    out: dict = {"model": described, "cores": os.cpu_count(), "workers": w,
                 "python": platform.python_version(), "load_average_start": load,
                 "model_seconds_per_run": per_run}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        serial_runs, pool_runs = args.runs, 2 * args.runs
        t_serial, cpu_serial = _measured_sweep(_lhs(template, serial_runs), evaluate,
                                               tmp / "s.sqlite", n_jobs=1)
        t_pool, cpu_pool = _measured_sweep(_lhs(template, pool_runs), evaluate,
                                           tmp / "p.sqlite", n_jobs=w)
        rate_serial, rate_pool = serial_runs / t_serial, pool_runs / t_pool
        speedup = rate_pool / rate_serial
        # CPU per run does not depend on other load: pool CPU / serial CPU per run is the work
        # parallel execution adds (worker start-up, imports, pickling); w x its inverse is the
        # speed-up to expect on w idle cores
        cpu_eff = (cpu_serial / serial_runs) / (cpu_pool / pool_runs)
        out.update(serial_runs=serial_runs, serial_seconds=t_serial, serial_runs_per_s=rate_serial,
                   pool_runs=pool_runs, pool_seconds=t_pool, pool_runs_per_s=rate_pool,
                   speedup=speedup, parallel_efficiency=speedup / w,
                   serial_cpu_per_run=cpu_serial / serial_runs,
                   pool_cpu_per_run=cpu_pool / pool_runs, cpu_efficiency=cpu_eff,
                   serial_engine_overhead_per_run=t_serial / serial_runs - per_run)

        free = Sweep(parameters=[Parameter("a", low=0.0, high=1.0)], outcomes=["y", "z"],
                     design="lhs", n=args.free_runs, seed=3)
        few = free.replace(n=max(200, args.free_runs // 10))
        overhead = {
            "serial": _timed_sweep(free, _free, tmp / "f1.sqlite", n_jobs=1) / free.n,
            "pool, 1 point per task": _timed_sweep(few, _free, tmp / "f2.sqlite", n_jobs=w,
                                                   batch_size=1) / few.n,
            "pool, default batching": _timed_sweep(free, _free, tmp / "f3.sqlite", n_jobs=w)
            / free.n,
        }
        out["overhead_seconds_per_run"] = overhead

    print(f"{'model alone (in-process)':34s} {per_run * 1e3:9.1f} ms/run")
    print(f"{'serial run_sweep':34s} {rate_serial:9.2f} runs/s  ({serial_runs} runs, "
          f"{t_serial:.1f} s)")
    print(f"{f'process pool ({w} workers)':34s} {rate_pool:9.2f} runs/s  ({pool_runs} runs, "
          f"{t_pool:.1f} s)")
    print(f"{'speed-up':34s} {speedup:9.2f} x")
    print(f"{'parallel efficiency':34s} {speedup / w:9.1%}")
    print(f"{'CPU per run, serial / pool':34s} {cpu_serial / serial_runs * 1e3:9.1f} / "
          f"{cpu_pool / pool_runs * 1e3:.1f} ms")
    print(f"{'CPU efficiency (load-independent)':34s} {cpu_eff:9.1%}  -> expect "
          f"{w * cpu_eff:.2f}x on {w} idle cores")
    print(f"{'serial engine overhead':34s} "
          f"{out['serial_engine_overhead_per_run'] * 1e3:9.2f} ms/run")
    for k, v in overhead.items():
        print(f"{'task overhead, ' + k:34s} {v * 1e3:9.3f} ms/run (zero-cost model)")
    out["load_average_end"] = os.getloadavg()[0]
    dest = ROOT / "benchmarks" / "results" / "sweep.json"
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(json.dumps(out, indent=1))
    print(f"\nwrote {dest}")
    return out


if __name__ == "__main__":
    main()
