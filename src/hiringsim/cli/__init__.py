"""The ``hiringsim`` command line: one module per command, on top of the library.

Only this package prints, picks a matplotlib backend, reads files named on the command line and
writes output folders; the library never imports it (an import-linter contract says so).
"""

from __future__ import annotations

import argparse
import sys

from . import app, calibrate, compare, discover, report, run, schema, solve, sweep, validate

__all__ = ["main"]

COMMANDS = {"run": run, "compare": compare, "sweep": sweep, "solve": solve,
            "calibrate": calibrate, "discover": discover, "validate": validate, "schema": schema,
            "report": report,
            "app": app}


def parser() -> argparse.ArgumentParser:
    """The argument parser of every command."""
    from .. import __version__

    p = argparse.ArgumentParser(
        prog="hiringsim",
        description="Simulate a hiring surge: when is +N net reached, how surely, at what cost, "
                    "and which plan gets there sooner.",
        epilog="Examples:\n  hiringsim run scenarios/baseline.toml\n"
               "  hiringsim compare scenarios/strategies/*.toml -n 200\n"
               "  hiringsim sweep scenarios/sweeps/baseline_uncertainty.toml --jobs 2\n"
               "  hiringsim discover docs/discover/short_academy_uncertain.toml --case reach\n"
               "  hiringsim validate scenarios/*.toml\n"
               "  hiringsim app",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"hiringsim {__version__}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in COMMANDS.values():
        module.add_parser(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command in ``argv`` (default: ``sys.argv``); return the exit status."""
    args = parser().parse_args(argv)
    from ..errors import InputError

    try:
        return int(COMMANDS[args.command].main(args))
    except InputError as exc:
        print(f"hiringsim: error: {exc}", file=sys.stderr)
        return 2
    except (ValueError, KeyError, FileNotFoundError, ConnectionError) as exc:
        msg = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        print(f"hiringsim: error: {msg}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("hiringsim: interrupted", file=sys.stderr)
        return 130
