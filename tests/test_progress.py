"""Long calls show one progress bar (tqdm.auto) with a total, and use the executor given."""

from __future__ import annotations

import re
from concurrent.futures import Executor, Future
from pathlib import Path

import pytest

import hiringsim
from hiringsim import execution

SMALL = Path(__file__).parent / "scenarios" / "small.toml"


@pytest.fixture(scope="module")
def small():
    return hiringsim.load_scenario(SMALL)


@pytest.fixture
def bars(monkeypatch):
    """Every bar made through ``execution.progress_bar``: (desc, total, shown) as made, and
    the bar objects (their final ``n`` and ``total``)."""
    made = []
    real = execution.progress_bar

    def spy(total, progress, **kw):
        bar = real(total, progress, **kw)
        made.append((bar, not bar.disable))  # a closed bar is disabled
        return bar

    monkeypatch.setattr(execution, "progress_bar", spy)
    for mod in ("hiringsim.experiment", "hiringsim.goalseek.solver"):
        m = __import__(mod, fromlist=["progress_bar"])
        monkeypatch.setattr(m, "progress_bar", spy)
    return made


def _shown(bars):
    return [b for b, shown in bars if shown]


class CountingExecutor(Executor):
    """Runs tasks here and counts them (to see that a call uses the executor it is given)."""

    def __init__(self):
        self.tasks = 0

    def submit(self, fn, /, *args, **kwargs):
        self.tasks += 1
        fut = Future()
        fut.set_result(fn(*args, **kwargs))
        return fut


def test_compare_shows_one_bar_over_every_plan(small, bars):
    """compare(...) shows one bar whose total is plans x replications, and it completes."""
    other = small.with_values({"resources.bi.servers": 12}, name="more")
    ex = CountingExecutor()
    hiringsim.compare([small, other], 5, seed=1, progress=True, keep="kpis", executor=ex)
    shown = _shown(bars)
    assert len(shown) == 1
    assert shown[0].total == 10 and shown[0].n == 10
    assert ex.tasks > 0


def test_simulate_until_shows_one_bar(small, bars):
    """simulate_until(...) adds replications on one bar (not a bar per round) that ends at
    the replications run."""
    res = hiringsim.simulate_until(small, half_width=1e-9, initial=4, step=4,
                                   max_replications=12, seed=1, progress=True, keep="kpis")
    shown = _shown(bars)
    assert len(shown) == 1
    assert shown[0].n == shown[0].total == res.replications == 12


def test_solve_one_shows_a_bar_with_its_total(small, capsys):
    """solve_one(progress=True) writes one tqdm bar to stderr that ends at the replications
    it ran (screening and verification) and uses the executor given."""
    ex = CountingExecutor()
    res = hiringsim.solve_one(small, "resources.bi.servers", low=2, high=12, seed=3,
                              replications=10, verify_replications=20, progress=True,
                              executor=ex)
    err = capsys.readouterr().err
    counts = re.findall(r"solve:\s+\d+%\|.*?\|\s*(\d+)/(\d+)", err)
    assert counts, err[-500:]
    done, total = map(int, counts[-1])
    assert done == total == res.total_replications
    assert ex.tasks > 0


def test_calibrate_shows_a_bar_with_its_total(small, capsys):
    """calibrate(..., replications=N, progress=True) shows a bar counting the N replications
    of its simulation check."""
    observed = hiringsim.observe(hiringsim.run_replication(small, seed=7, replication=0))
    ex = CountingExecutor()
    hiringsim.calibrate(small, observed, replications=5, seed=1, progress=True, executor=ex)
    err = capsys.readouterr().err
    assert re.search(r"calibration check:\s+\d+%\|.*\|\s*\d/5 ", err), err[-500:]
    assert ex.tasks > 0
