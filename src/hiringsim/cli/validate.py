"""``hiringsim validate FILE ...``: check scenario files without running them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["add_parser", "main"]


def add_parser(sub) -> None:
    p = sub.add_parser("validate", help="check scenario files without running them")
    p.add_argument("scenarios", type=Path, nargs="+", help="scenario files")


def main(args: argparse.Namespace) -> int:
    from ..scenario import ScenarioError, load_scenario

    bad = 0
    for path in args.scenarios:
        try:
            sc = load_scenario(path)
            print(f"ok: {path} ({sc!r})")
            for note in sc.notes:
                print(f"  note: {note}")
        except ScenarioError as exc:
            bad += 1
            print(str(exc), file=sys.stderr)
    return 1 if bad else 0
