"""The floor model: the least work any exact simulation of a scenario like the baseline must do.

The issue's speed target compares one hiringsim replication (fast mode) with this model run on
the same scenario in the same process.  The floor keeps exactly the work that no implementation
of the model can skip and drops everything else:

* **The same random draws, in the same number.**  Daily Poisson application counts per role
  (one draw a day); per applicant and per leading screening stage the applicant's SplitMix64
  bits (:func:`hiringsim.model.crn`'s mixer, one per applicant who reaches the stage: the
  pass-or-fail uniform and the whole-day duration by the alias method), and one more for the
  time of day of each who passes them all; at the served stage (background, a shared resource)
  one SplitMix64 value per arrival (pass or fail, patience) and one service duration (numpy
  lognormal); at entry one offer patience (exponential), one onboarding duration and one
  tenure draw per candidate, the academy's two uniforms (washout time, graduation) per
  candidate, and one tenure draw per starting staff member.
* **The exact FIFO queue**, :func:`hiringsim.model._queue_jit.fifo_queue_jit` (the model's
  compiled queue): every role's arrivals at the shared background resource together, sorted by
  arrival time; and for a role without an academy its positions as servers (starting staff busy
  until they leave, the cap following the target role's trained headcount as daily changes).
* **Class arithmetic**: weekly academy classes that take, first come first served, waiting
  candidates who have not withdrawn, up to the seats and the positions free (positions freed by
  washouts and departures counted by the day), compiled.

Nothing else: no daily flows or stocks, no records of waits, busy servers, hires or classes,
no per-stage bookkeeping, no dated changes, budgets, channels or other features, and all
per-scenario precomputation (alias tables, rates, class days) done once outside the timing.
Every part is a compiled loop or one numpy call over whole arrays, so its cost is the draws,
the sorts the queues need, and the queues: any exact simulation producing the hires of this
scenario does at least this much.  It is the floor for the baseline's size; the benchmark
(``bench_replication.py``) times it against ``hiringsim.run_replication`` in the same run.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numba
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT / "src") not in sys.path:  # pragma: no cover - run from a checkout
    sys.path.insert(0, str(ROOT / "src"))

from hiringsim.model._crn_jit import code as _code  # noqa: E402
from hiringsim.model._crn_jit import mix as _mix  # noqa: E402
from hiringsim.model._queue_jit import fifo_queue_jit  # noqa: E402
from hiringsim.model.crn import alias_tables  # noqa: E402
from hiringsim.model.sampling import _alias, patience_rate  # noqa: E402
from hiringsim.schedules import applicant_rate, class_starts  # noqa: E402

__all__ = ["Floor", "prepare"]

_TWO32 = 2.0**-32


@numba.njit(cache=True)
def _survive(key, thr, size, off, prob32, pick2, ids, day, n, buf, ends, days
             ):  # pragma: no cover - compiled
    """A later stage on ``n`` people: bits, ends, survivors kept in place; returns how many."""
    for i in range(n):
        buf[i] = _mix(key, ids[i])
    for i in range(n):
        ends[i] = _code(buf[i], 2 * day[i], thr, size, off, prob32, pick2)
    m = 0
    for i in range(n):
        e = ends[i] >> 1
        ids[m] = ids[i]
        day[m] = e
        m += (ends[i] & 1) & (e < days)
    return m


@numba.njit(cache=True)
def _screen(counts, keys, thresholds, prob32, pick2, offsets, time_key, days, block
            ):  # pragma: no cover - compiled
    """Applicants through the leading screening stages: SplitMix64 bits per applicant per
    stage reached; returns the ids and next-stage arrival times of those who pass them all.
    The same technique as the model's kernel (``hiringsim.model._crn_jit.prefix_jit``: the
    first stage day by day in branch-free passes, bits in a loop of their own, integer
    alias thresholds and outcomes picked without a branch, later stages on the survivors
    ``block`` or so at a time in small reused buffers), without its daily flows."""
    most = 1
    for d in range(days):
        most = max(most, counts[d])
    room = block + most
    ids = np.empty(room, dtype=np.uint64)
    day = np.empty(room, dtype=np.int64)
    buf = np.empty(room, dtype=np.uint64)
    ends = np.empty(room, dtype=np.int64)
    kept_ids = np.empty(room, dtype=np.uint64)  # those who pass every stage (grows)
    kept_day = np.empty(room, dtype=np.int64)
    kept = n = 0
    thr, size = np.uint64(thresholds[0]), np.uint64(offsets[1])
    for d in range(days):
        base = np.uint64(d) << np.uint64(32)
        for r in range(counts[d]):
            buf[r] = _mix(keys[0], base | np.uint64(r))
        for r in range(counts[d]):
            ends[r] = _code(buf[r], 2 * d, thr, size, np.uint64(0), prob32, pick2)
        for r in range(counts[d]):
            e = ends[r] >> 1
            ids[n] = base | np.uint64(r)
            day[n] = e
            n += (ends[r] & 1) & (e < days)
        if n < block and d < days - 1:
            continue
        for k in range(1, keys.shape[0]):
            n = _survive(keys[k], np.uint64(thresholds[k]),
                         np.uint64(offsets[k + 1] - offsets[k]), np.uint64(offsets[k]), prob32,
                         pick2, ids, day, n, buf, ends, days)
        if kept + n > kept_ids.shape[0]:
            grown = max(2 * kept_ids.shape[0], kept + n)
            kept_ids = np.concatenate((kept_ids[:kept], np.empty(grown - kept, np.uint64)))
            kept_day = np.concatenate((kept_day[:kept], np.empty(grown - kept, np.int64)))
        kept_ids[kept:kept + n] = ids[:n]
        kept_day[kept:kept + n] = day[:n]
        kept += n
        n = 0
    t = np.empty(kept)
    for i in range(kept):
        t[i] = kept_day[i] + float(np.int64(_mix(time_key, kept_ids[i]) >> np.uint64(11))
                                   ) * 2.0**-53
    return kept_ids[:kept], t


@numba.njit(cache=True)
def _served_draws(ids, key, threshold, rate):  # pragma: no cover - compiled
    """One SplitMix64 value per arrival: pass or fail (high bits), patience (low bits)."""
    n = ids.shape[0]
    ok = np.empty(n, dtype=np.bool_)
    pat = np.empty(n)
    low = np.uint64(0xFFFFFFFF)
    for i in range(n):
        b = _mix(key, ids[i])
        ok[i] = np.int64(b >> np.uint64(32)) < threshold
        u = float(np.int64(b & low)) * _TWO32
        pat[i] = -math.log1p(-u) / rate if rate > 0 else np.inf
    return ok, pat


@numba.njit(cache=True)
def _classes(starts, seats, cap, t_off, deadline, release, released, held, days
             ):  # pragma: no cover - compiled
    """Weekly classes with seats and positions, first come first served; returns each
    admitted candidate's class start (-1: not admitted)."""
    n = t_off.shape[0]
    start = np.full(n, -1.0)
    head = ptr = n_adm = 0
    counted = 0
    for j in range(starts.shape[0]):
        c = starts[j]
        while ptr < n and t_off[ptr] <= c:
            ptr += 1
        for d in range(counted, c):
            held -= released[d]
        counted = c
        room = min(seats, max(cap - held, 0))
        filled = 0
        i = head
        while i < ptr and filled < room:
            if deadline[i] > c:
                start[i] = c
                rel = min(math.floor(c + release[n_adm + filled]), days)
                released[rel] += 1
                filled += 1
                head = i + 1
            i += 1
        if filled < room:
            head = ptr
        n_adm += filled
        held += filled
    return start


