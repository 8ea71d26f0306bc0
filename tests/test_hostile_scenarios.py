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

import hiringsim
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


# -- item 1: huge but well-formed values ---------------------------------------------------------
OFC = ("roles", "officer")
HUGE = [
    ("servers", ("resources", "bi", "servers"), 10**15),
    ("change-servers", ("resources", "bi", "changes", 0, "servers"), 10**15),
    ("positions-growth", (*OFC, "positions", 1, "growth"), 10**15),
    ("target-growth", ("target", "growth"), 10**15),
    ("ratio", ("roles", "support", "ratio"), 1e9),
    ("per-week", (*OFC, "recruiting", 0, "per_week"), 1e7),
    ("initial", (*OFC, "initial"), 10**9),
    ("duration-mean", (*OFC, "stages", 2, "duration", "mean"), 1e15),
    ("fixed-duration", (*OFC, "stages", 3, "duration"), 1e15),
    ("cv", (*OFC, "stages", 0, "duration", "cv"), 1000),
    ("onboarding-cv", (*OFC, "onboarding", "cv"), 1000),
    ("triangular-high", (*OFC, "stages", 1, "duration", "high"), 1e15),
    ("every-days", (*OFC, "academy", "every_days"), 2**31),
    ("length-days", (*OFC, "academy", "length_days"), 2**31),
    ("seats", (*OFC, "academy", "seats"), 10**12),
    ("until-years", (*OFC, "attrition", "bands", 0, "until_years"), 1e300),
    ("salary", (*OFC, "salary"), 1e300),
    ("cost-1e30-int", (*OFC, "stages", 0, "cost"), 10**30),
    ("initial-1e30-int", (*OFC, "initial"), 10**30),
    ("servers-1e30-int", ("resources", "bi", "servers"), 10**30),
]


@pytest.mark.parametrize(("path", "value"), [h[1:] for h in HUGE], ids=[h[0] for h in HUGE])
def test_huge_values_are_refused_at_validation(tmp_path, path, value):
    """Values far beyond any real plan (which used to validate and then exhaust memory, hang or
    overflow when run) are refused by the scenario's bounds, naming the field and the bound."""
    raw = copy.deepcopy(_BASE)
    _set_at(raw, path, value)
    with pytest.raises(ScenarioError) as info:
        load_scenario(_write(tmp_path, "huge.toml", raw))
    table = ".".join(map(str, path[:2]))  # roles.officer, resources.bi, target.growth
    assert any(f.startswith(table) and "<=" in m for f, m in info.value.problems), \
        info.value.problems


def _numeric_fields(cls: type, seen: set | None = None) -> list[tuple[str, str, dict]]:
    """(class, field, metadata) of every numeric field of the scenario's dataclasses."""
    import dataclasses
    import typing

    seen = set() if seen is None else seen
    out = []
    for f in dataclasses.fields(cls):
        if f.metadata.get("internal"):
            continue
        tp = typing.get_type_hints(cls)[f.name]
        args = [a for a in typing.get_args(tp) if a is not type(None)] or [tp]
        for a in args:
            inner = typing.get_args(a)[0] if typing.get_origin(a) is tuple else a
            inner = f.metadata.get("named", inner)
            if inner in (int, float):
                out.append((cls.__name__, f.name, dict(f.metadata)))
            elif dataclasses.is_dataclass(inner) and inner not in seen:
                seen.add(inner)
                out += _numeric_fields(inner, seen)
    return out


def test_every_numeric_field_has_an_upper_bound_in_the_schema():
    """Every number of a scenario has an upper bound, and the JSON Schema states it."""
    import json

    from hiringsim import Scenario, scenario_json_schema

    fields = _numeric_fields(Scenario)
    assert len(fields) >= 20
    unbounded = [(c, f) for c, f, meta in fields if "le" not in meta and "lt" not in meta]
    assert unbounded == []
    text = json.dumps(scenario_json_schema())
    assert '"maximum": 1000000' in text  # servers, per_week
    assert '"maximum": 3653' in text  # durations: 10 years
    assert '"maximum": 10.0' in text  # cv


@pytest.mark.parametrize(("path", "value", "field"), [
    # each value within its bound, together far too many people for memory
    ((*OFC, "recruiting", 0, "per_week"), 1e6, "roles.officer.recruiting"),
    (("roles", "support", "ratio"), 100.0, "roles.support.positions"),
])
def test_run_too_large_for_memory_is_refused_at_validation(tmp_path, path, value, field):
    """A scenario whose fields are each in bounds but whose one fast replication would not fit
    in memory is refused at validation, with the figures (people, bytes) and the field."""
    raw = copy.deepcopy(_BASE)
    _set_at(raw, path, value)
    if field.endswith("positions"):  # 10 million officers authorized, 100 support each
        _set_at(raw, (*OFC, "positions", 1, "growth"), 10_000_000)
    with pytest.raises(ScenarioError) as info:
        load_scenario(_write(tmp_path, "big.toml", raw))
    problems = dict(info.value.problems)
    assert field in problems, info.value.problems
    assert "GiB of memory" in problems[field] and "at most 4.0 GiB" in problems[field]


