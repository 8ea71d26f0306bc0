"""Experiments under hostile conditions: a killed parent, unreachable schedulers, huge numbers.

Issue #15: every input either runs or gives one clear error naming the file and field, within
seconds and bounded memory; nothing is left running or written where it should not be.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from fragments import TOY_TOML

ROOT = Path(__file__).resolve().parents[1]


@contextlib.contextmanager
def _memory_limit(extra: int = 3 * 2**30):
    """Address space limited to this process's current size plus ``extra`` bytes (Linux), so
    that a regression fails with MemoryError instead of exhausting the machine."""
    try:
        import resource

        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (ImportError, OSError):  # pragma: no cover - not Linux
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = pages * os.sysconf("SC_PAGE_SIZE") + extra
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _alive(pid: int) -> bool:
    """The process exists and is not a zombie (an unreaped dead process counts as gone)."""
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil is in the test environment
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except (FileNotFoundError, ProcessLookupError):
            return False
        return state not in ("Z", "X")
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


@pytest.mark.skipif(sys.platform == "win32", reason="kill -9 of a parent: POSIX")
def test_pool_workers_exit_when_their_parent_is_killed(tmp_path):
    """After kill -9 of a process running a pool, its workers are gone within seconds."""
    script = textwrap.dedent("""
        import sys, time
        from hiringsim.execution import execute, process_pool
        ex = process_pool(2)
        futures = [ex.submit(time.sleep, 60) for _ in range(2)]
        time.sleep(0.5)
        print(" ".join(str(p) for p in ex._processes), flush=True)
        execute(time.sleep, [60] * 4, executor=ex, progress=False)
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                            env=env)
    try:
        assert proc.stdout is not None
        workers = [int(p) for p in proc.stdout.readline().split()]
        assert len(workers) == 2 and all(_alive(p) for p in workers)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    deadline = time.monotonic() + 6
    while time.monotonic() < deadline and any(_alive(p) for p in workers):
        time.sleep(0.1)
    left = [p for p in workers if _alive(p)]
    for p in left:  # do not leave them behind when the test fails
        os.kill(p, signal.SIGKILL)
    assert not left, f"workers {left} outlived their killed parent"


