"""Results keep the same values in less memory: whole-number series in their narrowest integer
type, hire times in blocks let go as they are copied out, rows turned into frames as they
come.  Each check compares with the values of the run record itself or of the plain path."""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pytest

import hiringsim as hs
from hiringsim.experiment import replicate
from hiringsim.model.record import state_names, stocks
from hiringsim.results import Assembler, assembler

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "tests" / "scenarios" / "small_channel_changes.toml"


@pytest.fixture(scope="module")
def small():
    return hs.load_scenario(SMALL)


@pytest.fixture(scope="module")
def reps(small):
    return [replicate(small, 5, "fast", "series", r) for r in range(3)]


def _results(small, reps, order):
    asm = Assembler(small, len(reps), keep_series=True)
    for i in order:
        asm.add(copy.deepcopy(reps[i]))
    return hs.Results(small, 5, "fast", asm)


def test_kept_series_are_the_records_stocks_in_any_arrival_order(small, reps):
    """Daily series and hire times equal the run records' (same seed), whatever order the
    replications arrive in; series come out at least int32, so sums cannot overflow."""
    res = _results(small, reps, [2, 0, 1])
    for r in range(3):
        rec = hs.run_replication(small, seed=5, replication=r)
        st = stocks(rec)
        for role in small.roles:
            for s in state_names(role):
                got = res.series(role.name, s)
                assert got.dtype.kind == "i" and got.dtype.itemsize >= 4
                assert np.array_equal(got[r], st[role.name][s])
            h = rec.hires[role.name]
            ends = np.cumsum(res._arrays["hire_counts"][role.name])
            lo = ends[r] - res._arrays["hire_counts"][role.name][r]
            kept = res._arrays["hires"][role.name][:, lo:ends[r]]
            assert np.array_equal(kept[0], h["eod"].astype(np.float32))
            assert np.array_equal(kept[1], (h["eod"] - h["application"]).astype(np.float32))
    ordered = _results(small, reps, range(3))
    for name in ("series", "milestones", "window_counts", "window_costs", "hires",
                 "hire_counts"):
        for key, arr in ordered._arrays[name].items():
            assert np.array_equal(arr, res._arrays[name][key]), (name, key)


def test_a_store_widens_when_a_value_no_longer_fits():
    """A count past the narrow type's range widens the store; earlier values are unchanged."""
    store = {"r": np.zeros((3, 2, 4), dtype=np.int8)}
    assembler._put(store, "r", 0, np.full((2, 4), 100))
    assembler._put(store, "r", 1, np.full((2, 4), 40_000))
    assert store["r"].dtype == np.int32
    assert (store["r"][0] == 100).all() and (store["r"][1] == 40_000).all()


def test_hire_times_blocks_are_let_go_and_the_order_is_by_replication(monkeypatch):
    """Small blocks: times come out in replication order and every block is let go."""
    monkeypatch.setattr(assembler._HireTimes, "BLOCK", 5)
    times = assembler._HireTimes()
    data = {r: np.arange(r + 1, dtype=float) + 10 * r for r in range(6)}
    for r in (2, 0, 1, 5, 3, 4):
        times.add(r, data[r], -data[r])
    hires, counts = times.take(np.arange(7))  # replication 6 has no hires
    assert list(counts) == [1, 2, 3, 4, 5, 6, 0]
    assert np.array_equal(hires[0], np.concatenate([data[r] for r in range(6)]))
    assert np.array_equal(hires[1], -hires[0])
    assert times.blocks == []


def test_rows_turned_into_frames_as_they_come_give_the_same_tables(small, reps, monkeypatch):
    """Tables made a few rows at a time equal those made at once (values, order, columns,
    types)."""
    def frames():
        asm = Assembler(small, 3, keep_series=False)
        for i in (2, 0, 1):
            asm.add(copy.deepcopy(reps[i]))
        return asm.frames()

    at_once = frames()
    monkeypatch.setattr(assembler, "FRAME_EVERY", 7)
    by_parts = frames()
    for name, f in at_once.items():
        g = by_parts[name]
        assert list(g.columns) == list(f.columns) and list(g.dtypes) == list(f.dtypes), name
        assert g.equals(f), name