def test_reference_mode_too_large_is_refused_before_running():
    """A scenario that fits in fast mode but not as one SimPy process per applicant is refused by
    ``run_replication(mode="reference")`` before it starts."""
    from hiringsim import run_replication
    from hiringsim.scenario import RunSizeError

    sc = load_scenario(SMALL).with_values({"roles.officer.recruiting.0.per_week": 100_000,
                                           "roles.officer.recruiting.1.per_week": 100_000})
    with pytest.raises(RunSizeError, match="SimPy processes") as info:
        run_replication(sc, seed=1, mode="reference")
    assert "small.toml" in str(info.value)


@pytest.mark.parametrize("keep", ["series", "kpis"])
def test_simulate_with_too_many_replications_is_refused_before_allocating(keep):
    """``simulate`` refuses, with the figures, replications whose results would not fit in
    memory -- before allocating the replications x states x days arrays."""
    import time

    from hiringsim import simulate
    from hiringsim.scenario import RunSizeError

    sc = load_scenario(SMALL)
    t0 = time.perf_counter()
    with pytest.raises(RunSizeError) as info:
        simulate(sc, 10**8, seed=1, keep=keep, progress=False)
    assert time.perf_counter() - t0 < 5
    assert dict(info.value.problems).keys() == {"(replications)"}
    assert "100,000,000 replications" in str(info.value)


_AT_BOUNDS = r'''
import copy, json, random, resource, signal, sys, tomllib
from pathlib import Path
from hiringsim import Scenario, ScenarioError, run_replication

raw0 = tomllib.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
def leaves(node, path=()):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from leaves(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from leaves(v, (*path, i))
    elif isinstance(node, int | float) and not isinstance(node, bool):
        yield path
def set_at(raw, path, v):
    for p in path[:-1]:
        raw = raw[p]
    raw[path[-1]] = v
BIG = [10**9, 10**7, 10**6, 10**5, 3653, 100, 10, 0.999]
paths = list(leaves(raw0))
cases = [[(p, v)] for p in paths for v in BIG]          # each number alone, large to small
rnd = random.Random(15)
cases += [[(p, rnd.choice(BIG)) for p in rnd.sample(paths, 3)] for _ in range(40)]
resource.setrlimit(resource.RLIMIT_AS, (8 * 2**30, 8 * 2**30))
def timeout(*_):
    raise TimeoutError
signal.signal(signal.SIGALRM, timeout)
done = set()
for case in cases:
    if len(case) == 1 and case[0][0] in done:
        continue  # the largest valid value of this number already ran
    raw = copy.deepcopy(raw0)
    for p, v in case:
        set_at(raw, p, v)
    try:
        sc = Scenario.from_dict(raw)
    except ScenarioError:
        print(json.dumps(["refused", repr(case)]), flush=True)
        continue
    done.add(case[0][0])
    signal.alarm(60)
    try:
        run_replication(sc, seed=1)
        out = "ran"
    except BaseException as exc:
        out = f"{type(exc).__name__}: {exc}"
    signal.alarm(0)
    print(json.dumps([out, repr(case)]), flush=True)
'''


@pytest.mark.slow
def test_what_validates_at_its_bounds_runs_in_bounded_time_and_memory(tmp_path):
    """Every number of a scenario at its largest valid value, and random combinations of large
    values: each is refused at validation or runs one fast replication within 60 s and 8 GiB
    of address space (a separate process with those limits)."""
    import json
    import os
    import subprocess
    import sys

    script = tmp_path / "at_bounds.py"
    script.write_text(_AT_BOUNDS, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        [str(Path(__file__).resolve().parents[1] / "src"), os.environ.get("PYTHONPATH", "")])}
    proc = subprocess.run([sys.executable, str(script), str(SMALL)], capture_output=True,
                          text=True, timeout=900, env=env)
    assert proc.returncode == 0, proc.stderr[-2000:]
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    ran = [case for out, case in results if out == "ran"]
    failed = [(out, case) for out, case in results if out not in ("ran", "refused")]
    assert failed == []
    assert len(ran) >= 40