@pytest.fixture
def closed_port():
    """A localhost port nobody listens on: bound, not listening, and held for the test, so
    another process cannot take it meanwhile (connecting is refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        yield s.getsockname()[1]


def test_unreachable_scheduler_fails_fast_naming_the_address(tmp_path, capsys, closed_port):
    """An unreachable dask scheduler is one error naming the address, within seconds."""
    pytest.importorskip("distributed")
    from hiringsim.cli import main

    sweep = tmp_path / "s.toml"
    sweep.write_text(f'''base = "{(ROOT / "scenarios" / "baseline.toml").as_posix()}"
design = "oat"
seed = 1
outcomes = ["target_by_deadline"]
[parameters."roles.officer.stages.background.pass_rate"]
low = 0.6
high = 0.8
''')
    address = f"tcp://127.0.0.1:{closed_port}"
    t0 = time.monotonic()
    rc = main(["sweep", str(sweep), "--scheduler", address, "--out", str(tmp_path / "out"),
               "-q"])
    assert time.monotonic() - t0 < 10
    err = capsys.readouterr().err
    assert rc == 2
    assert f"could not reach the dask scheduler at {address}" in err
    assert "Traceback" not in err


# -- sweep files: everything checked, and bounded, before a store exists --------------------------
BASELINE = ROOT / "scenarios" / "baseline.toml"
PR = "roles.officer.stages.background.pass_rate"
SERVERS = "resources.background.servers"


def _sweep_file(tmp_path: Path, head: str, params: str | None = None) -> Path:
    path = tmp_path / "s.toml"
    params = params if params is not None else f'[parameters."{PR}"]\nlow = 0.6\nhigh = 0.8\n'
    path.write_text(f'base = "{BASELINE.as_posix()}"\n{head}\n{params}')
    return path


HUGE_SWEEPS = [
    ("seed 2**63", 'design = "lhs"\nn = 8\nseed = 9223372036854775808\n', None, "seed",
     "<= 9223372036854775807"),
    ("n 2**40", 'design = "lhs"\nn = 1099511627776\nseed = 1\n', None, "n", "<= 1000000"),
    ("sobol n 2**40", 'design = "sobol"\nn = 1099511627776\nseed = 1\n', None, "n",
     "<= 1000000"),
    ("levels 10**6", 'design = "grid"\nseed = 1\n',
     f'[parameters."{PR}"]\nlow = 0.6\nhigh = 0.8\nlevels = 1000000\n',
     f'parameters."{PR}".levels', "<= 100000"),
    ("grid product", 'design = "grid"\nseed = 1\n',
     f'[parameters."{PR}"]\nlow = 0.6\nhigh = 0.8\nlevels = 1000\n'
     f'[parameters."roles.officer.stages.interview.pass_rate"]\nlow = 0.1\nhigh = 0.9\n'
     'levels = 1000\n', "(design)", "1,000,000 points; at most 100,000"),
    ("runs", 'design = "lhs"\nn = 1000\nreplications = 10000\nseed = 1\n', None, "(design)",
     "10,000,000 runs"),
    ("replications 10**30", 'design = "lhs"\nn = 8\nreplications = 1e30\nseed = 1\n', None,
     "replications", "<= 1000000"),
    ("int high 1e30", 'design = "lhs"\nn = 8\nseed = 1\n',
     f'[parameters."{SERVERS}"]\nlow = 1\nhigh = 1e30\n', f'parameters."{SERVERS}".high',
     "<= 1000000000000000"),
    ("float low -1e30", 'design = "lhs"\nn = 8\nseed = 1\n',
     f'[parameters."{PR}"]\nlow = -1e30\nhigh = 0.8\n', f'parameters."{PR}".low',
     ">= -1000000000000000"),
    ("values 1e30", 'design = "lhs"\nn = 8\nseed = 1\n',
     f'[parameters."{SERVERS}"]\nvalues = [1, 1e30]\n', f'parameters."{SERVERS}".values',
     "within +-1e+15, got 1e+30"),
    ("values nan", 'design = "lhs"\nn = 8\nseed = 1\n',
     f'[parameters."{PR}"]\nvalues = [0.6, nan]\n', f'parameters."{PR}".values', "finite"),
    ("sd 1e300", 'design = "lhs"\nn = 8\nseed = 1\n',
     f'[parameters."{PR}"]\ndist = "normal"\nmean = 0.7\nsd = 1e300\nlow = 0\nhigh = 1\n',
     f'parameters."{PR}".sd', "<= 1000000000000000"),
]


@pytest.mark.parametrize("name, head, params, field, words", HUGE_SWEEPS,
                         ids=[c[0] for c in HUGE_SWEEPS])
def test_huge_sweeps_are_refused_at_load_with_the_figures(tmp_path, name, head, params, field,
                                                          words):
    """Seeds beyond 64 bits, huge numbers and designs too large to hold are refused when the
    file is read, naming the field and the bound (no memory blow-up, no late overflow)."""
    from hiringsim.sweep import SweepError, load_sweep

    path = _sweep_file(tmp_path, head + 'outcomes = ["hires"]\n', params)
    t0 = time.monotonic()
    with pytest.raises(SweepError) as info:
        load_sweep(path)
    assert time.monotonic() - t0 < 10
    assert any(f == field and words in m for f, m in info.value.problems), info.value.problems
    assert str(path) in str(info.value)


def test_largest_seed_is_stored(tmp_path):
    """The largest seed a store holds (2**63 - 1) runs and round-trips."""
    from hiringsim.sweep import Parameter, Sweep, run_sweep
    from hiringsim.sweep.toys import noisy_linear

    sweep = Sweep(parameters=[Parameter("a", low=0, high=1)], outcomes=["y"], design="oat",
                  seed=2**63 - 1)
    result = run_sweep(sweep, store=tmp_path / "s.sqlite", evaluate=noisy_linear, n_jobs=1,
                       progress=False)
    assert result.complete and set(result.outcomes["seed"]) == {2**63 - 1}


@pytest.mark.parametrize("outcomes", ['"hires"', "5", "{a = 1}", "[1, 2]", '["hires", ""]'])
def test_outcomes_must_be_a_list_of_names(tmp_path, outcomes):
    """A non-list outcomes (or one of non-names) is one SweepError, not a traceback."""
    from hiringsim.sweep import SweepError, load_sweep

    path = _sweep_file(tmp_path, f'design = "oat"\nseed = 1\noutcomes = {outcomes}\n')
    with pytest.raises(SweepError, match="outcomes"):
        load_sweep(path)


def test_unknown_outcome_is_refused_before_the_store_exists(tmp_path):
    """An outcome the scenario does not have is refused before any store is made, so the
    corrected file then runs (not refused as "changed")."""
    from hiringsim.sweep import SweepError, load_sweep, run_sweep

    store = tmp_path / "s.sqlite"
    path = _sweep_file(tmp_path, 'design = "oat"\nseed = 1\n'
                                 'outcomes = ["hires", "nope", "growth@1999-01-01"]\n')
    with pytest.raises(SweepError) as info:
        run_sweep(load_sweep(path), store=store, n_jobs=1, progress=False)
    text = str(info.value)
    assert "outcomes" in text and "'nope'" in text and "hires" not in text.split("'nope'")[0]
    assert "1999-01-01" in text and "time_to_hire_mean" in text   # the names it knows
    assert not store.exists()
    path = _sweep_file(tmp_path, 'design = "oat"\nseed = 1\noutcomes = ["hires"]\n')
    assert run_sweep(load_sweep(path), store=store, n_jobs=1, progress=False).complete


def test_bad_mode_is_refused_before_the_store_exists(tmp_path):
    """A bad mode is a SweepError at load (a file) and at construction (Python)."""
    from hiringsim.sweep import Parameter, Sweep, SweepError, load_sweep

    path = _sweep_file(tmp_path, 'design = "oat"\nseed = 1\noutcomes = ["hires"]\n'
                                 'mode = "warp"\n')
    with pytest.raises(SweepError, match="mode: must be one of fast, reference"):
        load_sweep(path)
    with pytest.raises(SweepError, match="mode"):
        Sweep(parameters=[Parameter("a", low=0, high=1)], outcomes=["y"], design="oat", seed=1,
              mode=3)


# -- stores: refuse what is not a sweep store, keep results in the one file ------------------------
def _toy(**changes):
    from hiringsim.sweep import Parameter, Sweep

    sweep = Sweep(parameters=[Parameter("a", low=0.0, high=2.0)], outcomes=["y"],
                  design="lhs", n=8, seed=42)
    return sweep.replace(**changes) if changes else sweep


def _run_toy(store: Path, **options):
    from hiringsim.sweep import run_sweep
    from hiringsim.sweep.toys import noisy_linear

    return run_sweep(_toy(), store=store, evaluate=options.pop("evaluate", noisy_linear),
                     n_jobs=1, progress=False, **options)


def _corrupt(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[100:] = b"\x5a" * (len(data) - 100)      # keep the header, scramble every page
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("kind", ["text", "corrupted", "directory"])
def test_a_store_that_is_not_a_database_is_one_clear_error(tmp_path, kind):
    """--store on a text file, a corrupted store or a directory: a SweepError naming the
    file, from running and from reading, and the file is left as it was."""
    from hiringsim.sweep import SweepError, open_sweep

    store = tmp_path / "s.sqlite"
    if kind == "text":
        store.write_text("name,value\nx,1\n" * 100)
    elif kind == "corrupted":
        _run_toy(store)
        _corrupt(store)
    else:
        store.mkdir()
    before = store.read_bytes() if store.is_file() else None
    for action in (lambda: _run_toy(store), lambda: open_sweep(store)):
        with pytest.raises(SweepError) as info:
            action()
        assert str(store) in str(info.value) and "not a sweep store" in str(info.value)
    if before is not None:
        assert store.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.sqlite"]


def test_a_foreign_sqlite_database_is_refused_and_left_alone(tmp_path):
    """--store on an unrelated SQLite database is refused: no tables added, no WAL mode."""
    import sqlite3

    from hiringsim.sweep import SweepError

    store = tmp_path / "people.db"
    con = sqlite3.connect(store)
    con.execute("CREATE TABLE people (name TEXT)")
    con.execute("INSERT INTO people VALUES ('ada')")
    con.commit()
    con.close()
    before = store.read_bytes()
    with pytest.raises(SweepError, match=r"people\.db.*not a sweep store.*people"):
        _run_toy(store)
    assert store.read_bytes() == before
    con = sqlite3.connect(store)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert [r[0] for r in con.execute("SELECT name FROM sqlite_master")] == ["people"]
    con.close()


def _results_in_main_file(store: Path, tmp_path: Path) -> int:
    """Finished points readable from a copy of the main file alone (no -wal beside it)."""
    import shutil
    import sqlite3

    copy = tmp_path / "copy" / "alone.sqlite"
    copy.parent.mkdir(exist_ok=True)
    shutil.copyfile(store, copy)
    con = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
    try:
        return con.execute("SELECT count(*) FROM finished").fetchone()[0]
    finally:
        con.close()
        shutil.rmtree(copy.parent)


def test_resume_moves_a_crashed_runs_results_into_the_store_file(tmp_path):
    """After a crash the finished points sit in the -wal file; resuming checkpoints them into
    the store file itself, so copying that one file keeps them."""
    store = tmp_path / "s.sqlite"
    script = textwrap.dedent(f"""
        import os
        from hiringsim.sweep import Parameter, Sweep
        from hiringsim.sweep.store import SweepStore
        sweep = Sweep(parameters=[Parameter("a", low=0.0, high=2.0)], outcomes=["y"],
                      design="lhs", n=8, seed=42)
        st = SweepStore.create_or_resume({str(store)!r}, sweep)
        st.write([(i, 0.1, [(0, 42, 1.0)]) for i in range(5)])
        os._exit(0)   # like kill -9: no close, no checkpoint
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=60)
    assert Path(f"{store}-wal").stat().st_size > 0

    from hiringsim.sweep.store import SweepStore

    with SweepStore.create_or_resume(store, _toy()) as st:
        assert len(st.finished_ids()) == 5
        assert _results_in_main_file(store, tmp_path) == 5


