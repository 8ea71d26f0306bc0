"""The screening kernel on the baseline's own applicants against the kernels it replaced.

    python benchmarks/bench_screening.py [--quick]

One baseline replication (fast mode, seed 1) is run with the compiled kernel wrapped, to keep
its inputs for each role (officer, support, legal).  Each role's screening is then timed (CPU,
``time.process_time``, the min and median of several repeats, the kernels alternately) with
the model's kernel (``hiringsim.model._crn_jit.prefix_jit``), with the stage-by-stage kernel
it replaced (below as ``stage_kernel``, as it was in commit 4d05d7c: a branch on every
applicant's alias step, arrays the size of all applications) and with the
applicant-by-applicant kernel before that (``applicant_kernel``, as in commit 2be9ddc), after
checking that all give the same flows, ids and times to the bit.  Minor page faults a call
(``ru_minflt``) are reported too.
"""

from __future__ import annotations

import os
import resource
import statistics
import sys
import time
from pathlib import Path

import numba
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:  # pragma: no cover - run from a checkout
    sys.path.insert(0, str(ROOT / "src"))

from hiringsim.model._crn_jit import mix  # noqa: E402

_TWO32 = 2.0**-32


@numba.njit(cache=True)
def _days(b, low, size, off, prob32, alias):  # pragma: no cover - compiled
    """A whole-day duration by the alias method from the low 32 bits of ``b``, in integers:
    ``size x u32`` has the column in its high word and the fraction in its low word, exactly
    the floating-point ``x = u size``, ``col = floor(x)``, ``x - col < prob[col]`` of
    :func:`hiringsim.model.sampling.whole_days` (``prob32 = ceil(prob 2**32)``)."""
    y = (b & low) * size
    col = np.int64(y >> np.uint64(32))
    return col if (y & low) < prob32[off + col] else alias[off + col]


@numba.njit(cache=True)
def stage_kernel(counts, stage_keys, thresholds, prob32, alias, offsets, time_key
                 ):  # pragma: no cover - compiled
    """The kernel before the branch-free alias step (as it was in commit 4d05d7c):
    applicants through the leading screening stages, stage by stage.

    The first stage takes each day's applicants in three branch-free passes (draws, a
    four-way histogram of (duration, outcome) for the daily flows when a day's
    applicants outnumber half its cells, and the survivors kept in
    application order); later stages take the survivors of the one before.  Flows beyond the
    horizon land in a last column that is dropped.  The same draws and results as moving each
    applicant through every stage in turn (``tests/test_crn.py``)."""
    days = counts.shape[0]
    k_n = stage_keys.shape[0]
    flows = np.zeros((3 * k_n, days + 1), dtype=np.int64)
    low = np.uint64(0xFFFFFFFF)
    total = 0
    most = 1
    for d in range(days):
        total += counts[d]
        most = max(most, counts[d])
    ids = np.empty(total, dtype=np.uint64)
    day = np.empty(total, dtype=np.int64)
    n = 0
    if k_n == 0:
        for d in range(days):
            base = np.uint64(d) << np.uint64(32)
            for r in range(counts[d]):
                ids[n] = base | np.uint64(r)
                day[n] = d
                n += 1
    else:
        key = stage_keys[0]
        thr = np.uint64(thresholds[0])
        size = np.uint64(offsets[1])
        code = np.empty(most, dtype=np.int64)  # 2 x duration + passed, one day's applicants
        cells = 2 * offsets[1]
        hist = np.zeros((4, cells), dtype=np.int64)  # four copies: no chain of increments
        for d in range(days):
            c = counts[d]
            flows[0, d] = c
            base = np.uint64(d) << np.uint64(32)
            for r in range(c):
                b = mix(key, base | np.uint64(r))
                code[r] = 2 * _days(b, low, size, 0, prob32, alias) + (
                    (b >> np.uint64(32)) < thr)
            if 2 * c < cells:  # few applicants a day: one increment each
                for r in range(c):
                    flows[2 - (code[r] & 1), min(d + (code[r] >> 1), days)] += 1
            else:
                for r in range(c):
                    hist[r & 3, code[r]] += 1
                for j in range(cells):
                    h = hist[0, j] + hist[1, j] + hist[2, j] + hist[3, j]
                    if h:
                        hist[0, j] = hist[1, j] = hist[2, j] = hist[3, j] = 0
                        flows[2 - (j & 1), min(d + (j >> 1), days)] += h
            for r in range(c):
                e = d + (code[r] >> 1)
                ids[n] = base | np.uint64(r)
                day[n] = e
                n += (code[r] & 1) & (e < days)
    for k in range(1, k_n):
        key = stage_keys[k]
        thr = np.uint64(thresholds[k])
        off = offsets[k]
        size = np.uint64(offsets[k + 1] - off)
        row = 3 * k + 2
        for d in range(days):
            flows[3 * k, d] = flows[3 * k - 2, d]
        m = 0
        for i in range(n):
            ident = ids[i]
            b = mix(key, ident)
            e = day[i] + _days(b, low, size, off, prob32, alias)
            passed = (b >> np.uint64(32)) < thr
            flows[row - passed, min(e, days)] += 1
            ids[m] = ident
            day[m] = e
            m += passed & (e < days)
        n = m
    app = np.empty(n)
    t = np.empty(n)
    for i in range(n):
        ident = ids[i]
        frac = float(np.int64(mix(time_key, ident) >> np.uint64(11))) * 2.0**-53
        app[i] = float(np.int64(ident >> np.uint64(32))) + frac
        t[i] = day[i] + frac
    return flows[:, :days].copy(), ids[:n].copy(), app, t


