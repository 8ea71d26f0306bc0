"""The explorer's session: one warm pool reused across redraws and shut down, the unchanged plan
run once, the same numbers as a plain comparison, and the chart updated in place."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import hiringsim as hs
from hiringsim.app import levers, whatif
from hiringsim.app.chart import FanChart
from hiringsim.app.explorer import Explorer

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "tests" / "scenarios" / "small.toml"


@pytest.fixture(scope="module")
def small():
    return hs.load_scenario(SMALL)


def _pids(explorer: Explorer) -> set[int]:
    pool = explorer._pool
    assert pool is not None
    return {p.pid for p in pool._processes.values()}  # type: ignore[attr-defined]


def test_the_pool_is_started_once_reused_across_redraws_and_shut_down(small):
    """Three presses of Run use one pool (the same worker processes); close() ends them."""
    seen: list[int] = []
    ex = Explorer(jobs=2)
    ex.run(small, {"seats": 30}, replications=4, seed=7, on_progress=seen.append)
    first = _pids(ex)
    assert sum(seen) == 8  # both plans ran
    ex.run(small, {"seats": 20}, replications=4, seed=7, on_progress=seen.append)
    ex.run(small, {"seats": 25}, replications=4, seed=7, on_progress=seen.append)
    assert sum(seen) == 16  # the unchanged plan ran once: 8 + 4 + 4
    assert ex.pools_started == 1 and _pids(ex) == first and len(first) == 2
    processes = list(ex._pool._processes.values())  # type: ignore[union-attr]
    ex.close()
    assert ex._pool is None and all(not p.is_alive() for p in processes)
    with pytest.raises(RuntimeError, match="closed"):
        ex.run(small, {"seats": 30}, replications=4, seed=7)


def test_cached_plans_are_not_run_again(small):
    """Moving a lever back redraws from the cache; to_run says how much will run."""
    with Explorer(jobs=1) as ex:
        assert ex.to_run(small, {"seats": 30}, replications=3, seed=1) == 6
        a = ex.run(small, {"seats": 30}, replications=3, seed=1)
        assert ex.to_run(small, {"seats": 20}, replications=3, seed=1) == 3
        ex.run(small, {"seats": 20}, replications=3, seed=1)
        assert ex.to_run(small, {"seats": 30}, replications=3, seed=1) == 0
        assert ex.run(small, {"seats": 30}, replications=3, seed=1).changed is a.changed
        assert ex.to_run(small, {"seats": 30}, replications=4, seed=1) == 8


def test_the_session_gives_the_numbers_of_a_plain_comparison(small):
    """Pool, cache and all: the kept KPIs and daily series equal ``compare`` with the same seed
    (what the explorer ran before it kept a session)."""
    values = {"seats": 30}
    plan = levers.apply(small, values, name=f"{small.name} (changed)")
    plain = hs.compare({whatif.UNCHANGED: small, whatif.CHANGED: plan}, 4, seed=7,
                       progress=False)
    with Explorer(jobs=2) as ex:
        ex.run(small, {"seats": 20}, replications=4, seed=7)  # the unchanged run is cached here
        out = ex.run(small, values, replications=4, seed=7)
    for label in (whatif.UNCHANGED, whatif.CHANGED):
        got, want = out.comparison.results[label], plain.results[label]
        assert got.kpis.equals(want.kpis)
        assert got.funnel.equals(want.funnel) and got.fiscal.equals(want.fiscal)
        for role in want._series:
            assert np.array_equal(got._series[role], want._series[role])
    assert out.table.equals(whatif.answer_table(plain))


def test_the_chart_is_updated_in_place_and_looks_like_a_new_one(small):
    """A second run of the same scenario moves the artists' data of the same figure; the
    result draws what a fresh figure draws."""
    with Explorer(jobs=1) as ex:
        a = ex.run(small, {"seats": 30}, replications=3, seed=7)
        b = ex.run(small, {"seats": 5}, replications=3, seed=7)
    chart = FanChart()
    fig = chart.draw(a)
    assert chart.draw(b) is fig and chart.built == 1
    fresh = whatif.figure(b)
    ax, ax2 = fig.axes[0], fresh.axes[0]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        t.get_text() for t in ax2.get_legend().get_texts()]
    for line, line2 in zip(ax.lines, ax2.lines, strict=True):
        assert np.array_equal(np.asarray(line.get_ydata(), float),
                              np.asarray(line2.get_ydata(), float))
    for band, band2 in zip(ax.collections, ax2.collections, strict=True):
        assert np.allclose(band.get_paths()[0].vertices, band2.get_paths()[0].vertices)
    other = hs.load_scenario(SMALL)  # another scenario object: a new figure
    with Explorer(jobs=1) as ex:
        assert chart.draw(ex.run(other, {}, replications=2, seed=7)) is not fig


def test_a_run_goes_out_in_the_tasks_per_worker_asked_for_with_the_same_numbers(small):
    """Two workers, 4 replications: two tasks per worker send 4 tasks of 1, one per worker 2 of
    2; the results are the same either way."""
    from concurrent.futures import ThreadPoolExecutor

    runs = {}
    with ThreadPoolExecutor(2) as pool:
        for per_worker in (2, 1):
            seen: list[int] = []
            ex = Explorer(executor=pool, batches_per_worker=per_worker)
            runs[per_worker] = ex.unchanged(small, replications=4, seed=7,
                                            on_progress=seen.append)
            assert sorted(seen) == ([1, 1, 1, 1] if per_worker == 2 else [2, 2])
    assert runs[1].kpis.equals(runs[2].kpis)


def test_the_answer_table_differences_are_those_of_every_kpi(small):
    """The table computes the paired differences of its three KPIs only, and they are the rows
    of the comparison's full differences."""
    with Explorer(jobs=1) as ex:
        out = ex.run(small, {"seats": 30}, replications=3, seed=7)
    full = out.comparison.differences(whatif.UNCHANGED).set_index("kpi")
    few = out.comparison.differences(whatif.UNCHANGED, kpis=whatif.ANSWER_KPIS).set_index("kpi")
    assert list(few.index) == list(whatif.ANSWER_KPIS)
    assert few.equals(full.loc[list(whatif.ANSWER_KPIS)])
    growth = full.loc["growth_at_deadline"]
    shown = out.table.iloc[2]["difference (paired)"]
    assert shown.lstrip("+").startswith(f"{growth['mean']:,.0f} ({growth['ci_low']:,.0f} to")