class Floor:
    """The floor model of one scenario (precomputed by :func:`prepare`); call :meth:`run`."""

    def __init__(self, sc):
        self.days = sc.days
        self.roles = []
        for role in sc.roles:
            k0 = next(i for i, s in enumerate(role.stages) if s.resource is not None)
            screen = role.stages[:k0]
            tables = [_alias(s.duration) for s in screen]
            served = role.stages[k0]
            self.roles.append({
                "role": role, "rate": applicant_rate(sc, role),
                "thresholds": np.ceil(np.asarray([s.pass_rate for s in screen]) * 2.0**32
                                      ).astype(np.int64),
                "tables": alias_tables(tables),
                "offsets": np.cumsum([0] + [len(p) for p, _ in tables]).astype(np.int64),
                "served": served, "patience": patience_rate(served.withdraw_per_week),
                "offer_rate": patience_rate(role.offer_withdraw_per_week),
            })
        res = sc.resources[0]
        self.servers = res.servers
        self.chg_t = np.asarray([float(sc.day(c.start)) for c in res.changes])
        self.chg_n = np.asarray([c.servers for c in res.changes], dtype=np.int64)
        target = sc.role(sc.target.role)
        ac = target.academy
        self.starts = np.asarray(class_starts(sc, target), dtype=np.int64)
        self.seats, self.length, self.grad = ac.seats, float(ac.length_days), ac.graduation_rate
        self.cap = target.initial + round(target.positions[-1].growth)
        self.target = target

    def run(self, seed: int) -> int:
        """One replication; returns the number of hires (to keep the work observable)."""
        rng = np.random.default_rng(seed)
        days = self.days
        arr, svc, pat, ok, who = [], [], [], [], []
        for i, r in enumerate(self.roles):
            counts = rng.poisson(r["rate"])
            keys = rng.integers(0, 2**63, len(r["thresholds"]) + 2).astype(np.uint64)
            ids, t = _screen(counts, keys[:-2], r["thresholds"], *r["tables"], r["offsets"],
                             keys[-2], days, 2048)
            good, p = _served_draws(ids, keys[-1], int(math.ceil(r["served"].pass_rate * 2**32)),
                                    r["patience"])
            arr.append(t)
            svc.append(r["served"].duration.sample(rng, len(t)))
            pat.append(p)
            ok.append(good)
            who.append(np.full(len(t), i))
        a = np.concatenate(arr)
        order = np.argsort(a, kind="stable")
        a, sv, pt = a[order], np.concatenate(svc)[order], np.concatenate(pat)[order]
        start, _ = fifo_queue_jit(a, sv, pt, np.zeros(0), self.servers, self.chg_t, self.chg_n,
                                  np.full(len(a), np.inf))
        end = start + sv
        passed = np.concatenate(ok)[order] & (end < days)
        who = np.concatenate(who)[order]
        hires = 0
        trained = None
        for i, r in enumerate(self.roles):  # the target role first (roles follow it)
            role = r["role"]
            t_off = end[passed & (who == i)]
            t_off = np.sort(t_off)
            n = len(t_off)
            deadline = t_off + rng.exponential(1.0 / r["offer_rate"], n)
            role.onboarding.sample(rng, n)  # onboarding durations (not needed further)
            h = -math.log1p(-role.attrition.annual_rate) / 365.25
            tenure = rng.exponential(1.0, n) / h
            initial = rng.exponential(1.0, role.initial) / h
            if role is self.target:
                u_wash, grad = rng.random(n), rng.random(n) < self.grad
                release = np.where(grad, self.length + tenure, u_wash * self.length)
                released = np.bincount(np.minimum(initial, days).astype(np.int64),
                                       minlength=days + 1)
                c = _classes(self.starts, self.seats, self.cap, t_off, deadline, release,
                             released, role.initial, days)
                got = (c >= 0) & grad
                on = c[got] + self.length
                trained = (np.bincount(np.minimum(on, days).astype(np.int64), minlength=days + 1)
                           - np.bincount(np.minimum(on + tenure[got], days).astype(np.int64),
                                         minlength=days + 1)).cumsum()[:days]
                hires += int((c >= 0).sum())
            else:
                cap = role.initial + np.round(role.ratio * np.maximum(trained, 0))
                step = np.flatnonzero(np.diff(cap) != 0)
                s, _ = fifo_queue_jit(t_off, tenure, deadline - t_off, initial,
                                      role.initial, step + 1.0, cap[step + 1].astype(np.int64),
                                      np.full(n, np.inf))
                hires += int(np.isfinite(s).sum())
        return hires


def prepare(sc) -> Floor:
    """The floor model of scenario ``sc`` (precomputation, outside any timing)."""
    return Floor(sc)


if __name__ == "__main__":  # pragma: no cover
    import time

    import hiringsim

    floor = prepare(hiringsim.load_scenario(ROOT / "scenarios" / "baseline.toml"))
    floor.run(0)
    for seed in range(1, 4):
        t0 = time.process_time()
        hires = floor.run(seed)
        print(f"floor replication {seed}: {hires} hires, {time.process_time() - t0:.4f} s CPU")
