"""Sweep specifications: files, validation errors naming file and field, round trips."""

from __future__ import annotations

from pathlib import Path

import pytest

from hiringsim.sweep import Parameter, Sweep, SweepError, load_sweep
from hiringsim.sweep.spec import sweep_from_dict

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.toml"
SWEEP_FILES = sorted((ROOT / "scenarios" / "sweeps").glob("*.toml"))

PR = "roles.officer.stages.background.pass_rate"
GOOD_HEAD = f'''
base = "{BASELINE.as_posix()}"
design = "lhs"
n = 8
seed = 1
outcomes = ["target_by_deadline"]
'''


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sweep.toml"
    path.write_text(text)
    return path


@pytest.mark.parametrize("path", SWEEP_FILES, ids=lambda p: p.name)
def test_every_sweep_file_loads(path):
    """Every file in scenarios/sweeps/ loads and validates against its base scenario."""
    sweep = load_sweep(path)
    assert sweep.base is not None and sweep.parameters and sweep.outcomes
    assert sweep.n_points > 0


def test_baseline_uncertainty_shape():
    """The baseline sweep is a Sobol' design over 11 inputs with int levers inferred or declared."""
    sweep = load_sweep(ROOT / "scenarios" / "sweeps" / "baseline_uncertainty.toml")
    assert sweep.design == "sobol" and sweep.n == 256 and sweep.replications == 1
    assert sweep.n_points == 256 * (len(sweep.parameters) + 2)
    types = {p.path: p.type for p in sweep.parameters}
    assert types["resources.background.servers"] == "int"
    assert types["roles.officer.academy.every_days"] == "int"
    assert types[PR] == "float"


def test_good_file_round_trips(tmp_path):
    """A sweep read from a file equals the one rebuilt from its to_dict()."""
    path = _write(tmp_path, GOOD_HEAD + f'''
[parameters."{PR}"]
low = 0.6
high = 0.8
[parameters."resources.background.servers"]
values = [800, 1200]
''')
    sweep = load_sweep(path)
    again = sweep_from_dict(sweep.to_dict(), base=sweep.base)
    assert again == sweep
    assert sweep.parameters[1].type == "int"          # inferred from the base value
    assert sweep.parameters[1].values == (800, 1200)


BAD_FILES = [
    # (name, parameters / extra text, field expected in problems, words expected in the message)
    ("unknown path", '[parameters."roles.officer.stages.bakground.pass_rate"]\nlow = 0.6\n'
     "high = 0.8\n", 'parameters."roles.officer.stages.bakground.pass_rate"',
     "unknown scenario path"),
    ("empty range", f'[parameters."{PR}"]\nlow = 0.7\nhigh = 0.7\n',
     f'parameters."{PR}".high', "empty range"),
    ("inverted range", f'[parameters."{PR}"]\nlow = 0.8\nhigh = 0.6\n',
     f'parameters."{PR}".high', "inverted range"),
    ("empty list", f'[parameters."{PR}"]\nvalues = []\n', f'parameters."{PR}".values',
     "empty list"),
    ("rejected by scenario", f'[parameters."{PR}"]\nlow = 0.6\nhigh = 1.2\n',
     f'parameters."{PR}"', "high value 1.2 rejected by the scenario: must be >= 0 and <= 1"),
    ("unbounded normal rejected", f'[parameters."{PR}"]\ndist = "normal"\nmean = 0.7\n'
     "sd = 0.1\n", f'parameters."{PR}"', "quantile value"),
    ("non-whole int", '[parameters."resources.background.servers"]\nlow = 800.5\n'
     "high = 2000\n", 'parameters."resources.background.servers".low', "whole number"),
    ("unknown parameter key", f'[parameters."{PR}"]\nlow = 0.6\nhgih = 0.8\n',
     f'parameters."{PR}".hgih', "unknown key"),
    ("unknown top-level key", f'replicatons = 2\n[parameters."{PR}"]\nlow = 0.6\nhigh = 0.8\n',
     "replicatons", "unknown key"),
    ("table not value", '[parameters."roles.officer.stages.background.duration"]\n'
     "low = 30\nhigh = 90\n", 'parameters."roles.officer.stages.background.duration"',
     "is a table"),
    ("unknown dist", f'[parameters."{PR}"]\ndist = "beta"\nlow = 0.6\nhigh = 0.8\n',
     f'parameters."{PR}".dist', "must be one of"),
    ("triangular mode outside", f'[parameters."{PR}"]\ndist = "triangular"\nlow = 0.6\n'
     "mode = 0.9\nhigh = 0.8\n", f'parameters."{PR}".mode', "within low..high"),
    ("missing high", f'[parameters."{PR}"]\nlow = 0.6\n', f'parameters."{PR}".high',
     "required"),
]


@pytest.mark.parametrize("name, params, field, words", BAD_FILES,
                         ids=[c[0] for c in BAD_FILES])
def test_bad_parameter_is_named(tmp_path, name, params, field, words):
    """A bad parameter fails at load, naming the file, the field and what is wrong."""
    path = _write(tmp_path, GOOD_HEAD + params)
    with pytest.raises(SweepError) as info:
        load_sweep(path)
    err = info.value
    assert err.source == str(path)
    assert field in [f for f, _ in err.problems], err.problems
    assert f"{path}: {field}: " in str(err)
    assert words in str(err)


