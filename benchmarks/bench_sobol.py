"""The shipped Sobol' sweep: its cost on 2 cores and the precision of its indices (issue #16).

    python benchmarks/bench_sobol.py [--quick]

Target: "the shipped Sobol' sweep at n = 256 in under 3 minutes on 2 cores, or the same decision
quality with fewer runs".  The shipped sweep (scenarios/sweeps/baseline_uncertainty.toml) is
n = 256 base samples x 13 = 3,328 points, one replication each, the ``saltelli`` estimator; the
reference it must match is the same design with two replications averaged per point and the
``saltelli`` estimator (6,656 runs).

Rows (``rows(quick)``, the format of benchmarks/run.py):

- seconds of the shipped sweep on 2 cores.  Quick: CPU seconds of the model on a sample of the
  design's points, times the runs, halved (2 cores), plus the parent's pre-check of every
  point; full: the whole sweep run through ``run_sweep`` on 2 worker processes, reported as
  (CPU seconds of parent and workers) / 2 -- wall-clock seconds are in the note, but on a loaded
  machine only CPU time means anything;
- runs of the shipped sweep (target: fewer than the reference's 6,656);
- the widest total-order interval over all outcomes and inputs (quick: read from the shipped
  sweep's stored results in docs/sweep; full: from the run above);
- full only: the reference's widest interval, and whether the decision matches: for every
  outcome the same inputs are negligible (ST interval reaching down to 0.01) and the inputs
  that are not are ranked in the same order by ST, up to pairs whose reference intervals
  overlap by more than half (a planner cannot order those either).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SWEEP = ROOT / "scenarios" / "sweeps" / "baseline_uncertainty.toml"
DOCS = ROOT / "docs" / "sweep"
#: an input whose ST interval reaches this low is negligible: it may be fixed at its nominal
NEGLIGIBLE = 0.01


def _cpu() -> float:
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def decision(frame) -> tuple[list[str], set[str]]:
    """(inputs that matter, ranked by ST; the negligible ones) of one Sobol' table."""
    negligible = set(frame.loc[frame["ST_low"] <= NEGLIGIBLE, "parameter"])
    ranked = [p for p in frame["parameter"] if p not in negligible]
    return ranked, negligible


def same_decision(got, ref) -> tuple[bool, str]:
    """Whether ``got`` reaches the decision of ``ref`` (see the module docstring)."""
    (rank_g, neg_g), (rank_r, neg_r) = decision(got), decision(ref)
    if neg_g != neg_r:
        return False, f"negligible {sorted(neg_g ^ neg_r)} differ"
    lo = ref.set_index("parameter")["ST_low"]
    hi = ref.set_index("parameter")["ST_high"]
    pos = {p: i for i, p in enumerate(rank_r)}
    for i, p in enumerate(rank_g):
        for q in rank_g[i + 1:]:
            if pos[p] > pos[q]:  # swapped: fine only if the reference cannot tell them apart
                overlap = min(hi[p], hi[q]) - max(lo[p], lo[q])
                narrower = min(hi[p] - lo[p], hi[q] - lo[q])
                if narrower <= 0 or overlap < 0.5 * narrower:
                    return False, f"{p} and {q} swapped"
    return True, ""


def _tables(result) -> dict:
    return {o: result.sobol(o) for o in result.sweep.outcomes}


def _max_width(tables: dict) -> float:
    return max(float(t["ST_width"].max()) for t in tables.values())


def _stored_tables(sweep) -> dict | None:
    """Sobol' tables of the shipped sweep's results in docs/sweep (None: not of this sweep)."""
    import pandas as pd

    from hiringsim.sweep import SweepResult

    design = pd.read_csv(DOCS / "design.csv", index_col="point_id")
    outcomes = pd.read_csv(DOCS / "outcomes.csv")
    if len(design) != sweep.n_points or len(outcomes) != sweep.n_points * sweep.replications:
        return None
    return _tables(SweepResult(sweep, design, outcomes))


def _run(sweep, store: Path) -> tuple[object, float, float]:
    from hiringsim.sweep import run_sweep

    c0, t0 = _cpu(), time.perf_counter()
    result = run_sweep(sweep, store=store, n_jobs=2, progress=False)
    return result, _cpu() - c0, time.perf_counter() - t0


