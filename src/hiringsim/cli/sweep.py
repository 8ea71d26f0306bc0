"""``hiringsim sweep SWEEP.toml --jobs N [--scheduler ADDRESS]``: run, resume and report."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ._common import add_jobs, add_quiet, check_out, check_reps, out_folder, pyplot
from ._common import progress as progress_option

__all__ = ["add_parser", "main", "report", "run_sweep_command"]


def run_sweep_command(sweep_path: str | Path, *, jobs: int | None = None,
                      scheduler: str | None = None, out: str | Path | None = None,
                      progress: bool | None = None, design: str | None = None,
                      store: str | Path | None = None, batch_size: int | None = None) -> int:
    """Run (or resume) a sweep file, print its analysis and write tables and figures.

    ``out`` (default ``out/<sweep name>[-<design>]``) receives the store ``sweep.sqlite`` (unless
    ``store`` is given), ``design.csv``, ``outcomes.csv``, ``table.csv``, ``problem.json`` (SALib),
    and per outcome the Sobol' indices or tornado table with its figure.  ``design`` overrides the
    file's design (``oat`` for a tornado chart of the same ranges).  Returns the exit status:
    0 done, 1 the model failed, 2 an invalid sweep or store, 130 interrupted (resumable).
    """
    from ..sweep import SweepError, SweepRunError, load_sweep, run_sweep

    store_path: Path | None = None
    try:
        sweep = load_sweep(sweep_path)
        if design is not None and design != sweep.design:
            sweep = sweep.replace(design=design,
                                  n=sweep.n if design in ("lhs", "sobol") else None)
        name = sweep.name + (f"-{design}" if design else "")
        out = Path(out) if out is not None else out_folder(name)
        # arguments are checked before any point runs
        check_out(out)
        for value, option in ((jobs, "--jobs"), (batch_size, "--batch-size")):
            check_reps(value, option)
        store = store_path = Path(store) if store is not None else out / "sweep.sqlite"
        print(f"{sweep!r}\nstore: {store}", file=sys.stderr)
        result = run_sweep(sweep, store=store, n_jobs=jobs, scheduler=scheduler,
                           progress=progress, batch_size=batch_size)
    except SweepError as exc:
        print(f"hiringsim sweep: error: {exc}", file=sys.stderr)
        return 2
    except SweepRunError as exc:
        print(f"hiringsim sweep: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"\nhiringsim sweep: {interrupted_note(store_path)}", file=sys.stderr)
        return 130
    report(result, out=out)
    return 0


def interrupted_note(store: Path | None) -> str:
    """What an interrupted sweep left: how many points its store holds, and how to resume."""
    from ..sweep import SweepError
    from ..sweep.store import SweepStore

    if store is None or not store.exists():
        return "interrupted before any point was stored"
    try:
        with SweepStore.open(store) as st:
            done, total = len(st.finished_ids()), st.n_points()
    except SweepError:
        return f"interrupted; the store {store} is not readable"
    return (f"interrupted; {done} of {total} points are stored in {store}; run the sweep again "
            "to resume")


def report(result, *, out: Path | None = None) -> None:
    """Print the analysis that fits the design; with ``out``, also write tables and figures."""
    import pandas as pd

    from ..sweep import SweepError

    sweep = result.sweep
    frames = {}
    with pd.option_context("display.width", 200, "display.max_columns", 20,
                           "display.float_format", "{:,.4g}".format):
        for outcome in sweep.outcomes:
            try:
                if sweep.design == "sobol":
                    frames[outcome] = result.sobol(outcome)
                elif sweep.design == "oat":
                    frames[outcome] = result.tornado(outcome)
            except SweepError as exc:
                print(f"\n{outcome}: not analysed: {exc}")
                continue
            if outcome in frames:
                what = "Sobol' indices" if sweep.design == "sobol" else "one-at-a-time swings"
                print(f"\n{what} of {outcome} (replications averaged per point):")
                print(frames[outcome].to_string(index=False))
        if sweep.design not in ("sobol", "oat"):
            print("\noutcomes over the design (means of replications per point):")
            print(result.table()[list(sweep.outcomes)].describe().to_string())
    if out is None:
        return
    out.mkdir(parents=True, exist_ok=True)
    result.design.to_csv(out / "design.csv")
    result.outcomes.to_csv(out / "outcomes.csv", index=False)
    result.table().to_csv(out / "table.csv")
    from ..export import workbook

    workbook(result, out / "workbook.xlsx")
    notes: list[str] = []
    try:
        (out / "problem.json").write_text(json.dumps(result.problem(notes=notes), indent=1))
    except ValueError as exc:
        print(f"note: no SALib problem: {exc}", file=sys.stderr)
    for note in notes:
        print(f"note: problem.json: {note}", file=sys.stderr)
    _figures(result, frames, out)
    print(f"\nwrote tables and figures to {out}", file=sys.stderr)


def _figures(result, frames, out: Path) -> None:
    plt = pyplot()

    from ..plots.sensitivity import plot_outcome_vs_parameters, plot_sobol, plot_tornado

    kind = "sobol" if result.sweep.design == "sobol" else "tornado"
    for outcome, frame in frames.items():
        frame.to_csv(out / f"{kind}_{outcome}.csv", index=False)
        ax = (plot_sobol if kind == "sobol" else plot_tornado)(frame)
        figure = ax.get_figure(root=True)
        assert figure is not None  # the plot draws on an axes of its own figure
        figure.savefig(out / f"{kind}_{outcome}.png", dpi=120)
        plt.close(figure)
    if result.sweep.design == "oat":
        return
    outcome = result.sweep.outcomes[0]
    axes = plot_outcome_vs_parameters(result, outcome)
    fig = axes.flat[0].get_figure(root=True)
    fig.savefig(out / f"{outcome}_vs_parameters.png", dpi=100)
    plt.close(fig)


def add_parser(sub) -> None:
    p = sub.add_parser("sweep", help="run a sensitivity sweep file (resumable)",
                       description="Run a sweep file: design points x replications, stored "
                       "as they finish (an interrupted sweep resumes), then Sobol indices and "
                       "tornado charts.")
    p.add_argument("sweep", type=Path, help="sweep file (TOML)")
    add_jobs(p)
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="dask.distributed scheduler address (needs the 'dask' extra)")
    p.add_argument("--out", type=Path, default=None, metavar="DIR",
                   help="folder for the store, tables and figures (default: out/<sweep name>)")
    p.add_argument("--design", choices=("grid", "lhs", "sobol", "oat"), default=None,
                   help="override the file's design (oat: one at a time, for a tornado chart)")
    p.add_argument("--store", type=Path, default=None, metavar="FILE",
                   help="SQLite store to write or resume (default: <out>/sweep.sqlite)")
    p.add_argument("--batch-size", type=int, default=None, metavar="N",
                   help="design points per task (default: about one second of work)")
    add_quiet(p)


def main(args: argparse.Namespace) -> int:
    return run_sweep_command(args.sweep, jobs=args.jobs, scheduler=args.scheduler,
                             out=args.out, progress=progress_option(args), design=args.design,
                             store=args.store, batch_size=args.batch_size)