def test_an_interrupted_sweep_leaves_its_results_in_the_store_file(tmp_path):
    """Ctrl-C (or an error) checkpoints the store, even while another reader holds it open."""
    import sqlite3

    from hiringsim.sweep import SweepRunError

    store = tmp_path / "s.sqlite"
    with pytest.raises(SweepRunError):   # an error: the store holds the points before it
        _run_toy(store, evaluate=_noisy_until_a_is_large, batch_size=1)
    reader = sqlite3.connect(store)                      # e.g. a notebook watching progress
    try:
        reader.execute("SELECT count(*) FROM finished").fetchone()
        before = reader.execute("SELECT count(*) FROM finished").fetchone()[0]
        with pytest.raises(KeyboardInterrupt):
            _run_toy(store, evaluate=_interrupt_at_a_near_half, batch_size=1)
        stored = reader.execute("SELECT count(*) FROM finished").fetchone()[0]
        assert stored > before
        assert _results_in_main_file(store, tmp_path) == stored
    finally:
        reader.close()


def _noisy_until_a_is_large(values, seed, replication):
    from hiringsim.sweep.toys import noisy_linear

    if values["a"] > 1.0:
        raise ValueError("too large")
    return noisy_linear(values, seed, replication)


def _interrupt_at_a_near_half(values, seed, replication):
    from hiringsim.sweep.toys import noisy_linear

    if 0.4 < values["a"] < 0.5:   # the 7th of the 8 points
        raise KeyboardInterrupt
    return noisy_linear(values, seed, replication)


