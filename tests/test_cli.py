"""The command line: run, compare, validate, schema; errors without tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from hiringsim.cli import main

SMALL = Path(__file__).parent / "scenarios" / "small.toml"


def test_run_prints_key_results_and_writes_files(tmp_path, capsys):
    """`hiringsim run` prints the target date, FY headcount, time to hire, bottleneck; saves."""
    out = tmp_path / "run"
    code = main(["run", str(SMALL), "-n", "3", "--jobs", "1", "--seed", "4", "--out", str(out),
                 "--quiet"])
    text = capsys.readouterr().out
    assert code == 0
    for phrase in ("Reached by the deadline", "Date reached", "fiscal-year ends",
                   "Time to hire", "Applicants per hire", "Bottleneck:", "Cost:",
                   "Cost by fiscal year"):
        assert phrase in text, phrase
    for name in ("summary.csv", "costs.csv", "kpis.parquet", "funnel.parquet",
                 "fiscal_costs.parquet", "meta.json", "arrays.npz", "headcount.png",
                 "costs_by_year.png", "dashboard.png"):
        assert (out / name).exists(), name
    assert (out / "headcount.png").stat().st_size > 20_000
    meta = json.loads((out / "meta.json").read_text())
    assert meta["seed"] == 4 and meta["replications"] == 3
    kpis = pd.read_parquet(out / "kpis.parquet")
    assert list(kpis["replication"]) == [0, 1, 2]


def test_compare_writes_table_and_figures(tmp_path, capsys):
    """`hiringsim compare` prints the comparison and paired differences and saves figures."""
    variant = tmp_path / "more.toml"
    variant.write_text(f'extends = "{SMALL.as_posix()}"\nname = "more"\n'
                       "[resources.bi]\nservers = 12\n")
    out = tmp_path / "cmp"
    code = main(["compare", str(SMALL), str(variant), "-n", "4", "--jobs", "1", "--out",
                 str(out), "--quiet"])
    text = capsys.readouterr().out
    assert code == 0
    assert "Paired differences against 'small'" in text and "more" in text
    table = pd.read_csv(out / "comparison.csv")
    assert {"measure", "unit", "small: value", "more: value"} <= set(table.columns)
    for name in ("strategies.png", "time_to_target.png", "costs.png", "differences.csv",
                 "workbook.xlsx"):
        assert (out / name).exists(), name


def test_exports_are_excel_ready_and_reports_are_written(tmp_path, capsys):
    """summary.csv and comparison.csv hold human labels and plain numbers (no '8,891' or
    '0% (0%-16%)' text); run/compare write workbook.xlsx, --report writes report.html, and
    `hiringsim report DIR` re-renders a saved results folder."""
    out = tmp_path / "run"
    assert main(["run", str(SMALL), "-n", "2", "--jobs", "1", "--out", str(out), "--quiet",
                 "--report"]) == 0
    assert (out / "workbook.xlsx").exists() and (out / "report.html").exists()
    summary = pd.read_csv(out / "summary.csv")
    assert "net growth at the deadline" in set(summary["measure"])
    assert "days_to_target" not in set(summary["measure"])
    row = summary.set_index("measure").loc["net growth at the deadline"]
    assert isinstance(row["mean"], float)
    # a share stays a fraction in CSV, and its unit says so ("%" beside 0.0188 reads 0.0188%)
    share = summary.set_index("KPI id").loc["target_by_deadline"]
    assert share["unit"] == "share (1 = 100%)" and 0 <= share["mean"] <= 1
    assert "%" not in set(summary["unit"])
    (out / "report.html").unlink()
    assert main(["report", str(out)]) == 0
    assert "base64," in (out / "report.html").read_text()
    variant = tmp_path / "more.toml"
    variant.write_text(f'extends = "{SMALL.as_posix()}"\nname = "more"\n'
                       "[resources.bi]\nservers = 12\n")
    cmp = tmp_path / "cmp"
    assert main(["compare", str(SMALL), str(variant), "-n", "3", "--jobs", "1", "--out",
                 str(cmp), "--quiet", "--report"]) == 0
    table = pd.read_csv(cmp / "comparison.csv")
    assert table.set_index("KPI id").loc["target_by_deadline", "unit"] == "share (1 = 100%)"
    values = table.set_index("KPI id").drop(index=["bottleneck", "target_day"])
    for col in ("small: value", "more: value"):
        assert pd.to_numeric(values[col]).notna().all(), col  # plain numbers, not "8,891"
    assert "bi resource: servers" in (cmp / "report.html").read_text()
    capsys.readouterr()


def test_bad_scenario_is_a_clear_error_without_traceback(tmp_path):
    """A malformed file gives exit 2 and a message naming file and field, no traceback."""
    bad = tmp_path / "bad.toml"
    bad.write_text(SMALL.read_text().replace("pass_rate = 0.5", "pass_rate = 1.7", 1))
    proc = subprocess.run([sys.executable, "-m", "hiringsim", "run", str(bad), "-n", "1"],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "bad.toml" in proc.stderr
    assert "roles.officer.stages.screen.pass_rate" in proc.stderr
    assert "<= 1" in proc.stderr


def test_validate_reports_each_file(tmp_path, capsys):
    """`hiringsim validate` says ok for good files and fails for bad ones."""
    bad = tmp_path / "typo.toml"
    bad.write_text(SMALL.read_text().replace("seats = 15", "seets = 15"))
    assert main(["validate", str(SMALL)]) == 0
    assert "ok:" in capsys.readouterr().out
    assert main(["validate", str(SMALL), str(bad)]) == 1
    err = capsys.readouterr().err
    assert "roles.officer.academy.seets" in err and "seats" in err


def test_schema_is_json(tmp_path):
    """`hiringsim schema` writes a JSON Schema that names the top-level sections."""
    out = tmp_path / "schema.json"
    assert main(["schema", "--out", str(out)]) == 0
    schema = json.loads(out.read_text())
    assert {"target", "roles", "resources", "extends"} <= set(schema["else"]["properties"])


@pytest.mark.parametrize("command", ["run", "compare", "sweep", "solve", "validate", "schema",
                                     "discover",
                                     "report"])
def test_help_explains_every_option(command, capsys):
    """Every subcommand has --help text describing its options."""
    with pytest.raises(SystemExit) as exc:
        main([command, "--help"])
    assert exc.value.code == 0
    text = capsys.readouterr().out
    assert "usage: hiringsim " + command in text
    if command in ("run", "compare"):
        for opt in ("--replications", "--seed", "--out", "--jobs", "--mode", "--quiet"):
            assert opt in text


def test_zero_replications_refused(capsys):
    """Asking for 0 replications is an error, not an empty report."""
    assert main(["run", str(SMALL), "-n", "0", "--jobs", "1"]) == 2
    assert "--replications" in capsys.readouterr().err


# -- names are labels: a hostile name never leads out of out/ (issue #15, item 2) -------------

def _files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*")}


def _written_only_under_out(tmp_path: Path, command: list[str], *, codes=(0,)) -> Path:
    """Run ``command`` in-process from tmp_path/a/b/work; return work/out.  Every file and folder
    the command creates anywhere under tmp_path must lie in work/out."""
    work = tmp_path / "a" / "b" / "work"
    work.mkdir(parents=True)
    before = _files(tmp_path)
    cwd = Path.cwd()
    os.chdir(work)
    try:
        code = main(command)
    finally:
        os.chdir(cwd)
    assert code in codes
    out = work / "out"
    escaped = sorted(str(p) for p in _files(tmp_path) - before
                     if p != out and out not in p.parents)
    assert not escaped, escaped
    return out


def _hostile_names(tmp_path: Path) -> list[str]:
    return ["../../../escaped", str(tmp_path / "absolute"), "..", "", "a/../../../b"]


@pytest.mark.parametrize("which", range(5))
def test_run_with_a_hostile_name_writes_only_under_out(tmp_path, which, capsys):
    """`run` without --out writes to out/<safe name>, whatever the scenario's name says."""
    name = _hostile_names(tmp_path)[which]
    path = tmp_path / "hostile.toml"
    path.write_text(f'extends = "{SMALL.as_posix()}"\nname = {json.dumps(name)}\n')
    out = _written_only_under_out(tmp_path, ["run", str(path), "-n", "1", "-j", "1", "-q"])
    (folder,) = out.iterdir()
    assert (folder / "summary.csv").exists() and not folder.name.startswith(".")


