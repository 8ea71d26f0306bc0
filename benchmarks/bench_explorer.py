"""The what-if explorer: a lever change with 20 replications redrawn, on a warm pool of 2.

    python benchmarks/bench_explorer.py [--quick]

What the app does when a planner moves a lever and presses Run, without the browser: the
session's :class:`hiringsim.app.explorer.Explorer` (a warm process pool kept for the session,
the unchanged plan cached) runs the moved plan, builds the answer table, the
:class:`~hiringsim.app.chart.FanChart` updates its figure and the figure is rendered to PNG as
the app's chart pane renders it.  One warm-up press first (starts the pool, runs and caches the
unchanged plan), then each timed press moves the seats lever to a new value (never cached).

Reports wall seconds (median), CPU seconds of this process and of the workers (read from
/proc, as the workers live on), and the model's own CPU for comparison.  Without ``--quick``
it also times the redraw as the app did it before (both plans run in the app's process, a new
figure, a tight PNG).  Rows follow benchmarks/run.py's format.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import time
from typing import Any

REPLICATIONS = 20
JOBS = 2
SEED = 2017


def _cpu(pids: list[int]) -> float:
    """User + system CPU seconds of live processes ``pids``."""
    import psutil

    total = 0.0
    for pid in pids:
        try:
            t = psutil.Process(pid).cpu_times()
            total += t.user + t.system
        except psutil.NoSuchProcess:  # pragma: no cover
            pass
    return total


def _png(fig: Any, *, tight: bool = False) -> int:
    b = io.BytesIO()
    fig.canvas.print_figure(b, format="png", dpi=96, facecolor=fig.get_facecolor(),
                            edgecolor=fig.get_edgecolor(),
                            bbox_inches="tight" if tight else None)
    return len(b.getvalue())


def _session(repeats: int) -> dict[str, Any]:
    import hiringsim as hs
    from hiringsim.app import levers
    from hiringsim.app.chart import FanChart
    from hiringsim.app.explorer import Explorer

    sc = hs.example("baseline")
    start = levers.current(sc)["seats"]
    walls, parent, workers, phases = [], [], [], []
    with Explorer(jobs=JOBS) as ex:
        chart = FanChart()
        ex.warm()
        _png(chart.draw(ex.run(sc, {"seats": start + 1}, replications=REPLICATIONS,
                               seed=SEED)))
        pids = [p.pid for p in ex._pool._processes.values()]  # type: ignore[union-attr]
        for i in range(repeats):
            values = {"seats": start + 2 + i}
            c0, w0, t0 = time.process_time(), _cpu(pids), time.perf_counter()
            outcome = ex.run(sc, values, replications=REPLICATIONS, seed=SEED)
            t1 = time.perf_counter()
            fig = chart.draw(outcome)
            t2 = time.perf_counter()
            _png(fig)
            t3 = time.perf_counter()
            walls.append(t3 - t0)
            parent.append(time.process_time() - c0)
            workers.append(_cpu(pids) - w0)
            phases.append((t1 - t0, t2 - t1, t3 - t2))
        assert ex.pools_started == 1 and chart.built == 1
    return {"wall": statistics.median(walls), "parent_cpu": statistics.median(parent),
            "worker_cpu": statistics.median(workers),
            "run": statistics.median(p[0] for p in phases),
            "chart": statistics.median(p[1] for p in phases),
            "png": statistics.median(p[2] for p in phases), "walls": walls}


def _model_cpu(repeats: int) -> float:
    """CPU seconds of the model alone for REPLICATIONS replications of the moved plan."""
    import hiringsim as hs
    from hiringsim.app import levers

    sc = hs.example("baseline")
    plan = levers.apply(sc, {"seats": levers.current(sc)["seats"] + 2})
    hs.run_replication(plan, seed=SEED)
    per = []
    for _ in range(repeats):
        c0 = time.process_time()
        for r in range(REPLICATIONS):
            hs.run_replication(plan, seed=SEED, replication=r)
        per.append(time.process_time() - c0)
    return statistics.median(per)


def _before(repeats: int) -> dict[str, float]:
    """The redraw as the app did it before the session: both plans in this process (compare),
    the answer table, a new figure, a tight PNG."""
    import hiringsim as hs
    from hiringsim.app import levers, whatif

    sc = hs.example("baseline")
    start = levers.current(sc)["seats"]
    walls, cpus = [], []
    for i in range(repeats):
        c0, t0 = time.process_time(), time.perf_counter()
        plan = levers.apply(sc, {"seats": start + 2 + i}, name="changed")
        cmp = hs.compare({whatif.UNCHANGED: sc, whatif.CHANGED: plan}, REPLICATIONS, seed=SEED,
                         progress=False)
        out = whatif.Outcome(cmp, {}, whatif.answer_table(cmp))
        _png(whatif.figure(out), tight=True)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return {"wall": statistics.median(walls), "cpu": statistics.median(cpus)}


def rows(quick: bool) -> list[dict]:
    """The explorer's rows (see benchmarks/run.py)."""
    repeats = 3 if quick else 7
    s = _session(repeats)
    model = _model_cpu(1 if quick else 3)
    load = os.getloadavg()[0]
    note = f"load {load:.1f}; median of {repeats} after one warm-up press"
    out = [
        {"measure": f"explorer: a lever change redrawn, {REPLICATIONS} replications, warm pool "
                    f"of {JOBS} (wall)", "value": s["wall"], "unit": "s", "target": 1.0,
         "op": "<=", "note": note},
        {"measure": "explorer redraw: CPU of the workers (the moved plan's replications)",
         "value": s["worker_cpu"], "unit": "s", "target": None, "op": "",
         "note": f"the model alone: {model:.2f} s CPU for {REPLICATIONS} replications"},
        {"measure": "explorer redraw: CPU of the app's process (results, table, chart, PNG)",
         "value": s["parent_cpu"], "unit": "s", "target": None, "op": "",
         "note": f"wall: run {s['run']:.2f} s, chart update {s['chart']:.3f} s, "
                 f"PNG {s['png']:.2f} s"},
        {"measure": "explorer redraw: the model's CPU for 20 replications / cores (the floor "
                    "of the wall)", "value": model / JOBS, "unit": "s", "target": None,
         "op": "", "note": "what the redraw cannot beat until the model is faster"},
    ]
    if not quick:
        b = _before(3)
        out.append({"measure": "explorer redraw as before (both plans in the app's process, new "
                               "figure, tight PNG)", "value": b["wall"], "unit": "s",
                    "target": None, "op": "",
                    "note": f"CPU {b['cpu']:.2f} s; {b['wall'] / s['wall']:.1f}x the warm "
                            f"session's wall"})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    for row in rows(args.quick):
        tgt = "" if row["target"] is None else f"{row['op']}{row['target']:g}"
        print(f"{row['measure']:<95}{row['value']:>9.3f} {row['unit']:<3}{tgt:>7}  "
              f"{row['note']}")


if __name__ == "__main__":
    main()
