"""Stage and entry kinds are parts: the record's names, both modes and the measures come from
the kind registry, so a new kind plugs in as one module."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

import hiringsim as hs
from hiringsim.model import kinds, names
from hiringsim.model.kinds.screening import Screening
from hiringsim.model.record import flow_names, state_names, stocks
from hiringsim.replication import run_replication

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "tests" / "scenarios" / "small.toml"


@pytest.mark.parametrize("name", ["baseline", "surge"])
def test_record_names_follow_the_kinds(name):
    """Each role's flows and states are the kinds' names, unique, and stocks give every state."""
    sc = hs.example(name)
    rec = run_replication(sc, seed=1)
    st = stocks(rec)
    for role in sc.roles:
        flows = flow_names(role)
        assert len(flows) == len(set(flows))
        assert list(st[role.name]) == sorted(st[role.name], key=state_names(role).index)
        assert set(st[role.name]) == set(state_names(role))
        for s in role.stages:
            kind = kinds.stage_kind(s)
            assert set(kind.flows(s)) <= set(flows)
            assert (kind.resource(s) is not None) == (s.resource is not None)
        assert names.EOD in flows and names.ON_DUTY in state_names(role)
        entry = kinds.entry_kind(role)
        assert (entry.name == "academy") == (role.academy is not None)


def test_a_new_stage_kind_plugs_in_through_the_registry(monkeypatch):
    """A kind registered in STAGE_KINDS is used by both modes (same model, same numbers)."""
    calls = {"fast": 0, "reference": 0}

    @dataclasses.dataclass(frozen=True)
    class Counted(Screening):
        name = "counted"

        def applies(self, stage):
            return stage.resource is None and stage.name == "screen"

        def fast_step(self, sc, stage, g, streams, rec):
            calls["fast"] += 1
            super().fast_step(sc, stage, g, streams, rec)

        def process(self, rs, stage, resources, who=None):
            calls["reference"] += 1
            return (yield from super().process(rs, stage, resources, who))

    sc = hs.load_scenario(SMALL)
    before = {m: run_replication(sc, seed=3, mode=m) for m in ("fast", "reference")}
    monkeypatch.setattr(kinds, "STAGE_KINDS", (kinds.STAGE_KINDS[0], Counted(),
                                               *kinds.STAGE_KINDS[1:]))
    assert kinds.stage_kind(sc.role("officer").stage("screen")).name == "counted"
    for mode in ("fast", "reference"):
        after = run_replication(sc, seed=3, mode=mode)
        for role, flows in before[mode].flows.items():
            for flow, counts in flows.items():
                np.testing.assert_array_equal(after.flows[role][flow], counts, err_msg=flow)
    assert calls["reference"] > 0
    # in fast mode the leading screening stages move in one compiled pass; the kind's step runs for
    # screening stages after the first resource, if any
    later = [s for r in sc.roles for i, s in enumerate(r.stages)
             if s.name == "screen" and any(x.resource for x in r.stages[:i])]
    assert (calls["fast"] > 0) == bool(later)
