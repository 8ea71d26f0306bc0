"""``hiringsim schema [--kind KIND]``: the JSON Schema of an input file kind."""

from __future__ import annotations

import argparse
import importlib
import json
from pathlib import Path
from typing import Any

__all__ = ["KINDS", "add_parser", "json_schema", "main"]

#: input file kind -> (module, function returning its JSON Schema)
KINDS = {
    "scenario": ("hiringsim.scenario", "scenario_json_schema"),
    "sweep": ("hiringsim.sweep", "sweep_json_schema"),
    "solve": ("hiringsim.goalseek", "solve_json_schema"),
    "observed": ("hiringsim.calibration", "observed_json_schema"),
}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of input files of ``kind`` (one of :data:`KINDS`)."""
    module, name = KINDS[kind]
    return getattr(importlib.import_module(module), name)()


def add_parser(sub) -> None:
    p = sub.add_parser("schema", help="print the JSON Schema of an input file kind",
                       description="Print the JSON Schema of scenario files (default), sweep "
                       "files, solve files or one row of observed data, for editors and checks.")
    p.add_argument("--kind", choices=sorted(KINDS), default="scenario",
                   help="which input file kind (default: scenario)")
    p.add_argument("--out", type=Path, default=None, help="write to this file instead")


def main(args: argparse.Namespace) -> int:
    text = json.dumps(json_schema(args.kind), indent=1)
    if args.out:
        args.out.write_text(text)
    else:
        print(text)
    return 0
