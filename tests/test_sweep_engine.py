"""Execution: identical results on every executor, resume after kills, lost workers, errors."""

from __future__ import annotations

import logging
import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd
import pytest

from hiringsim.sweep import (
    Parameter,
    Sweep,
    SweepError,
    SweepRunError,
    load_sweep,
    open_sweep,
    run_sweep,
)
from hiringsim.sweep.toys import SleepyModel, noisy_linear


def _toy_sweep(**changes) -> Sweep:
    sweep = Sweep(parameters=[Parameter("a", low=0.0, high=2.0),
                              Parameter("k", low=1, high=6, type="int"),
                              Parameter("c", values=[0.5, 1.5, 4.0])],
                  outcomes=["y", "count"], design="lhs", n=24, replications=3, seed=42)
    return sweep.replace(**changes) if changes else sweep


def _frames(result):
    return result.design, result.outcomes, result.table()


def _assert_same(r1, r2):
    for f1, f2 in zip(_frames(r1), _frames(r2), strict=True):
        pd.testing.assert_frame_equal(f1, f2, check_exact=True)


@pytest.fixture(scope="module")
def serial(tmp_path_factory):
    """The toy sweep run in this process: the reference result."""
    store = tmp_path_factory.mktemp("serial") / "serial.sqlite"
    return run_sweep(_toy_sweep(), store=store, evaluate=noisy_linear, n_jobs=1, progress=False)


@pytest.fixture(scope="module")
def cluster():
    """A real dask.distributed LocalCluster with two single-threaded worker processes."""
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                      dashboard_address=None, silence_logs=logging.ERROR) as c:
        yield c


def test_serial_result_is_complete(serial):
    """Every point and replication is stored once, each row with its seed."""
    assert serial.complete and serial.finished == 24
    assert len(serial.outcomes) == 24 * 3
    assert not serial.outcomes.duplicated(["point_id", "replication"]).any()
    assert (serial.outcomes["seed"] == 42).all()
    # replication r of each point equals a direct call with (seed, r)
    row = serial.outcomes.iloc[7]
    values = serial.design.loc[row.point_id, ["a", "k", "c"]].to_dict()
    assert noisy_linear(values, 42, int(row.replication))["y"] == row.y


def test_process_pool_matches_serial(serial, tmp_path):
    """A process pool (owned, and one passed in) gives exactly the serial tables."""
    owned = run_sweep(_toy_sweep(), store=tmp_path / "pool.sqlite", evaluate=noisy_linear,
                      n_jobs=2, progress=False)
    _assert_same(serial, owned)
    with ProcessPoolExecutor(2) as ex:
        given = run_sweep(_toy_sweep(), store=tmp_path / "given.sqlite", evaluate=noisy_linear,
                          executor=ex, batch_size=5, progress=False)
    _assert_same(serial, given)


def test_batch_sizes_do_not_change_results(serial, tmp_path):
    """Batching (one point per task, or seven) leaves the results unchanged."""
    for k in (1, 7):
        again = run_sweep(_toy_sweep(), store=tmp_path / f"b{k}.sqlite", evaluate=noisy_linear,
                          n_jobs=1, batch_size=k, progress=False)
        _assert_same(serial, again)


def test_dask_local_cluster_matches_serial(serial, cluster, tmp_path):
    """A dask LocalCluster (via its executor, and via a scheduler address) matches serial."""
    from distributed import Client

    with Client(cluster) as client:
        via_executor = run_sweep(_toy_sweep(), store=tmp_path / "dask1.sqlite",
                                 evaluate=noisy_linear, executor=client.get_executor(),
                                 batch_size=3, progress=False)
    _assert_same(serial, via_executor)
    via_address = run_sweep(_toy_sweep(), store=tmp_path / "dask2.sqlite", evaluate=noisy_linear,
                            scheduler=cluster.scheduler_address, progress=False)
    _assert_same(serial, via_address)


