"""Hostile scenario inputs (issue #15): values of the wrong kind anywhere, huge but well-formed
numbers, odd files, overflowing seeds.  Each either runs or gives one clear ScenarioError naming
the file and the field -- never another exception, a hang or a memory blow-up."""

from __future__ import annotations

import copy
import datetime as dt
import math
import tomllib
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hiringsim import ScenarioError, load_scenario
from strategies import toml_dumps

SMALL = Path(__file__).resolve().parent / "scenarios" / "small.toml"


def _small_raw() -> dict[str, Any]:
    with open(SMALL, "rb") as fh:
        return tomllib.load(fh)


_BASE = _small_raw()


def _write(tmp_path: Path, name: str, raw: dict[str, Any]) -> Path:
    path = tmp_path / name
    path.write_text(toml_dumps(raw), encoding="utf-8")
    return path


def _set_at(raw: Any, path: tuple, value: Any) -> None:
    node = raw
    for p in path[:-1]:
        node = node[p]
    node[path[-1]] = value


def _leaves(node: Any, path: tuple = ()) -> list[tuple]:
    """The path of every value in raw TOML data (tables and lists too, and their items)."""
    out = [path] if path else []
    if isinstance(node, dict):
        for k, v in node.items():
            out += _leaves(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _leaves(v, (*path, i))
    return out


LEAVES = _leaves(_BASE)


# -- item 6: values of the wrong kind where a scalar belongs -------------------------------------
@pytest.mark.parametrize("value", [["x"], [], [1, 2], {"a": 1}, {}, [{"dist": "gamma"}],
                                   {"x": [1]}, True, "gamma", 10**30, math.nan, math.inf],
                         ids=repr)
def test_dist_of_wrong_type_is_one_scenario_error(tmp_path, value):
    """``onboarding = { dist = ["x"] }`` (and other non-strings for ``dist``) is one
    ScenarioError naming the field, not a TypeError."""
    raw = copy.deepcopy(_BASE)
    raw["roles"]["officer"]["onboarding"] = {"dist": value}
    with pytest.raises(ScenarioError) as info:
        load_scenario(_write(tmp_path, "dist.toml", raw))
    assert "roles.officer.onboarding" in dict(info.value.problems)
    assert "dist.toml" in str(info.value)


@pytest.mark.parametrize("key", ["mean", "cv"])
@pytest.mark.parametrize("value", [["x"], {"a": 1}, [], "3", True, math.nan, 10**400],
                         ids=lambda v: repr(v)[:12])
def test_distribution_parameter_of_wrong_type(tmp_path, key, value):
    """A distribution parameter that is not a finite number is one ScenarioError."""
    raw = copy.deepcopy(_BASE)
    raw["roles"]["officer"]["onboarding"][key] = value
    with pytest.raises(ScenarioError) as info:
        load_scenario(_write(tmp_path, "param.toml", raw))
    assert "roles.officer.onboarding" in dict(info.value.problems)


_HOSTILE = st.one_of(
    st.lists(st.one_of(st.integers(), st.text(max_size=3), st.just({})), max_size=3),
    st.dictionaries(st.sampled_from(["dist", "mean", "cv", "a", "name", "from"]),
                    st.one_of(st.integers(), st.text(max_size=3), st.lists(st.integers(),
                                                                           max_size=2)),
                    max_size=3),
    st.text(max_size=8),
    st.booleans(),
    st.sampled_from([10**30, -(10**30), 2**63, 2**64 + 1, 10**400, math.nan, math.inf,
                     -math.inf, 1e308, -1e-308, 0, -1]),
    st.dates(dt.date(1, 1, 1), dt.date(9999, 12, 31)),
)


@settings(max_examples=300)
@given(st.sampled_from(LEAVES), _HOSTILE)
def test_any_field_any_wrong_value_is_scenario_error(tmp_path_factory, path, value):
    """Any field (and any item or key of a distribution) set to a list, table, string, boolean,
    huge integer, nan or inf either validates or raises one ScenarioError -- never another
    exception."""
    raw = copy.deepcopy(_BASE)
    _set_at(raw, path, value)
    file = tmp_path_factory.mktemp("hostile") / "hostile.toml"
    file.write_text(toml_dumps(raw), encoding="utf-8")
    try:
        load_scenario(file)
    except ScenarioError as err:
        assert type(err) is ScenarioError
        assert "hostile.toml" in str(err)


# -- item 11: seeds that overflow ----------------------------------------------------------------
def test_seed_beyond_63_bits_is_a_clear_error(tmp_path, capsys):
    """``--seed 2**70`` is refused before running, saying which seeds are valid (it used to run
    and then fail storing the seed with an OverflowError traceback)."""
    from hiringsim.cli import main

    out = tmp_path / "out"
    assert main(["run", str(SMALL), "-n", "2", "-q", "--seed", str(2**70),
                 "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "seed" in err and "2**63" in err
    assert not out.exists()


@pytest.mark.parametrize("seed", [2**63, 2**70, -1, 1.5, True])
def test_root_entropy_refuses_out_of_range_seeds(seed):
    """Library seeds are ints with 0 <= seed < 2**63 (they are stored as 64-bit integers)."""
    from hiringsim.rng import root_entropy

    with pytest.raises(ValueError, match="seed"):
        root_entropy(seed)


def test_fresh_seed_fits_in_63_bits():
    """A fresh seed (``seed=None``) is drawn below 2**63, so results carrying it can be saved."""
    from hiringsim.rng import MAX_SEED, root_entropy

    assert all(0 <= root_entropy(None) <= MAX_SEED for _ in range(20))
    assert root_entropy(MAX_SEED) == MAX_SEED == 2**63 - 1
