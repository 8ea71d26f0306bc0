"""Designs: grid, Latin hypercube, Sobol' (Saltelli A/B/AB) and one-at-a-time; value mapping."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hiringsim.scenario import load_scenario
from hiringsim.sweep import Parameter, Sweep
from hiringsim.sweep.design import design_points

BASELINE = Path(__file__).resolve().parents[1] / "scenarios" / "baseline.toml"


def _matrix(points, names):
    return np.array([[p.values[n] for n in names] for p in points], dtype=float)


def test_grid_is_every_combination():
    """A grid takes every combination of lists and evenly spaced levels, ends included."""
    sweep = Sweep(parameters=[Parameter("a", values=["x", "y", "z"]),
                              Parameter("b", low=0.5, high=2.0, levels=4),
                              Parameter("c", low=1, high=9, levels=3, type="int")],
                  outcomes=["out"], design="grid", seed=0)
    points = design_points(sweep)
    assert len(points) == sweep.n_points == 3 * 4 * 3
    combos = {(p.values["a"], p.values["b"], p.values["c"]) for p in points}
    assert len(combos) == 36
    assert sorted({p.values["b"] for p in points}) == [0.5, 1.0, 1.5, 2.0]
    assert sorted({p.values["c"] for p in points}) == [1, 5, 9]
    assert all(type(p.values["c"]) is int for p in points)
    assert [p.point_id for p in points] == list(range(36))


def test_lhs_is_stratified_and_within_bounds():
    """Each LHS column puts exactly one point in each of n equal strata of its range."""
    n = 50
    sweep = Sweep(parameters=[Parameter("a", low=-1.0, high=3.0), Parameter("b", low=10, high=20)],
                  outcomes=["out"], design="lhs", n=n, seed=7)
    x = _matrix(design_points(sweep), ["a", "b"])
    assert x.shape == (n, 2)
    for col, (lo, hi) in zip(x.T, [(-1.0, 3.0), (10, 20)], strict=True):
        assert lo <= col.min() and col.max() <= hi
        strata = np.floor((col - lo) / (hi - lo) * n).astype(int)
        assert sorted(strata) == list(range(n))


def test_int_range_gives_equally_likely_integers():
    """An int range maps the unit interval to low..high with equal shares (ends included)."""
    sweep = Sweep(parameters=[Parameter("k", low=1, high=3, type="int")], outcomes=["out"],
                  design="lhs", n=300, seed=3)
    ks = [p.values["k"] for p in design_points(sweep)]
    assert all(type(k) is int for k in ks)
    assert {k: ks.count(k) for k in (1, 2, 3)} == {1: 100, 2: 100, 3: 100}


def test_sobol_blocks_follow_saltelli():
    """Sobol' design: n(d+2) points; AB_i equals A except column i, which comes from B."""
    n, names = 16, ["a", "b", "c"]
    sweep = Sweep(parameters=[Parameter("a", low=0, high=1), Parameter("b", low=5, high=6),
                              Parameter("c", low=0, high=100, type="int")],
                  outcomes=["out"], design="sobol", n=n, seed=11)
    points = design_points(sweep)
    assert len(points) == sweep.n_points == n * 5
    blocks = [p.block for p in points]
    assert [blocks.count(b) for b in ("A", "B", "AB0", "AB1", "AB2")] == [n] * 5

    def block(name):
        rows = sorted((p for p in points if p.block == name), key=lambda p: p.sample)
        return _matrix(rows, names)

    a, b = block("A"), block("B")
    assert not np.array_equal(a, b)
    for i in range(3):
        expected = a.copy()
        expected[:, i] = b[:, i]
        np.testing.assert_array_equal(block(f"AB{i}"), expected)
    x = _matrix(points, names)
    assert x[:, 0].min() >= 0 and x[:, 0].max() <= 1
    assert x[:, 1].min() >= 5 and x[:, 1].max() <= 6
    assert set(x[:, 2]) <= set(range(101))
    # A's first column is balanced: one point in each of n strata (a (t, m, s)-net property)
    assert sorted(np.floor(a[:, 0] * n).astype(int)) == list(range(n))