# -- solve files: one SolveError for every bad number, type or lever ------------------------------
SOLVE_BASE = TOY_TOML
LEVER = '[levers."resources.bi.servers"]\nlow = 1\nhigh = 5\nstep = 1\n'
MEAN = "roles.officer.stages.bi.duration.mean"

BAD_SOLVES = [
    ("cost nan", LEVER + "cost_per_unit = nan\n", "cost_per_unit", "finite"),
    ("cost inf", LEVER + "cost_per_unit = -inf\n", "cost_per_unit", "finite"),
    ("cost string", LEVER + 'cost_per_unit = "5"\n', "cost_per_unit", "expected a number"),
    ("cost 1e30", LEVER + "cost_per_unit = 1e30\n", "cost_per_unit", "<= 1000000000000000"),
    ("max_verify 0", "max_verify = 0\n" + LEVER, "max_verify", ">= 1"),
    ("max_evaluations 0", "max_evaluations = 0\n" + LEVER, "max_evaluations", ">= 1"),
    ("max_evaluations -5", "max_evaluations = -5\n" + LEVER, "max_evaluations", ">= 1"),
    ("replications string", 'replications = "40"\n' + LEVER, "replications",
     "expected a whole number"),
    ("probability string", 'probability = "0.9"\n' + LEVER, "probability",
     "expected a number"),
    ("low string", LEVER.replace("low = 1", 'low = "1"'), "low", "expected a number"),
    ("verify_replications 10**30",
     "verify_replications = 1000000000000000000000000000000\n" + LEVER,
     "verify_replications", "<= 1000000"),
    ("verify_replications 1e30", "verify_replications = 1e30\n" + LEVER,
     "verify_replications", "<= 1000000"),
    ("replications 1e30", "replications = 1e30\n" + LEVER, "replications", "<= 100000"),
    ("seed 2**70", "seed = 1180591620717411303424\n" + LEVER, "seed",
     "<= 9223372036854775807"),
    ("max_evaluations 1e12", "max_evaluations = 1000000000000\n" + LEVER, "max_evaluations",
     "<= 100000"),
    ("runners_up 1e12", "runners_up = 1000000000000\n" + LEVER, "runners_up", "<= 1000"),
    ("tiny step", f'[levers."{MEAN}"]\nlow = 1\nhigh = 1000\nstep = 1e-9\n', "step",
     "at most 100,000"),
    ("high 1e30", LEVER.replace("high = 5", "high = 1e30"), "high", "<= 1000000000000000"),
    ("grid too big", 'method = "grid"\nreplications = 100\n'
     '[levers."resources.bi.servers"]\nlow = 1\nhigh = 1000\nstep = 1\n'
     f'[levers."{MEAN}"]\nlow = 0.01\nhigh = 10\nstep = 0.01\n', "(search)",
     "runs; at most 1,000,000"),
    ("verification too big", "max_verify = 1000\nverify_replications = 1000000\n" + LEVER,
     "(search)", "runs; at most 1,000,000"),
    ("name number", "name = 5\n" + LEVER, "name", "expected a string"),
    ("description list", "description = [1]\n" + LEVER, "description", "expected a string"),
    ("lever on target.growth", '[levers."target.growth"]\nlow = 100\nhigh = 300\nstep = 10\n',
     'levers."target.growth"', "the target is the question"),
    ("lever on target.deadline", '[levers."target.deadline"]\nlow = 1\nhigh = 3\nstep = 1\n',
     'levers."target.deadline"', "the target is the question"),
]