DESIGN_ERRORS = [
    ("sobol with a list", 'design = "sobol"\nn = 8\n',
     f'[parameters."{PR}"]\nvalues = [0.6, 0.7]\n', f'parameters."{PR}".values',
     "a sobol design needs a range"),
    ("sobol n not a power of 2", 'design = "sobol"\nn = 12\n',
     f'[parameters."{PR}"]\nlow = 0.6\nhigh = 0.8\n', "n", "power of 2"),
    ("grid without levels", 'design = "grid"\n', f'[parameters."{PR}"]\nlow = 0.6\n'
     "high = 0.8\n", f'parameters."{PR}".levels', "needs levels"),
    ("grid with n", 'design = "grid"\nn = 4\n', f'[parameters."{PR}"]\nvalues = [0.6]\n',
     "n", "not used by a grid design"),
    ("unknown design", 'design = "factorial"\n', f'[parameters."{PR}"]\nvalues = [0.6]\n',
     "design", "must be one of"),
]


@pytest.mark.parametrize("name, head, params, field, words", DESIGN_ERRORS,
                         ids=[c[0] for c in DESIGN_ERRORS])
def test_design_needs_are_checked(tmp_path, name, head, params, field, words):
    """A design that cannot use a parameter (or lacks its size) fails naming the field."""
    text = (f'base = "{BASELINE.as_posix()}"\nseed = 1\noutcomes = ["hires"]\n' + head
            + params)
    path = _write(tmp_path, text)
    with pytest.raises(SweepError) as info:
        load_sweep(path)
    assert field in [f for f, _ in info.value.problems], info.value.problems
    assert words in str(info.value)


def test_file_level_errors(tmp_path):
    """Missing files, bad TOML, a missing base and missing keys each name the file and field."""
    with pytest.raises(SweepError, match=r"nothere\.toml: \(file\): no such file"):
        load_sweep(tmp_path / "nothere.toml")
    with pytest.raises(SweepError, match=r"\(syntax\): not valid TOML"):
        load_sweep(_write(tmp_path, "design = \n"))
    with pytest.raises(SweepError, match=r"sweep\.toml: base: cannot load"):
        load_sweep(_write(tmp_path, GOOD_HEAD.replace("baseline.toml", "nope.toml")
                          + f'[parameters."{PR}"]\nlow = 0.6\nhigh = 0.8\n'))
    with pytest.raises(SweepError) as info:
        load_sweep(_write(tmp_path, 'design = "lhs"\nn = 4\n'))
    fields = [f for f, _ in info.value.problems]
    assert {"seed", "outcomes", "parameters"} <= set(fields)


def test_python_sweep_is_validated_like_a_file():
    """Sweeps built in Python are checked the same way (no source file in the message)."""
    with pytest.raises(SweepError) as info:
        Sweep(parameters=[Parameter("x", low=1, high=0), Parameter("y", values=[1, 1])],
              outcomes=["y"], design="lhs", n=4, seed=-1)
    fields = [f for f, _ in info.value.problems]
    assert fields == ["seed", 'parameters."x".high', 'parameters."y"',   # "y" is an outcome
                      'parameters."y".values']
    assert str(info.value).startswith("invalid sweep (4 problems)")


def test_sweep_is_frozen_and_replace_revalidates():
    """Sweeps are immutable; replace() builds a new, validated one."""
    sweep = Sweep(parameters=[Parameter("x", low=0, high=1)], outcomes=["y"], design="lhs",
                  n=4, seed=0)
    with pytest.raises(AttributeError):
        sweep.seed = 3  # type: ignore[misc]
    oat = sweep.replace(design="oat", n=None)
    assert oat.n_points == 3
    with pytest.raises(SweepError, match="n: a sobol design needs n"):
        sweep.replace(design="sobol")


def test_every_problem_is_reported_at_once(tmp_path):
    """Schema problems (types, bounds, unknown keys) and checks across fields come together."""
    path = _write(tmp_path, f'''
base = "{BASELINE.as_posix()}"
design = "sobol"
n = 12
seed = -1
source = "x"
[parameters."{PR}"]
dist = "normal"
mean = 0.7
sd = -0.1
[parameters."resources.background.servers"]
low = 800
high = 2000
step = 100
''')
    with pytest.raises(SweepError) as info:
        load_sweep(path)
    fields = {f for f, _ in info.value.problems}
    assert fields == {"source", "outcomes", "seed", "n", f'parameters."{PR}".sd',
                      'parameters."resources.background.servers".step'}


def test_mode_is_checked():
    """The simulation mode is one of the modes a replication runs in."""
    from hiringsim.replication import MODES
    from hiringsim.sweep.spec import MODES as SWEEP_MODES

    assert SWEEP_MODES == MODES
    with pytest.raises(SweepError, match="mode: must be one of fast, reference"):
        Sweep(parameters=[Parameter("x", low=0, high=1)], outcomes=["y"], design="oat",
              seed=0, mode="exact")


def test_sweep_json_schema_describes_the_file():
    """The JSON Schema lists the sweep keys, parameters by path, bounds and choices."""
    from hiringsim.sweep import sweep_json_schema

    js = sweep_json_schema()
    props = js["properties"]
    assert set(props) == {"parameters", "outcomes", "design", "seed", "n", "replications",
                          "base", "estimator", "mode", "name", "description"}
    assert js["additionalProperties"] is False
    assert props["design"]["enum"] == ["grid", "lhs", "sobol", "oat"]
    assert props["seed"]["minimum"] == 0
    param = props["parameters"]["additionalProperties"]
    assert "path" not in param["properties"] and param["additionalProperties"] is False
    assert param["properties"]["sd"]["exclusiveMinimum"] == 0
