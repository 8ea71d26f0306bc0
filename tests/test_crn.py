"""Common random numbers stage by stage (issue #13): changing one stage's pass rate or duration
leaves the arrivals and every other stage's draws unchanged, person by person, in both modes.

Raising stage k's pass rate by 0.01 (0.1 in a small scenario; same seed): applications are
identical day by day; every stage before k (and every stage of the role's other channels) is
identical day by day; stage k has the same entries and the same exits each day, with at least as
many passes; each later stage reached without passing another queue has at least as many
entries (and, without a resource, passes and failures) every day -- the same people as before
plus some of those k let through, so its extra entries never exceed k's extra passes.  Beyond a
queue people interact (a newcomer delays those behind), so nothing is claimed there.

Lengthening stage k's duration: everything before k and k's entries are identical; the same
people pass k, so its passes change only by those whose exit crosses the horizon (at most the
people still in k at the end of either run).

A served stage's service times are drawn by applicant too: changing a screening stage's pass
rate or duration, the resource's servers, or another role's stage at the same resource leaves
every person's service time unchanged (recorded person by person through their ids).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import hiringsim as hs
from hiringsim.distributions.spec import distribution_from_spec
from hiringsim.model import crn
from hiringsim.model import names as n
from hiringsim.model.kinds import served
from hiringsim.model.sampling import whole_days

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "scenarios" / "baseline.toml"
CHANNELS = ROOT / "tests" / "scenarios" / "small_channels.toml"


@functools.cache
def _scenario(path: Path) -> hs.Scenario:
    sc = hs.load_scenario(path)
    if path == CHANNELS:  # its first year (reference mode runs in about a second)
        sc = sc.with_values({"end": "2020-12-31", "target.deadline": "2020-12-31",
                             "resources.bi.changes": sc.get("resources.bi.changes")[:2],
                             "roles.officer.recruiting": sc.get("roles.officer.recruiting")[:1]})
    return sc


def _run(path: Path, mode: str, field: str | None = None, value: object = None) -> dict:
    """The officers' flows of one replication (seed 7), with ``field`` set to ``value``."""
    return _cached(path, mode, field, json.dumps(value))


@functools.cache
def _cached(path: Path, mode: str, field: str | None, value: str) -> dict:
    sc = _scenario(path)
    if field is not None:
        sc = sc.with_values({field: json.loads(value)})
    return hs.run_replication(sc, seed=7, mode=mode).flows["officer"]


def _stages(path: Path, channel: str | None):
    """(dotted prefix, the stages in order, the role's stages not on this way)."""
    role = _scenario(path).role("officer")
    if channel is None:
        return "roles.officer.stages", role.stages, ()
    ch = next(c for c in role.channels if c.name == channel)
    mine = {s.name for s in ch.stages}
    return (f"roles.officer.channels.{channel}.stages", ch.stages,
            tuple(s for s in role.stages if s.name not in mine))


def _flows(stage) -> list[str]:
    s = stage.name
    extra = [n.start(s), n.withdraw(s)] if stage.resource is not None else []
    return [n.enter(s), n.passed(s), n.failed(s), *extra]


def _same_before(a: dict, b: dict, stages, k: int, others) -> None:
    np.testing.assert_array_equal(a[n.APPLICANTS], b[n.APPLICANTS])
    for s in (*others, *stages[:k]):
        for f in _flows(s):
            np.testing.assert_array_equal(a[f], b[f], err_msg=f)
    np.testing.assert_array_equal(a[n.enter(stages[k].name)], b[n.enter(stages[k].name)])


WAYS = [(BASELINE, "fast", None, i) for i in range(5)] + [
    (CHANNELS, mode, way, i) for mode in ("fast", "reference")
    for way, count in ((None, 4), ("experienced", 3)) for i in range(count)]


@pytest.mark.parametrize(("path", "mode", "channel", "k"), WAYS,
                         ids=lambda v: v.stem if isinstance(v, Path) else str(v))