# -- item 4: a horizon without a fiscal-year end -------------------------------------------------
def test_run_of_a_horizon_without_30_september(tmp_path, capsys):
    """A scenario from January to August (no fiscal-year end) validates and runs: the report
    says there is no fiscal-year end, and the fiscal table is empty (it used to fail with
    ``error: fiscal_year``)."""
    import pandas as pd

    from hiringsim.cli import main

    raw = copy.deepcopy(_BASE)
    raw["end"] = dt.date(2020, 8, 31)
    raw["target"]["deadline"] = dt.date(2020, 8, 1)
    raw["resources"]["bi"]["changes"] = raw["resources"]["bi"]["changes"][:1]
    raw["roles"]["officer"]["recruiting"] = raw["roles"]["officer"]["recruiting"][:1]
    raw["roles"]["officer"]["positions"][1]["from"] = dt.date(2020, 7, 1)
    path = _write(tmp_path, "spring.toml", raw)
    out = tmp_path / "out"
    assert main(["run", str(path), "-n", "2", "-q", "--out", str(out)]) == 0, \
        capsys.readouterr().err
    assert "no fiscal-year end" in capsys.readouterr().out
    assert len(pd.read_parquet(out / "fiscal.parquet")) == 0
    assert (out / "dashboard.png").exists()


# -- item 7 and 8: file kinds, encodings, several files ------------------------------------------
def _extends(tmp_path: Path, target: str) -> Path:
    child = tmp_path / "child.toml"
    child.write_text(toml_dumps({"extends": target, "name": "x"}), encoding="utf-8")
    return child


@pytest.mark.parametrize("kind", ["directory", "empty", "dot", "symlink-loop", "fifo",
                                  "dev-zero", "not-utf8", "huge-int-literal", "nul-byte"])
def test_extends_of_every_file_kind_is_one_scenario_error(tmp_path, kind):
    """``extends`` pointing at a directory, ``""``, ``"."``, a symlink loop, a FIFO (which would
    hang), ``/dev/zero`` (which would fill memory), a non-UTF-8 file or a file with a 5,000-digit
    number is one ScenarioError naming the file -- quickly."""
    import os

    target = {"directory": "sub", "empty": "", "dot": ".", "symlink-loop": "loop.toml",
              "fifo": "fifo.toml", "dev-zero": "/dev/zero", "not-utf8": "latin1.toml",
              "huge-int-literal": "digits.toml", "nul-byte": "a\x00b.toml"}[kind]
    (tmp_path / "sub").mkdir()
    os.symlink(tmp_path / "loop.toml", tmp_path / "loop.toml")
    os.mkfifo(tmp_path / "fifo.toml")
    (tmp_path / "latin1.toml").write_bytes('name = "S\xe3o Paulo"\n'.encode("latin-1"))
    (tmp_path / "digits.toml").write_text("name = 1" + "0" * 5000 + "\n", encoding="utf-8")
    child = _extends(tmp_path, target)
    with pytest.raises(ScenarioError) as info:
        load_scenario(child)
    assert type(info.value) is ScenarioError
    text = str(info.value)
    assert "child.toml" in text
    if target not in ("", ".") and "\x00" not in target:
        assert target.rsplit("/", 1)[-1] in text


@pytest.mark.parametrize("kind", ["directory", "symlink-loop", "fifo", "dev-zero"])
def test_scenario_path_of_every_file_kind_is_one_scenario_error(tmp_path, kind):
    """``load_scenario`` of a directory, a symlink loop, a FIFO or a device is one ScenarioError
    naming it."""
    import os

    path = tmp_path / "scenario.toml"
    if kind == "directory":
        path.mkdir()
    elif kind == "symlink-loop":
        os.symlink(path, path)
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        path = Path("/dev/zero")
    with pytest.raises(ScenarioError, match=str(path.name)) as info:
        load_scenario(path)
    assert type(info.value) is ScenarioError


def test_validate_reports_every_bad_file(tmp_path, capsys):
    """``hiringsim validate good dir latin1 broken`` checks every file, reports each bad one by
    name and exits 1."""
    from hiringsim.cli import main

    good = _write(tmp_path, "good.toml", _BASE)
    folder = tmp_path / "folder"
    folder.mkdir()
    latin1 = tmp_path / "latin1.toml"
    latin1.write_bytes('name = "S\xe3o Paulo"\n'.encode("latin-1"))
    loop = tmp_path / "loop.toml"
    loop.symlink_to(loop)
    assert main(["validate", str(good), str(folder), str(latin1), str(loop)]) == 1
    out, err = capsys.readouterr()
    assert f"ok: {good}" in out
    assert f"{folder}: (file): is a directory" in err
    assert f"{latin1}: (file): is not UTF-8" in err
    assert f"{loop}:" in err


