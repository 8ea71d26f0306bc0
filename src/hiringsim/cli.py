"""The ``hiringsim`` command line: run, compare, sweep, solve, validate, schema."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import time
from pathlib import Path

__all__ = ["main"]

DEFAULT_SEED = 2017


def _jobs(value: int | None) -> int:
    return max(1, value if value is not None else (os.cpu_count() or 1))


@contextlib.contextmanager
def _pool(jobs: int):
    """A process pool of ``jobs`` workers (None: run in this process), shut down on exit."""
    if jobs <= 1:
        yield None
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=jobs) as ex:
        yield ex


def _add_common(p: argparse.ArgumentParser, *, reps: int) -> None:
    p.add_argument("-n", "--replications", type=int, default=reps, metavar="N",
                   help=f"Monte-Carlo replications per scenario (default {reps})")
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S",
                   help=f"root random seed; replication r uses streams (S, r) (default "
                        f"{DEFAULT_SEED}), so the same command reproduces the same numbers")
    p.add_argument("--out", type=Path, default=None, metavar="DIR",
                   help="folder for tables (Parquet/CSV), figures (PNG) and metadata "
                        "(default: out/<scenario name>)")
    p.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                   help="worker processes (default: all cores; 1 runs in this process)")
    p.add_argument("--mode", choices=("fast", "reference"), default="fast",
                   help="fast (default) or reference (one SimPy process per applicant; slow)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def _parser() -> argparse.ArgumentParser:
    from . import __version__

    parser = argparse.ArgumentParser(
        prog="hiringsim",
        description="Simulate a hiring surge: when is +N net reached, how surely, at what cost, "
                    "and which plan gets there sooner.",
        epilog="Examples:\n  hiringsim run scenarios/baseline.toml\n"
               "  hiringsim compare scenarios/strategies/*.toml -n 200\n"
               "  hiringsim sweep scenarios/sweeps/baseline_uncertainty.toml --jobs 2\n"
               "  hiringsim validate scenarios/*.toml",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"hiringsim {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("run", help="run one scenario and report its results",
                       description="Run replications of one scenario; print the target date, "
                       "headcount by fiscal year, time to hire, applicants per hire, the "
                       "bottleneck and costs; save tables and figures to --out.")
    p.add_argument("scenario", type=Path, help="scenario file (TOML)")
    _add_common(p, reps=100)

    p = sub.add_parser("compare", help="compare strategies with common random numbers",
                       description="Run each scenario with the same seed (common random "
                       "numbers) and report each KPI with paired differences against the first.")
    p.add_argument("scenarios", type=Path, nargs="+", help="two or more scenario files")
    p.add_argument("--baseline", default=None,
                   help="strategy the differences are taken against (default: the first)")
    _add_common(p, reps=200)

    p = sub.add_parser("sweep", help="run a sensitivity sweep file (resumable)",
                       description="Run a sweep file: design points x replications, stored "
                       "as they finish (an interrupted sweep resumes), then Sobol indices and "
                       "tornado charts.")
    p.add_argument("sweep", type=Path, help="sweep file (TOML)")
    p.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                   help="worker processes (default: all cores)")
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
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")

    p = sub.add_parser("solve", help="find the least-cost levers for a target probability",
                       description="Goal seeking: the cheapest lever setting that reaches the "
                       "target by the deadline with the requested probability, verified on "
                       "fresh replications; runners-up and the cost-probability frontier.")
    p.add_argument("solve", type=Path, help="solve file (TOML)")
    p.add_argument("--out", type=Path, default=None, metavar="DIR",
                   help="folder for result.json, tables and frontier.png "
                        "(default: out/<solve file name>)")
    p.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                   help="worker processes (default: all cores)")
    p.add_argument("--seed", type=int, default=None, metavar="S",
                   help="override the file's seed for screening replications")
    p.add_argument("-n", "--replications", type=int, default=None, metavar="N",
                   help="override the file's screening replications per setting")
    p.add_argument("--verify-replications", type=int, default=None, metavar="N",
                   help="override the file's fresh replications for the verified answer")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")

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
    p.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S",
                   help=f"seed of the simulation check (default {DEFAULT_SEED})")
    p.add_argument("-j", "--jobs", type=int, default=None, metavar="N",
                   help="worker processes for the simulation check (default: all cores)")

    p = sub.add_parser("validate", help="check scenario files without running them")
    p.add_argument("scenarios", type=Path, nargs="+", help="scenario files")

    p = sub.add_parser("schema", help="print the JSON Schema of scenario files")
    p.add_argument("--out", type=Path, default=None, help="write to this file instead")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from .scenario import ScenarioError

    try:
        return {"run": _run, "compare": _compare, "sweep": _sweep, "solve": _solve,
                "calibrate": _calibrate, "validate": _validate,
                "schema": _schema}[args.command](args)
    except ScenarioError as exc:
        print(f"hiringsim: error: {exc}", file=sys.stderr)
        return 2
    except (ValueError, KeyError, FileNotFoundError) as exc:
        msg = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        print(f"hiringsim: error: {msg}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("hiringsim: interrupted", file=sys.stderr)
        return 130


def _check_reps(n: int) -> None:
    if n < 1:
        raise ValueError(f"--replications must be at least 1, got {n}")


def _run(args) -> int:
    from .experiment import simulate
    from .report import text_report
    from .scenario import load_scenario

    _check_reps(args.replications)
    sc = load_scenario(args.scenario)
    out = args.out or Path("out") / sc.name
    jobs = _jobs(args.jobs)
    t0 = time.perf_counter()
    with _pool(jobs) as ex:
        res = simulate(sc, args.replications, seed=args.seed, executor=ex, mode=args.mode,
                       progress=False if args.quiet else None)
    elapsed = time.perf_counter() - t0
    print(text_report(res))
    res.save(out)
    res.summary().to_csv(out / "summary.csv")
    _figures_run(res, out)
    print(f"Wrote {out}/: summary.csv, kpis/funnel/resources/fiscal.parquet, arrays.npz, "
          f"meta.json, headcount.png, dashboard.png ({elapsed:.1f} s, {jobs} process"
          f"{'es' if jobs > 1 else ''})")
    return 0


def _pyplot():
    """pyplot on the non-interactive Agg backend (the command line only writes files)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def _figures_run(res, out: Path) -> None:
    plt = _pyplot()

    from .plots import dashboard, plot_fan

    fig, ax = plt.subplots(figsize=(10, 5.5), layout="constrained")
    plot_fan(res, ax=ax)
    fig.savefig(out / "headcount.png", dpi=120)
    plt.close(fig)
    fig = dashboard(res, path=out / "dashboard.png")
    plt.close(fig)