def test_a_higher_pass_rate_changes_only_that_stage_and_who_goes_on(path, mode, channel, k):
    """Stage k's pass rate + 0.01: the same arrivals and upstream flows, k's passes a superset
    with the same exits, later stages (up to the next queue) gain only those k let through."""
    prefix, stages, others = _stages(path, channel)
    stage = stages[k]
    a = _run(path, mode)
    step = 0.01 if path == BASELINE else 0.1  # a small scenario: enough people let through
    b = _run(path, mode, f"{prefix}.{stage.name}.pass_rate", min(1.0, stage.pass_rate + step))
    _same_before(a, b, stages, k, others)
    s = stage.name
    exits_a, exits_b = a[n.passed(s)] + a[n.failed(s)], b[n.passed(s)] + b[n.failed(s)]
    np.testing.assert_array_equal(exits_a, exits_b)  # durations drawn by applicant
    if stage.resource is not None:  # the queue does not depend on the decisions
        for f in (n.start(s), n.withdraw(s)):
            np.testing.assert_array_equal(a[f], b[f])
    assert (b[n.passed(s)] >= a[n.passed(s)]).all()
    gained = int((b[n.passed(s)] - a[n.passed(s)]).sum())
    assert gained > 0  # the change took effect
    for later in stages[k + 1:]:
        t = later.name
        grew = b[n.enter(t)] - a[n.enter(t)]
        assert (grew >= 0).all(), t
        assert grew.sum() <= gained, t
        if later.resource is not None:  # beyond a queue people interact
            break
        assert (b[n.passed(t)] >= a[n.passed(t)]).all(), t
        assert (b[n.failed(t)] >= a[n.failed(t)]).all(), t


def _longer(spec):
    """The duration spec one day longer (on average)."""
    if not isinstance(spec, dict):
        return spec + 1
    if spec["dist"] == "triangular":
        return {**spec, "high": spec["high"] + 1}
    field = "value" if spec["dist"] == "fixed" else "mean"
    return {**spec, field: spec[field] + 1}


DURATIONS = [(BASELINE, "fast", None, i) for i in range(4)] + [
    (CHANNELS, mode, way, i) for mode in ("fast", "reference")
    for way, i in ((None, 1), ("experienced", 0))]


@pytest.mark.parametrize(("path", "mode", "channel", "k"), DURATIONS,
                         ids=lambda v: v.stem if isinstance(v, Path) else str(v))
def test_a_longer_stage_changes_only_when_its_people_leave_it(path, mode, channel, k):
    """Stage k one day longer: the same arrivals and upstream flows; the same people pass k,
    so its passes differ at most by those still in k at the end of either run."""
    prefix, stages, others = _stages(path, channel)
    stage = stages[k]
    sc = _scenario(path)
    spec = sc.get(f"{prefix}.{stage.name}.duration")
    a = _run(path, mode)
    b = _run(path, mode, f"{prefix}.{stage.name}.duration", _longer(spec))
    _same_before(a, b, stages, k, others)
    s = stage.name
    assert not np.array_equal(a[n.passed(s)], b[n.passed(s)])  # the change took effect
    inside = sum(int(f[n.enter(s)].sum() - f[n.passed(s)].sum() - f[n.failed(s)].sum())
                 for f in (a, b))
    assert abs(int(b[n.passed(s)].sum() - a[n.passed(s)].sum())) <= inside


def test_bits_are_splitmix64_the_same_in_every_form():
    """The array, scalar and compiled forms give the same SplitMix64 bits."""
    ids = crn.applicant_ids(np.array([3, 0, 2]))
    assert [int(i) for i in ids] == [0, 1, 2, 2 << 32, (2 << 32) | 1]
    key = 0x1234_5678_9ABC_DEF0
    b = crn.bits(key, ids)
    assert [int(x) for x in b] == [crn.bits_one(key, int(i)) for i in ids]
    # SplitMix64's first output from seed 0 (Vigna's reference implementation)
    assert crn.bits_one(0x9E3779B97F4A7C15, 0) == 0xE220A8397B1DCDAF


def _plain_prefix(counts, keys, pass_rates, durations, time_key):
    """The screening prefix written with arrays: stage by stage, each applicant's duration
    from the low 32 bits and decision from the high 32 bits of their stage bits."""
    days = len(counts)
    flows = np.zeros((3 * len(keys), days), dtype=np.int64)
    alive = crn.applicant_ids(counts)
    at = (alive >> np.uint64(32)).astype(np.int64)
    for k, (p, dist) in enumerate(zip(pass_rates, durations, strict=True)):
        u_pass, u_days = crn.split(crn.bits(keys[k], alive))
        end = at + crn.whole_days_from(dist, u_days).astype(np.int64)
        ok = u_pass < p
        for row, when in ((0, at), (1, end[ok]), (2, end[~ok])):
            flows[3 * k + row] = np.bincount(when[when < days], minlength=days)
        keep = ok & (end < days)
        alive, at = alive[keep], end[keep]
    frac = (crn.bits(time_key, alive) >> np.uint64(11)).astype(float) * 2.0**-53
    return flows, alive, (alive >> np.uint64(32)).astype(float) + frac, at + frac


