"""``hiringsim discover SCENARIO``: what breaks the plan (PRIM over its uncertain inputs)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ._common import (
    add_jobs,
    add_quiet,
    add_seed,
    check_jobs,
    check_out,
    check_reps,
    check_seed,
    executor,
    out_folder,
    progress,
    pyplot,
    save_figure,
)

__all__ = ["add_parser", "main"]


def add_parser(sub) -> None:
    p = sub.add_parser("discover", help="which ranges of the uncertain inputs make a plan miss",
                       description="Run replications of a scenario with uncertain inputs and "
                       "find, with PRIM (the EMA Workbench's), the ranges of the inputs that "
                       "hold the runs missing the target by the deadline (or, with --case "
                       "reach, those reaching it): the box's limits per input, its coverage "
                       "(share of all misses inside it) and density (share of runs inside it "
                       "that miss). Needs pip install \"hiringsim[discover]\".")
    p.add_argument("scenario", type=Path, help="scenario file (TOML) with [uncertain.\"<path>\"]")
    p.add_argument("-n", "--replications", type=int, default=200, metavar="N",
                   help="replications, each drawing the uncertain inputs (default 200)")
    add_seed(p)
    p.add_argument("--out", type=Path, default=None, metavar="DIR",
                   help="folder for discovery.csv, trajectory.csv, discovery.png, "
                        "discovery_box.png (default: out/<scenario name>_discover)")
    add_jobs(p)
    p.add_argument("--case", choices=("miss", "reach"), default="miss",
                   help="the runs of interest: those that miss the target by the deadline "
                        "(default) or those that reach it (for a plan that mostly misses)")
    p.add_argument("--density", type=float, default=0.8,
                   help="the least share of the case in the chosen box (default 0.8)")
    p.add_argument("--peel-alpha", type=float, default=0.05,
                   help="share of runs peeled per step (default 0.05)")
    add_quiet(p)


def main(args: argparse.Namespace) -> int:
    from ..discovery import discover
    from ..experiment import simulate
    from ..scenario import load_scenario

    check_reps(args.replications)
    check_jobs(args.jobs)
    sc = load_scenario(args.scenario)
    check_seed(args.seed)
    if not sc.uncertain:
        raise ValueError(f"{args.scenario}: declares no uncertain inputs; discovery needs "
                         "[uncertain.\"<path>\"] entries (see scenarios/uncertain.toml)")
    out = check_out(args.out or out_folder(f"{sc.name}_discover"))
    with executor(args.jobs) as ex:
        res = simulate(sc, args.replications, seed=args.seed, executor=ex,
                       progress=progress(args))
    d = discover(res, case=args.case, density=args.density, peel_alpha=args.peel_alpha)
    print(d.text())
    d.limits.to_csv(out / "discovery.csv", index=False)
    d.trajectory.to_csv(out / "trajectory.csv", index=False)
    plt = pyplot()
    from ..plots import plot_discovery, plot_discovery_box

    for name, plot in (("discovery.png", plot_discovery), ("discovery_box.png",
                                                            plot_discovery_box)):
        ax = plot(d)
        save_figure(ax.figure, out / name)
        plt.close(ax.figure)
    print(f"Wrote {out}/: discovery.csv (the box per input), trajectory.csv, discovery.png "
          "(coverage against density), discovery_box.png (the box's limits)")
    return 0
