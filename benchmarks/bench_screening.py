"""The screening kernel on the baseline's own applicants: stage by stage against the kernel it
replaced (each applicant through every stage in turn).

    python benchmarks/bench_screening.py [--quick]

One baseline replication (fast mode, seed 1) is run with the compiled kernel wrapped, to keep
its inputs for each role (officer, support, legal).  Each role's screening is then timed (CPU,
``time.process_time``, the median of several repeats, the two kernels alternately) with the
model's kernel (``hiringsim.model._crn_jit.prefix_jit``) and with the applicant-by-applicant
kernel it replaced (below, as it was in commit 2be9ddc), after checking that both give the same
flows, ids and times to the bit.
"""

from __future__ import annotations

import os
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


def _cpu(fn, args) -> float:
    t0 = time.process_time()
    fn(*args)
    return time.process_time() - t0


def rows(quick: bool) -> list[dict]:
    from hiringsim.model._crn_jit import prefix_jit

    load = f"load {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    repeats = 9 if quick else 31
    out = []
    for args in baseline_screenings():
        # the old kernel compares in floating point: prob32 = ceil(prob 2**32) back to prob
        old_args = args[:3] + (args[3].astype(float) * 2.0**-32,) + args[4:]
        new, old = prefix_jit(*args), applicant_kernel(*old_args)
        if not all(np.array_equal(x, y) for x, y in zip(new, old, strict=True)):
            raise AssertionError("the two screening kernels disagree")  # pragma: no cover
        now_s, before_s = [], []
        for _ in range(repeats):
            now_s.append(_cpu(prefix_jit, args))
            before_s.append(_cpu(applicant_kernel, old_args))
        now, before = statistics.median(now_s), statistics.median(before_s)
        what = f"{int(args[0].sum()):,} applications, {len(args[1])} screening stages"
        out.append({"measure": f"screening kernel, {what} (CPU ms)", "value": now * 1e3,
                    "unit": "ms", "target": None, "op": "",
                    "note": f"median of {repeats}; the kernel it replaced {before * 1e3:.2f} ms, "
                            f"{before / now:.2f}x; {load}"})
    return out


if __name__ == "__main__":  # pragma: no cover
    for row in rows("--quick" in sys.argv):
        print(row)