@pytest.mark.parametrize("name, body, field, words", BAD_SOLVES, ids=[c[0] for c in BAD_SOLVES])
def test_bad_solve_files_are_one_clear_error(tmp_path, name, body, field, words):
    """Non-finite, huge, zero or mistyped numbers, non-string names and levers on the target
    are each one SolveError naming the file and the field, before anything runs."""
    from hiringsim.goalseek import SolveError, load_solve

    (tmp_path / "toy.toml").write_text(SOLVE_BASE)
    path = tmp_path / "solve.toml"
    path.write_text('base = "toy.toml"\n' + body)
    t0 = time.monotonic()
    with pytest.raises(SolveError) as info:
        load_solve(path)
    assert time.monotonic() - t0 < 10
    problems = info.value.problems
    assert any((f == field or f.endswith("." + field)) and words in m for f, m in problems), \
        problems
    assert str(path) in str(info.value)


def test_solve_overrides_are_bounded_too(tmp_path):
    """Command-line style overrides (seed, replications) pass the same checks."""
    from hiringsim.goalseek import SolveError, load_solve, solve

    (tmp_path / "toy.toml").write_text(SOLVE_BASE)
    path = tmp_path / "solve.toml"
    path.write_text('base = "toy.toml"\n' + LEVER)
    spec = load_solve(path)
    with pytest.raises(SolveError, match="verify_replications: must be"):
        solve(spec, verify_replications=10**30, progress=False)
    with pytest.raises(SolveError, match="seed: must be"):
        solve(spec, seed=2**70, progress=False)