def _compare(args) -> int:
    import pandas as pd

    from .experiment import compare
    from .report import comparison_table
    from .scenario import load_scenario

    _check_reps(args.replications)
    if len(args.scenarios) < 2:
        raise ValueError("compare needs at least two scenario files")
    scenarios = {}
    for path in args.scenarios:
        sc = load_scenario(path)
        label = sc.name if sc.name not in scenarios else f"{sc.name} ({path.stem})"
        scenarios[label] = sc
    out = args.out or Path("out") / "compare"
    out.mkdir(parents=True, exist_ok=True)
    jobs = _jobs(args.jobs)
    t0 = time.perf_counter()
    with _pool(jobs) as ex:
        cmp = compare(scenarios, args.replications, seed=args.seed, executor=ex,
                      mode=args.mode, progress=False if args.quiet else None)
    elapsed = time.perf_counter() - t0
    table = comparison_table(cmp)
    with pd.option_context("display.width", 200, "display.max_columns", 20,
                           "display.max_colwidth", 40):
        print(f"{args.replications} replications per strategy, seed {args.seed} (common "
              f"random numbers), {args.mode} mode")
        print(table.to_string())
        diffs = cmp.differences(args.baseline, kpis=["target_by_deadline",
                                                    "growth_at_deadline", "cost_hiring"])
        print(f"\nPaired differences against {diffs['baseline'].iloc[0]!r} (95% CI):")
        for _, d in diffs.iterrows():
            fmt = {"target_by_deadline": "{:+.1%}", "cost_hiring": "{:+,.1f} $M"}.get(
                d["kpi"], "{:+,.0f}")
            if d["kpi"] == "cost_hiring":
                d = d.copy()
                for col in ("mean", "ci_low", "ci_high", "unpaired_low", "unpaired_high"):
                    d[col] = d[col] / 1e6
            print(f"  {d['strategy']:<22} {d['kpi']:<20} {fmt.format(d['mean'])} "
                  f"({fmt.format(d['ci_low'])} to {fmt.format(d['ci_high'])}); unpaired "
                  f"interval ({fmt.format(d['unpaired_low'])} to {fmt.format(d['unpaired_high'])})")
    table.to_csv(out / "comparison.csv")
    cmp.summary().to_csv(out / "summary.csv", index=False)
    cmp.differences(args.baseline).to_csv(out / "differences.csv", index=False)
    cmp.kpis.to_parquet(out / "kpis.parquet", index=False)
    (out / "meta.json").write_text(json.dumps({
        "seed": args.seed, "replications": args.replications, "mode": args.mode,
        "strategies": {k: str(v.source) for k, v in scenarios.items()},
        "hiringsim_version": next(iter(cmp.results.values())).meta["hiringsim_version"]},
        indent=1))
    _figures_compare(cmp, out)
    print(f"Wrote {out}/: comparison.csv, summary.csv, differences.csv, kpis.parquet, "
          f"strategies.png, time_to_target.png, costs.png ({elapsed:.1f} s, {jobs} process"
          f"{'es' if jobs > 1 else ''})")
    return 0


