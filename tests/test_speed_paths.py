"""The quicker paths of fast mode (issue #16) give exactly what the plain ones give."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import hiringsim
from hiringsim.model.kinds import academy
from hiringsim.model.order import argsort, sort_by
from hiringsim.schedules import cap_at, steps_at

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("values", [
    [3.0, 1.0, 2.0],
    [1.0, 1.0, 0.5, 1.0, 0.5],  # ties keep their order
    [np.inf, 2.0, np.inf, -np.inf, -0.0, 0.0],
    [np.nan, 1.0, np.nan, 0.0],
    [],
])
def test_argsort_is_the_stable_order(values):
    """model.order.argsort gives np.argsort(kind="stable"), ties and NaNs included."""
    a = np.asarray(values, dtype=float)
    assert np.array_equal(argsort(a), np.argsort(a, kind="stable"))
    order, s = sort_by(a)  # with the values in that order, NaNs and signed zeros as they are
    assert np.array_equal(order, argsort(a)) and np.array_equal(s.view(np.int64),
                                                                a[order].view(np.int64))


def _stable(a: np.ndarray) -> None:
    """sort_by(a) is the stable order with the values in it, to the bit."""
    order, s = sort_by(a)
    want = np.argsort(a, kind="stable")
    assert np.array_equal(order, want)
    assert np.array_equal(s.view(np.int64), a[want].view(np.int64))


@pytest.mark.parametrize("case", ["distinct", "ties", "neighbours", "negative", "nan", "inf",
                                  "negative zero", "huge", "tiny"])
def test_packed_sort_is_the_stable_order(case):
    """The packed sort (PACKED_FROM values and more) gives the stable order in every case it
    takes and every case it hands on: tied times, times a few units in the last place apart
    (the same high bits: handed on), negatives, NaN, -0.0 (handed on), inf, huge and subnormal
    times."""
    from hiringsim.model.order import PACKED_FROM

    rng = np.random.default_rng(7)
    a = rng.random(3 * PACKED_FROM) * 2770.0
    if case == "ties":
        a[::7] = a[3]
    elif case == "neighbours":  # two times one unit in the last place apart
        a[10] = np.nextafter(a[200], np.inf)
    elif case == "negative":
        a[5] = -1.5
    elif case == "nan":
        a[[4, 9]] = np.nan
    elif case == "inf":
        a[::11] = np.inf  # tied infinities: handed on
    elif case == "negative zero":
        a[[1, 2]] = [-0.0, 0.0]
    elif case == "huge":
        a *= 1e300
    elif case == "tiny":
        a *= 1e-310  # subnormal
    _stable(a)
    _stable(a[::2])  # not contiguous


def test_packed_sort_on_the_baselines_queue_sizes(monkeypatch):
    """Distinct random times of the sizes the baseline sorts, one infinity among them: the
    packed path itself gives the stable order (numpy's argsort is not called: no two times
    share their high bits here)."""
    rng = np.random.default_rng(11)
    cases = []
    for n in (256, 3_993, 15_938, 66_172):
        a = rng.random(n) * 2770.0
        a[n // 2] = np.inf
        cases.append((a, np.argsort(a, kind="stable")))

    def no_argsort(*args, **kwargs):
        raise AssertionError("the packed sort handed on")

    monkeypatch.setattr(np, "argsort", no_argsort)
    for a, want in cases:
        order, s = sort_by(a)
        assert np.array_equal(order, want)
        assert np.array_equal(s.view(np.int64), a[want].view(np.int64))


def test_argsort_random_times():
    """On many random times with some repeated, the same order as the stable sort."""
    rng = np.random.default_rng(3)
    a = np.round(rng.random(5000) * 100, 2)
    assert np.array_equal(argsort(a), np.argsort(a, kind="stable"))


def test_steps_at_is_cap_at():
    """steps_at reads a step function as cap_at does, a repeated day's last value included."""
    caps = [(0.0, 5.0), (3.0, 7.0), (3.0, 9.0), (10.0, np.inf)]
    t = np.asarray([0, 1, 2.5, 3, 4, 9.99, 10, 50])
    assert steps_at(caps, t).tolist() == [cap_at(caps, x) for x in t]


def test_one_epoch_is_epoch_zero():
    """Without dated changes every time is in epoch 0 (before the start: -1), as searchsorted."""
    sc = hiringsim.load_scenario(ROOT / "scenarios" / "baseline.toml")
    t = np.asarray([-1.0, -0.0, 0.0, 5.5, np.nan, np.inf, -np.inf])
    want = np.searchsorted(np.asarray([0.0]), t, side="right").astype(np.int64) - 1
    assert np.array_equal(sc.epoch_of(t), want)


def _same(a, b) -> None:
    for role, flows in a.flows.items():
        for name, x in flows.items():
            assert np.array_equal(x, b.flows[role][name]), (role, name)
    for role, cl in a.classes.items():
        for x, y in zip(cl, b.classes[role], strict=True):
            assert np.array_equal(x, y), role
    for role, h in a.hires.items():
        for k, x in h.items():
            assert np.array_equal(x, b.hires[role][k]), (role, k)


@pytest.mark.parametrize("path, values", [
    ("scenarios/baseline.toml", {}),
    # few positions: classes short of positions, releases counted back
    ("scenarios/baseline.toml", {"roles.officer.positions.0.growth": 300,
                                 "roles.officer.recruiting.0.per_week": 600}),
    ("scenarios/strategies/vetting_while_training.toml", {}),  # removals during training
])
def test_compiled_classes_equal_python_loop(monkeypatch, path, values):
    """The compiled class loop fills every class as the Python loop does, to the bit."""
    sc = hiringsim.load_scenario(ROOT / path)
    if values:
        sc = sc.with_values(values)
    fast = hiringsim.run_replication(sc, seed=7, replication=1)
    monkeypatch.setattr(academy, "COMPILED", False)
    plain = hiringsim.run_replication(sc, seed=7, replication=1)
    _same(fast, plain)
    assert fast.classes["officer"].filled.sum() > 0
