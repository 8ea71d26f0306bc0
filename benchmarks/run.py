"""The speed benchmarks of issue #16, one table: each target, the figure and the ratio.

    python benchmarks/run.py            # everything (several minutes on 2 cores)
    python benchmarks/run.py --quick    # fewer repeats and replications

Each ``benchmarks/bench_<name>.py`` gives ``rows(quick)``: dicts of ``measure``, ``value``,
``unit``, ``target`` (None: no target), ``op`` (``<=``, ``>=`` or empty) and ``note``.  This
runner calls them in turn, prints one table, and writes ``benchmarks/results/run.json`` and
``benchmarks/results/speed.md`` (the markdown table the README includes verbatim).  A module not
built yet is skipped with a line saying so.
"""

from __future__ import annotations

import argparse
import importlib
import json
import math
import os
import platform
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
MODULES = ("bench_replication", "bench_screening", "bench_queue", "bench_summary",
           "bench_fast_paths", "bench_many",
           "bench_explorer",
           "bench_solve", "bench_sobol", "bench_suite")


def _ratio(row: dict) -> float:
    t = row.get("target")
    return row["value"] / t if t else math.nan


def _ok(row: dict) -> str:
    t, op, v = row.get("target"), row.get("op", ""), row["value"]
    if t is None or not op:
        return ""
    return "yes" if (v <= t if op == "<=" else v >= t) else "NO"


def _fmt(x: float) -> str:
    return "" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.3g}"


def markdown(table: list[dict], machine: dict) -> str:
    lines = [f"Measured on {machine['cpu']}, {machine['cores']} cores, Python "
             f"{machine['python']}, hiringsim {machine['hiringsim']} (`python benchmarks/run.py"
             f"{' --quick' if machine['quick'] else ''}`).", "",
             "| measure | value | unit | target | ratio | ok | note |",
             "|---|---:|---|---:|---:|---|---|"]
    for r in table:
        tgt = "" if r["target"] is None else f"{r['op']} {r['target']:g}"
        lines.append(f"| {r['measure']} | {_fmt(r['value'])} | {r['unit']} | {tgt} | "
                     f"{_fmt(r['ratio'])} | {r['ok']} | {r.get('note', '')} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args()
    sys.path[:0] = [str(HERE), str(ROOT / "src")]
    import hiringsim

    machine = {"python": platform.python_version(), "cpu": platform.processor()
               or platform.machine(), "cores": os.cpu_count(), "platform": platform.platform(),
               "hiringsim": hiringsim.__version__, "quick": args.quick}
    table: list[dict] = []
    for name in MODULES:
        try:
            mod = importlib.import_module(name)
        except ModuleNotFoundError as e:
            if e.name != name:
                raise
            print(f"{name}: not built")
            continue
        for row in mod.rows(args.quick):
            table.append({**row, "module": name, "ratio": _ratio(row), "ok": _ok(row)})
    print(f"hiringsim {machine['hiringsim']} on {machine['cpu']}, {machine['cores']} cores, "
          f"Python {machine['python']}, load {os.getloadavg()[0]:.1f}")
    print(f"{'measure':<62}{'value':>10} {'unit':<5}{'target':>9}{'ratio':>8}  ok")
    for r in table:
        tgt = "" if r["target"] is None else f"{r['op']}{r['target']:g}"
        print(f"{r['measure']:<62}{r['value']:>10.3f} {r['unit']:<5}{tgt:>9}"
              f"{_fmt(r['ratio']):>8}  {r['ok']}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "run.json").write_text(json.dumps({"machine": machine, "table": table},
                                                 indent=1))
    (RESULTS / "speed.md").write_text(markdown(table, machine))
    print(f"wrote {(RESULTS / 'run.json').relative_to(ROOT)} and "
          f"{(RESULTS / 'speed.md').relative_to(ROOT)}")


if __name__ == "__main__":
    main()
