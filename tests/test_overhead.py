"""Per-scenario values computed once (Scenario.derived) equal the direct computation."""

from __future__ import annotations

import pytest

import hiringsim as hs
from hiringsim import schedules

SCENARIOS = ["baseline", "shared_academy", "short_academy", "surge"]


@pytest.mark.parametrize("name", SCENARIOS)
def test_class_starts_computed_once_equal_the_direct_computation(name):
    sc = hs.example(name)
    for role in sc.roles:
        if role.academy is None or role.academy.first_class is None:
            continue  # none, or one of the shared academies (below)
        path = f"roles.{role.name}.academy"
        direct = schedules._calendar_starts(sc, role.academy, path)
        assert schedules.class_starts(sc, role) == direct
        again = schedules.class_starts(sc, role)  # from the memo: equal, and a copy
        assert again == direct
        again.append(-1)
        assert schedules.class_starts(sc, role) == direct
    for academy in sc.academies:
        path = f"academies.{academy.name}"
        assert (schedules.calendar_starts(sc, academy, path)
                == schedules._calendar_starts(sc, academy, path))


def test_a_changed_scenario_has_its_own_class_starts():
    sc = hs.example("baseline")
    role = next(r for r in sc.roles if r.academy is not None)
    before = schedules.class_starts(sc, role)
    every = role.academy.every_days
    other = sc.with_values({f"roles.{role.name}.academy.every_days": every * 2})
    after = schedules.class_starts(other, other.role(role.name))
    assert after == schedules._calendar_starts(
        other, other.role(role.name).academy, f"roles.{role.name}.academy")
    assert len(after) < len(before)
    assert sc == hs.example("baseline")  # the memo is not part of the scenario's value


def test_the_followed_headcount_computed_once_gives_each_role_its_own_caps():
    import numpy as np

    from hiringsim.model.positions import cap_steps, follows_target
    from hiringsim.model.record import role_stocks

    sc = hs.example("baseline")
    rec = hs.run_replication(sc, seed=5)
    followers = [r for r in sc.roles if follows_target(r)]
    assert len(followers) >= 2
    assert rec.derived  # filled by the run
    target = sc.role(sc.target.role)
    for role in followers:
        cached = cap_steps(sc, role, rec)
        rec.derived.clear()
        fresh = cap_steps(sc, role, rec)
        np.testing.assert_array_equal(cached, fresh)
        (key, count), = rec.derived.items()
        st = role_stocks(target, rec.flows[target.name], rec.opening.get(target.name))
        np.testing.assert_array_equal(count, sum(st[s] for s in key[2]))


@pytest.mark.parametrize("with_offer", [False, True])
def test_group_keep_keeps_exactly_the_masked_people_in_order(with_offer):
    import numpy as np

    from hiringsim.model.kinds.base import Group

    rng = np.random.default_rng(3)
    size = 1000
    app, t, t2 = rng.random(size), rng.random(size), rng.random(size)
    ids = rng.integers(0, 2**63, size, dtype=np.uint64)
    mask = rng.random(size) < 0.6
    g = Group(hs.example("baseline").roles[0], app, t, 2, ids)
    if with_offer:
        g.offer = rng.random(size)
    offer = g.offer
    g.keep(mask, t2)
    np.testing.assert_array_equal(g.app, app[mask])
    np.testing.assert_array_equal(g.ids, ids[mask])
    np.testing.assert_array_equal(g.t, t2[mask])
    assert g.ids.dtype == np.uint64 and g.stage == 2
    if with_offer:
        np.testing.assert_array_equal(g.offer, offer[mask])
    else:
        assert g.offer is None
