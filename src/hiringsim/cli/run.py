"""``hiringsim run SCENARIO``: replications of one scenario, a text report, tables and figures."""

from __future__ import annotations

import argparse
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


def add_parser(sub) -> None:
    p = sub.add_parser("run", help="run one scenario and report its results",
                       description="Run replications of one scenario; print the target date, "
                       "headcount by fiscal year, time to hire, applicants per hire, the "
                       "bottleneck and costs; save tables and figures to --out.")
    p.add_argument("scenario", type=Path, help="scenario file (TOML)")
    add_common(p, reps=100)
    p.add_argument("--report", action="store_true",
                   help="also write report.html (one self-contained file to hand on)")


def main(args: argparse.Namespace) -> int:
    from ..experiment import simulate
    from ..export import costs_table, summary_table, workbook
    from ..export import report as html_report
    from ..report import text_report
    from ..scenario import load_scenario

    check_reps(args.replications)
    check_jobs(args.jobs)
    sc = load_scenario(args.scenario)
    check_seed(args.seed)
    out = check_out(args.out or out_folder(sc.name))  # before any work
    t0 = time.perf_counter()
    with executor(args.jobs) as ex:
        res = simulate(sc, args.replications, seed=args.seed, executor=ex, mode=args.mode,
                       progress=progress(args), inputs=inputs_of(args))
        used = processes(ex)
    elapsed = time.perf_counter() - t0
    for note in sc.notes:
        print(f"note: {note}")
    print(text_report(res))
    res.save(out)
    summary_table(res).to_csv(out / "summary.csv")
    costs_table(res).to_csv(out / "costs.csv")
    workbook(res, out / "workbook.xlsx")
    figures(res, out)
    written = "summary.csv, costs.csv, workbook.xlsx, kpis/funnel/resources/fiscal/" \
              "fiscal_costs.parquet, arrays.npz, meta.json, headcount.png, costs_by_year.png, " \
              "dashboard.png"
    if args.report:
        html_report(res, out / "report.html")
        written += ", report.html"
    print(f"Wrote {out}/: {written} ({elapsed:.1f} s, {used})")
    return 0


def figures(res, out: Path) -> None:
    """``headcount.png`` (the fan chart), ``costs_by_year.png`` (cost by fiscal year) and
    ``dashboard.png``."""
    plt = pyplot()

    from ..plots import dashboard, plot_fan, plot_fiscal_costs

    fig, ax = plt.subplots(figsize=(10, 5.5), layout="constrained")
    plot_fan(res, ax=ax)
    save_figure(fig, out / "headcount.png")
    plt.close(fig)
    fig, ax = plt.subplots(figsize=(10, 5.5), layout="constrained")
    plot_fiscal_costs(res, ax=ax)
    save_figure(fig, out / "costs_by_year.png")
    plt.close(fig)
    fig = dashboard(res, path=out / "dashboard.png")
    plt.close(fig)
