"""Everyone is accounted for: on random small scenarios, in both modes, every applicant is in
exactly one state or has left through a recorded exit, no state is ever negative, and the
reference mode's live counts equal the stocks derived from the flows."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import hiringsim
from hiringsim import Scenario
from hiringsim.model.record import state_names, stocks
from hiringsim.replication import run_replication
from strategies import channel_scenario_dicts, scenario_dicts, with_changes

MODES = ["fast", "reference"]
SMALL = "tests/scenarios/small.toml"
SMALL_CHANNELS = "tests/scenarios/small_channels.toml"
PIPELINE = "tests/scenarios/small_pipeline.toml"
COMBOS = "tests/scenarios/small_pipeline_combos.toml"


def _exits(role, flows) -> np.ndarray:
    """Daily count of everyone leaving the system: fails, withdrawals, washouts, leaves; with
    vetting that overlaps training, failing it is no exit by itself: those failing leave the
    offer list ('offer:fail') or are removed where they are."""
    out = np.zeros_like(flows["applicants"])
    names = [s.name for s in role.stages]
    vetting = names.index(role.tentative_from) if role.tentative_from else len(names)
    for s in role.stages[:vetting]:
        out += flows[f"{s.name}:fail"]
        if s.resource is not None:
            out += flows[f"{s.name}:withdraw"]
    if vetting < len(names):
        for s in role.stages[vetting:]:  # offer holders never withdraw from a vetting queue
            assert not flows[f"{s.name}:withdraw"].any() if s.resource else True
        out += flows["offer:fail"] + flows["onboarding:removed"] + flows["duty:removed"]
        if role.academy is not None:
            out += flows["academy:removed"]
        if "course:removed" in flows:  # a channel's course
            out += flows["course:removed"]
    out += flows["offer:withdraw"]
    if role.academy is not None:
        out += flows["academy:washout"]
    if "course:washout" in flows:  # a channel's course
        out += flows["course:washout"]
    for leave in ("onboarding:leave", "duty:leave", "initial:leave"):
        out += flows[leave]
    return out


def _caps(sc: Scenario, role, st_all) -> list[tuple[int, float]]:
    """Authorized on-board headcount by day, from the scenario (independent of the model); a
    role following the target role's actual growth: ratio x that growth at the end of the day
    before (none added on day 0), from the stocks."""
    if role.ratio is not None and role.positions is None and role.following != "authorized":
        target = sc.role(sc.target.role)
        t = st_all[target.name]
        count = t["onboarding"] + t["on_duty"]
        # growth above the headcount at the start: a running pipeline's people are there
        pl = target.pipeline
        base = target.initial + (pl.onboarding if pl else 0)
        if role.following == "on_board":
            count = count + t.get("academy", 0) + t.get("course", 0)  # all on board
            if pl and target.academy is not None:
                base += sum(c.trainees for c in pl.classes)
        added = np.concatenate([[0], np.maximum(count[:-1] - base, 0)])
        return [(d, float(role.initial + round(role.ratio * int(a))))
                for d, a in enumerate(added)]
    phases, ratio = role.positions, 1.0
    if phases is None and role.ratio is not None:
        phases, ratio = sc.role(sc.target.role).positions, role.ratio
    if phases is None:
        return [(0, math.inf)]
    return [(0, float(role.initial))] + [
        (sc.day(p.start), float(role.initial + round(ratio * p.growth))) for p in phases]


def _cap_on(caps, day: int) -> float:
    return [c for d, c in caps if d <= day][-1]


def check_record(rec) -> None:
    """The accounting identities every run record must satisfy."""
    sc = rec.scenario
    st_all = stocks(rec)
    for role in sc.roles:
        f = rec.flows[role.name]
        st_ = st_all[role.name]
        assert list(st_) == state_names(role)
        for name, arr in st_.items():
            assert arr.dtype.kind == "i"
            assert (arr >= 0).all(), (role.name, name, int(np.argmax(arr < 0)))
        for name, arr in f.items():
            assert (arr >= 0).all(), (role.name, name)
        total = sum(st_.values())
        opening = _opening(role)  # people of a running pipeline, in their states at the start
        expect = (role.initial + opening + np.cumsum(f["applicants"])
                  - np.cumsum(_exits(role, f)))
        np.testing.assert_array_equal(total, expect, err_msg=role.name)
        # each stage is entered on the day the one before is passed (in each entry channel;
        # the role's flows are the channels' sums)
        for stages, fc in _channels(role, rec):
            np.testing.assert_array_equal(fc[f"{stages[0].name}:enter"], fc["applicants"])
            for a, b in zip(stages, stages[1:], strict=False):
                np.testing.assert_array_equal(fc[f"{b.name}:enter"], fc[f"{a.name}:pass"])
        if role.channels:
            for k, v in f.items():
                parts = [c[k] for c in rec.channels[role.name].values() if k in c]
                if parts:
                    np.testing.assert_array_equal(sum(parts), v, err_msg=f"{role.name} {k}")
        # hires: one per entry on duty, never before applying (entries after the horizon are
        # checked separately, in test_records_stop_at_the_horizon)
        h = rec.hires[role.name]
        assert len(h["eod"]) == len(h["application"])
        assert (h["eod"] >= h["application"]).all()
        if role.pipeline is None:
            assert (h["eod"] < sc.days).sum() == f["eod"].sum(), role.name
        else:  # a running pipeline's people have no application time: left out
            assert (h["eod"] < sc.days).sum() <= f["eod"].sum(), role.name
        # positions: nobody is admitted beyond the authorized headcount
        caps = _caps(sc, role, st_all)
        on_board = (st_["onboarding"] + st_["on_duty"] + st_.get("academy", 0)
                    + st_.get("course", 0))
        for d in np.nonzero(f["eod"])[0]:
            assert on_board[d] <= _cap_on(caps, int(d)), (role.name, int(d))
        if role.academy is not None:
            cl = rec.classes[role.name]
            assert (cl.filled <= cl.seats).all()
            assert cl.filled.sum() == f["academy:start" if role.channels else "eod"].sum()
        else:
            assert not f["academy:washout"].any() if "academy:washout" in f else True
    for res in sc.resources:
        users = [(r, s) for r in sc.roles for s in r.stages if s.resource == res.name]
        started = sum(int(rec.flows[r.name][f"{s.name}:start"].sum()) for r, s in users)
        withdrew = sum(int(rec.flows[r.name][f"{s.name}:withdraw"].sum()) for r, s in users)
        w = rec.waits[res.name]
        assert len(w["served"]) >= started, res.name
        assert len(w["withdrew"]) >= withdrew, res.name
        assert (w["served"] >= 0).all() and (w["withdrew"] >= 0).all()
        busy = rec.busy[res.name]
        assert (busy >= -1e-9).all()
        servers = np.full(sc.days, res.servers, dtype=float)
        dated = [(ch.start, ch.servers) for ch in res.changes] + [
            (c.start, c.values[f"resources.{res.name}.servers"]) for c in sc.changes
            if f"resources.{res.name}.servers" in c.values]
        for start, count in sorted(dated, key=lambda d: d[0]):
            servers[sc.day(start):] = count
        # busy servers never exceed the most servers offered that day or the day before
        # (a removed server finishes its case)
        assert (busy <= np.maximum.accumulate(servers) + 1e-9).all()


def _channels(role, rec):
    """(stages, flows) of each entry channel of ``role`` (the role itself without channels)."""
    if not role.channels:
        return [(role.stages, rec.flows[role.name])]
    kept = rec.channels[role.name]
    assert list(kept) == [role.channel, *(c.name for c in role.channels)]
    return [(role.stages, kept[role.channel])] + [
        (c.stages or role.stages, kept[c.name]) for c in role.channels]


def _opening(role) -> int:
    """Everybody in a role's running pipeline at the start (from the scenario, by hand)."""
    pl = role.pipeline
    if pl is None:
        return 0
    return (sum(c for _, c in pl.stages) + pl.waiting + pl.onboarding
            + sum(c.trainees for c in pl.classes))


