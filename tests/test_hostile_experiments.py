"""Experiments under hostile conditions: a killed parent, unreachable schedulers, huge numbers.

Issue #15: every input either runs or gives one clear error naming the file and field, within
seconds and bounded memory; nothing is left running or written where it should not be.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


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


def _closed_port() -> int:
    """A localhost port nobody listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_unreachable_scheduler_fails_fast_naming_the_address(tmp_path, capsys):
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
    address = f"tcp://127.0.0.1:{_closed_port()}"
    t0 = time.monotonic()
    rc = main(["sweep", str(sweep), "--scheduler", address, "--out", str(tmp_path / "out"),
               "-q"])
    assert time.monotonic() - t0 < 10
    err = capsys.readouterr().err
    assert rc == 2
    assert f"could not reach the dask scheduler at {address}" in err
    assert "Traceback" not in err
