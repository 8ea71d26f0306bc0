"""Parameters: one scenario input by dotted path with a range, for sweeps and goal seeking."""

from __future__ import annotations

import pytest

import hiringsim.sweep
from hiringsim import schema
from hiringsim.parameters import Parameter

SERVERS = "resources.bi.servers"


def test_sweep_reexports_the_one_parameter_class():
    """hiringsim.sweep.Parameter is hiringsim.parameters.Parameter."""
    assert hiringsim.sweep.Parameter is Parameter


@pytest.mark.parametrize("low, high, step, expect", [
    (2, 6, 1, [2, 3, 4, 5, 6]),
    (2, 7, 2, [2, 4, 6]),
    (1.0, 2.0, 0.25, [1.0, 1.25, 1.5, 1.75, 2.0]),
    (0.1, 0.3, 0.1, [0.1, 0.2, 0.3]),
    (5, 5, 1, [5]),
])
def test_lever_grid(low, high, step, expect):
    """grid() lists low, low + step, ... up to high, ints when low, high and step are whole."""
    got = Parameter(SERVERS, low=low, high=high, step=step).grid()
    assert got == expect
    assert [type(v) for v in got] == [type(v) for v in expect]


@pytest.mark.parametrize("cost, direction, sign", [
    (None, None, 1), (1000, None, 1), (-1500, None, -1), (-1500, 1, 1), (None, -1, -1)])
def test_lever_sign(cost, direction, sign):
    """The sign is the direction if given, else the sign of cost_per_unit, else +1."""
    lever = Parameter(SERVERS, low=1, high=5, step=1, cost_per_unit=cost, direction=direction)
    assert lever.sign == sign


@pytest.mark.parametrize("changes, field", [
    ({"step": 0}, "step"), ({"step": -1}, "step"), ({"step": None}, "step"),
    ({"high": 0}, "high"), ({"low": "a"}, "low"), ({"direction": 0}, "direction"),
    ({"direction": 2}, "direction"), ({"cost_per_unit": "x"}, "cost_per_unit"),
])
def test_lever_problems_name_the_field(changes, field):
    """A bad lever reports its field under the given prefix."""
    spec = {"low": 1, "high": 5, "step": 1, **changes}
    where = f'levers."{SERVERS}"'
    problems = Parameter(SERVERS, **spec).lever_problems(where)
    assert f"{where}.{field}" in [f for f, _ in problems], problems


def test_good_lever_has_no_problems():
    """A lever with low <= high, a positive step and direction +-1 is fine."""
    lever = Parameter(SERVERS, low=1, high=5, step=1, cost_per_unit=-2.5, direction=-1)
    assert lever.lever_problems("x") == []


def test_parameter_fields_are_declared_for_schema():
    """Every field has a doc; the JSON Schema lists bounds and choices from the metadata."""
    js = schema.json_schema(Parameter)
    props = js["properties"]
    assert all(p.get("description") for p in props.values())
    assert props["step"]["exclusiveMinimum"] == 0
    assert props["direction"]["minimum"] == -1 and props["direction"]["maximum"] == 1
    assert "normal" in props["dist"]["enum"]
    problems: list = []
    schema.build(Parameter, {"path": "x", "sd": -1, "dist": "beta", "colour": 1}, "p", problems)
    assert sorted(f for f, _ in problems) == ["p.colour", "p.dist", "p.sd"]
