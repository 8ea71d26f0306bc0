"""Results keep the same values in less memory: whole-number series in their narrowest integer
type, hire times in blocks let go as they are copied out, rows turned into frames as they
come.  Each check compares with the values of the run record itself or of the plain path."""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pytest

import hiringsim as hs
from hiringsim.measures import kept
from hiringsim.measures.windows import WindowData, window_data
from hiringsim.model.record import state_names, stocks
from hiringsim.results import Assembler, assembler
from hiringsim.worker import replicate

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "tests" / "scenarios" / "small_channel_changes.toml"


@pytest.fixture(scope="module")
def small():
    return hs.load_scenario(SMALL)


@pytest.fixture(scope="module")
def reps(small):
    return [replicate(small, 5, "fast", "series", r) for r in range(3)]


def _results(sc, reps, order):
    asm = Assembler(sc, len(reps), keep_series=True)
    for i in order:
        asm.add(copy.deepcopy(reps[i]))
    return hs.Results(sc, 5, "fast", asm)


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
            eod, tth = assembler.window_hires(res._arrays)(role.name, r)
            assert np.array_equal(eod, np.floor(h["eod"].astype(np.float32)))  # the day
            assert np.array_equal(tth, (h["eod"] - h["application"]).astype(np.float32))
    ordered = _results(small, reps, range(3))
    for name in ("series", "milestones", "window_counts", "window_hiring", "window_paid",
                 "window_pay", "hire_tth",
                 "hire_days", "hire_counts"):
        for key, arr in ordered._arrays[name].items():
            np.testing.assert_array_equal(arr, res._arrays[name][key], err_msg=name)


def test_a_store_widens_when_a_value_no_longer_fits():
    """A count past the narrow type's range widens the store; earlier values are unchanged."""
    store = {"r": np.zeros((3, 2, 4), dtype=np.int8)}
    assembler._put(store, "r", 0, np.full((2, 4), 100))
    assembler._put(store, "r", 1, np.full((2, 4), 40_000))
    assert store["r"].dtype == np.int32
    assert (store["r"][0] == 100).all() and (store["r"][1] == 40_000).all()


def _add(times, r, eod, tth):
    """What a worker sends of these hires, kept (measures.kept.entry_days)."""
    times.add(r, *kept.entry_days(eod, times.days), tth.astype(np.float32))


def test_windows_daily_series_come_back_bit_for_bit(small):
    """The daily series windows sum (counts, hiring costs, payroll) read back from what results
    keep equal the run record's bit for bit: the payroll kept as people x pay, and, for a
    replication sent with its payroll in dollars (as when a salary changes on a date), as
    dollars."""
    paid = small.with_values({"roles.officer.salary": 55_000.0,
                              "roles.support.salary": 71_234.5})
    sent = [replicate(paid, 5, "fast", "series", r) for r in range(3)]
    assert all(kw.paid is not None and kw.pay > 0 for kw in sent[0].windows.values())
    for role, kw in sent[1].windows.items():  # as a worker that could not factor it sends
        sent[1].windows[role] = kw._replace(paid=None, pay=np.nan,
                                            payroll=kept.payroll_of(kw.paid, kw.pay))
    res = _results(paid, sent, [2, 1, 0])
    daily = assembler.window_daily(res._arrays)
    for r in range(3):
        rec = hs.run_replication(paid, seed=5, replication=r)
        want = window_data(rec, stocks(rec))
        for role in paid.roles:
            got = daily(role.name, r)
            assert got.dtype == np.float64 and want[role.name].daily[3].any()
            assert np.array_equal(got.view(np.int64), want[role.name].daily.view(np.int64))
    assert set(res._arrays["window_payroll"]) == {role.name for role in paid.roles}


def test_a_payroll_that_does_not_factor_is_kept_in_dollars():
    """People x pay is kept only when it gives the dollars back exactly."""
    pay = 55_000 / 365.25
    assert np.array_equal(kept._factor(np.arange(5) * pay, pay), np.arange(5))
    assert kept._factor(np.array([0.0, pay * 1.5]), pay) is None
    assert kept._factor(np.array([1.0, 2.0]), float("nan")) is None