def _check_seconds(sweep, sample: int = 200, repeats: int = 3) -> float:
    """CPU seconds the parent spends checking every design point before the sweep starts
    (``ScenarioModel.check``, as ``run_sweep``'s pre-check calls it): the median over
    ``repeats`` of a sample of points, times the points."""
    from hiringsim.sweep import ScenarioModel
    from hiringsim.sweep.design import design_points

    points = design_points(sweep)
    model = ScenarioModel(sweep.base)
    chosen = points[:: max(1, len(points) // sample)][:sample]
    per = []
    for _ in range(repeats):
        c0 = time.process_time()
        for p in chosen:
            model.check(p.values)
        per.append((time.process_time() - c0) / len(chosen))
    return sweep.n_points * statistics.median(per)


def _estimate(sweep, sample: int = 24) -> tuple[float, float]:
    """(seconds on 2 cores, CPU seconds per run) from a sample of the design's points."""
    from hiringsim.sweep import ScenarioModel
    from hiringsim.sweep.design import design_points

    points = design_points(sweep)
    model = ScenarioModel(sweep.base)
    step = max(1, len(points) // sample)
    chosen = points[::step][:sample]
    checks, runs = [], []
    for p in chosen:
        c0 = time.process_time()
        model.check(p.values)
        checks.append(time.process_time() - c0)
        c0 = time.process_time()
        for r in range(sweep.replications):
            model(p.values, sweep.seed, r)
        runs.append((time.process_time() - c0) / sweep.replications)
    per_run = statistics.median(runs)
    n_runs = sweep.n_points * sweep.replications
    return n_runs * per_run / 2 + sweep.n_points * statistics.median(checks), per_run


def rows(quick: bool) -> list[dict]:
    from hiringsim.sweep import load_sweep

    sweep = load_sweep(SWEEP)
    n_runs = sweep.n_points * sweep.replications
    reference = sweep.replace(replications=2, estimator="saltelli")
    ref_runs = reference.n_points * reference.replications
    out = []
    if quick:
        seconds, per_run = _estimate(sweep)
        out.append({"measure": f"the shipped Sobol' sweep (n = {sweep.n}, {sweep.replications} "
                               f"replication, {sweep.estimator} estimator) on 2 cores",
                    "value": seconds, "unit": "s", "target": 180.0, "op": "<=",
                    "note": f"estimated: {per_run:.3f} CPU s a run x {n_runs:,} runs / 2 cores "
                            "+ the pre-check of every point"})
        tables = _stored_tables(sweep)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            result, cpu, wall = _run(sweep, Path(tmp) / "shipped.sqlite")
            tables = _tables(result)
            out.append({"measure": f"the shipped Sobol' sweep (n = {sweep.n}, "
                                   f"{sweep.replications} replication, {sweep.estimator} "
                                   "estimator) on 2 cores",
                        "value": cpu / 2, "unit": "s", "target": 180.0, "op": "<=",
                        "note": f"CPU seconds / 2; wall {wall:.0f} s"})
            ref, ref_cpu, _ = _run(reference, Path(tmp) / "reference.sqlite")
            ref_tables = _tables(ref)
    check = _check_seconds(sweep)
    out.append({"measure": "CPU seconds the parent spends checking every design point of the "
                           "shipped sweep before it starts",
                "value": check, "unit": "s", "target": None, "op": "",
                "note": f"{1000 * check / sweep.n_points:.2f} ms a point x "
                        f"{sweep.n_points:,} points (before issue #16's schema caching: "
                        "~6.4 ms a point, ~21 s)"})
    out.append({"measure": "runs of the shipped Sobol' sweep", "value": float(n_runs),
                "unit": "runs", "target": float(ref_runs), "op": "<=",
                "note": f"reference: n = {reference.n} x 2 replications = {ref_runs:,} runs"})
    if tables is not None:
        out.append({"measure": "widest total-order (ST) 95% interval of the shipped sweep, any "
                               "outcome and input",
                    "value": _max_width(tables), "unit": "index",
                    "target": None if quick else _max_width(ref_tables),
                    "op": "" if quick else "<=",
                    "note": "quick: from the stored results in docs/sweep" if quick else
                            "target: the n = 256 x 2 replications saltelli reference"})
    if not quick:
        verdicts = {o: same_decision(tables[o], ref_tables[o]) for o in tables}
        bad = {o: why for o, (ok, why) in verdicts.items() if not ok}
        out.append({"measure": "outcomes whose decision (negligible inputs, ranking by ST) "
                               "matches the n = 256 x 2 reference",
                    "value": float(len(tables) - len(bad)), "unit": "outcomes",
                    "target": float(len(tables)), "op": ">=",
                    "note": "; ".join(f"{o}: {why}" for o, why in bad.items()) or "all match"})
        out.append({"measure": "CPU time of the reference / the shipped sweep",
                    "value": ref_cpu / cpu, "unit": "x", "target": None, "op": "",
                    "note": ""})
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    for row in rows(args.quick):
        target = "" if row["target"] is None else f"{row['op']} {row['target']:,.4g}"
        print(f"{row['value']:>12,.4g} {row['unit']:<9} {target:<12} {row['measure']}"
              f"{'  (' + row['note'] + ')' if row['note'] else ''}", file=sys.stdout)


if __name__ == "__main__":
    main()
