"""``hiringsim calibrate SCENARIO OBSERVED.csv``: fit a scenario's inputs to observed data."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ._common import (
    DEFAULT_SEED,
    add_jobs,
    add_quiet,
    add_seed,
    check_jobs,
    check_out,
    check_seed,
    executor,
    out_folder,
    progress,
    pyplot,
    save_figure,
)

if TYPE_CHECKING:  # pragma: no cover
    from ..calibration import Calibration

__all__ = ["add_parser", "main"]


def add_parser(sub) -> None:
    p = sub.add_parser("calibrate", help="fit a scenario's rates to observed hiring data",
                       description="Fit pass rates, durations, withdrawals, graduation, "
                       "attrition and application rates to observed counts (CSV format: "
                       "docs/observed-data.md); write the calibrated scenario, the fitted inputs' "
                       "distributions as a scenario fragment of uncertain inputs (uncertain.toml), "
                       "intervals usable as sweep ranges, and an observed-versus-simulated fit "
                       "report.")
    p.add_argument("scenario", type=Path, help="scenario file (TOML) to calibrate")
    p.add_argument("observed", type=Path, help="observed data (CSV)")
    p.add_argument("--out", type=Path, default=None, metavar="DIR",
                   help="output folder (default: out/<scenario name>-calibrated)")
    p.add_argument("--fragment", type=Path, default=None, metavar="FILE",
                   help="also write the uncertain-inputs fragment (the [uncertain.\"<path>\"] "
                        "tables of the fitted inputs) to FILE; it is always in the output "
                        "folder as uncertain.toml")
    p.add_argument("-n", "--replications", type=int, default=20, metavar="N",
                   help="replications of the simulation check (default 20; 0: no check and "
                        "no fit report)")
    p.add_argument("--confidence", type=float, default=0.95, metavar="C",
                   help="confidence of the intervals (default 0.95)")
    add_seed(p, help=f"seed of the simulation check (default {DEFAULT_SEED})")
    add_jobs(p)
    add_quiet(p)


def main(args: argparse.Namespace) -> int:
    from ..calibration import calibrate
    from ..scenario import load_scenario

    if args.replications < 0:
        raise ValueError(f"--replications must be >= 0, got {args.replications}")
    if not 0 < args.confidence < 1:
        raise ValueError(f"--confidence must be between 0 and 1, got {args.confidence}")
    check_jobs(args.jobs)
    if not args.observed.is_file():
        raise FileNotFoundError(f"{args.observed}: no such observed-data file")
    scenario = load_scenario(args.scenario)
    check_seed(args.seed)
    if args.fragment is not None and not args.fragment.parent.is_dir():
        raise FileNotFoundError(f"--fragment {args.fragment}: no folder {args.fragment.parent}")
    out = check_out(args.out or out_folder(f"{args.scenario.stem}-calibrated"))
    with executor(args.jobs) as ex:
        cal = calibrate(scenario, args.observed, confidence=args.confidence,
                        replications=args.replications, seed=args.seed, executor=ex,
                        progress=progress(args))
    folder = cal.save(out)
    report = write_fit_report(cal, folder)
    if args.fragment is not None:
        cal.save_fragment(args.fragment)
    print(cal.report())
    print(f"Wrote {folder}/: calibrated scenario, uncertain inputs (uncertain.toml), ranges for "
          "sweeps" + (", simulation check and fit_report.png" if report else "")
          + (f"; uncertain inputs also in {args.fragment}" if args.fragment else ""))
    return 0


def write_fit_report(cal: Calibration, folder: Path) -> Path | None:
    """``fit_report.png`` in ``folder`` when the calibration has a simulation check."""
    if cal.check_frame is None or cal.check_frame.empty:
        return None
    pyplot()  # the Agg backend before anything is drawn
    from ..plots.solve import plot_fit_report

    axes = plot_fit_report(cal)
    path = folder / "fit_report.png"
    save_figure(axes.ravel()[0].figure, path, dpi=110)
    return path
