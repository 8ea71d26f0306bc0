"""``hiringsim compare A B ...``: strategies with common random numbers, paired differences."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from ._common import (
    add_common,
    check_reps,
    executor,
    out_folder,
    processes,
    progress,
    pyplot,
    save_figure,
)

__all__ = ["add_parser", "main"]

#: KPIs whose paired differences the command prints
DIFFERENCES = ["target_by_deadline", "growth_at_deadline", "cost_hiring"]


def add_parser(sub) -> None:
    p = sub.add_parser("compare", help="compare strategies with common random numbers",
                       description="Run each scenario with the same seed (common random "
                       "numbers) and report each KPI with paired differences against the first.")
    p.add_argument("scenarios", type=Path, nargs="+", help="two or more scenario files")
    p.add_argument("--baseline", default=None,
                   help="strategy the differences are taken against (default: the first)")
    add_common(p, reps=200)
    p.add_argument("--report", action="store_true",
                   help="also write report.html (one self-contained file to hand on)")


def main(args: argparse.Namespace) -> int:
    import pandas as pd

    from ..experiment import compare
    from ..export import comparison_table as comparison_frame
    from ..export import report as html_report
    from ..export import workbook
    from ..report import comparison_table, differences_text
    from ..scenario import load_scenario

    check_reps(args.replications)
    if len(args.scenarios) < 2:
        raise ValueError("compare needs at least two scenario files")
    scenarios = {}
    for path in args.scenarios:
        sc = load_scenario(path)
        label = sc.name if sc.name not in scenarios else f"{sc.name} ({path.stem})"
        scenarios[label] = sc
    out = args.out or out_folder("compare")
    out.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    with executor(args.jobs) as ex:
        cmp = compare(scenarios, args.replications, seed=args.seed, executor=ex,
                      mode=args.mode, progress=progress(args))
        used = processes(ex)
    elapsed = time.perf_counter() - t0
    table = comparison_table(cmp)
    with pd.option_context("display.width", 200, "display.max_columns", 20,
                           "display.max_colwidth", 40):
        print(f"{args.replications} replications per strategy, seed {args.seed} (common "
              f"random numbers), {args.mode} mode")
        print(table.to_string())
        print()
        print(differences_text(cmp, args.baseline, kpis=DIFFERENCES))
    comparison_frame(cmp).frame.to_csv(out / "comparison.csv", index=False)
    cmp.summary().to_csv(out / "summary.csv", index=False)
    cmp.differences(args.baseline).to_csv(out / "differences.csv", index=False)
    cmp.kpis.to_parquet(out / "kpis.parquet", index=False)
    (out / "meta.json").write_text(json.dumps({
        "seed": args.seed, "replications": args.replications, "mode": args.mode,
        "strategies": {k: str(v.source) for k, v in scenarios.items()},
        "hiringsim_version": next(iter(cmp.results.values())).meta["hiringsim_version"]},
        indent=1))
    workbook(cmp, out / "workbook.xlsx")
    figures(cmp, out)
    written = "comparison.csv, summary.csv, differences.csv, kpis.parquet, workbook.xlsx, " \
              "strategies.png, time_to_target.png, costs.png"
    if args.report:
        html_report(cmp, out / "report.html")
        written += ", report.html"
    print(f"Wrote {out}/: {written} ({elapsed:.1f} s, {used})")
    return 0


def figures(cmp, out: Path) -> None:
    """``strategies.png``, ``time_to_target.png`` and ``costs.png``."""
    plt = pyplot()

    from ..plots import plot_costs, plot_strategies, plot_time_to_target

    for name, fn, size in (("strategies.png", plot_strategies, (10, 5.5)),
                           ("time_to_target.png", plot_time_to_target, (10, 5)),
                           ("costs.png", plot_costs, (10, 5))):
        fig, ax = plt.subplots(figsize=size, layout="constrained")
        fn(cmp, ax=ax)
        save_figure(fig, out / name)
