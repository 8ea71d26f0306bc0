"""Behaviour pinned bit for bit: every shipped scenario's KPI, funnel, resource and fiscal tables.

The golden file is written by ``tests/golden/make_golden.py``; a refactor must leave it passing
unchanged.  Regenerate it only for a deliberate change of behaviour, saying why in the commit.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from golden_cases import CASES, TABLES, tables

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = json.loads((Path(__file__).parent / "golden" / "golden.json").read_text())


def test_golden_file_covers_every_shipped_scenario():
    """Every scenario shipped in scenarios/ (but sweep, solve and uncertain-inputs files) has a
    golden case."""
    shipped = {str(p.relative_to(ROOT)) for p in (ROOT / "scenarios").rglob("*.toml")
               if p.parent.name not in ("sweeps", "solve", "inputs")}
    pinned = {key.split("|")[0] for key in GOLDEN}
    assert shipped <= pinned
    assert set(GOLDEN) == set(CASES)


@pytest.mark.parametrize("key", sorted(CASES))
def test_golden(key):
    """The tables of this case equal the pinned ones exactly (values, order, columns)."""
    path, mode, seed, reps = CASES[key]
    got = json.loads(json.dumps(tables(ROOT / path, mode=mode, seed=seed, replications=reps)))
    want = GOLDEN[key]
    for name in TABLES:
        assert got[name] == want[name], f"{key}: table {name} changed"
    assert got["growth_sha256"] == want["growth_sha256"], f"{key}: daily growth changed"