@numba.njit(cache=True)
def applicant_kernel(counts, stage_keys, thresholds, prob, alias, offsets, time_key
                     ):  # pragma: no cover - compiled
    """The kernel before issue #16's rewrite: each applicant through every stage in turn,
    the alias comparison in floating point (``prob``, not its 32-bit thresholds)."""
    days = counts.shape[0]
    k_n = stage_keys.shape[0]
    flows = np.zeros((3 * k_n, days), dtype=np.int64)
    total = 0
    for d in range(days):
        total += counts[d]
    ids = np.empty(total, dtype=np.uint64)
    app = np.empty(total)
    t = np.empty(total)
    kept = 0
    low = np.uint64(0xFFFFFFFF)
    for d in range(days):
        for r in range(counts[d]):
            ident = (np.uint64(d) << np.uint64(32)) | np.uint64(r)
            day = d
            ok = True
            for k in range(k_n):
                if day >= days:
                    ok = False
                    break
                flows[3 * k, day] += 1
                b = mix(stage_keys[k], ident)
                size = offsets[k + 1] - offsets[k]
                x = float(np.int64(b & low)) * _TWO32 * size
                col = int(x)
                dur = col if x - col < prob[offsets[k] + col] else alias[offsets[k] + col]
                day += dur
                if np.int64(b >> np.uint64(32)) < thresholds[k]:
                    if day < days:
                        flows[3 * k + 1, day] += 1
                else:
                    if day < days:
                        flows[3 * k + 2, day] += 1
                    ok = False
                    break
            if ok and day < days:
                frac = float(np.int64(mix(time_key, ident) >> np.uint64(11))) * 2.0**-53
                ids[kept] = ident
                app[kept] = d + frac
                t[kept] = day + frac
                kept += 1
    return flows, ids[:kept], app[:kept], t[:kept]


def baseline_screenings() -> list[tuple]:
    """The compiled kernel's arguments in one baseline replication, one tuple per role."""
    import hiringsim
    from hiringsim.model import _crn_jit

    kernel = _crn_jit.prefix_jit
    calls: list[tuple] = []

    def keep(*args):
        calls.append(args)
        return kernel(*args)

    _crn_jit.prefix_jit = keep
    try:
        hiringsim.run_replication(hiringsim.load_scenario(ROOT / "scenarios" / "baseline.toml"),
                                  seed=1)
    finally:
        _crn_jit.prefix_jit = kernel
    return calls


def _cpu(fn, args) -> tuple[float, int]:
    f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    t0 = time.process_time()
    fn(*args)
    t = time.process_time() - t0
    return t, resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f0


def _ms(times: list[float]) -> str:
    return f"{min(times) * 1e3:.2f} / {statistics.median(times) * 1e3:.2f} ms"


def rows(quick: bool) -> list[dict]:
    from hiringsim.model._crn_jit import prefix_jit

    repeats = 9 if quick else 31
    out = []
    for args in baseline_screenings():
        # the kernels before: the alias table itself (the outcomes are pick2's odd entries,
        # doubled), without the block size; the oldest compares in floating point
        prob32, pick2 = args[3], args[4]
        stage_args = args[:4] + (pick2[1::2] // 2,) + args[5:7]
        old_args = args[:3] + (prob32.astype(float) * 2.0**-32,) + stage_args[4:]
        kernels = {"now": (prefix_jit, args), "stage": (stage_kernel, stage_args),
                   "applicant": (applicant_kernel, old_args)}
        results = [fn(*a) for fn, a in kernels.values()]
        if not all(np.array_equal(x, y) for r in results[1:]
                   for x, y in zip(results[0], r, strict=True)):
            raise AssertionError("the screening kernels disagree")  # pragma: no cover
        cpu: dict[str, list[float]] = {name: [] for name in kernels}
        faults: dict[str, list[int]] = {name: [] for name in kernels}
        for _ in range(repeats):
            for name, (fn, a) in kernels.items():
                t, f = _cpu(fn, a)
                cpu[name].append(t)
                faults[name].append(f)
        med = {name: statistics.median(v) for name, v in cpu.items()}
        flt = {name: statistics.median(v) for name, v in faults.items()}
        what = f"{int(args[0].sum()):,} applications, {len(args[1])} screening stages"
        out.append({"measure": f"screening kernel, {what} (CPU ms)", "value": med["now"] * 1e3,
                    "unit": "ms", "target": None, "op": "",
                    "note": f"median of {repeats} (min / median: {_ms(cpu['now'])}, "
                            f"{flt['now']:.0f} page faults a call); the stage-by-stage kernel "
                            f"it replaced {_ms(cpu['stage'])} ({med['stage'] / med['now']:.2f}x, "
                            f"{flt['stage']:.0f} page faults), the applicant-by-applicant one "
                            f"{_ms(cpu['applicant'])} ({med['applicant'] / med['now']:.2f}x); "
                            f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"})
    return out


if __name__ == "__main__":  # pragma: no cover
    for row in rows("--quick" in sys.argv):
        print(row)