def test_compare_with_hostile_names_writes_only_under_out(tmp_path, capsys):
    """`compare` of scenarios named like paths writes to out/compare only."""
    paths = []
    for i, name in enumerate(["../../../escaped", str(tmp_path / "absolute")]):
        paths.append(tmp_path / f"s{i}.toml")
        paths[-1].write_text(f'extends = "{SMALL.as_posix()}"\nname = {json.dumps(name)}\n')
    out = _written_only_under_out(tmp_path, ["compare", *map(str, paths), "-n", "2", "-j", "1",
                                             "-q"])
    assert (out / "compare" / "comparison.csv").exists()


@pytest.mark.parametrize("name", ["../../../escaped", "absolute"])
def test_sweep_with_a_hostile_name_writes_only_under_out(tmp_path, name, capsys):
    """`sweep` without --out puts its store and tables in out/<safe name>."""
    name = str(tmp_path / name) if name == "absolute" else name
    path = tmp_path / "sweep.toml"
    path.write_text(f'name = {json.dumps(name)}\nbase = "{SMALL.as_posix()}"\ndesign = "grid"\n'
                    'seed = 1\nreplications = 1\noutcomes = ["growth_at_deadline"]\n'
                    '[parameters."resources.bi.servers"]\nlow = 5\nhigh = 6\nlevels = 2\n')
    out = _written_only_under_out(tmp_path, ["sweep", str(path), "-j", "1", "-q"])
    (folder,) = out.iterdir()
    assert (folder / "sweep.sqlite").exists()


