"""``hiringsim calibrate SCENARIO OBSERVED.csv``: fit a scenario's inputs to observed data."""

from __future__ import annotations

import argparse
from pathlib import Path

from ._common import DEFAULT_SEED, add_jobs, add_seed, executor

__all__ = ["add_parser", "main"]


def add_parser(sub) -> None:
    p = sub.add_parser("calibrate", help="fit a scenario's rates to observed hiring data",
                       description="Fit pass rates, durations, withdrawals, graduation, "
                       "attrition and application rates to observed counts (CSV format: "
                       "docs/observed-data.md); write the calibrated scenario, intervals usable "
                       "as sweep ranges, and an observed-versus-simulated fit report.")
    p.add_argument("scenario", type=Path, help="scenario file (TOML) to calibrate")
    p.add_argument("observed", type=Path, help="observed data (CSV)")
    p.add_argument("--out", type=Path, default=None, metavar="DIR",
                   help="output folder (default: out/<scenario name>-calibrated)")
    p.add_argument("-n", "--replications", type=int, default=20, metavar="N",
                   help="replications of the simulation check (default 20)")
    add_seed(p, help=f"seed of the simulation check (default {DEFAULT_SEED})")
    add_jobs(p)


def main(args: argparse.Namespace) -> int:
    import pandas as pd

    from ..calibration import calibrate_file

    out = args.out or Path("out") / f"{args.scenario.stem}-calibrated"
    with executor(args.jobs) as ex:
        cal = calibrate_file(args.scenario, args.observed, out=out,
                             replications=args.replications, seed=args.seed, executor=ex)
    cols = [c for c in ("path", "base", "estimate", "low", "high", "n", "method")
            if c in cal.estimates.columns]
    with pd.option_context("display.width", 200, "display.max_colwidth", 60,
                           "display.max_rows", 200):
        print(cal.estimates[cols].to_string(index=False))
    print(f"Wrote {out}/: calibrated scenario, ranges for sweeps, fit_report.png")
    return 0
