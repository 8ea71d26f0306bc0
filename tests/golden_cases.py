"""The cases the golden test pins, and how their tables are turned into plain JSON values."""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import numpy as np

import hiringsim as hs

SHIPPED = ["scenarios/baseline.toml", "scenarios/strategies/surge.toml",
           "scenarios/strategies/even_phases.toml", "scenarios/strategies/agency_plan.toml",
           "scenarios/strategies/capacity_first.toml",
           "scenarios/strategies/experienced_first.toml", "scenarios/strategies/short_academy.toml",
           "scenarios/strategies/vetting_while_training.toml",
           "scenarios/strategies/running_start.toml",
           "scenarios/strategies/shared_academy.toml",
           "scenarios/strategies/bonus_campaign.toml",
           "scenarios/strategies/budget_phased.toml",
           "scenarios/strategies/budget_at_once.toml",
           "scenarios/uncertain.toml"]
SMALL = ["tests/scenarios/small.toml", "tests/scenarios/small_binding.toml",
         "tests/scenarios/positions_tight.toml"]

#: key -> (path from the repository root, mode, seed, replications)
CASES: dict[str, tuple[str, str, int, int]] = {
    **{f"{p}|fast": (p, "fast", 2017, 3) for p in SHIPPED},
    **{f"{p}|fast": (p, "fast", 11, 2) for p in SMALL},
    **{f"{p}|reference": (p, "reference", 11, 2) for p in SMALL},
}

TABLES = ("kpis", "funnel", "resources", "fiscal")


def _plain(v):
    if isinstance(v, float) and math.isnan(v):
        return "nan"
    if hasattr(v, "item"):
        v = v.item()
        if isinstance(v, float) and math.isnan(v):
            return "nan"
    return v


def tables(path: Path, *, mode: str, seed: int, replications: int) -> dict:
    """The pinned tables of one case as lists of plain dicts (NaN as the string 'nan'), and a
    hash of the target role's daily growth in every replication."""
    sc = hs.load_scenario(path)
    res = hs.simulate(sc, replications, seed=seed, mode=mode, progress=False)
    out = {}
    for name in TABLES:
        frame = getattr(res, name)
        out[name] = [{k: _plain(v) for k, v in row.items()}
                     for row in frame.to_dict(orient="records")]
    growth = np.ascontiguousarray(res.growth(), dtype=np.int64)
    out["growth_sha256"] = hashlib.sha256(growth.tobytes()).hexdigest()
    return out