# -- observed data: clear errors, bounded simulation -------------------------------------------
SMALL = ROOT / "tests" / "scenarios" / "small.toml"


@pytest.fixture(scope="module")
def observed_csv(tmp_path_factory):
    """Observed data simulated from tests/scenarios/small.toml, as a CSV file."""
    import hiringsim
    from hiringsim.calibration import observe
    from hiringsim.replication import run_replication

    small = hiringsim.load_scenario(SMALL)
    path = tmp_path_factory.mktemp("observed") / "observed.csv"
    observe(run_replication(small, seed=7, replication=0)).to_csv(path, index=False)
    return path


def test_duplicate_column_is_one_clear_error(observed_csv, tmp_path):
    """A header naming a column twice is an ObservedDataError naming the column, not an
    AttributeError."""
    from hiringsim.calibration import ObservedDataError, load_observed

    lines = observed_csv.read_text().splitlines()
    path = tmp_path / "dup.csv"
    path.write_text("\n".join([lines[0] + ",value"]
                              + [f"{line},{line.rsplit(',', 1)[1]}" for line in lines[1:]]))
    with pytest.raises(ObservedDataError, match=r"dup\.csv: \(header\): duplicate columns: value"):
        load_observed(path)


def _scaled(observed_csv: Path, tmp_path: Path, factor: float) -> Path:
    import pandas as pd

    df = pd.read_csv(observed_csv, keep_default_na=False)
    counts = df["measure"] != "time_to_hire_mean"
    df["value"] = df["value"].astype(float)
    df.loc[counts, "value"] = df.loc[counts, "value"] * factor
    path = tmp_path / f"x{factor:g}.csv"
    df.to_csv(path, index=False)
    return path


def test_counts_beyond_any_workforce_are_refused_at_load(observed_csv, tmp_path):
    """Counts multiplied by 1e9 are refused when the file is read, naming row and column."""
    from hiringsim.calibration import ObservedDataError, load_observed

    path = _scaled(observed_csv, tmp_path, 1e9)
    with pytest.raises(ObservedDataError, match=r"row \d+, column value: must be <= "):
        load_observed(path)


def test_calibration_check_too_large_to_simulate_is_refused_with_figures(observed_csv,
                                                                         tmp_path):
    """Counts within the bound but a calibrated scenario too large to simulate: refused with
    the figures before anything runs (no MemoryError) -- by the scenario's own bounds on the
    fitted inputs, named as a problem of the data file."""
    import hiringsim
    from hiringsim.calibration import ObservedDataError, calibrate

    path = _scaled(observed_csv, tmp_path, 1e5)
    small = hiringsim.load_scenario(SMALL)
    t0 = time.monotonic()
    with _memory_limit(), pytest.raises(ObservedDataError,
                                        match=r"x100000\.csv: \(data\): the fitted inputs "
                                              r"make a scenario the model refuses: .*per_week"):
        calibrate(small, path, replications=2, seed=1, progress=False)
    assert time.monotonic() - t0 < 30


@pytest.mark.parametrize("n", [-1, 2.5])
def test_calibrate_negative_replications_is_a_clear_error(observed_csv, n):
    """calibrate(replications=-1) says what is wrong, not "need at least one array to stack"."""
    import hiringsim
    from hiringsim.calibration import calibrate

    small = hiringsim.load_scenario(SMALL)
    with pytest.raises(ValueError, match="replications must be a whole number >= 0"):
        calibrate(small, observed_csv, replications=n, seed=1, progress=False)


def test_calibrate_command_negative_replications(observed_csv, capsys):
    """`hiringsim calibrate ... -n -1` exits 2 with a one-line error."""
    from hiringsim.cli import main

    assert main(["calibrate", str(SMALL), str(observed_csv), "-n", "-1", "-q"]) == 2
    err = capsys.readouterr().err
    assert "--replications must be" in err and ">= 0" in err and "Traceback" not in err