def _assert_prefix_is_plain(counts, keys, pass_rates, durations, time_key, block=2048):
    got = crn.prefix_pass(counts, keys, pass_rates, durations, time_key, block=block)
    want = _plain_prefix(counts, keys, pass_rates, durations, time_key)
    for name, g, w in zip(("flows", "ids", "applied", "arrival"), got, want, strict=True):
        assert g.dtype == w.dtype and g.shape == w.shape, name
        np.testing.assert_array_equal(g, w, err_msg=name)  # bit for bit


def test_the_compiled_pass_is_the_plain_rule():
    """prefix_pass equals the rule written with arrays, bit for bit, on a shipped role."""
    sc = _scenario(CHANNELS)
    stages = sc.role("officer").stages[:2]
    counts = np.random.default_rng(1).poisson(30.0, 60)
    _assert_prefix_is_plain(counts, [11, 22], [s.pass_rate for s in stages],
                            [s.duration for s in stages], 33)
    # most pass: the kernel's store of those kept grows several times; a few at a time
    for block in (1, 2048):
        _assert_prefix_is_plain(counts, [11, 22], [1.0, 0.9], [s.duration for s in stages],
                                33, block)


_DURATIONS = st.sampled_from([{"dist": "fixed", "value": 0}, {"dist": "fixed", "value": 3},
                              {"dist": "gamma", "mean": 10, "cv": 0.5},
                              {"dist": "lognormal", "mean": 25, "cv": 0.8},
                              {"dist": "exponential", "mean": 4},
                              {"dist": "triangular", "low": 1, "mode": 2, "high": 9}])


@given(counts=st.lists(st.integers(0, 40), min_size=1, max_size=45),
       stages=st.lists(st.tuples(st.sampled_from([0.0, 1.0, 0.26, 0.5, 0.999]), _DURATIONS),
                       max_size=4),
       keys=st.lists(st.integers(0, 2**64 - 1), min_size=5, max_size=5),
       block=st.sampled_from([1, 7, 2048]))
def test_the_compiled_pass_is_the_plain_rule_for_any_stages(counts, stages, keys, block):
    """Any number of stages (none included), pass rates of 0 and 1, durations longer than
    the horizon, days without applicants, the later stages taken a few survivors at a time
    or all at once: the compiled pass is the plain rule, bit for bit."""
    _assert_prefix_is_plain(np.asarray(counts, dtype=np.int64), keys[:len(stages)],
                            [p for p, _ in stages],
                            [distribution_from_spec(d) for _, d in stages], keys[4], block)


def test_whole_days_from_uniforms_is_the_alias_draw():
    """Durations from given uniforms are the alias method's (the same map as whole_days)."""
    dist = _scenario(CHANNELS).role("officer").stages[0].duration
    rng = np.random.default_rng(3)
    want = whole_days(dist, rng, 1000)
    u = np.random.default_rng(3).random(1000)
    np.testing.assert_array_equal(crn.whole_days_from(dist, u), want)


def _services(monkeypatch, path: Path, mode: str, change: dict) -> dict:
    """Each person's service time at each served stage: stage key -> (ids, times, durations)."""
    out: dict = {}
    many, one = crn.service_times, crn.service_time

    def record(key, ids, got, dists):
        old = out.get(key, ([], [], []))
        out[key] = (old[0] + list(ids), old[1] + list(got), old[2] + list(dists))

    def record_many(dists, epoch, key, ids):
        got = many(dists, epoch, key, ids)
        record(key, ids.tolist(), got.tolist(), [dists[e] for e in epoch.tolist()])
        return got

    def record_one(dist, key, who):
        got = one(dist, key, who)
        record(key, [who], [got], [dist])
        return got

    monkeypatch.setattr(served, "service_times", record_many)
    monkeypatch.setattr(served, "service_time", record_one)
    sc = _scenario(path)
    hs.run_replication(sc.with_values(change) if change else sc, seed=7, mode=mode)
    monkeypatch.undo()
    return {k: (np.array(i, dtype=np.uint64), np.array(t), np.array(d, dtype=object))
            for k, (i, t, d) in out.items()}


