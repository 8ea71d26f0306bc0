"""Results on disk: a folder of parquet tables, one compressed numpy archive (numeric arrays
only, never pickled) and meta.json holding the scenario, seed and version."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..model.record import state_names
from ..scenario import Scenario
from .assembler import INPUT_COLUMNS

if TYPE_CHECKING:
    from .core import Results

__all__ = ["load_results", "save_results"]


def save_results(res: Results, path: str | Path) -> Path:
    """Write ``res`` to the folder ``path``: kpis/funnel/resources/fiscal/fiscal_costs/inputs
    (and budget, when there is one) .parquet, arrays.npz, meta.json."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    for name in ("kpis", "funnel", "resources", "fiscal", "fiscal_costs", "budget",
                 "inputs"):
        if name != "budget" or len(res.budget.columns):
            getattr(res, name).to_parquet(path / f"{name}.parquet", index=False)
    arrays = {f"tth__{k}": v for k, v in res.tth_hist.items()}
    for name, store in res._arrays.items():
        arrays.update({f"{name}__{k}": v for k, v in store.items()})
    # numeric arrays only: never pickle (and the named argument keeps type checkers from
    # matching the array keywords against allow_pickle)
    np.savez_compressed(path / "arrays.npz", allow_pickle=False, **arrays)
    meta = {**res.meta, "scenario_json": json.loads(res.scenario.to_json()),
            "saved": dt.datetime.now(dt.UTC).isoformat(timespec="seconds")}
    (path / "meta.json").write_text(json.dumps(meta, indent=1, default=str))
    return path


def load_results(cls: type[Results], path: str | Path) -> Results:
    """Read a folder written by :func:`save_results` as a ``cls``."""
    path = Path(path)
    meta = json.loads((path / "meta.json").read_text())
    scenario = Scenario.from_dict(meta.pop("scenario_json"), source=str(path / "meta.json"))
    res = cls.__new__(cls)
    res.scenario = scenario
    res.seed = int(meta["seed"])
    res.mode = meta["mode"]
    res.meta = meta
    for name in ("kpis", "funnel", "resources", "fiscal"):
        setattr(res, name, pd.read_parquet(path / f"{name}.parquet"))
    costs = path / "fiscal_costs.parquet"  # none when saved by an earlier hiringsim
    res.fiscal_costs = pd.read_parquet(costs) if costs.exists() else pd.DataFrame()
    money = path / "budget.parquet"  # only with a budget
    res.budget = pd.read_parquet(money) if money.exists() else pd.DataFrame()
    drawn = path / "inputs.parquet"  # results saved before uncertain inputs have none
    res.inputs = (pd.read_parquet(drawn) if drawn.exists()
                   else pd.DataFrame(columns=INPUT_COLUMNS))
    stores: dict[str, dict[str, np.ndarray]] = {}
    with np.load(path / "arrays.npz") as z:
        for key in z.files:
            name, _, what = key.partition("__")
            stores.setdefault(name, {})[what] = z[key]
    res.tth_hist = stores.pop("tth", {})
    res._set_arrays(stores)
    res.states = {role.name: state_names(role) for role in scenario.roles}
    return res
