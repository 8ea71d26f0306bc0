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


def _tenure_by_masks(att, e, *, initial=False):
    """tenure_from_exp as it was (masked gathers, an array of hazard used up): the reference."""
    import math

    import numpy as np

    from hiringsim.schedules import YEAR

    e = np.asarray(e, dtype=float)
    out = np.full(e.shape, np.inf)
    todo = np.ones(e.shape, dtype=bool)
    start_years = 0.0
    acc = np.zeros(e.shape)
    for band in () if initial else att.bands:
        h = -math.log1p(-band.annual_rate)
        cap = h * (band.until_years - start_years)
        if h > 0:
            hit = todo & (e - acc <= cap)
            out[hit] = (start_years + (e[hit] - acc[hit]) / h) * YEAR
            todo &= ~hit
        acc = acc + cap
        start_years = band.until_years
    h = -math.log1p(-att.annual_rate)
    if h > 0:
        out[todo] = (start_years + (e[todo] - acc[todo]) / h) * YEAR
    return out


@pytest.mark.parametrize("name", ["baseline", "experienced_first", "surge"])
@pytest.mark.parametrize("initial", [False, True])
def test_tenure_from_exp_is_the_masked_inversion_to_the_bit(name, initial):
    import dataclasses

    import numpy as np

    from hiringsim.model.sampling import tenure_from_exp

    rng = np.random.default_rng(11)
    e = np.concatenate([rng.exponential(1.0, 5000), [0.0, 1e-12, 50.0]])
    atts = [r.attrition for r in hs.example(name).roles]
    # a band with no hazard, and no long-tenure hazard
    atts += [dataclasses.replace(atts[0], annual_rate=0.0)]
    if atts[0].bands:
        atts += [dataclasses.replace(atts[0], bands=(
            dataclasses.replace(atts[0].bands[0], annual_rate=0.0), *atts[0].bands[1:]))]
    for att in atts:
        got = tenure_from_exp(att, e, initial=initial)
        np.testing.assert_array_equal(got, _tenure_by_masks(att, e, initial=initial))
        assert float(tenure_from_exp(att, 0.7, initial=initial)) == float(
            _tenure_by_masks(att, 0.7, initial=initial))
    assert any(a.bands for a in atts)


@pytest.mark.parametrize("p", [0.0, 0.3, 0.9, 0.97, 1.0])
def test_picks_selects_what_the_mask_selects(p):
    import numpy as np

    from hiringsim.model.order import picks

    rng = np.random.default_rng(2)
    x = rng.random(3000)
    mask = rng.random(3000) < p
    idx = picks(mask)
    np.testing.assert_array_equal(x[idx], x[mask])
    assert (idx.dtype == bool) == (mask.sum() > 3000 - 3000 // 16)


def test_an_unhashable_calendar_is_computed_each_time():
    import types

    sc = hs.example("baseline")
    role = next(r for r in sc.roles if r.academy is not None)
    fields = {f: getattr(role.academy, f) for f in role.academy.__dataclass_fields__}
    calendar = types.SimpleNamespace(**fields)  # unhashable
    path = f"roles.{role.name}.academy"
    assert schedules.calendar_starts(sc, calendar, path) == schedules.class_starts(sc, role)
