"""``hiringsim compare A B ...``: strategies with common random numbers, paired differences."""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from ._common import (
    add_common,
    check_jobs,
    check_out,
    check_reps,
    check_seed,
    executor,
    inputs_of,
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
    add_common(p, reps=200, out="out/compare")
    p.add_argument("--report", action="store_true",
                   help="also write report.html (one self-contained file to hand on)")


def main(args: argparse.Namespace) -> int:
    import pandas as pd

    from ..experiment import compare
    from ..export import comparison_table as comparison_frame
    from ..export import report as html_report
    from ..export import workbook
    from ..report import comparison_table, differences_text, inputs_text
    from ..scenario import load_scenario

    # every argument is checked before any simulation runs
    check_reps(args.replications)
    check_jobs(args.jobs)
    if len(args.scenarios) < 2:
        raise ValueError("compare needs at least two scenario files")
    scenarios = {}
    paths = {}
    for path in args.scenarios:
        sc = load_scenario(path)
        label = sc.name if sc.name not in scenarios else f"{sc.name} ({path.stem})"
        scenarios[label] = sc
        paths[label] = path
    baseline = baseline_label(args.baseline, paths)
    check_seed(args.seed)
    out = check_out(args.out or out_folder("compare"))
    t0 = time.perf_counter()
    with executor(args.jobs) as ex:
        cmp = compare(scenarios, args.replications, seed=args.seed, executor=ex,
                      mode=args.mode, progress=progress(args), inputs=inputs_of(args))
        used = processes(ex)
    elapsed = time.perf_counter() - t0
    table = comparison_table(cmp)
    with pd.option_context("display.width", 200, "display.max_columns", 20,
                           "display.max_colwidth", 40):
        print(f"{args.replications} replications per strategy, seed {args.seed} (common "
              f"random numbers), {args.mode} mode" + inputs_line(cmp))
        print(table.to_string())
        print()
        print(differences_text(cmp, baseline, kpis=DIFFERENCES))
        print()
        print(inputs_text(cmp))
    comparison_frame(cmp).to_csv(out / "comparison.csv")
    cmp.summary().to_csv(out / "summary.csv", index=False)
    cmp.differences(baseline).to_csv(out / "differences.csv", index=False)
    cmp.kpis.to_parquet(out / "kpis.parquet", index=False)
    (out / "meta.json").write_text(json.dumps({
        "seed": args.seed, "replications": args.replications, "mode": args.mode,
        "inputs": inputs_of(args),
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


def inputs_line(cmp) -> str:
    """``, with input uncertainty (N inputs)`` (per plan when they differ), or ``""`` when no
    plan declares uncertain inputs."""
    labels = {n: r.input_uncertainty for n, r in cmp.results.items()}
    if not any(labels.values()):
        return ""
    if len(set(labels.values())) == 1:
        return ", " + next(iter(labels.values()))
    return "; inputs: " + "; ".join(f"{n} {v or 'fixed (none uncertain)'}"
                                    for n, v in labels.items())


def baseline_label(given: str | None, paths: dict[str, Path]) -> str | None:
    """The plan ``--baseline`` names: a plan's label, or one of the files given (path or
    stem); an error listing the plans when it names none of them."""
    if given is None or given in paths:
        return given
    for label, path in paths.items():
        if given in (str(path), path.stem, path.name):
            return label
    raise ValueError(f"--baseline {given!r} is none of the plans compared; plans: "
                     + ", ".join(repr(k) for k in paths))


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
