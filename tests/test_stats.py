"""Intervals of hiringsim.stats: a difference of probabilities stays inside -100%..+100% and
covers the truth at about its nominal rate."""

from __future__ import annotations

import numpy as np
import pytest

from hiringsim.stats import paired_proportion_difference_ci, proportion_difference_ci

#: paired Bernoulli draws: P(a=1, b=1), P(a=1, b=0), P(a=0, b=1), P(a=0, b=0)
CELLS = [(0.80, 0.12, 0.03, 0.05), (0.02, 0.90, 0.00, 0.08), (0.30, 0.20, 0.20, 0.30)]


def _pairs(rng, cells, n):
    kind = rng.choice(4, size=n, p=cells)
    return np.isin(kind, (0, 1)).astype(float), np.isin(kind, (0, 2)).astype(float)


@pytest.mark.parametrize("cells", CELLS)
def test_paired_interval_covers_at_its_nominal_rate(cells):
    """1,000 samples of 40 pairs (seed 5): the 95% interval covers the true difference
    P(a=1) - P(b=1) in 92-98% of them (Newcombe reports 94-96% for method 10), and never
    leaves [-1, 1]."""
    rng = np.random.default_rng(5)
    truth = cells[1] - cells[2]
    hits = 0
    for _ in range(1000):
        a, b = _pairs(rng, cells, 40)
        d, lo, hi = paired_proportion_difference_ci(a, b)
        assert -1 <= lo <= d <= hi <= 1
        hits += lo <= truth <= hi
    assert 0.92 <= hits / 1000 <= 0.98, hits


def test_unpaired_interval_covers_at_its_nominal_rate():
    """Independent samples of 40 and 50 with p = 0.9 and 0.6: coverage 92-98% over 1,000."""
    rng = np.random.default_rng(6)
    hits = 0
    for _ in range(1000):
        d, lo, hi = proportion_difference_ci(rng.random(40) < 0.9, rng.random(50) < 0.6)
        assert -1 <= lo <= d <= hi <= 1
        hits += lo <= 0.3 <= hi
    assert 0.92 <= hits / 1000 <= 0.98, hits


def test_nineteen_of_twenty_against_none():
    """19 of 20 against 0 of 20 (the case that gave '+95% (+84.5% to +105.5%)' with a t
    interval): Wilson intervals (0.764, 0.991) and (0, 0.161) give 0.95 - hypot(0.186, 0.161)
    to 0.95 + 0.041, paired or not (phi is 0 when a margin is empty)."""
    a, b = np.r_[np.ones(19), 0.0], np.zeros(20)
    for fn in (paired_proportion_difference_ci, proportion_difference_ci):
        d, lo, hi = fn(a, b)
        assert d == pytest.approx(0.95)
        assert lo == pytest.approx(0.7038, abs=1e-4)
        assert hi == pytest.approx(0.9911, abs=1e-4)


def test_identical_pairs_give_a_tight_interval():
    """Every pair equal: the paired interval is narrow around 0, the unpaired one is wide."""
    a = np.r_[np.ones(30), np.zeros(10)]
    d, lo, hi = paired_proportion_difference_ci(a, a.copy())
    _, ulo, uhi = proportion_difference_ci(a, a.copy())
    assert d == 0 and lo < 0 < hi
    assert (hi - lo) < 0.75 * (uhi - ulo)
