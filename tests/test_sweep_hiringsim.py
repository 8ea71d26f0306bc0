"""The sweep on the real model: ScenarioModel, the baseline scenario and the command line."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from hiringsim.cli import main
from hiringsim.cli.sweep import run_sweep_command
from hiringsim.experiment import replication_kpis
from hiringsim.scenario import load_scenario
from hiringsim.sweep import Parameter, ScenarioModel, Sweep, SweepError, run_sweep
from hiringsim.sweep.design import design_points

ROOT = Path(__file__).resolve().parents[1]
BASELINE = ROOT / "scenarios" / "baseline.toml"
PR = "roles.officer.stages.background.pass_rate"
SERVERS = "resources.background.servers"


@pytest.fixture(scope="module")
def base():
    return load_scenario(BASELINE)


def test_oat_on_the_baseline_matches_direct_runs(base, tmp_path):
    """Each stored run equals replication_kpis on base.with_values(point), same (seed, r)."""
    sweep = Sweep(parameters=[Parameter(PR, low=0.6, high=0.8), Parameter(SERVERS, low=800,
                                                                          high=2000)],
                  outcomes=["growth_at_deadline", "time_to_hire_mean", "cost_per_net_hire"],
                  design="oat", seed=2017, base=base)
    result = run_sweep(sweep, store=tmp_path / "oat.sqlite", n_jobs=1, progress=False)
    assert result.complete and len(result.outcomes) == 5
    assert result.design.loc[0, SERVERS] == 1000              # the baseline value, an int
    row = result.outcomes.iloc[3]
    values = result.design.loc[row.point_id, [PR, SERVERS]].to_dict()
    direct = replication_kpis(base.with_values(values), seed=2017, replication=0)
    for o in sweep.outcomes:
        assert row[o] == direct[o] or (math.isnan(row[o]) and math.isnan(direct[o]))
    tornado = result.tornado("time_to_hire_mean")
    assert set(tornado["parameter"]) == {PR, SERVERS}


def test_scenario_model_checks_points(base):
    """ScenarioModel.check reports what the scenario rejects; a valid point passes."""
    model = ScenarioModel(base)
    assert model.check({SERVERS: 1200}) == []
    assert model.check({SERVERS: 12.5})[0][0] == SERVERS


def test_precheck_stops_before_any_run(base, tmp_path):
    """A design point the scenario rejects stops the sweep before anything runs."""
    sweep = Sweep(parameters=[Parameter(SERVERS, values=[1000, 1200])], outcomes=["hires"],
                  design="grid", seed=1, base=base)

    class Rejecting(ScenarioModel):
        def check(self, values):
            return [(SERVERS, "too many")] if values[SERVERS] > 1100 else []

    with pytest.raises(SweepError, match=r"point 1 .*: resources.background.servers: too many"):
        run_sweep(sweep, store=tmp_path / "x.sqlite", evaluate=Rejecting(base), n_jobs=1,
                  progress=False)
    assert not (tmp_path / "x.sqlite").exists()      # fix the sweep and run it: no stale store


def test_precheck_reports_every_invalid_point_at_once(base, tmp_path):
    """Every rejected design point is reported in one error, each with the sweep's file, the
    point (id and values) and the field, before any run or store."""
    sweep = Sweep(parameters=[Parameter(SERVERS, values=[1000, 1200, 1400]),
                              Parameter(PR, values=[0.6, 0.8])],
                  outcomes=["hires"], design="grid", seed=1, base=base, source="my.toml")

    class Crossing(ScenarioModel):  # a cross-field rule: both high together is rejected
        def check(self, values):
            both = values[SERVERS] > 1100 and values[PR] > 0.7
            return [(PR, "too high with these servers")] if both else super().check(values)

    with pytest.raises(SweepError) as info:
        run_sweep(sweep, store=tmp_path / "x.sqlite", evaluate=Crossing(base), n_jobs=1,
                  progress=False)
    problems = info.value.problems
    assert len(problems) == 2 and str(info.value).count("my.toml: point ") == 2
    bad = sorted((p.values[SERVERS], p.values[PR], p.point_id)
                 for p in design_points(sweep) if p.values[SERVERS] > 1100 and p.values[PR] > 0.7)
    for (servers, pr, pid), (where, what) in zip(bad, problems, strict=True):
        assert where == f"point {pid} {{'{SERVERS}': {servers}, '{PR}': {pr}}}"
        assert what == f"{PR}: too high with these servers"
    assert not (tmp_path / "x.sqlite").exists()


def test_scenario_model_check_names_every_field(base):
    """The real check (ScenarioModel.check, built like a file) names each rejected field."""
    got = ScenarioModel(base).check({SERVERS: 12.5, PR: 1.5})
    assert {field for field, _ in got} == {SERVERS, PR}


def test_command_line_runs_resumes_and_writes(tmp_path, capsys, monkeypatch):
    """`hiringsim sweep FILE --jobs 1 --design oat` runs, prints the tornado, writes files."""
    sweep_file = tmp_path / "small.toml"
    sweep_file.write_text(f'''
base = "{BASELINE.as_posix()}"
design = "lhs"
n = 4
seed = 5
outcomes = ["growth_at_deadline", "cost_per_net_hire"]
[parameters."{PR}"]
low = 0.6
high = 0.8
[parameters."roles.officer.academy.seats"]
low = 40
high = 80
''')
    monkeypatch.chdir(tmp_path)
    assert main(["sweep", str(sweep_file), "--jobs", "1", "--design", "oat", "--quiet"]) == 0
    printed = capsys.readouterr().out
    assert "one-at-a-time swings of growth_at_deadline" in printed
    out = tmp_path / "out" / "small-oat"
    for name in ("sweep.sqlite", "design.csv", "outcomes.csv", "table.csv", "problem.json",
                 "tornado_growth_at_deadline.csv", "tornado_growth_at_deadline.png"):
        assert (out / name).exists(), name
    assert json.loads((out / "problem.json").read_text())["num_vars"] == 2
    # the main CLI's entry point resumes the finished store: nothing to run, same answer
    assert run_sweep_command(sweep_file, jobs=1, progress=False, design="oat") == 0
    assert printed in capsys.readouterr().out
    # a bad file exits with status 2 and names the field
    sweep_file.write_text(sweep_file.read_text().replace("high = 0.8", "high = 1.8"))
    assert run_sweep_command(sweep_file, jobs=1, progress=False) == 2
    assert f'parameters."{PR}": high value 1.8 rejected' in capsys.readouterr().err


def test_dated_outcomes_keep_the_series_points_asked_for(base, tmp_path):
    """Outcomes named WHAT@DATE store headcount on those dates, equal to the run's series."""
    from hiringsim.model.record import stocks
    from hiringsim.replication import run_replication

    dates = ["2018-09-30", "2020-09-30"]
    outcomes = [f"growth@{d}" for d in dates] + ["support.on_duty@2019-09-30",
                                                 "officer.background:queue@2018-01-01"]
    sweep = Sweep(parameters=[Parameter(SERVERS, values=[1000, 2000])], outcomes=outcomes,
                  design="grid", seed=5, base=base, replications=1)
    result = run_sweep(sweep, store=tmp_path / "dated.sqlite", n_jobs=1, progress=False)
    row = result.outcomes.iloc[0]
    point = result.design.loc[row["point_id"]]
    rec = run_replication(base.with_values({SERVERS: int(point[SERVERS])}), seed=5, replication=0)
    st = stocks(rec)
    for d in dates:
        day = base.day(__import__("datetime").date.fromisoformat(d))
        want = st["officer"]["on_duty"][day] + st["officer"]["onboarding"][day] - 6000
        assert row[f"growth@{d}"] == want
    day = base.day(__import__("datetime").date(2019, 9, 30))
    assert row["support.on_duty@2019-09-30"] == st["support"]["on_duty"][day]
    assert set(result.outcomes["officer.background:queue@2018-01-01"]) != {0.0}


def test_bad_dated_outcome_says_what_is_valid(base):
    """A misspelt state or a date outside the run is a clear error."""
    from hiringsim.measures.dated import dated_outcome
    from hiringsim.replication import run_replication

    rec = run_replication(base, seed=1)
    with pytest.raises(KeyError, match="no state 'onduty'"):
        dated_outcome(rec, "officer.onduty@2018-06-30")
    with pytest.raises(KeyError, match="outside the simulated period"):
        dated_outcome(rec, "growth@2030-01-01")
