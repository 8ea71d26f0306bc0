"""The quicker paths of fast mode against the code before them, in one process, alternately.

    python benchmarks/bench_fast_paths.py [--quick] [--against 550aebd]

The earlier code is that commit's ``src/hiringsim`` imported as ``hiringsim_before``
(:func:`bench_summary._before`), so that each part is timed against what it replaced on the
same inputs, the two alternately, CPU (``time.process_time``), min and median of
``REPEATS`` (``QUICK`` with ``--quick``), after checking both give the same values to the bit:

* a whole baseline replication with its summary (``worker.replicate``, replications 0..);
* the seeds: a by-applicant key (``model.crn.stream_key``) and a named stream's generator
  (``rng.Streams``), numpy's ``SeedSequence`` before and the compiled words now
  (microseconds a call, over ``CALLS`` calls);
* the baseline's four sorts of times (``model.order.sort_by``, its inputs kept from one
  replication), and how often the packed sort hands on to the plain one: the largest sort's
  times jittered by up to a thousandth of a day, ``JITTERED`` copies;
* the screening kernel on the officers' applications (``model._crn_jit.prefix_jit``, its
  inputs from :func:`bench_screening.baseline_screenings`);
* the normal quantile's central pass (``distributions._normal_jit.central``) on 66,172
  uniforms (the baseline's background-investigation arrivals), seed 1.

Without git or that commit the rows are not made.
"""

from __future__ import annotations

import argparse
import importlib
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for p in (str(HERE), str(ROOT / "src")):  # pragma: no cover - run from a checkout
    if p not in sys.path:
        sys.path.insert(0, p)

from bench_screening import baseline_screenings  # noqa: E402
from bench_summary import _before, same  # noqa: E402

#: the commit before these paths (issue #16, the last session's stop)
BEFORE = "550aebd"
REPEATS, QUICK = 21, 7
CALLS = 2000
JITTERED = 2000


def _alternate(pairs: dict[str, Callable[[], Any]], repeats: int) -> dict[str, list[float]]:
    """CPU seconds of each callable, ``repeats`` times, alternately (order flipped each time)."""
    times: dict[str, list[float]] = {k: [] for k in pairs}
    items = list(pairs.items())
    for i in range(repeats):
        for name, fn in items if i % 2 else items[::-1]:
            c0 = time.process_time()
            fn()
            times[name].append(time.process_time() - c0)
    return times


def _row(measure: str, times: dict[str, list[float]], unit: str, scale: float,
         extra: str = "") -> dict:
    now, before = times["now"], times["before"]
    note = (f"min / median: now {min(now) * scale:.3g} / {statistics.median(now) * scale:.3g}, "
            f"before {min(before) * scale:.3g} / {statistics.median(before) * scale:.3g}; "
            f"before / now {statistics.median(before) / statistics.median(now):.2f}x (median), "
            f"{min(before) / min(now):.2f}x (min); {len(now)} alternated; load "
            f"{os.getloadavg()[0]:.1f}{extra}")
    return {"measure": measure, "value": statistics.median(now) * scale, "unit": unit,
            "target": None, "op": "", "note": note}


def _sort_inputs(hs: Any) -> list[np.ndarray]:
    """The times ``sort_by`` is given in one baseline replication (fast mode, seed 1)."""
    from hiringsim.model.kinds import academy, direct, served

    got: list[np.ndarray] = []
    real = served.sort_by

    def keep(a):
        got.append(np.array(a))
        return real(a)

    mods = (served, academy, direct)
    for m in mods:
        m.sort_by = keep
    try:
        hs.run_replication(hs.example("baseline"), seed=1)
    finally:
        for m in mods:
            m.sort_by = real
    return got