def _figures_compare(cmp, out: Path) -> None:
    plt = _pyplot()

    from .plots import plot_costs, plot_strategies, plot_time_to_target

    for name, fn, size in (("strategies.png", plot_strategies, (10, 5.5)),
                           ("time_to_target.png", plot_time_to_target, (10, 5)),
                           ("costs.png", plot_costs, (10, 5))):
        fig, ax = plt.subplots(figsize=size, layout="constrained")
        fn(cmp, ax=ax)
        fig.savefig(out / name, dpi=120)
        plt.close(fig)


def _sweep(args) -> int:
    from .sweep.cli import run_sweep_command

    return run_sweep_command(args.sweep, jobs=args.jobs, scheduler=args.scheduler,
                             out=args.out, progress=not args.quiet, design=args.design,
                             store=args.store, batch_size=args.batch_size)


def _solve(args) -> int:
    from .goalseek import solve_file

    out = args.out or Path("out") / args.solve.stem
    jobs = _jobs(args.jobs)
    t0 = time.perf_counter()
    with _pool(jobs) as ex:
        result = solve_file(args.solve, out=out, executor=ex, progress=not args.quiet,
                            seed=args.seed, replications=args.replications,
                            verify_replications=args.verify_replications)
    print(result.report())
    print(f"Wrote {out}/: result.json, tables, frontier.png "
          f"({time.perf_counter() - t0:.0f} s, {jobs} process{'es' if jobs > 1 else ''})")
    return 0 if result.feasible else 1


def _calibrate(args) -> int:
    import pandas as pd

    from .calibration import calibrate_file

    out = args.out or Path("out") / f"{args.scenario.stem}-calibrated"
    with _pool(_jobs(args.jobs)) as ex:
        cal = calibrate_file(args.scenario, args.observed, out=out,
                             replications=args.replications, seed=args.seed, executor=ex)
    cols = [c for c in ("path", "base", "estimate", "low", "high", "n", "method")
            if c in cal.estimates.columns]
    with pd.option_context("display.width", 200, "display.max_colwidth", 60,
                           "display.max_rows", 200):
        print(cal.estimates[cols].to_string(index=False))
    print(f"Wrote {out}/: calibrated scenario, ranges for sweeps, fit_report.png")
    return 0


def _validate(args) -> int:
    from .scenario import ScenarioError, load_scenario

    bad = 0
    for path in args.scenarios:
        try:
            sc = load_scenario(path)
            print(f"ok: {path} ({sc!r})")
        except ScenarioError as exc:
            bad += 1
            print(str(exc), file=sys.stderr)
    return 1 if bad else 0


def _schema(args) -> int:
    from .scenario import scenario_json_schema

    text = json.dumps(scenario_json_schema(), indent=1)
    if args.out:
        args.out.write_text(text)
    else:
        print(text)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