def check_snapshots(rec) -> None:
    """Reference mode: live end-of-day counts equal the stocks from the flows."""
    assert rec.snapshots is not None
    st_all = stocks(rec)
    for role in rec.scenario.roles:
        for state in state_names(role):
            np.testing.assert_array_equal(rec.snapshots[role.name][state],
                                          st_all[role.name][state],
                                          err_msg=f"{role.name} {state}")


@given(raw=scenario_dicts(), seed=st.integers(0, 2**32 - 1))
def test_conservation_fast(raw, seed):
    """Fast mode: everyone is in exactly one state or left by a recorded exit; no negative
    stocks; hires, waits and classes agree with the flows."""
    sc = Scenario.from_dict(raw, source="generated")
    check_record(run_replication(sc, seed=seed, mode="fast"))


@given(raw=scenario_dicts(), seed=st.integers(0, 2**32 - 1))
def test_conservation_reference(raw, seed):
    """Reference mode: the same identities hold, and the live counts equal the stocks."""
    sc = Scenario.from_dict(raw, source="generated")
    rec = run_replication(sc, seed=seed, mode="reference")
    check_snapshots(rec)
    check_record(rec)


@given(raw=channel_scenario_dicts(), seed=st.integers(0, 2**32 - 1))
def test_conservation_channels_fast(raw, seed):
    """Fast mode with entry channels (academy, course, direct paths sharing positions): the
    identities hold and the channels' flows sum to the role's."""
    sc = Scenario.from_dict(raw, source="generated")
    check_record(run_replication(sc, seed=seed, mode="fast"))


@given(raw=channel_scenario_dicts(), seed=st.integers(0, 2**32 - 1))
def test_conservation_channels_reference(raw, seed):
    """Reference mode with entry channels: the identities hold, live counts equal stocks."""
    sc = Scenario.from_dict(raw, source="generated")
    rec = run_replication(sc, seed=seed, mode="reference")
    check_snapshots(rec)


