"""The what-if explorer: a lever change with 20 replications redrawn, on a warm pool of 2.

    python benchmarks/bench_explorer.py [--quick]

What the app does when a planner moves a lever and presses Run, without the browser: the
session's :class:`hiringsim.app.explorer.Explorer` (a warm process pool kept for the session,
the unchanged plan cached) runs the moved plan, builds the answer table, the
:class:`~hiringsim.app.chart.FanChart` updates its figure and the figure is rendered to PNG as
the page shows it (:meth:`~hiringsim.app.chart.FanChart.png`).  One warm-up press first
(starts the pool, runs and caches the unchanged plan), then each timed press moves the seats
lever to a new value (never cached); the presses alternate between two tasks of replications
per worker (the app's setting) and one.  Beside each press, the PNG as the Matplotlib pane drew
it before (``print_figure`` of a fresh figure of the same run, laid out each time), and a pool
task splits the workers' CPU into the model, the summaries and pickling.

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


def _worker_parts(plan: Any, reps: list[int]) -> tuple[float, float, float]:
    """Pool task: CPU seconds of the model, of the summary and of pickling the summaries, for
    replications ``reps`` of ``plan`` (measured in a worker while the other works too)."""
    import pickle

    from hiringsim.measures.summary import summarize_record
    from hiringsim.replication import run_replication

    model = summary = 0.0
    out = []
    for r in reps:
        c0 = time.process_time()
        rec = run_replication(plan, seed=SEED, replication=r)
        c1 = time.process_time()
        out.append(summarize_record(rec, keep_series=True))
        model, summary = model + c1 - c0, summary + time.process_time() - c1
    c0 = time.process_time()
    pickle.dumps(out)
    return model, summary, time.process_time() - c0


def _session(repeats: int) -> dict[str, Any]:
    """Warm presses, each timed as the app runs them now (the session's FanChart PNG) and, on
    the same figure, the PNG as the Matplotlib pane rendered it before; the presses alternate
    between 2 and 1 tasks per worker."""
    import hiringsim as hs
    from hiringsim.app import levers, whatif
    from hiringsim.app.chart import FanChart
    from hiringsim.app.explorer import Explorer

    sc = hs.example("baseline")
    start = levers.current(sc)["seats"]
    out: dict[str, Any] = {k: [] for k in ("wall", "parent", "workers", "run", "chart", "png",
                                           "old_png", "old_png_cpu", "png_cpu", "wall_1",
                                           "workers_1", "parent_1", "parts")}
    with Explorer(jobs=JOBS) as ex:
        chart = FanChart()
        ex.warm()
        chart.draw(ex.run(sc, {"seats": start + 1}, replications=REPLICATIONS, seed=SEED))
        chart.png()
        pids = [p.pid for p in ex._pool._processes.values()]  # type: ignore[union-attr]
        for i in range(2 * repeats):
            one = i % 2 == 1  # odd presses: one task per worker (2 tasks of 10)
            ex.batches_per_worker = 1 if one else 2
            values = {"seats": start + 2 + i}
            c0, w0, t0 = time.process_time(), _cpu(pids), time.perf_counter()
            outcome = ex.run(sc, values, replications=REPLICATIONS, seed=SEED)
            t1 = time.perf_counter()
            chart.draw(outcome)
            t2, c2 = time.perf_counter(), time.process_time()
            chart.png()
            t_new, c_new, w3 = time.perf_counter(), time.process_time(), _cpu(pids)
            if one:
                out["wall_1"].append(t_new - t0)
                out["workers_1"].append(w3 - w0)
                out["parent_1"].append(c_new - c0)
                continue
            # before: the Matplotlib pane's print_figure of the same chart (laid out by its
            # constrained layout on every render, as the pane's figure was)
            fresh = whatif.figure(outcome)
            t3, c3 = time.perf_counter(), time.process_time()
            _png(fresh)
            t4, c4 = time.perf_counter(), time.process_time()
            out["wall"].append(t_new - t0)
            out["parent"].append(c_new - c0)
            out["workers"].append(w3 - w0)
            out["run"].append(t1 - t0)
            out["chart"].append(t2 - t1)
            out["png"].append(t_new - t2)
            out["old_png"].append(t4 - t3)
            out["old_png_cpu"].append(c4 - c3)
            out["png_cpu"].append(c_new - c2)
        assert ex.pools_started == 1 and chart.built == 1
        plan = levers.apply(sc, {"seats": start + 2})
        half = REPLICATIONS // 2
        for _ in range(repeats):
            futs = [ex.executor.submit(_worker_parts, plan,  # type: ignore[union-attr]
                                       list(range(k * half, (k + 1) * half))) for k in (0, 1)]
            parts = [f.result() for f in futs]
            out["parts"].append(tuple(sum(p[j] for p in parts) for j in range(3)))
    res = {k: statistics.median(v) for k, v in out.items() if k != "parts"}
    res["parts"] = tuple(statistics.median(p[j] for p in out["parts"]) for j in range(3))
    res["walls"] = out["wall"]
    return res


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
    old_wall = s["run"] + s["chart"] + s["old_png"]
    m, summ, pick = s["parts"]
    out = [
        {"measure": f"explorer: a lever change redrawn, {REPLICATIONS} replications, warm pool "
                    f"of {JOBS} (wall)", "value": s["wall"], "unit": "s", "target": 1.0,
         "op": "<=", "note": f"{note}; with the PNG as the Matplotlib pane drew it: "
                             f"{old_wall:.2f} s"},
        {"measure": "explorer redraw: CPU of the workers (the moved plan's replications)",
         "value": s["workers"], "unit": "s", "target": None, "op": "",
         "note": f"the model alone: {model:.2f} s CPU for {REPLICATIONS} replications; in the "
                 f"workers: model {m:.2f} s, summaries {summ:.2f} s, pickling {pick:.3f} s"},
        {"measure": "explorer redraw: CPU of the app's process (results, table, chart, PNG)",
         "value": s["parent"], "unit": "s", "target": None, "op": "",
         "note": f"wall: run {s['run']:.2f} s, chart update {s['chart']:.3f} s, "
                 f"PNG {s['png']:.3f} s, CPU {s['png_cpu']:.3f} s (the pane's print_figure: "
                 f"{s['old_png']:.3f} s, CPU {s['old_png_cpu']:.3f} s)"},
        {"measure": "explorer redraw with one task of 10 replications per worker (not two of 5)",
         "value": s["wall_1"], "unit": "s", "target": None, "op": "",
         "note": f"workers' CPU {s['workers_1']:.2f} s, app's CPU {s['parent_1']:.3f} s "
                 "(presses alternate with the row above)"},
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
