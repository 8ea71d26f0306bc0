"""The cheaper pieces of a replication's summary equal what they replaced, bit for bit: the
cost table summed from the lines stacked (:func:`hiringsim.measures.cost_table.cost_rows`), the
fiscal year's on board and the time-to-hire histograms, each against the former per-array code
kept here."""

from __future__ import annotations

import copy

import numpy as np
import pytest

import hiringsim
from hiringsim.measures.cost_table import cost_rows, lines_of
from hiringsim.measures.costs import SHARED, daily_costs
from hiringsim.measures.fiscal import fiscal_rows
from hiringsim.measures.growth import growth_by_role
from hiringsim.measures.hires import TTH_BIN_DAYS, TTH_BINS, time_to_hire_histograms
from hiringsim.measures.windows import fiscal_windows, window_data
from hiringsim.model.record import on_board_states, stocks
from hiringsim.replication import run_replication


def _old_cost_rows(sc, daily):
    """cost_rows before: one sum per year, role and line."""
    who = [r.name for r in sc.roles] + ([SHARED] if sc.resources else [])
    return [{"fiscal_year": year, "role": role, "days": d - d0 + 1,
             **{line: float(daily[role][line][d0:d + 1].sum()) for line in lines_of(role)}}
            for year, d0, d in fiscal_windows(sc) for role in who]


def _bits(rows):
    return [{k: np.float64(v).tobytes() if isinstance(v, float) else v for k, v in r.items()}
            for r in rows]


@pytest.fixture(scope="module")
def baseline_record():
    return run_replication(hiringsim.example("baseline"), seed=7, replication=0, mode="fast")


def test_cost_rows_equal_the_per_line_sums(baseline_record):
    """The baseline's cost table (real daily costs, resources included) and random daily
    dollars of every magnitude: each year, role and line the same float, bit for bit."""
    rec = baseline_record
    sc = rec.scenario
    daily = daily_costs(rec, stocks(rec))
    assert _bits(cost_rows(sc, daily)) == _bits(_old_cost_rows(sc, daily))
    rng = np.random.default_rng(5)
    noisy = {role: {line: rng.normal(size=sc.days) * 10.0 ** rng.integers(-3, 9)
                    for line in lines} for role, lines in daily.items()}
    assert _bits(cost_rows(sc, noisy)) == _bits(_old_cost_rows(sc, noisy))


def test_fiscal_on_board_equals_the_former_code(baseline_record):
    """Each fiscal year's on board from the daily sum made once per role: the same integers as
    the states added on the year's last day."""
    rec = baseline_record
    sc = rec.scenario
    st = stocks(rec)
    growth = growth_by_role(sc, st, rec.opening)
    rows = fiscal_rows(sc, st, growth, window_data(rec, st))
    years = {year: d for year, _, d in fiscal_windows(sc)}
    assert len(rows) == len(years) * len(sc.roles)
    for row in rows:
        role, d = sc.role(row["role"]), years[row["fiscal_year"]]
        assert row["on_board"] == int(sum(st[role.name][x][d] for x in on_board_states(role)))


def _old_histograms(rec):
    """time_to_hire_histograms before: numpy's floor division and bincount."""
    out = {}
    for role in rec.scenario.roles:
        h = rec.hires[role.name]
        tth = h["eod"] - h["application"]
        out[role.name] = np.bincount(
            np.minimum((tth // TTH_BIN_DAYS).astype(np.int64), TTH_BINS - 1),
            minlength=TTH_BINS).astype(np.int32) if len(tth) else np.zeros(TTH_BINS, np.int32)
    return out


def test_time_to_hire_histograms_equal_numpys(baseline_record):
    """The compiled counts equal numpy's bins: the baseline's hires, times on and just off
    whole weeks (where floor division rounds), past the last bin, and none; a negative time
    falls back to numpy (which refuses it)."""
    rec = copy.copy(baseline_record)
    rec.hires = dict(rec.hires)  # (the record is the module's)
    got, want = time_to_hire_histograms(rec), _old_histograms(rec)
    assert list(got) == list(want)
    for k in want:
        assert got[k].dtype == np.int32 and np.array_equal(got[k], want[k])
    role = rec.scenario.roles[0].name
    weeks = np.arange(0.0, 2000.0, 7.0)
    tth = np.concatenate([weeks, np.nextafter(weeks, -1.0)[1:], np.nextafter(weeks, 1e9),
                          np.random.default_rng(2).gamma(2.0, 80.0, 3000), [1e6, 0.0]])
    app = np.random.default_rng(3).uniform(0.0, 900.0, len(tth))
    for eod, application in ((app + tth, app), (np.zeros(0), np.zeros(0))):
        rec.hires[role] = {"eod": eod, "application": application}
        got, want = time_to_hire_histograms(rec), _old_histograms(rec)
        assert np.array_equal(got[role], want[role]) and got[role].dtype == np.int32
    rec.hires[role] = {"eod": np.array([1.0]), "application": np.array([2.0])}
    with pytest.raises(ValueError):
        time_to_hire_histograms(rec)