def test_design_depends_only_on_the_seed():
    """The same sweep gives the same design; another seed gives another."""
    def make(seed):
        return Sweep(parameters=[Parameter("a", low=0, high=1), Parameter("b", low=0, high=1)],
                     outcomes=["out"], design="sobol", n=8, seed=seed)
    assert design_points(make(5)) == design_points(make(5))
    assert design_points(make(5)) != design_points(make(6))


@pytest.mark.parametrize("param, mean, lo, hi", [
    (Parameter("x", dist="normal", mean=10.0, sd=2.0), 10.0, -math.inf, math.inf),
    (Parameter("x", dist="normal", mean=0.05, sd=0.01, low=0.03, high=0.08), None, 0.03, 0.08),
    (Parameter("x", dist="lognormal", mean=2600.0, cv=0.2), 2600.0, 0.0, math.inf),
    (Parameter("x", dist="triangular", low=40.0, mode=60.0, high=120.0), 220.0 / 3, 40.0, 120.0),
    (Parameter("x", dist="uniform", low=2.0, high=4.0), 3.0, 2.0, 4.0),
])
def test_distributions_map_through_inverse_cdf(param, mean, lo, hi):
    """Stratified samples of each distribution have its mean (within 0.5%) and support."""
    sweep = Sweep(parameters=[param], outcomes=["out"], design="lhs", n=4000, seed=1)
    x = _matrix(design_points(sweep), ["x"])[:, 0]
    assert lo <= x.min() and x.max() <= hi
    if mean is not None:
        assert x.mean() == pytest.approx(mean, rel=5e-3, abs=1e-3)


def test_list_in_lhs_takes_each_value_equally():
    """A discrete list in an LHS design takes each value in equal shares."""
    sweep = Sweep(parameters=[Parameter("s", values=["a", "b", "c", "d"])], outcomes=["out"],
                  design="lhs", n=40, seed=2)
    got = [p.values["s"] for p in design_points(sweep)]
    assert {v: got.count(v) for v in "abcd"} == dict.fromkeys("abcd", 10)


def test_oat_moves_one_parameter_at_a_time():
    """OAT: the nominal point, then each parameter alone at its low and high value."""
    base = load_scenario(BASELINE)
    pr = "roles.officer.stages.background.pass_rate"
    seats = "roles.officer.academy.seats"
    att = "roles.officer.attrition.annual_rate"
    pr0, seats0, att0 = base.get(pr), base.get(seats), base.get(att)
    sweep = Sweep(parameters=[Parameter(pr, low=pr0 - 0.1, high=pr0 + 0.1),
                              Parameter(seats, low=seats0 + 10, high=seats0 + 40),  # excludes base
                              Parameter(att, dist="normal", mean=att0, sd=0.01)],
                  outcomes=["hires"], design="oat", seed=0, base=base)
    points = design_points(sweep)
    assert len(points) == sweep.n_points == 7
    nominal = points[0].values
    # base values where the design can reach them, else the middle of the range
    assert nominal == {pr: pr0, seats: seats0 + 25, att: att0}
    assert [(p.block, p.sample) for p in points[1:]] == [
        ("low", 0), ("high", 0), ("low", 1), ("high", 1), ("low", 2), ("high", 2)]
    for p in points[1:]:
        changed = [k for k in nominal if p.values[k] != nominal[k]]
        assert changed == [sweep.parameters[p.sample].path]
    assert points[1].values[pr] == pr0 - 0.1 and points[2].values[pr] == pr0 + 0.1
    assert points[5].values[att] == pytest.approx(att0 - 1.6448536 * 0.01, rel=1e-6)


@given(low=st.floats(-1e6, 1e6, allow_nan=False), width=st.floats(1e-3, 1e6),
       as_int=st.booleans(),
       u=st.lists(st.floats(0.0, 1.0, exclude_max=True), min_size=1, max_size=50))
def test_ranges_map_monotonically_into_bounds(low, width, as_int, u):
    """Any range maps unit samples monotonically into [low, high] (ints: whole numbers)."""
    if as_int:
        low, width = float(round(low)), float(max(1, round(width)))
    p = Parameter("x", low=low, high=low + width, type="int" if as_int else "float")
    u = np.sort(np.asarray(u))
    x = p.from_unit(u)
    assert np.all(np.diff(x) >= 0)
    assert x.min() >= p.low and x.max() <= p.high
    if as_int:
        assert x.dtype.kind == "i"
