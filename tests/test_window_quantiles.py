"""A window's median and 90th percentile from one sort equal numpy's to the last bit, and
:func:`window_rows` equals :func:`window_row` window by window (its fast path and its
fallback)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hiringsim.measures.quantiles import median_sorted, quantile_sorted
from hiringsim.measures.windows import WindowData, window_row, window_rows


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


@pytest.mark.parametrize("kind", ["continuous", "ties", "whole days"])
def test_median_and_quantiles_are_numpys_on_every_size(kind):
    """Sizes 0-400 and a few large ones, continuous values, many ties and whole numbers: the
    median and the 0, 0.1, 0.5, 0.9, 0.99, 1 quantiles equal numpy's bit for bit."""
    rng = np.random.default_rng(3)
    for n in [*range(401), 1_000, 4_097, 20_011]:
        x = rng.gamma(2.0, 60.0, n)
        if kind == "ties":
            x = np.round(x / 25) * 25 + 0.1
        elif kind == "whole days":
            x = np.floor(x)
        s = np.sort(x)
        want = float(np.median(x)) if n else math.nan
        assert _same(median_sorted(s), want), (n, kind)
        for q in (0.0, 0.1, 0.5, 0.9, 0.99, 1.0):
            want = float(np.quantile(x, q)) if n else math.nan
            assert _same(quantile_sorted(s, q), want), (n, q, kind)


def test_a_nan_gives_nan_as_numpy_does():
    """A NaN time (sorted last) makes the median and the quantile NaN."""
    s = np.sort(np.array([3.0, np.nan, 1.0]))
    assert math.isnan(median_sorted(s)) and math.isnan(quantile_sorted(s, 0.9))


def _data(rng, n, days, *, ordered=True):
    eod = rng.uniform(0, days, n)
    eod[: n // 3] = np.floor(eod[: n // 3])  # some on whole days, at window edges
    if ordered:
        eod.sort()
    tth = rng.gamma(3.0, 30.0, n)
    daily = rng.uniform(0, 5, (4, days))
    daily[:2] = np.floor(daily[:2])
    return WindowData(daily, eod, tth)


@pytest.mark.parametrize("ordered", [True, False])
def test_window_rows_are_window_row(ordered):
    """Every window's row (hires, separations, costs, time to hire mean, median and p90) is
    window_row's, hires in entry order (one sort) or not (the fallback); empty windows too."""
    rng = np.random.default_rng(11)
    spans = [(0, 99), (100, 100), (101, 364), (365, 729), (730, 799), (0, 799), (400, 400)]
    for n in (0, 1, 2, 7, 500, 3_000):
        data = _data(rng, n, 800, ordered=ordered)
        got = window_rows(data, spans)
        for (d0, d1), row in zip(spans, got, strict=True):
            want = window_row(data, d0, d1)
            assert row.keys() == want.keys()
            assert all(_same(row[k], want[k]) for k in want), (n, d0, d1)


def test_median_and_quantile_of_other_types_is_numpys():
    """Times that are not float64 go to numpy itself; empty gives NaN."""
    from hiringsim.measures.quantiles import median_and_quantile

    x = np.array([5, 1, 4, 2], dtype=np.float32)
    assert median_and_quantile(x, 0.9) == (float(np.median(x)), float(np.quantile(x, 0.9)))
    assert all(math.isnan(v) for v in median_and_quantile(np.array([]), 0.9))