def _count_finished(store: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{store}?mode=ro", uri=True, timeout=5)
        try:
            return con.execute("SELECT count(*) FROM finished").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0   # not created yet


SWEEP_FILE = """
design = "lhs"
n = 160
replications = 2
seed = 7
outcomes = ["y", "count"]
[parameters.a]
low = 0.0
high = 1.0
[parameters.k]
low = 0
high = 9
type = "int"
"""


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_killed_sweep_resumes_to_the_same_table(tmp_path, sig):
    """A sweep process (with its pool) killed mid-way resumes to the uninterrupted result,
    running only the missing points and duplicating none."""
    spec = tmp_path / "toy.toml"
    spec.write_text(SWEEP_FILE)
    store = tmp_path / "killed.sqlite"
    code = textwrap.dedent(f"""
        from hiringsim.sweep import load_sweep, run_sweep
        from hiringsim.sweep.toys import SleepyModel
        run_sweep(load_sweep({str(spec)!r}), store={str(store)!r}, evaluate=SleepyModel(0.005),
                  n_jobs=2, batch_size=2, progress=False)
    """)
    log = tmp_path / "stderr.txt"
    with open(log, "wb") as err:
        proc = subprocess.Popen([sys.executable, "-c", code], start_new_session=True,
                                stderr=err)
    deadline = time.monotonic() + 30
    while _count_finished(store) < 20:
        assert proc.poll() is None, log.read_text()
        assert time.monotonic() < deadline, "the sweep made no progress"
        time.sleep(0.01)
    os.killpg(proc.pid, sig)            # the sweep and its workers: one process group
    proc.wait(timeout=30)
    assert proc.returncode != 0
    before = _count_finished(store)
    assert 20 <= before < 160, before
    stored = open_sweep(store).outcomes

    calls = []

    def counting(values, seed, replication):
        calls.append(1)
        return noisy_linear(values, seed, replication)

    resumed = run_sweep(load_sweep(spec), store=store, evaluate=counting, n_jobs=1,
                        progress=False)
    fresh = run_sweep(load_sweep(spec), store=tmp_path / "fresh.sqlite",
                      evaluate=noisy_linear, n_jobs=1, progress=False)
    _assert_same(fresh, resumed)
    assert len(calls) == (160 - before) * 2
    assert not resumed.outcomes.duplicated(["point_id", "replication"]).any()
    kept = resumed.outcomes[resumed.outcomes["point_id"].isin(stored["point_id"])]
    pd.testing.assert_frame_equal(kept.reset_index(drop=True), stored, check_exact=True)


class CrashOnce:
    """noisy_linear, but the first run with k == 3 kills its worker process."""

    def __init__(self, marker: str):
        self.marker = marker

    def __call__(self, values, seed, replication):
        if values["k"] == 3 and not os.path.exists(self.marker):
            Path(self.marker).touch()
            os._exit(1)
        return noisy_linear(values, seed, replication)


def test_lost_worker_is_replaced(serial, tmp_path, caplog, capfd):
    """A process-pool worker that dies is replaced and its points run again: same result;
    the note goes through logging, nothing is printed."""
    with caplog.at_level(logging.WARNING, logger="hiringsim"):
        got = run_sweep(_toy_sweep(), store=tmp_path / "crash.sqlite",
                        evaluate=CrashOnce(str(tmp_path / "crashed")), n_jobs=2, batch_size=2,
                        progress=False)
    assert (tmp_path / "crashed").exists()
    assert "a worker process died; restarting the pool" in caplog.text
    assert capfd.readouterr().err == ""
    _assert_same(serial, got)


def test_lost_worker_without_restarts_stops_and_resumes(serial, tmp_path):
    """With max_restarts=0 a lost worker stops the sweep; running it again completes it."""
    store = tmp_path / "crash0.sqlite"
    with pytest.raises(SweepRunError, match="worker process died"):
        run_sweep(_toy_sweep(), store=store, evaluate=CrashOnce(str(tmp_path / "m")), n_jobs=2,
                  batch_size=2, max_restarts=0, progress=False)
    assert open_sweep(store).finished < 24
    _assert_same(serial, run_sweep(_toy_sweep(), store=store, evaluate=noisy_linear, n_jobs=1,
                                   progress=False))


def _fails_at_k5(values, seed, replication):
    if values["k"] == 5:
        raise ValueError("model exploded")
    return noisy_linear(values, seed, replication)


def test_model_error_names_the_point_and_keeps_finished_work(tmp_path):
    """A model error stops the sweep naming point, values and replication; finished points stay."""
    store = tmp_path / "err.sqlite"
    with pytest.raises(SweepRunError, match=r"point \d+ \{.*'k': 5.*\}, replication 0 "
                                            r"\(seed 42\): ValueError: model exploded"):
        run_sweep(_toy_sweep(), store=store, evaluate=_fails_at_k5, n_jobs=1, batch_size=1,
                  progress=False)
    assert 0 < open_sweep(store).finished < 24


def test_missing_outcome_is_explained(tmp_path):
    """An outcome the model does not return is named, with the KPIs it does return."""
    with pytest.raises(SweepRunError, match="no outcome 'nope'; it returned: count, one, y"):
        run_sweep(_toy_sweep(outcomes=["nope"]), store=tmp_path / "x.sqlite",
                  evaluate=noisy_linear, n_jobs=1, progress=False)


def test_resume_refuses_another_sweep(serial, tmp_path):
    """A store made by one sweep refuses another (seed, design or parameters), saying why."""
    store = serial.store
    with pytest.raises(SweepError, match=r"store: was made by a different sweep.*seed: 42 in "
                                         r"the store, 43 now"):
        run_sweep(_toy_sweep(seed=43), store=store, evaluate=noisy_linear, n_jobs=1,
                  progress=False)
    other = _toy_sweep(parameters=[Parameter("a", low=0.0, high=3.0)])
    with pytest.raises(SweepError, match="parameters differ"):
        run_sweep(other, store=store, evaluate=noisy_linear, n_jobs=1, progress=False)
    # the same sweep resumes: nothing left to run, same tables
    _assert_same(serial, run_sweep(_toy_sweep(), store=store, evaluate=noisy_linear, n_jobs=1,
                                   progress=False))


def test_open_sweep_reads_a_store_alone(serial):
    """open_sweep() rebuilds the sweep and its frames from the store without the sweep file."""
    again = open_sweep(serial.store)
    assert again.sweep == serial.sweep.replace(name=again.sweep.name)
    _assert_same(serial, again)


def test_sleepy_model_runs_in_a_pool(tmp_path):
    """Toy models with state (SleepyModel) pickle to process pools."""
    sweep = _toy_sweep(n=4, replications=1)
    got = run_sweep(sweep, store=tmp_path / "s.sqlite", evaluate=SleepyModel(0.001), n_jobs=2,
                    progress=False)
    assert got.complete


def test_no_model_without_base(tmp_path):
    """A sweep without a base scenario needs evaluate=, and says so before creating a store."""
    with pytest.raises(SweepError, match="base: no base scenario"):
        run_sweep(_toy_sweep(), store=tmp_path / "none.sqlite", n_jobs=1, progress=False)
    assert not (tmp_path / "none.sqlite").exists()


def test_load_sweep_without_base(tmp_path):
    """A sweep file may omit base (a model passed in Python); types default to float."""
    path = tmp_path / "toy.toml"
    path.write_text(SWEEP_FILE)
    sweep = load_sweep(path)
    assert sweep.base is None and [p.type for p in sweep.parameters] == ["float", "int"]


def test_interrupted_command_says_what_is_stored(tmp_path, monkeypatch, capsys):
    """Ctrl-C in `hiringsim sweep` exits 130 and says how many points are stored (the library
    prints nothing; the command does)."""
    import hiringsim.sweep
    from hiringsim.cli.sweep import run_sweep_command

    spec = tmp_path / "toy.toml"
    spec.write_text(SWEEP_FILE)
    store = tmp_path / "partial.sqlite"

    def interrupted(sweep, *, store, **options):
        def stop_at_k5(values, seed, replication):
            if values["k"] == 5:
                raise KeyboardInterrupt
            return noisy_linear(values, seed, replication)
        return run_sweep(sweep, store=store, evaluate=stop_at_k5, n_jobs=1, progress=False)

    monkeypatch.setattr(hiringsim.sweep, "run_sweep", interrupted)
    assert run_sweep_command(spec, store=store, out=tmp_path / "out", progress=False) == 130
    finished = open_sweep(store).finished
    assert 0 < finished < 160
    err = capsys.readouterr().err
    assert (f"hiringsim sweep: interrupted; {finished} of 160 points are stored in {store}; "
            "run the sweep again to resume") in err
