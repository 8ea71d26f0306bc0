"""``hiringsim app``: the what-if explorer as a local web app (``pip install hiringsim[app]``)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ._common import add_seed

__all__ = ["add_parser", "main"]


def add_parser(sub) -> None:
    p = sub.add_parser(
        "app", help="open the what-if explorer in the browser (a local web app)",
        description="Serve the what-if explorer on this machine: pick or upload a scenario, move "
                    "the levers, run, compare with the unchanged plan, download the workbook and "
                    "the report.  Stop it with Ctrl+C.")
    p.add_argument("--port", type=int, default=5006, metavar="N",
                   help="port to serve on (default 5006)")
    p.add_argument("--no-browser", action="store_true",
                   help="do not open the page in the default browser")
    p.add_argument("--scenario", type=Path, default=None, metavar="FILE",
                   help="a scenario file to offer first (besides the shipped ones)")
    p.add_argument("-n", "--replications", type=int, default=50, metavar="N",
                   help="starting number of replications per plan (default 50)")
    add_seed(p)


def main(args: argparse.Namespace) -> int:
    if not 0 < args.port < 65536:
        raise ValueError(f"--port must be between 1 and 65535, got {args.port}")
    if args.replications < 2:
        raise ValueError(f"--replications must be at least 2, got {args.replications}")
    if args.scenario is not None:
        from ..scenario import load_scenario

        load_scenario(args.scenario)  # errors before the server starts
    try:
        import panel  # noqa: F401
    except ImportError:
        print("hiringsim: error: the app needs Panel: pip install 'hiringsim[app]'",
              file=sys.stderr)
        return 2
    from ..app import serve

    print(f"hiringsim app: http://localhost:{args.port}/ (Ctrl+C to stop)", flush=True)
    try:
        serve(scenario=args.scenario, port=args.port, show=not args.no_browser,
              replications=args.replications, seed=args.seed)
    except OSError as exc:  # e.g. the port is taken
        print(f"hiringsim: error: cannot serve on port {args.port}: {exc.strerror or exc}",
              file=sys.stderr)
        return 2
    return 0
