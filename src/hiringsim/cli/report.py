"""``hiringsim report RESULTS_DIR``: re-render a saved results folder as report.html."""

from __future__ import annotations

import argparse
from pathlib import Path

__all__ = ["add_parser", "main"]


def add_parser(sub) -> None:
    p = sub.add_parser("report", help="write report.html for a saved results folder",
                       description="Read a results folder written by 'hiringsim run' (or "
                       "Results.save) and write one self-contained HTML report into it: the "
                       "question, the inputs that differ from the shipped baseline, the answer "
                       "with intervals, the charts and the caveats.")
    p.add_argument("results", type=Path, metavar="RESULTS_DIR",
                   help="folder with meta.json, kpis.parquet, ... (from hiringsim run)")
    p.add_argument("--out", type=Path, default=None, metavar="FILE",
                   help="report file (default: RESULTS_DIR/report.html)")
    p.add_argument("--title", default=None, help="report title")
    p.add_argument("--workbook", action="store_true",
                   help="also (re)write RESULTS_DIR/workbook.xlsx")


def main(args: argparse.Namespace) -> int:
    from ..export import report, workbook
    from ..results import Results

    if not (args.results / "meta.json").is_file():
        raise FileNotFoundError(f"{args.results}: not a results folder (no meta.json); write "
                                "one with 'hiringsim run SCENARIO --out DIR'")
    out = args.out or args.results / "report.html"
    if out.exists() and out.is_dir():
        raise ValueError(f"--out {out} is a folder; give a file name")
    res = Results.load(args.results)
    report(res, out, title=args.title)
    written = [str(out)]
    if args.workbook:
        written.append(str(workbook(res, args.results / "workbook.xlsx")))
    print(f"Wrote {', '.join(written)}")
    return 0
