"""The cheaper pieces of a replication's summary equal what they replace to the last bit: the
pairwise sum of any slice (:mod:`hiringsim.measures._sums_jit`), each row of a 2-D slice, a
window's mean, median and quantile, a quantile from one partition, the flows' running totals,
hires by day and people paid (:mod:`hiringsim.measures._kept_jit`, against the former numpy code
kept here), and the parts that take running totals already made."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import hiringsim
from hiringsim.measures._sums_jit import numpy_sum, span_sums, span_times
from hiringsim.measures.costs import daily_costs, unit_costs
from hiringsim.measures.funnel import funnel_rows
from hiringsim.measures.kept import _factor, compact_int, entry_days, payroll_of
from hiringsim.measures.milestones import milestone_flows
from hiringsim.measures.quantiles import quantile_partitioned
from hiringsim.model.record import cumulative, role_stocks, stocks

ROOT = Path(__file__).resolve().parents[1]


def _bits(x) -> bytes:
    return np.asarray(x, dtype=np.float64).tobytes()


def _samples(rng):
    """Float64 samples of sizes 0-300 and a few large, of several shapes and magnitudes."""
    for n in [*range(301), 1_000, 4_097, 9_001]:
        yield n, rng.random(n + 3) * 10.0 ** rng.integers(-3, 9)
        yield n, rng.integers(0, 50, n + 3) * 1234.56789  # daily dollars: few values
        yield n, rng.standard_normal(n + 3) * 1e5  # signs mixed


def test_pairwise_sum_is_numpys_on_every_size():
    """``numpy_sum(a, lo, hi)`` is ``a[lo:hi].sum()`` bit for bit (offset slices too)."""
    rng = np.random.default_rng(1)
    for n, a in _samples(rng):
        lo = int(rng.integers(0, 4))
        assert _bits(numpy_sum(a, lo, lo + n)) == _bits(a[lo:lo + n].sum()), n


def test_span_sums_are_each_rows_slice_sum():
    """Every row and span of a 2-D array: numpy's ``sum(axis=1)`` of the slice, bit for
    bit, empty spans 0."""
    rng = np.random.default_rng(2)
    for days in (1, 9, 130, 400, 2_771):
        rows = rng.random((6, days)) * 10.0 ** rng.integers(-2, 8, (6, 1))
        cuts = np.sort(rng.integers(0, days + 1, (12, 2)), axis=1)
        starts, ends = cuts[:, 0].copy(), cuts[:, 1].copy()
        out = np.empty((6, 12))
        span_sums(rows, starts, ends, out)
        want = np.stack([rows[:, s:e].sum(axis=1) for s, e in zip(starts, ends, strict=True)],
                        axis=1)
        assert out.tobytes() == want.tobytes(), days


def test_span_times_are_numpys_mean_median_and_quantile():
    """Each span's mean, median and 0.9 quantile are numpy's bit for bit; NaN when empty."""
    rng = np.random.default_rng(3)
    for n, a in _samples(rng):
        if n > 1_000 and rng.random() < 0.5:
            continue
        ordered = a.copy()
        ordered[1:1 + n].sort()
        out = np.empty((2, 3))
        span_times(a, ordered, np.array([1, 2]), np.array([1 + n, 2]), 0.9, out)
        seg = a[1:1 + n]
        want = ([seg.mean(), np.median(seg), np.quantile(seg, 0.9)] if n
                else [np.nan] * 3)
        assert _bits(out[0]) == _bits(want), n
        assert np.isnan(out[1]).all()


@pytest.mark.parametrize("q", [0.0, 0.1, 0.5, 0.9, 0.999, 1.0])
def test_quantile_from_one_partition_is_numpys(q):
    """Sizes 1-300 and a few large, with ties and zeros: ``np.quantile`` bit for bit."""
    rng = np.random.default_rng(4)
    for n in [*range(1, 301), 5_000, 61_214]:
        x = rng.exponential(20.0, n)
        if n % 3 == 0:
            x = np.floor(x)
        x[rng.random(n) < 0.2] = 0.0
        assert _bits(quantile_partitioned(x, q)) == _bits(np.quantile(x, q)), n
    assert np.isnan(quantile_partitioned(np.zeros(0), q))


def test_cumulative_is_each_flows_cumsum():
    """Running totals of int64 flows (the compiled pass) and of others (numpy's, the
    fallback): the values and the type of ``np.cumsum`` of each flow."""
    rng = np.random.default_rng(5)
    flows = {f"f{i}": rng.integers(0, 1_000, 50) for i in range(7)}
    for given in (flows, {**flows, "small": np.ones(50, dtype=np.int32)},
                  {**flows, "short": np.ones(3, dtype=np.int64)}, {}):
        got = cumulative(given)
        assert list(got) == list(given)
        for k, v in given.items():
            want = np.cumsum(v)
            assert got[k].dtype == want.dtype and np.array_equal(got[k], want), k


def _old_entry_days(eod, days):
    """entry_days before: numpy throughout."""
    day = np.floor(eod.astype(np.float32))
    if len(day) and not (bool(np.all(day[1:] >= day[:-1])) and 0 <= day[0]
                         and day[-1] < days):
        return day, False
    return compact_int(np.bincount(day.astype(np.int64), minlength=days)), True


def _old_factor(dollars, pay):
    """_factor before: numpy throughout."""
    if not (np.isfinite(pay) and pay >= 0) or not np.all(np.isfinite(dollars)):
        return None
    k = np.rint(dollars / pay) if pay > 0 else np.zeros(len(dollars))
    if np.abs(k).max(initial=0) >= 2**62:
        return None
    k = compact_int(k.astype(np.int64))
    same = payroll_of(k, pay).view(np.int64) == np.ascontiguousarray(dollars).view(np.int64)
    return k if bool(same.all()) else None


def _same_array(a, b):
    return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()


def test_entry_days_and_people_paid_are_the_former_code():
    """Hires by day of entry (in order, out of order, outside the run, NaN) and people paid
    (whole, fractional, -0.0, infinite dollars; no pay, NaN or negative pay): the compiled
    passes give what the numpy code gave, type included."""
    rng = np.random.default_rng(6)
    for t in range(600):
        n, days = int(rng.integers(0, 200)), int(rng.integers(0, 300))
        eod = np.sort(rng.uniform(-1.5, days + 1.5, n)) if t % 4 else rng.uniform(0, days, n)
        if t % 5 == 0:
            eod = np.floor(eod)
        if t % 7 == 0 and n:
            eod[rng.integers(0, n)] = np.nan
        (a, ok_a), (b, ok_b) = entry_days(eod, days), _old_entry_days(eod, days)
        assert ok_a == ok_b and _same_array(a, b), t
        pay = [0.0, 123.45, 65_000 / 365.25, 1e-3, np.nan, -1.0][t % 6]
        dollars = rng.integers(-5, 500, n) * (pay if pay == pay else 1.0)
        if t % 3 == 0:
            dollars = dollars + rng.random(n) * (t % 2)
        if t % 11 == 0 and n:
            dollars[0] = -0.0
        if t % 13 == 0 and n:
            dollars[-1] = np.inf
        got, want = _factor(dollars, pay), _old_factor(dollars, pay)
        assert (got is None) == (want is None), t
        assert got is None or _same_array(got, want), t


@pytest.fixture(scope="module")
def channel_record():
    from hiringsim.replication import run_replication

    sc = hiringsim.load_scenario(ROOT / "tests" / "scenarios" / "small_channel_overlap.toml")
    return run_replication(sc, seed=3, replication=1)


def test_parts_given_running_totals_equal_parts_without(channel_record):
    """The funnel, the daily costs, the milestones and the stocks computed from running totals
    already made equal those computed alone (a role with channels and overlapping vetting)."""
    rec = channel_record
    cum = {role.name: cumulative(rec.flows[role.name]) for role in rec.scenario.roles}
    assert funnel_rows(rec, cum=cum) == funnel_rows(rec)
    st = stocks(rec)
    given = daily_costs(rec, st, cum=cum)
    for role, lines in daily_costs(rec, st).items():
        for line, v in lines.items():
            assert _same_array(given[role][line], v), (role, line)
    for role in rec.scenario.roles:
        assert _same_array(milestone_flows(rec, role, cum=cum[role.name]),
                           milestone_flows(rec, role))
        alone = role_stocks(role, rec.flows[role.name], rec.opening.get(role.name))
        for state, v in role_stocks(role, rec.flows[role.name], rec.opening.get(role.name),
                                    cum=cum[role.name]).items():
            assert _same_array(v, alone[state]), (role.name, state)


def test_unit_costs_are_read_once_per_scenario_and_role(channel_record):
    """A second read gives equal costs in a dict of its own; another scenario its own."""
    sc = channel_record.scenario
    role = sc.roles[0]
    first, again = unit_costs(sc, role), unit_costs(sc, role)
    assert first == again and first is not again
    again["salary"] = -1.0
    assert unit_costs(sc, role) == first
    other = sc.with_values({f"roles.{role.name}.salary": 1.0})
    assert unit_costs(other, other.role(role.name))["salary"] == 1.0


@pytest.mark.parametrize("n", [0, 1, 2, 7, 500, 3_000])
def test_window_rows_compiled_are_window_row(n):
    """Fiscal-year-like windows (in order, apart, some empty, at the run's edges): every row
    of the compiled path is window_row's, bit for bit; windows that overlap fall back."""
    from hiringsim.measures.windows import WindowData, window_row, window_rows

    rng = np.random.default_rng(n)
    days = 800
    eod = np.sort(rng.uniform(0, days, n))
    eod[: n // 3] = np.floor(eod[: n // 3])  # some on whole days, at window edges
    eod.sort()
    daily = rng.uniform(0, 5, (4, days)) * 10.0 ** rng.integers(0, 6, (4, 1))
    daily[:2] = np.floor(daily[:2])
    data = WindowData(daily, eod, rng.gamma(3.0, 30.0, n))
    for spans in ([(0, 99), (100, 100), (101, 364), (365, 729), (730, 799)],
                  [(5, 5), (6, 5), (300, 310)], [(0, 799), (100, 200)], []):
        got = window_rows(data, spans)
        want = [window_row(data, d0, d1) for d0, d1 in spans]
        assert [list(r) for r in got] == [list(r) for r in want]
        assert [[type(v) for v in r.values()] for r in got] == [[type(v) for v in r.values()]
                                                                for r in want]
        assert [_bits(list(r.values())) for r in got] == [_bits(list(r.values()))
                                                          for r in want], spans
