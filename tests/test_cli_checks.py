"""The command line checks every argument before any simulation runs (no finished work is lost
to a late error): an ``--out`` naming a file, a ``--baseline`` naming no plan, replications
below 1."""

from __future__ import annotations

from pathlib import Path

import pytest

from hiringsim.cli import main

SMALL = Path(__file__).parent / "scenarios" / "small.toml"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def no_simulation(monkeypatch):
    """Any simulation fails the test: the command must stop before running one."""
    import hiringsim.experiment as experiment
    import hiringsim.goalseek.evaluate as evaluate

    def refuse(*args, **kwargs):
        raise AssertionError("a simulation ran before the arguments were checked")

    monkeypatch.setattr(experiment, "simulate", refuse)
    monkeypatch.setattr(experiment, "run_replication", refuse)
    monkeypatch.setattr(evaluate, "kpi_row", refuse)


def _variant(tmp_path: Path) -> Path:
    variant = tmp_path / "more.toml"
    variant.write_text(f'extends = "{SMALL.as_posix()}"\nname = "more"\n'
                       "[resources.bi]\nservers = 12\n")
    return variant


def test_run_out_naming_a_file_fails_before_simulating(tmp_path, capsys, no_simulation):
    """`run --out FILE` fails at once, naming the file, with exit status 2."""
    out = tmp_path / "taken.txt"
    out.write_text("keep me")
    code = main(["run", str(SMALL), "-n", "2", "-j", "1", "--out", str(out), "-q"])
    err = capsys.readouterr().err
    assert code == 2
    assert "is a file" in err and str(out) in err
    assert out.read_text() == "keep me"


def test_compare_out_naming_a_file_fails_before_simulating(tmp_path, capsys, no_simulation):
    """`compare --out FILE` fails before any plan runs."""
    out = tmp_path / "taken.txt"
    out.write_text("x")
    code = main(["compare", str(SMALL), str(_variant(tmp_path)), "-n", "2", "-j", "1",
                 "--out", str(out), "-q"])
    assert code == 2
    assert "is a file" in capsys.readouterr().err


def test_compare_unknown_baseline_fails_before_simulating(tmp_path, capsys, no_simulation):
    """`compare --baseline NAME` naming no plan fails at once and lists the plans."""
    code = main(["compare", str(SMALL), str(_variant(tmp_path)), "-n", "2", "-j", "1",
                 "--out", str(tmp_path / "o"), "--baseline", "nope", "-q"])
    err = capsys.readouterr().err
    assert code == 2
    assert "'nope'" in err and "'small'" in err and "'more'" in err


def test_compare_baseline_may_name_a_file(tmp_path, capsys):
    """`--baseline` accepts a plan's label or one of the files given (by stem)."""
    variant = _variant(tmp_path)
    code = main(["compare", str(SMALL), str(variant), "-n", "2", "-j", "1", "--out",
                 str(tmp_path / "o"), "--baseline", variant.stem, "-q"])
    assert code == 0
    assert "Paired differences against 'more'" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [
    ["run", str(SMALL), "-n", "0"],
    ["run", str(SMALL), "-j", "0"],
    ["compare", str(SMALL), str(SMALL), "-n", "0"],
    ["solve", str(ROOT / "scenarios" / "solve" / "seats_needed.toml"), "-n", "0"],
    ["solve", str(ROOT / "scenarios" / "solve" / "seats_needed.toml"),
     "--verify-replications", "0"],
])
def test_bad_counts_fail_before_simulating(argv, tmp_path, capsys, no_simulation):
    """Replications, verification replications and jobs below 1 are refused up front."""
    assert main([*argv, "--out", str(tmp_path / "o"), "-q"]) == 2
    assert "must be at least 1" in capsys.readouterr().err


def test_solve_out_naming_a_file_fails_before_simulating(tmp_path, capsys, no_simulation):
    """`solve --out FILE` fails before screening starts."""
    out = tmp_path / "taken"
    out.write_text("x")
    code = main(["solve", str(ROOT / "scenarios" / "solve" / "seats_needed.toml"), "--out",
                 str(out), "-j", "1", "-q"])
    assert code == 2
    assert "is a file" in capsys.readouterr().err


def test_compare_help_gives_its_default_folder(capsys):
    """`compare --help` names out/compare, the folder it writes by default."""
    with pytest.raises(SystemExit):
        main(["compare", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "default: out/compare" in text