def test_hire_times_blocks_are_let_go_and_the_order_is_by_replication(monkeypatch):
    """Small blocks: times come out in replication order, days of entry as counts per day,
    and every block is let go."""
    monkeypatch.setattr(assembler._HireTimes, "BLOCK", 5)
    times = assembler._HireTimes(70)
    data = {r: np.arange(r + 1, dtype=float) + 10 * r + 0.5 for r in range(6)}
    for r in (2, 0, 1, 5, 3, 4):
        _add(times, r, data[r], -data[r])
    tth, counts, days = times.take(np.arange(7))  # replication 6 has no hires
    assert list(counts) == [1, 2, 3, 4, 5, 6, 0]
    assert np.array_equal(tth, -np.concatenate([data[r] for r in range(6)]))
    assert days.shape == (7, 70) and days.dtype == np.int8
    for r in range(6):
        assert np.array_equal(np.flatnonzero(days[r]), np.floor(data[r]))
    assert not days[6].any()
    assert times.blocks == []


def test_hires_out_of_entry_order_keep_each_ones_day():
    """A replication whose hires are not in order of entry (or fall outside the run) keeps
    each hire's day; windows read the same days either way."""
    times = assembler._HireTimes(10)
    _add(times, 0, np.array([1.5, 2.25, 2.75]), np.array([1.0, 2.0, 3.0]))
    _add(times, 1, np.array([3.5, 1.25]), np.array([4.0, 5.0]))
    _add(times, 2, np.array([4.0, 12.5]), np.array([6.0, 7.0]))
    tth, counts, days = times.take(np.arange(3))
    assert list(counts) == [3, 2, 2]
    assert days.dtype == np.float32 and list(days) == [1, 2, 2, 3, 1, 4, 12]
    arrays = {"hire_tth": {"r": tth}, "hire_days": {"r": days},
              "hire_counts": {"r": counts}}
    eod, t = assembler.window_hires(arrays)("r", 1)
    assert list(eod) == [3, 1] and list(t) == [4.0, 5.0]


def test_a_window_from_kept_days_is_the_window_from_the_times(small, reps):
    """Results.window from the days of entry kept gives the rows it gave from both times
    (float32), in every column, for windows cutting through days with hires; results saved
    with both times and both costs in dollars still give them."""
    import datetime as dt

    import pandas as pd

    from hiringsim.measures.windows import window_row

    res = _results(small, reps, range(3))
    times = {}  # both times per hire in float32, as results kept them before
    for r in range(3):
        rec = hs.run_replication(small, seed=5, replication=r)
        for role in small.roles:
            h = rec.hires[role.name]
            times[r, role.name] = (h["eod"].astype(np.float32),
                                   (h["eod"] - h["application"]).astype(np.float32))
    saved_before = copy.copy(res)  # what results saved by an earlier hiringsim hold
    daily = assembler.window_daily(res._arrays)
    saved_before._arrays = {k: v for k, v in res._arrays.items()
                            if k not in ("hire_tth", "hire_days") and not k.startswith("window_")
                            or k == "window_counts"}
    saved_before._arrays["window_costs"] = {role.name: np.stack(
        [daily(role.name, r)[2:] for r in range(3)]) for role in small.roles}
    saved_before._arrays["hires"] = {role.name: np.concatenate(
        [np.stack(times[r, role.name]) for r in range(3)], axis=1) for role in small.roles}
    for first, last in ((0, small.days - 1), (40, 95), (17, 17)):
        start, end = (small.start + dt.timedelta(days=d) for d in (first, last))
        got = res.window(start, end)
        want = [window_row(WindowData(daily(role.name, r), *times[r, role.name]), first, last)
                for r in range(3) for role in small.roles]
        pd.testing.assert_frame_equal(got[list(want[0])], pd.DataFrame(want))
        pd.testing.assert_frame_equal(saved_before.window(start, end), got)


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


def test_the_worker_task_loads_no_pandas():
    """A worker process that imports the task (spawned pools) does not load pandas."""
    import subprocess
    import sys

    code = ("import sys; from hiringsim.worker import replicate; "
            "import hiringsim.execution; sys.exit('pandas' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0