def rows(quick: bool, against: str = BEFORE) -> list[dict]:
    """The rows of this benchmark (see benchmarks/run.py)."""
    import hiringsim as hs
    from hiringsim.distributions import _normal_jit
    from hiringsim.model import crn, order
    from hiringsim.model._crn_jit import prefix_jit
    from hiringsim.model._order_jit import pack, unpack
    from hiringsim.rng import Streams
    from hiringsim.worker import replicate

    repeats = QUICK if quick else REPEATS
    with tempfile.TemporaryDirectory() as tmp:
        old = _before(against, Path(tmp))
        if old is None:
            print(f"bench_fast_paths: no commit {against}: not run")
            return []
        o_worker = importlib.import_module("hiringsim_before.worker")
        o_crn = importlib.import_module("hiringsim_before.model.crn")
        o_rng = importlib.import_module("hiringsim_before.rng")
        o_order = importlib.import_module("hiringsim_before.model.order")
        o_crn_jit = importlib.import_module("hiringsim_before.model._crn_jit")
        o_normal = importlib.import_module("hiringsim_before.distributions._normal_jit")
        out = []

        # a whole replication, summarized
        sc, o_sc = hs.example("baseline"), old.example("baseline")
        for r in range(2):
            same(replicate(sc, 1, "fast", "series", r).kpis,
                 o_worker.replicate(o_sc, 1, "fast", "series", r).kpis, "kpis")
        k = iter(range(10**6))
        times = _alternate({"now": lambda: replicate(sc, 1, "fast", "series", next(k) % 6),
                            "before": lambda: o_worker.replicate(o_sc, 1, "fast", "series",
                                                                 next(k) % 6)}, repeats)
        out.append(_row(f"a baseline replication with its summary, now and at {against} (CPU)",
                        times, "ms", 1e3, "; KPIs equal to the bit"))

        # the seeds
        names = ("officer", "stage", "interview")
        assert crn.stream_key(Streams(1, 3), *names) == o_crn.stream_key(o_rng.Streams(1, 3),
                                                                         *names)
        assert (Streams(1, 3)("officer", "arrivals").random(5).tolist()
                == o_rng.Streams(1, 3)("officer", "arrivals").random(5).tolist())

        def keys(mod: Any, streams: type) -> Callable[[], None]:
            def go() -> None:
                for i in range(CALLS):
                    mod.stream_key(streams(1, i), *names)
            return go

        def gens(streams: type) -> Callable[[], None]:
            def go() -> None:
                for i in range(CALLS):
                    streams(1, i)("officer", "arrivals")
            return go

        out.append(_row("a by-applicant key's seed words (model.crn.stream_key, CPU a call)",
                        _alternate({"now": keys(crn, Streams),
                                    "before": keys(o_crn, o_rng.Streams)}, repeats),
                        "us", 1e6 / CALLS, "; numpy's SeedSequence before; keys equal"))
        out.append(_row("a named stream's generator (rng.Streams, CPU a call)",
                        _alternate({"now": gens(Streams), "before": gens(o_rng.Streams)},
                                   repeats), "us", 1e6 / CALLS,
                        "; numpy's SeedSequence before; draws equal"))

        # the sorts
        arrays = _sort_inputs(hs)
        for a in arrays:
            same(order.sort_by(a), o_order.sort_by(a), "sort_by")
        times = _alternate({"now": lambda: [order.sort_by(a) for a in arrays],
                            "before": lambda: [o_order.sort_by(a) for a in arrays]}, repeats)
        big = max(arrays, key=len)
        bits = (len(big) - 1).bit_length()
        rng = np.random.default_rng(1)
        copies = QUICK * 20 if quick else JITTERED
        handed = 0
        for _ in range(copies):
            keys_, plain = pack(big + rng.random(len(big)) * 1e-3, bits)
            keys_.sort()
            handed += not (plain and unpack(keys_, big, bits)[2])
        sizes = ", ".join(f"{len(a):,}" for a in arrays)
        out.append(_row(f"the baseline's sorts of times ({sizes}; model.order.sort_by, CPU)",
                        times, "ms", 1e3,
                        f"; orders equal; the packed sort handed the largest on in "
                        f"{handed / copies:.2%} of {copies:,} jittered copies"))

        # the screening kernel, officers
        args = max(baseline_screenings(), key=lambda a: int(a[0].sum()))
        same(prefix_jit(*args), o_crn_jit.prefix_jit(*args), "prefix_jit")
        out.append(_row(f"the screening kernel, {int(args[0].sum()):,} applications "
                        "(model._crn_jit.prefix_jit, CPU)",
                        _alternate({"now": lambda: prefix_jit(*args),
                                    "before": lambda: o_crn_jit.prefix_jit(*args)}, repeats),
                        "ms", 1e3, "; flows, ids and times equal"))

        # the normal quantile's central pass
        p = np.random.default_rng(1).random(66_172)
        z, far = np.empty(len(p)), np.empty(len(p), dtype=np.int64)
        z0, far0 = np.empty(len(p)), np.empty(len(p), dtype=np.int64)
        kk, k0 = _normal_jit.central(p, z, far), o_normal.central(p, z0, far0)
        central = np.ones(len(p), dtype=bool)
        central[far[:kk]] = False
        assert kk == k0 and np.array_equal(far[:kk], far0[:k0])
        assert z[central].tobytes() == z0[central].tobytes()
        out.append(_row("the normal quantile's central pass, 66,172 uniforms "
                        "(distributions._normal_jit.central, CPU)",
                        _alternate({"now": lambda: _normal_jit.central(p, z, far),
                                    "before": lambda: o_normal.central(p, z0, far0)},
                                   repeats * 5), "ms", 1e3, "; values equal to the bit"))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--against", default=BEFORE)
    args = ap.parse_args()
    for row in rows(args.quick, args.against):
        print(f"{row['measure']:<90}{row['value']:>9.3g} {row['unit']:<3}  {row['note']}")


if __name__ == "__main__":
    main()