@given(raw=with_changes(), seed=st.integers(0, 2**32 - 1))
@pytest.mark.parametrize("mode", MODES)
def test_conservation_with_dated_changes(raw, seed, mode):
    """The same identities hold with random dated changes of any changeable input (and the
    reference mode's live counts equal the stocks)."""
    sc = Scenario.from_dict(raw, source="generated")
    rec = run_replication(sc, seed=seed, mode=mode)
    if mode == "reference":
        check_snapshots(rec)
    check_record(rec)


@given(raw=with_changes(channel_scenario_dicts()), seed=st.integers(0, 2**32 - 1))
@pytest.mark.parametrize("mode", MODES)
def test_conservation_channels_with_dated_changes(raw, seed, mode):
    """With entry channels and random dated changes of the role's and the channels' inputs,
    both modes account for everybody (the reference mode's live counts equal the stocks)."""
    sc = Scenario.from_dict(raw, source="generated")
    rec = run_replication(sc, seed=seed, mode=mode)
    if mode == "reference":
        check_snapshots(rec)
    check_record(rec)


@given(raw=scenario_dicts(pipelines=True), seed=st.integers(0, 2**32 - 1))
def test_conservation_with_running_pipelines(raw, seed):
    """With people already in the pipeline at the start, both modes account for everybody
    (opening stocks plus flows), and the reference mode's live counts equal the stocks."""
    sc = Scenario.from_dict(raw, source="generated")
    check_record(run_replication(sc, seed=seed, mode="fast"))
    rec = run_replication(sc, seed=seed, mode="reference")
    check_snapshots(rec)
    check_record(rec)


@given(raw=channel_scenario_dicts(pipelines=True), seed=st.integers(0, 2**32 - 1))
def test_conservation_channels_with_running_pipelines(raw, seed):
    """A running pipeline in a role with entry channels (its own channel's people in stages
    and waiting, trainees and onboarding holding the role's positions): both modes account
    for everybody, the channels' flows sum to the role's, live counts equal the stocks."""
    sc = Scenario.from_dict(raw, source="generated")
    check_record(run_replication(sc, seed=seed, mode="fast"))
    rec = run_replication(sc, seed=seed, mode="reference")
    check_snapshots(rec)
    check_record(rec)


@pytest.mark.parametrize("mode", MODES)
def test_conservation_small_scenario(mode):
    """The identities hold on the small test scenarios (saturated shared resource; entry
    channels; a running pipeline; one with channels and with overlapping vetting).  In reference
    mode only the last: the others are checked in test_model_equivalence.py
    (test_every_record_conserves_people) on every reference replication it simulates of them."""
    for path in (SMALL, SMALL_CHANNELS, PIPELINE, COMBOS) if mode == "fast" else (COMBOS,):
        _conserved(hiringsim.load_scenario(path), mode)


def _conserved(sc, mode: str) -> None:
    for rep in range(2):
        rec = run_replication(sc, seed=11, replication=rep, mode=mode)
        if mode == "reference":
            check_snapshots(rec)
        check_record(rec)


@pytest.mark.parametrize("mode", MODES)
def test_records_stop_at_the_horizon(mode):
    """Hires and queue waits are recorded exactly for the events within the simulated period,
    like the flows: one hire per entry on duty, one wait per start or withdrawal."""
    sc = hiringsim.load_scenario(SMALL)
    for rep in range(4):
        rec = run_replication(sc, seed=5, replication=rep, mode=mode)
        for role in sc.roles:
            eod = rec.hires[role.name]["eod"]
            assert len(eod) == rec.flows[role.name]["eod"].sum(), (rep, role.name)
            assert (eod < sc.days).all()
        f = rec.flows
        started = f["officer"]["background:start"].sum() + f["support"]["background:start"].sum()
        withdrew = (f["officer"]["background:withdraw"].sum()
                    + f["support"]["background:withdraw"].sum())
        assert len(rec.waits["bi"]["served"]) == started, rep
        assert len(rec.waits["bi"]["withdrew"]) == withdrew, rep


@pytest.mark.parametrize("mode", MODES)
def test_unused_resource_is_recorded(mode):
    """A resource no stage uses is recorded idle (zero busy days, no waits) and the KPIs of
    the run can be computed."""
    from hiringsim.measures.summary import summarize_record

    sc = hiringsim.load_scenario(SMALL)
    sc = sc.with_values({"resources.spare": {"servers": 3}})
    rec = run_replication(sc, seed=2, mode=mode)
    np.testing.assert_array_equal(rec.busy["spare"], np.zeros(sc.days))
    assert len(rec.waits["spare"]["served"]) == len(rec.waits["spare"]["withdrew"]) == 0
    kpis = summarize_record(rec).kpis
    assert kpis["spare_utilization"] == 0.0
