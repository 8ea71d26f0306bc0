"""Goal-seeking output says what its numbers are: a negative cost is a saving, the "cost" of
``solve_one`` is the lever's setting, and the frontier's axis names what it plots."""

from __future__ import annotations

import pytest

import hiringsim
from fragments import TOY_TOML
from hiringsim.goalseek import solve, solve_one
from hiringsim.labels import input_label
from test_solve import FAST, SERVERS


@pytest.fixture(scope="module")
def toy(tmp_path_factory):
    path = tmp_path_factory.mktemp("toy") / "toy.toml"
    path.write_text(TOY_TOML)
    return hiringsim.load_scenario(path)


@pytest.fixture(scope="module")
def one(toy):
    return solve_one(toy, SERVERS, low=1, high=20, seed=3, progress=False, **FAST)


def test_solve_one_reports_the_setting_not_a_cost(one):
    """solve_one's answer reads 'least setting ...: <lever label> 6', never 'cost 6'."""
    assert one.best.values == {SERVERS: 6}
    assert f"{input_label(SERVERS)} 6," in one.message
    assert "least setting" in one.message
    assert "cost 6" not in one.message
    assert "no money cost" in one.report()
    assert one.cost_is_setting and one.cost_label == input_label(SERVERS)


def test_cutting_a_lever_is_reported_as_a_saving(toy):
    """A linear cost below the base values (fewer investigators than the base) reads 'saves
    $X against the base values', never a negative cost."""
    base = toy.with_values({SERVERS: 10})
    res = solve(base, {SERVERS: {"low": 2, "high": 10, "step": 1, "cost_per_unit": 1000}},
                seed=2, progress=False, **FAST)
    assert res.feasible and res.best.cost < 0
    saving = f"{-res.best.cost:,.0f}"
    assert f"saves ${saving} against the base values" in res.message
    assert f"-{saving}" not in res.message and "cost -" not in res.report()
    assert not res.cost_is_setting and "USD" in res.cost_label


def test_frontier_axis_names_what_it_plots(one):
    """The frontier of solve_one is labelled with the lever, not 'callable cost'."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    import matplotlib.pyplot as plt

    from hiringsim.plots.solve import plot_frontier

    ax = plot_frontier(one)
    try:
        assert ax.get_xlabel() == input_label(SERVERS)
        assert "callable" not in ax.get_xlabel() and "USD" not in ax.get_xlabel()
        assert "$" not in "".join(t.get_text() for t in ax.get_xticklabels())
    finally:
        plt.close(ax.figure)


def test_a_cost_above_the_base_is_labelled(toy):
    """A positive linear cost is labelled as the cost above the base values, in dollars."""
    res = solve(toy, {SERVERS: {"low": 1, "high": 10, "step": 1, "cost_per_unit": 1000}},
                seed=2, progress=False, **FAST)
    assert res.best.values == {SERVERS: 6}
    assert "cost above the base values $2,000" in res.message  # 6 - 4 servers
    assert res.answer == f"{SERVERS} = 6; cost above the base values $2,000"
