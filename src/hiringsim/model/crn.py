"""Common random numbers by applicant: a stage's draws for a person depend on the stage's stream
and the person only, never on who else reaches the stage, in both modes.

Every applicant has an id, ``day << 32 | rank``: the day they apply and their rank among that
day's applicants (application order).  A stage's random bits for an applicant are the output
of SplitMix64 (Steele, Lea and Flood, OOPSLA 2014) at the applicant's id, under a 64-bit key
drawn from the stage's named stream (:func:`key_of`); the high 32 bits give the pass-or-fail
uniform, the low 32 bits the duration's (a whole-day duration by Walker's alias method, as
:func:`hiringsim.model.sampling.whole_days`) or a served stage's patience.  A served stage's
service time is the duration's exact quantile (``Distribution.quantile``) at a third uniform,
53 bits of the SplitMix64 output at the applicant's id under the stage's second key
(``key_of(rng, SERVICE)``; :func:`uniform`).  The bits are random
access: a stage draws only for those who reach it, yet each person's draw is the one they would
get had everyone reached it.  Changing one stage's pass rate or duration therefore leaves the
arrivals and every other stage's draws unchanged, person by person: upstream flows are the
same, and downstream the people who passed before still pass (common random numbers when
comparing strategies; issue #13).

Fast mode moves applications and the leading screening stages applicant by applicant in one
compiled pass (:func:`prefix_pass`).  People with no application in the run (a running
pipeline's, :mod:`hiringsim.model.running`) have ids above ``PIPELINE``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..rng import seed_words
from .sampling import _alias

if TYPE_CHECKING:  # pragma: no cover
    from ..distributions import Distribution
    from ..rng import Streams

__all__ = ["PIPELINE", "SERVICE", "alias_tables", "applicant_ids", "bits", "bits_one",
           "exponential", "key_of", "keys", "prefix_pass", "service_time", "service_times",
           "split", "split_one", "stream_key", "uniform", "uniform_one", "whole_day_one",
           "whole_days_from"]

_GAMMA = 0x9E3779B97F4A7C15
_M1 = 0xBF58476D1CE4E5B9
_M2 = 0x94D049BB133111EB
_MASK = (1 << 64) - 1
_TWO32 = 2.0**-32
_G64, _M1_64, _M2_64 = np.uint64(_GAMMA), np.uint64(_M1), np.uint64(_M2)

#: ids of people with no application in the run start here (a running pipeline's people)
PIPELINE = 1 << 63

#: spawn-key tag of the key derived from a stream (distinct from the stream's own state)
_TAG = 0x43524E  # "CRN"


#: the tag of a served stage's second key: its service times (:func:`uniform`)
SERVICE = 0x535643  # "SVC"


def key_of(rng: np.random.Generator, tag: int = _TAG) -> int:
    """The 64-bit key of a named stream's by-applicant bits (a child of its seed sequence);
    another ``tag`` (e.g. :data:`SERVICE`) gives another, independent key of the stream."""
    seq: Any = rng.bit_generator.seed_seq  # a SeedSequence, or hiringsim's (rng.Streams)
    return _child_key(seq.entropy, (*seq.spawn_key, tag), getattr(seq, "pool_size", 4))


def stream_key(streams: Streams, *names: str, tag: int = _TAG) -> int:
    """``key_of(streams(*names), tag)`` without building the stream's generator: the key is
    that of the child seed sequence, spawned here straight from the root seed."""
    return _child_key(streams.seed, (*streams.spawn_key(*names), tag))


def _child_key(entropy: int, spawn_key: tuple[int, ...], pool_size: int = 4) -> int:
    """``SeedSequence(entropy, spawn_key=spawn_key, pool_size=pool_size)
    .generate_state(1, np.uint64)[0]``."""
    lo, hi = (int(w) for w in seed_words(entropy, spawn_key, 2, pool_size=pool_size))
    return lo | hi << 32


def keys(streams: Mapping[str, np.random.Generator], tag: int = _TAG) -> dict[str, int]:
    """:func:`key_of` each stream of a mapping (e.g. each stage's)."""
    return {name: key_of(rng, tag) for name, rng in streams.items()}


def applicant_ids(counts: np.ndarray) -> np.ndarray:
    """Ids of the applicants of each day (``counts[d]`` on day d), in application order."""
    counts = np.asarray(counts, dtype=np.int64)
    total = int(counts.sum())
    day = np.repeat(np.arange(len(counts), dtype=np.uint64), counts)
    first = np.repeat(np.cumsum(counts) - counts, counts)
    rank = (np.arange(total, dtype=np.int64) - first).astype(np.uint64)
    return (day << np.uint64(32)) | rank


def bits(key: int, ids: np.ndarray) -> np.ndarray:
    """SplitMix64 at ``ids`` under ``key`` (uint64 array)."""
    with np.errstate(over="ignore"):
        z = np.uint64(key) + np.asarray(ids, dtype=np.uint64) * _G64
        z = (z ^ (z >> np.uint64(30))) * _M1_64
        z = (z ^ (z >> np.uint64(27))) * _M2_64
    return z ^ (z >> np.uint64(31))


def bits_one(key: int, ident: int) -> int:
    """:func:`bits` of one id (plain Python integers, for reference mode)."""
    z = (key + ident * _GAMMA) & _MASK
    z = ((z ^ (z >> 30)) * _M1) & _MASK
    z = ((z ^ (z >> 27)) * _M2) & _MASK
    return z ^ (z >> 31)


def split(b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The two uniforms in [0, 1) of bits ``b``: (high 32 bits: pass or fail, low: duration)."""
    hi = (b >> np.uint64(32)).astype(float) * _TWO32
    lo = (b & np.uint64(0xFFFFFFFF)).astype(float) * _TWO32
    return hi, lo


def split_one(b: int) -> tuple[float, float]:
    """:func:`split` of one value."""
    return (b >> 32) * _TWO32, (b & 0xFFFFFFFF) * _TWO32


def uniform(b: np.ndarray) -> np.ndarray:
    """One uniform in [0, 1) of bits ``b``: their high 53 bits (a service time's)."""
    return (b >> np.uint64(11)).astype(float) * 2.0**-53


def uniform_one(b: int) -> float:
    """:func:`uniform` of one value (the same float)."""
    return (b >> 11) * 2.0**-53


def service_times(dists: Sequence[Distribution], epoch: np.ndarray, key: int, ids: np.ndarray
                  ) -> np.ndarray:
    """Service times of applicants ``ids`` under a served stage's :data:`SERVICE` key: each the
    quantile of the duration of their epoch (``dists[epoch]``, in effect when they join the
    queue) at their own uniform."""
    u = uniform(bits(key, ids))
    if len(set(dists)) == 1:
        return np.asarray(dists[0].quantile(u), dtype=float)
    out = np.zeros(len(u))
    for k, dist in enumerate(dists):
        sel = epoch == k
        if sel.any():
            out[sel] = dist.quantile(u[sel])
    return out


def service_time(dist: Distribution, key: int, who: int) -> float:
    """:func:`service_times` of one applicant (reference mode): the same float."""
    return float(dist.quantile(uniform_one(bits_one(key, who))))


def whole_days_from(dist: Distribution, u: np.ndarray) -> np.ndarray:
    """Whole-day durations of ``dist`` at uniforms ``u`` (the alias method, one uniform each)."""
    prob, alias = _alias(dist)
    x = np.asarray(u, dtype=float) * len(prob)
    col = x.astype(np.int64)
    return np.where(x - col < prob[col], col, alias[col]).astype(float)


#: the alias tables of :func:`whole_day_one` as Python lists, by the distribution's id (the
#: distribution is kept with them, so that its id stays its own while they are here)
_LISTS: dict[int, tuple[Distribution, list[float], list[float]]] = {}


def whole_day_one(dist: Distribution, u: float) -> float:
    """:func:`whole_days_from` of one uniform (reference mode): the same value, without
    numpy's per-call cost."""
    tables = _LISTS.get(id(dist))
    if tables is None or tables[0] is not dist:
        if len(_LISTS) >= 4096:  # many scenarios in one process: start afresh
            _LISTS.clear()
        p, a = _alias(dist)
        tables = _LISTS[id(dist)] = (dist, p.tolist(), [float(k) for k in a.tolist()])
    _, prob, alias = tables
    x = u * len(prob)
    col = int(x)
    return float(col) if x - col < prob[col] else alias[col]


def exponential(u: np.ndarray, rate: float | np.ndarray) -> np.ndarray:
    """Exponential waiting times at uniforms ``u`` (rate per day; ``inf`` where it is 0)."""
    with np.errstate(divide="ignore"):
        rate = np.asarray(rate, dtype=float)
        return np.where(rate > 0, -np.log1p(-np.asarray(u)) / np.where(rate > 0, rate, 1.0),
                        np.inf)


def prefix_pass(counts: np.ndarray, stage_keys: Sequence[int], pass_rates: Sequence[float],
                durations: Sequence[Distribution], time_key: int, *, block: int = 2048
                ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Applicants (``counts`` a day) through screening stages in turn, each by its own key.

    Returns the daily flows ``(3 x stages, days)`` -- entered, passed, failed of each stage in
    turn -- and the ids, application times and next-stage arrival times of those who passed
    them all before the horizon (their time of day on applying drawn under ``time_key``).
    The first stage's survivors go through the later stages ``block`` or so at a time (the
    kernel's working size: the results are the same for any).
    """
    tables = [_alias(d) for d in durations]
    offsets = np.cumsum([0] + [len(p) for p, _ in tables]).astype(np.int64)
    from ._crn_jit import prefix_jit  # compiled; numba imported only when a model runs

    return prefix_jit(np.asarray(counts, dtype=np.int64),
                      np.asarray([k & _MASK for k in stage_keys], dtype=np.uint64),
                      _thresholds(pass_rates), *alias_tables(tables), offsets,
                      np.uint64(time_key), max(int(block), 1))


def alias_tables(tables: Sequence[tuple[np.ndarray, np.ndarray]]
                 ) -> tuple[np.ndarray, np.ndarray]:
    """Alias tables ``(prob, alias)`` end to end in the compiled kernel's form
    (:func:`hiringsim.model._crn_jit.code`): the thresholds in 32-bit integers,
    ``ceil(prob 2**32)`` (exact), and each column's two outcomes doubled side by side,
    ``2 col, 2 alias[col]``."""
    if not tables:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64)
    prob = np.concatenate([p for p, _ in tables])
    pick = np.empty(2 * len(prob), dtype=np.int64)
    pick[0::2] = np.concatenate([np.arange(len(p)) for p, _ in tables])
    pick[1::2] = np.concatenate([a for _, a in tables])
    return np.ceil(np.clip(prob, 0.0, 1.0) * 2.0**32).astype(np.uint64), 2 * pick


def _thresholds(pass_rates: Sequence[float]) -> np.ndarray:
    """The 32-bit thresholds: ``u < p`` exactly when the high bits are below ``ceil(p 2**32)``."""
    return np.ceil(np.asarray(pass_rates, dtype=float) * 2.0**32).astype(np.int64)
