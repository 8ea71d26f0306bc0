"""Ratio roles whose positions follow the target role's headcount actually added
(``follows = "trained" | "on_board"``), against the authorized reading, in both modes."""

from __future__ import annotations

import numpy as np
import pytest

from fragments import scenario
from hiringsim.errors import InputError
from hiringsim.measures.summary import summarize_record
from hiringsim.model.record import stocks
from hiringsim.replication import run_replication

MODES = ["fast", "reference"]
SEED = 20240601

BODY = """\
    [roles.a]
    initial = 5
    onboarding = 3
    attrition = { annual_rate = 0 }
    recruiting = [{ from = 2020-01-01, per_week = 7 }]
    positions = [{ from = 2020-01-01, growth = 1000 }]

    [[roles.a.stages]]
    name = "s1"
    pass_rate = 1
    duration = 2

    [roles.b]
    initial = 2
    ratio = RATIO
    FOLLOWS
    onboarding = 0
    attrition = { annual_rate = 0 }
    recruiting = [{ from = 2020-01-01, per_week = 70 }]

    [[roles.b.stages]]
    name = "s1"
    pass_rate = 1
    duration = 1
    """


def _sc(tmp_path, ratio: float, follows: str | None, name: str = "t"):
    body = BODY.replace("RATIO", repr(ratio)).replace(
        "FOLLOWS", f'follows = "{follows}"' if follows else "")
    return scenario(tmp_path, body, end="2020-04-30", name=name)


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("follows", [None, "trained", "on_board"])
def test_ratio_role_follows_officers_actually_added(tmp_path, mode, follows):
    """b's cap on day d (follows None: the default, trained) is
    2 + round(0.5 x (a's trained headcount at the end of day d-1 - 5));
    b's candidates always outnumber it, so b's on-board headcount equals that cap every day
    from the first offers on (a has no academy: trained and on board are the same)."""
    sc = _sc(tmp_path, 0.5, follows)
    rec = run_replication(sc, seed=SEED, mode=mode)
    st = stocks(rec)
    a, b = st["a"], st["b"]
    trained_a = a["onboarding"] + a["on_duty"]
    # a: everyone hired 2 days after applying, uncapped within the 1000 positions
    np.testing.assert_array_equal(np.cumsum(rec.flows["a"]["eod"]), trained_a - 5)
    added = np.concatenate([[0], trained_a[:-1] - 5])
    cap = 2 + np.array([round(0.5 * int(x)) for x in added])
    on_board_b = b["onboarding"] + b["on_duty"]
    offers_b = np.cumsum(rec.flows["b"]["s1:pass"])
    np.testing.assert_array_equal(on_board_b, np.minimum(cap, 2 + offers_b))
    assert on_board_b[-1] > 20  # the cap moved, and b followed it


@pytest.mark.parametrize("mode", MODES)
def test_authorized_reading_follows_positions(tmp_path, mode):
    """With follows = "authorized", b's cap is 2 + 0.5 x 1000 from day 0: b hires every
    candidate at once up to that cap, far ahead of a's actual growth; the KPIs report both
    readings."""
    sc = _sc(tmp_path, 0.5, "authorized")
    rec = run_replication(sc, seed=SEED, mode=mode)
    b = stocks(rec)["b"]
    np.testing.assert_array_equal(b["onboarding"] + b["on_duty"],
                                  np.minimum(502, 2 + np.cumsum(rec.flows["b"]["s1:pass"])))
    k = summarize_record(rec, keep_series=False).kpis
    growth_b = float(b["on_duty"][-1] + b["onboarding"][-1] - 2)
    assert k["b_ratio_authorized_at_deadline"] == pytest.approx(growth_b / 1000)
    assert k["b_ratio_at_deadline"] > 1  # far more b than 0.5 per a actually added


def test_following_keeps_the_planned_ratio(tmp_path):
    """Following a's trained headcount, b's growth per a added at the deadline is the planned
    0.5 (within rounding); its authorized reading is far lower."""
    sc = _sc(tmp_path, 0.5, "trained")
    k = summarize_record(run_replication(sc, seed=SEED), keep_series=False).kpis
    assert k["b_ratio_at_deadline"] == pytest.approx(0.5, abs=0.05)
    assert k["b_ratio_authorized_at_deadline"] < 0.1


def test_follows_needs_a_ratio_role(tmp_path):
    """follows on a role without a ratio (or the target role) is an input error naming it."""
    body = BODY.replace("RATIO", "0.5").replace("FOLLOWS", "").replace(
        "[roles.a]\n    initial = 5", '[roles.a]\n    follows = "trained"\n    initial = 5')
    with pytest.raises(InputError, match=r"roles\.a\.follows"):
        scenario(tmp_path, body, end="2020-04-30")