# -- item 13: source, the order of extends and [set], every problem at once ----------------------
def test_source_key_is_refused(tmp_path):
    """``source`` (the internal record of where a scenario came from) is not a file key: the
    validator refuses it, as the JSON Schema does."""
    raw = {**copy.deepcopy(_BASE), "source": "elsewhere.toml"}
    with pytest.raises(ScenarioError) as info:
        load_scenario(_write(tmp_path, "source.toml", raw))
    assert "unknown key" in dict(info.value.problems)["source"]


def test_child_tables_beat_parent_set(tmp_path):
    """The order is parent tables < parent [set] < child tables < child [set]: a child's own
    ``salary = 70000`` wins over its parent's ``[set]`` 60,000 (which used to win)."""
    parent = copy.deepcopy(_BASE)
    parent["set"] = {"roles.officer.salary": 60000, "roles.support.salary": 50000}
    _write(tmp_path, "parent.toml", parent)
    (tmp_path / "child.toml").write_text(toml_dumps({
        "extends": "parent.toml", "roles": {"officer": {"salary": 70000}}}), encoding="utf-8")
    (tmp_path / "grandchild.toml").write_text(toml_dumps({
        "extends": "child.toml", "roles": {"support": {"salary": 55000}},
        "set": {"roles.officer.salary": 80000}}), encoding="utf-8")
    child = load_scenario(tmp_path / "child.toml")
    assert child.role("officer").salary == 70000
    assert child.role("support").salary == 50000  # the parent's [set], not overridden
    grandchild = load_scenario(tmp_path / "grandchild.toml")
    assert grandchild.role("officer").salary == 80000
    assert grandchild.role("support").salary == 55000


def test_bad_set_path_does_not_hide_other_problems(tmp_path):
    """A ``[set]`` path that does not exist is reported together with the schema errors and
    the cross-checks of the rest of the file."""
    raw = copy.deepcopy(_BASE)
    raw["resources"]["bi"]["servers"] = -1  # a schema error
    raw["target"]["deadline"] = dt.date(2030, 1, 1)  # a cross-check
    raw["set"] = {"roles.officer.stages.nope.pass_rate": 0.5}
    with pytest.raises(ScenarioError) as info:
        load_scenario(_write(tmp_path, "all.toml", raw))
    fields = {p for p, _ in info.value.problems}
    assert {"set.roles.officer.stages.nope.pass_rate", "resources.bi.servers"} <= fields


def test_bad_set_path_and_cross_check_reported_together(tmp_path):
    """A bad ``[set]`` path and a cross-check problem (a deadline after the horizon) are both
    reported."""
    raw = copy.deepcopy(_BASE)
    raw["target"]["deadline"] = dt.date(2030, 1, 1)
    raw["set"] = {"roles.officer.stages.nope.pass_rate": 0.5}
    with pytest.raises(ScenarioError) as info:
        load_scenario(_write(tmp_path, "all.toml", raw))
    fields = {p for p, _ in info.value.problems}
    assert {"set.roles.officer.stages.nope.pass_rate", "target.deadline"} <= fields


def test_set_that_is_not_a_table_does_not_hide_other_problems(tmp_path):
    """``set = 3`` is reported with the other problems of the file."""
    raw = copy.deepcopy(_BASE)
    raw["resources"]["bi"]["servers"] = -1
    raw["set"] = 3
    with pytest.raises(ScenarioError) as info:
        load_scenario(_write(tmp_path, "all.toml", raw))
    assert {"set", "resources.bi.servers"} <= {p for p, _ in info.value.problems}


def test_with_values_reports_bad_paths_and_bad_values_together():
    """``with_values`` with a bad path and a bad value reports both."""
    sc = load_scenario(SMALL)
    with pytest.raises(ScenarioError) as info:
        sc.with_values({"roles.officer.stages.nope.pass_rate": 0.5,
                        "resources.bi.servers": -1})
    assert {"roles.officer.stages.nope.pass_rate", "resources.bi.servers"} <= {
        p for p, _ in info.value.problems}


def test_size_estimate_covers_every_array_results_keep():
    """The run-size estimate of daily series covers all that Results keeps with them (state
    series, capacity use, milestones, window series and hire times), so a simulate that fits by
    the estimate fits in memory."""
    from hiringsim.scenario.size import run_size

    sc = load_scenario(SMALL)
    res = hiringsim.simulate(sc, 20, seed=1, progress=False)
    kept = sum(a.nbytes for store in res._arrays.values() for a in store.values())
    size = run_size(sc)
    estimate = (size.bytes(replications=20, keep_series=True)
                - size.bytes(replications=20, keep_series=False))
    assert kept > 0 and estimate >= kept, (estimate, kept)
