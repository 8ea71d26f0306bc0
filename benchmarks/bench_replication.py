"""One baseline replication against the floor model, and cost against applications.

    python benchmarks/bench_replication.py [--quick]

Rows (CPU time, ``time.process_time``, the median of several repeats; the floor and hiringsim
are timed alternately in one process, so a busy machine slows both alike):

* the floor model (``benchmarks/floor.py``: the same draws, the exact queue and the class
  arithmetic, nothing else) and ``hiringsim.run_replication(sc, seed=1)`` in fast mode on
  ``scenarios/baseline.toml``, and their ratio (target: within 3x);
* seconds per replication (target 0.03 s: 1,000 replications in 20 s on 2 processes);
* the time at 2x and 8x the applications (every role's recruiting ``per_week`` scaled) as a
  ratio to 1x (targets 2 and 8: cost linear in applications);
* ``import hiringsim`` (s, a fresh interpreter), the first replication in a fresh interpreter
  with an empty numba cache (every loop compiled) and with the cache written, and, without
  ``--quick``, the reference mode's replication and the fast mode's speed-up over it.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BASELINE = ROOT / "scenarios" / "baseline.toml"
if str(ROOT / "src") not in sys.path:  # pragma: no cover - run from a checkout
    sys.path.insert(0, str(ROOT / "src"))
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))


def _cpu(fn) -> float:
    t0 = time.process_time()
    fn()
    return time.process_time() - t0


def scaled(sc, factor: float):
    """``sc`` with every role's recruiting rate times ``factor``."""
    values = {}
    for role in sc.roles:
        for i, period in enumerate(role.recruiting):
            values[f"roles.{role.name}.recruiting.{i}.per_week"] = period.per_week * factor
    return sc.with_values(values)


def floor_vs_hiringsim(sc, repeats: int) -> tuple[float, float]:
    """Median CPU seconds of the floor model and of a fast replication, timed alternately."""
    import floor

    import hiringsim

    model = floor.prepare(sc)
    model.run(0)
    hiringsim.run_replication(sc, seed=1)  # compile and cache before timing
    f, h = [], []
    for _ in range(repeats):
        f.append(_cpu(lambda: model.run(1)))
        h.append(_cpu(lambda: hiringsim.run_replication(sc, seed=1)))
    return statistics.median(f), statistics.median(h)


def scaling(sc, factors: tuple[int, ...], repeats: int) -> dict[int, float]:
    """Median CPU seconds of a fast replication at each factor of the applications,
    the factors timed in turn within each repeat."""
    import hiringsim

    scs = {k: scaled(sc, k) for k in factors}
    for s in scs.values():
        hiringsim.run_replication(s, seed=1)
    times: dict[int, list[float]] = {k: [] for k in factors}
    for _ in range(repeats):
        for k, s in scs.items():
            times[k].append(_cpu(lambda s=s: hiringsim.run_replication(s, seed=1)))
    return {k: statistics.median(v) for k, v in times.items()}


def import_seconds(repeats: int) -> float:
    code = ("import time; t=time.perf_counter(); import hiringsim; "
            "print(time.perf_counter()-t)")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return statistics.median(
        float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                             check=True, env=env).stdout) for _ in range(repeats))


def first_run_seconds() -> tuple[float, float]:
    """CPU seconds of the first baseline replication in a fresh interpreter with an empty
    numba cache (``NUMBA_CACHE_DIR``: a new temporary folder, so every loop compiles), and
    with the cache just written (every loop loaded from disk)."""
    import tempfile

    code = (f"import time, hiringsim; sc = hiringsim.load_scenario({str(BASELINE)!r}); "
            "t = time.process_time(); hiringsim.simulate(sc, 1, seed=1, progress=False); "
            "print(time.process_time() - t)")
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NUMBA_CACHE_DIR": cache}
        out = [float(subprocess.run([sys.executable, "-c", code], capture_output=True,
                                    text=True, check=True, env=env).stdout) for _ in range(2)]
    return out[0], out[1]


def rows(quick: bool) -> list[dict]:
    import hiringsim

    sc = hiringsim.load_scenario(BASELINE)
    load = f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    repeats = 5 if quick else 11
    floor_s, fast_s = floor_vs_hiringsim(sc, repeats)
    scale = scaling(sc, (1, 2, 8), 5 if quick else 9)
    out = [
        {"measure": "floor model of one baseline replication (CPU s)", "value": floor_s,
         "unit": "s", "target": None, "op": "", "note": f"median of {repeats}, {load}"},
        {"measure": "one baseline replication, fast mode (CPU s)", "value": fast_s,
         "unit": "s", "target": 0.03, "op": "<=",
         "note": "hiringsim.run_replication(sc, seed=1)"},
        {"measure": "one replication as a multiple of the floor model", "value": fast_s / floor_s,
         "unit": "x", "target": 3.0, "op": "<=", "note": "both timed alternately in one run"},
    ]
    for k in (2, 8):
        out.append({"measure": f"time at {k}x the applications, as a multiple of 1x",
                    "value": scale[k] / scale[1], "unit": "x", "target": float(k), "op": "<=",
                    "note": f"1x {scale[1]:.3f} s, {k}x {scale[k]:.3f} s CPU"})
    out.append({"measure": "import hiringsim (s)", "value": import_seconds(3 if quick else 5),
                "unit": "s", "target": 0.2, "op": "<=", "note": "a fresh interpreter"})
    cold, cached = first_run_seconds()
    out.append({"measure": "the first replication in a new environment, compiling every loop "
                "(CPU s)", "value": cold, "unit": "s", "target": None, "op": "",
                "note": f"an empty numba cache; {cached:.2f} s once the cache is written "
                        "(loaded from disk, once per process)"})
    if not quick:
        ref = _cpu(lambda: hiringsim.run_replication(sc, seed=1, mode="reference"))
        out.append({"measure": "one baseline replication, reference mode (CPU s)", "value": ref,
                    "unit": "s", "target": None, "op": "", "note": "one SimPy process each"})
        out.append({"measure": "fast mode's speed-up over reference mode", "value": ref / fast_s,
                    "unit": "x", "target": 100.0, "op": ">=", "note": ""})
    return out


if __name__ == "__main__":  # pragma: no cover
    for row in rows("--quick" in sys.argv):
        print(row)