def test_solve_file_named_dot_dot_writes_only_under_out(tmp_path, capsys):
    """`solve ...toml` (whose stem is '..') writes to a folder inside out/, not out/.."""
    path = tmp_path / "...toml"
    path.write_text(f'name = "../../x"\nbase = "{SMALL.as_posix()}"\nprobability = 0.5\n'
                    'replications = 2\nverify_replications = 2\n'
                    '[levers."resources.bi.servers"]\nlow = 5\nhigh = 6\nstep = 1\n'
                    'cost_per_unit = 1\n')
    # exit 1: no setting reaches the target (small's +300 is out of reach); the files are written
    out = _written_only_under_out(tmp_path, ["solve", str(path), "-j", "1", "-q"], codes=(0, 1))
    (folder,) = out.iterdir()
    assert (folder / "result.json").exists()


def test_calibrate_scenario_named_dot_dot_writes_only_under_out(tmp_path, capsys):
    """`calibrate` derives its folder from the scenario file's stem through the same helper."""
    from hiringsim.calibration import observe
    from hiringsim.replication import run_replication
    from hiringsim.scenario import load_scenario

    obs = observe(run_replication(load_scenario(SMALL), seed=7, replication=0))
    csv = tmp_path / "obs.csv"
    obs.assign(period_start=obs["period_start"].dt.date,
               period_end=obs["period_end"].dt.date).to_csv(csv, index=False)
    scenario = tmp_path / "...toml"
    scenario.write_text(f'extends = "{SMALL.as_posix()}"\nname = "../../../x"\n')
    out = _written_only_under_out(tmp_path, ["calibrate", str(scenario), str(csv), "-n", "0",
                                             "-j", "1", "-q"])
    (folder,) = out.iterdir()
    assert (folder / "estimates.csv").exists()


def test_safe_name_keeps_labels_and_defuses_paths():
    """The folder names made from names: safe characters kept, never empty, '.' or '..'."""
    from hiringsim.cli._common import MAX_NAME, out_folder, safe_name

    assert safe_name("baseline_uncertainty-oat") == "baseline_uncertainty-oat"
    for name in ["..", ".", "", "/", "../..", "a/b", "C:\\x", "\x00", "\u202e", "~", "$HOME",
                 "x" * 1000, "...", ".hidden", "日本"]:
        slug = safe_name(name)
        assert slug and slug not in (".", "..") and not slug.startswith(".")
        assert len(slug) <= MAX_NAME and set(slug) <= set(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        assert out_folder(name).parent == Path("out")
