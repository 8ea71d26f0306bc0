"""``hiringsim schema``: the JSON Schema of scenario files."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

__all__ = ["add_parser", "main"]


def add_parser(sub) -> None:
    p = sub.add_parser("schema", help="print the JSON Schema of scenario files")
    p.add_argument("--out", type=Path, default=None, help="write to this file instead")


def main(args: argparse.Namespace) -> int:
    from ..scenario import scenario_json_schema

    text = json.dumps(scenario_json_schema(), indent=1)
    if args.out:
        args.out.write_text(text)
    else:
        print(text)
    return 0
