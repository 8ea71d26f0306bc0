"""The shipped scenarios are package data: found by name, loaded as from the checkout, and in the
wheel, so an installed hiringsim needs no repository."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import hiringsim
from hiringsim import example, example_path, examples, load_scenario

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = ROOT / "scenarios"
STRATEGIES = ["agency_plan", "capacity_first", "even_phases", "surge"]


def test_every_name_resolves_to_a_shipped_file():
    """Each name of examples() is a file of the package's scenarios/ folder."""
    package = Path(hiringsim.__file__).parent / "scenarios"
    names = examples()
    assert names == sorted(names) and "baseline" in names
    for name in names:
        path = example_path(name)
        assert path.is_file() and path.suffix == ".toml", name
        assert path.relative_to(package).with_suffix("").as_posix() == name


def test_names_cover_every_file_in_scenarios():
    """examples() lists every file under scenarios/ (the repository's link to the package data)."""
    files = sorted(p.relative_to(SCENARIOS).with_suffix("").as_posix()
                   for p in SCENARIOS.rglob("*.toml"))
    assert examples() == files
    assert {"strategies/surge", "sweeps/baseline_uncertainty", "solve/seats_needed"} <= set(files)


@pytest.mark.parametrize("name", ["surge", "strategies/surge", "strategies/surge.toml",
                                  "surge.toml"])
def test_short_path_and_toml_forms_name_the_same_file(name):
    """A strategy is found by its stem or its path, with or without .toml."""
    assert example_path(name) == example_path("strategies/surge")
    assert example_path(name).name == "surge.toml"


def test_sweep_and_solve_files_by_path():
    """Sweep and solve files are reached by their relative path, with or without .toml."""
    assert example_path("sweeps/baseline_uncertainty").parent.name == "sweeps"
    assert example_path("solve/seats_needed.toml") == example_path("solve/seats_needed")


def test_example_baseline_is_the_baseline_file():
    """example("baseline") is the scenario that load_scenario reads from scenarios/baseline.toml."""
    assert example("baseline").to_dict() == load_scenario(SCENARIOS / "baseline.toml").to_dict()
    assert example("baseline.toml").to_dict() == example("baseline").to_dict()


@pytest.mark.parametrize("stem", STRATEGIES)
def test_example_loads_each_strategy(stem):
    """Each strategy loads by its stem (its extends = "../baseline.toml" resolves in place)."""
    sc = example(stem)
    assert sc.to_dict() == load_scenario(SCENARIOS / "strategies" / f"{stem}.toml").to_dict()
    assert sc.to_dict() == example(f"strategies/{stem}").to_dict()


def test_base_of_sweep_and_solve_files_resolves():
    """The sweep and solve files' base = "../baseline.toml" loads from the package folder."""
    from hiringsim.sweep import load_sweep

    assert load_sweep(example_path("sweeps/baseline_uncertainty")) is not None
    for name in ("solve/seats_needed", "solve/investigators_and_seats"):
        assert hiringsim.load_solve(example_path(name)) is not None


@pytest.mark.parametrize("name", ["nope", "strategies/nope", "baseline_uncertainty", ""])
def test_unknown_name_lists_the_valid_ones(name):
    """An unknown name is a ValueError that names it and lists every valid name."""
    for function in (example, example_path):
        with pytest.raises(ValueError, match="valid names") as info:
            function(name)
        message = str(info.value)
        assert repr(name) in message
        assert all(valid in message for valid in examples())


@pytest.mark.parametrize("name", ["sweeps/baseline_uncertainty", "solve/seats_needed"])
def test_example_refuses_sweep_and_solve_files(name):
    """example() loads scenarios only; a sweep or solve file points to example_path."""
    with pytest.raises(ValueError, match="example_path"):
        example(name)


def test_public_names_stay_functions():
    """Importing the defining module does not shadow hiringsim.examples with a module."""
    import hiringsim.shipped  # noqa: F401

    for name in ("example", "example_path", "examples"):
        assert name in hiringsim.__all__
        assert callable(getattr(hiringsim, name)), name


def test_the_wheel_ships_the_scenarios(tmp_path):
    """The built wheel holds the scenarios and py.typed; unpacked alone on sys.path, outside the
    repository, hiringsim.example() and example_path() work from it."""
    wheels = tmp_path / "wheels"
    isolation = [] if importlib.util.find_spec("hatchling") is None else ["--no-build-isolation"]
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", *isolation, "-q",
                    "-w", str(wheels), str(ROOT)], check=True, capture_output=True, timeout=120)
    (wheel,) = wheels.glob("hiringsim-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
        assert "hiringsim/py.typed" in names
        assert {f"hiringsim/scenarios/{n}.toml" for n in examples()} <= names
        site = tmp_path / "site"
        zf.extractall(site)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(site)
    code = ("import hiringsim; s = hiringsim.example('baseline'); "
            "print(s.name, hiringsim.example_path('surge'), hiringsim.__file__, sep='\\n')")
    out = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, env=env, check=True,
                         capture_output=True, text=True, timeout=60)
    name, surge, module = out.stdout.strip().splitlines()
    assert name == example("baseline").name
    assert Path(module).is_relative_to(site)
    assert Path(surge).is_relative_to(site)
    assert Path(surge).is_file() and Path(surge).name == "surge.toml"


def test_a_wheel_built_from_the_sdist_ships_the_scenarios(tmp_path):
    """pip installing the sdist gives the scenarios too (the scenarios/ link at the repository root
    must not stand in for the package data)."""
    pytest.importorskip("hatchling")
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "sdist", "-d",
                    str(tmp_path / "sdist")], cwd=ROOT, check=True, capture_output=True,
                   timeout=120)
    (sdist,) = (tmp_path / "sdist").glob("hiringsim-*.tar.gz")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path / "wheels"), str(sdist)], check=True,
                   capture_output=True, timeout=120)
    (wheel,) = (tmp_path / "wheels").glob("hiringsim-*.whl")
    with zipfile.ZipFile(wheel) as zf:
        names = set(zf.namelist())
    assert {f"hiringsim/scenarios/{n}.toml" for n in examples()} <= names
    assert "hiringsim/py.typed" in names