def _service_changes(path: Path) -> list[dict]:
    """A screening stage's pass rate, the servers, another role's stage at the resource."""
    sc = _scenario(path)
    res = sc.resources[0].name
    stage = sc.role("officer").stages[0]
    other = next(s for s in sc.role("support").stages if s.resource is not None)
    at = f"roles.support.stages.{other.name}.duration"
    return [{f"roles.officer.stages.{stage.name}.pass_rate": stage.pass_rate + 0.05},
            {f"resources.{res}.servers": sc.get(f"resources.{res}.servers") + 3},
            {at: _longer(sc.get(at))}]


@pytest.mark.parametrize(("path", "mode"), [(BASELINE, "fast"), (CHANNELS, "fast"),
                                            (CHANNELS, "reference")],
                         ids=lambda v: v.stem if isinstance(v, Path) else str(v))
def test_service_times_are_drawn_by_applicant(monkeypatch, path, mode):
    """Whoever else is served, and whatever changes upstream or at the resource, each person's
    service time (at the duration in effect) is the same: common random numbers at a queue."""
    a = _services(monkeypatch, path, mode, {})
    assert sum(len(v[0]) for v in a.values()) > 100
    for change in _service_changes(path):
        b = _services(monkeypatch, path, mode, change)
        if mode == "fast" and "servers" in next(iter(change)):  # the same people reach it
            assert a.keys() == b.keys()
            for k in a:
                np.testing.assert_array_equal(np.sort(a[k][0]), np.sort(b[k][0]))
        same = 0
        for k in a.keys() & b.keys():
            _, ia, ib = np.intersect1d(a[k][0], b[k][0], return_indices=True)
            keep = a[k][2][ia] == b[k][2][ib]  # the same duration in effect
            np.testing.assert_array_equal(a[k][1][ia][keep], b[k][1][ib][keep], err_msg=str(change))
            same += int(keep.sum())
        assert same > 0.5 * sum(len(v[0]) for v in a.values()), change


def test_service_times_are_random_access_and_one_rule_in_both_modes():
    """Any subset of people (a running pipeline's included) gets the same times, and the one
    reference-mode draw is the same float as the vectorised one."""
    dists = [hs.distributions.Lognormal(60, 0.5), hs.distributions.Gamma(21, 0.5)]
    ids = np.concatenate([crn.applicant_ids(np.array([3, 0, 5])),
                          np.arange(4, dtype=np.uint64) + np.uint64(crn.PIPELINE)])
    epoch = np.arange(len(ids)) % 2
    key = 0x1234_5678_9ABC_DEF0
    every = crn.service_times(dists, epoch, key, ids)
    assert len(set(every.tolist())) == len(ids) and (every > 0).all()
    pick = np.array([7, 2, 10, 0])
    np.testing.assert_array_equal(crn.service_times(dists, epoch[pick], key, ids[pick]),
                                  every[pick])
    for i, e, t in zip(ids.tolist(), epoch.tolist(), every.tolist(), strict=True):
        assert crn.service_time(dists[e], key, i) == t
    other = crn.service_times(dists, epoch, key ^ 1, ids)
    assert not np.isin(other, every).any()  # another stage's key: other draws


def test_one_whole_day_draw_equals_the_vectorised_one():
    """Reference mode's one-person whole-day duration is the fast mode's, value for value."""
    from hiringsim.distributions.spec import distribution_from_spec

    u = np.random.default_rng(3).random(2000)
    u[:3] = (0.0, 0.5, 1.0 - 2.0**-53)
    for spec in (7, {"dist": "gamma", "mean": 4, "cv": 0.5}, {"dist": "lognormal", "mean": 30,
                                                               "cv": 1.2},
                 {"dist": "triangular", "low": 1, "mode": 3, "high": 10}):
        dist = distribution_from_spec(spec)
        want = crn.whole_days_from(dist, u)
        got = np.array([crn.whole_day_one(dist, float(x)) for x in u])
        np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("seed, replication", [(0, 0), (2017, 3), (2**63 - 1, 999)])
def test_a_stream_key_without_its_generator_is_the_key_of_the_stream(seed, replication):
    from hiringsim.model.crn import key_of, stream_key
    from hiringsim.rng import Streams

    streams = Streams(seed, replication)
    for names in [("officer", "stage", "interview"), ("x", "arrivals", "time"), ("é",)]:
        for tag in (crn._TAG, crn.SERVICE, 7):
            assert stream_key(streams, *names, tag=tag) == key_of(streams(*names), tag)
        assert stream_key(Streams(seed, replication), *names) == key_of(streams(*names))
