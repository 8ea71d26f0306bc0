"""Uncertain inputs: the syntax and its checks, the draws (distributions, common random numbers,
the scenario each replication runs), and the figures labelled with or without them."""

from __future__ import annotations

import datetime as dt
import json
import math

import numpy as np
import pytest

import hiringsim as hs
from fragments import scenario
from hiringsim.draws import draw_inputs, with_draws
from hiringsim.report import comparison_table, text_report, uncertainty_lines
from hiringsim.scenario import ScenarioError
from hiringsim.scenario.uncertain import Uncertain

#: a one-role scenario, one screening stage, a few weeks: whole-day stages, no attrition
BODY = """\
    [roles.a]
    initial = 10
    onboarding = 0
    attrition = { annual_rate = 0 }
    recruiting = [{ from = 2020-01-01, per_week = 70 }]

    [[roles.a.stages]]
    name = "s1"
    pass_rate = 0.5
    duration = 2

    [[roles.a.stages]]
    name = "s2"
    pass_rate = 0.8
    duration = { dist = "gamma", mean = 4, cv = 0.5 }
    """


def _u(path: str, **kw) -> str:
    rows = "\n".join(f"{k} = {json.dumps(v)}" for k, v in kw.items())
    return f'\n[uncertain."{path}"]\n{rows}\n'


# -- distributions ------------------------------------------------------------------------------
CASES = [
    (Uncertain("x", "uniform", low=2, high=5), "uniform", {"loc": 2, "scale": 3}),
    (Uncertain("x", "triangular", low=1, mode=2, high=6), "triang",
     {"c": 0.2, "loc": 1, "scale": 5}),
    (Uncertain("x", "beta", a=55, b=45), "beta", {"a": 55, "b": 45}),
    (Uncertain("x", "beta", mean=0.7, sd=0.07), "beta",
     {"a": 0.7 * (0.21 / 0.0049 - 1), "b": 0.3 * (0.21 / 0.0049 - 1)}),
    (Uncertain("x", "truncnormal", mean=60, sd=15, low=30, high=120), "truncnorm",
     {"a": -2, "b": 4, "loc": 60, "scale": 15}),
    (Uncertain("x", "lognormal", median=0.02, sigma=0.5), "lognorm",
     {"s": 0.5, "scale": 0.02}),
    (Uncertain("x", "discrete", values=(1, 2, 10), weights=(1, 1, 2)), None, None),
]


@pytest.mark.parametrize(("u", "name", "params"), CASES, ids=lambda c: getattr(c, "dist", ""))
def test_draws_match_the_distribution(u, name, params):
    """100,000 draws (seed 1) have the distribution's mean and variance within 1% of the sd
    (scipy.stats as the reference) and stay within its support."""
    from scipy import stats

    x = u.quantile(np.random.default_rng(1).random(100_000))
    if name is None:  # discrete: values 1, 2, 10 with weights 1/4, 1/4, 1/2
        mean, var = 5.75, (1 + 4 + 2 * 100) / 4 - 5.75**2
        assert set(np.unique(x)) == {1.0, 2.0, 10.0}
    else:
        ref = getattr(stats, name)(**params)
        mean, var = ref.mean(), ref.var()
    sd = np.sqrt(var)
    assert abs(x.mean() - mean) < 0.01 * sd
    assert abs(x.std() - sd) < 0.01 * sd
    assert abs(u.mean_value() - mean) < 1e-9 * max(1, abs(mean))
    lo, hi = u.support()
    assert x.min() >= lo and x.max() <= hi


# -- syntax and checks --------------------------------------------------------------------------
def test_uncertain_inputs_parse_and_round_trip(tmp_path):
    """A declared input is built, named by its path, and survives to_dict / from_dict and
    JSON."""
    sc = scenario(tmp_path, BODY + _u("roles.a.stages.s1.pass_rate", dist="beta", a=5, b=5,
                                      note="ASSUMPTION")
                  + _u("roles.a.stages.s2.duration.mean", dist="uniform", low=2, high=6))
    assert [u.path for u in sc.uncertain] == ["roles.a.stages.s1.pass_rate",
                                             "roles.a.stages.s2.duration.mean"]
    assert sc.uncertain[0].describe() == "beta(a=5, b=5)"
    assert hs.Scenario.from_dict(sc.to_dict()) == sc
    assert hs.Scenario.from_json(sc.to_json()) == sc


def test_every_problem_is_reported_at_once(tmp_path):
    """Unknown path, a support outside the field's bounds, bad and unknown parameters, an
    unknown key: one error naming each uncertain."path".field."""
    with pytest.raises(ScenarioError) as exc:
        scenario(tmp_path, BODY
                 + _u("roles.a.stages.nope.pass_rate", dist="beta", a=1, b=1)
                 + _u("roles.a.stages.s1.pass_rate", dist="uniform", low=0.5, high=1.5)
                 + _u("roles.a.stages.s2.pass_rate", dist="triangular", low=0.5, mode=0.9,
                      high=0.8)
                 + _u("roles.a.recruiting.0.per_week", dist="beta", a=1, b=1, sigma=0.3)
                 + _u("roles.a.initial", dist="lognormal", median=10, sigm=1)
                 + _u("roles.a.attrition.annual_rate", dist="lognormal", median=0.1, sigma=1))
    fields = {f for f, _ in exc.value.problems}
    assert {'uncertain."roles.a.stages.nope.pass_rate"',
            'uncertain."roles.a.stages.s1.pass_rate".dist',
            'uncertain."roles.a.stages.s2.pass_rate".mode',
            'uncertain."roles.a.recruiting.0.per_week".sigma',
            'uncertain."roles.a.initial".sigm',
            'uncertain."roles.a.attrition.annual_rate".dist'} <= fields
    text = str(exc.value)
    assert "no stage" in text or "no entry 'nope'" in text
    assert "[0.5, 1.5]" in text and "<= 1" in text


def test_paths_must_name_numbers(tmp_path):
    """A path to a table, a text field or outside roles/resources is refused."""
    with pytest.raises(ScenarioError) as exc:
        scenario(tmp_path, BODY + _u("roles.a.stages.s1.name", dist="uniform", low=0, high=1)
                 + _u("target.growth", dist="uniform", low=1, high=2)
                 + _u("roles.a.attrition", dist="uniform", low=0, high=0.1))
    assert len(exc.value.problems) == 3


def test_a_variant_inherits_overrides_and_removes(tmp_path):
    """extends: inputs are inherited, merged key by key, and dist = "none" removes one."""
    base = tmp_path / "base.toml"
    scenario(tmp_path, BODY + _u("roles.a.stages.s1.pass_rate", dist="beta", a=5, b=5)
             + _u("roles.a.stages.s2.pass_rate", dist="uniform", low=0.7, high=0.9),
             name="base")
    (tmp_path / "v.toml").write_text('extends = "base.toml"\nname = "v"\n'
                                     + _u("roles.a.stages.s1.pass_rate", a=9)
                                     + _u("roles.a.stages.s2.pass_rate", dist="none"))
    assert base.exists()
    v = hs.load_scenario(tmp_path / "v.toml")
    assert [(u.path, u.a, u.b) for u in v.uncertain] == [("roles.a.stages.s1.pass_rate", 9, 5)]


def test_a_fragment_of_uncertain_inputs_is_taken_and_overridden(tmp_path):
    """uncertain_inputs: the fragment's inputs are taken; the file's own tables merge into them
    key by key; a variant of the file inherits them (extends)."""
    scenario(tmp_path, BODY, name="base")
    (tmp_path / "inputs.toml").write_text(
        _u("roles.a.stages.s1.pass_rate", dist="beta", a=5, b=5)
        + _u("roles.a.stages.s2.pass_rate", dist="uniform", low=0.7, high=0.9))
    (tmp_path / "v.toml").write_text('extends = "base.toml"\nuncertain_inputs = "inputs.toml"\n'
                                     'name = "v"\n' + _u("roles.a.stages.s1.pass_rate", a=9))
    (tmp_path / "w.toml").write_text('extends = "v.toml"\nname = "w"\n')
    for name in ("v", "w"):
        got = hs.load_scenario(tmp_path / f"{name}.toml").uncertain
        assert [(u.path, u.dist, u.a, u.b, u.low, u.high) for u in got] == [
            ("roles.a.stages.s1.pass_rate", "beta", 9, 5, None, None),
            ("roles.a.stages.s2.pass_rate", "uniform", None, None, 0.7, 0.9)]


def test_the_shipped_fragment_gives_uncertain_toml_its_inputs():
    """scenarios/uncertain.toml takes its ten inputs from inputs/officer_uncertainty.toml."""
    sc = hs.example("uncertain")
    frag = hs.example_path("inputs/officer_uncertainty").read_text()
    assert len(sc.uncertain) == 10
    assert all(f'[uncertain."{u.path}"]' in frag for u in sc.uncertain)
    with pytest.raises(ValueError, match="not a scenario: a scenario file takes it with "
                                         "uncertain_inputs"):
        hs.example("inputs/officer_uncertainty")


def test_a_bad_fragment_is_refused_naming_file_and_field(tmp_path):
    """A missing fragment, a fragment with other keys, a path that is not text: one error each,
    naming the file, the field and what would be valid."""
    scenario(tmp_path, BODY, name="base")
    cases = {"missing": ('"nowhere.toml"', "no file"), "number": ("3", "expected the path"),
             "other": ('"frag.toml"', "holds only")}
    (tmp_path / "frag.toml").write_text('name = "x"\n[target]\nrole = "a"\n'
                                        + _u("roles.a.stages.s1.pass_rate", dist="beta", a=5,
                                             b=5))
    for case, (value, message) in cases.items():
        path = tmp_path / f"{case}.toml"
        path.write_text(f'extends = "base.toml"\nuncertain_inputs = {value}\nname = "v"\n')
        with pytest.raises(ScenarioError) as exc:
            hs.load_scenario(path)
        text = str(exc.value)
        assert message in text, text
        if case == "other":
            assert "frag.toml" in text and {f for f, _ in exc.value.problems} == {"name", "target"}
        else:
            assert f"{case}.toml" in text and "uncertain_inputs" in text


def test_json_schema_describes_uncertain_inputs():
    """The JSON Schema has the table with a description of every parameter."""
    s = hs.scenario_json_schema()["else"]["properties"]["uncertain"]
    item = s["additionalProperties"]
    assert "Each replication draws" in s["description"]
    assert {"dist", "a", "b", "mean", "sd", "low", "mode", "high", "median", "sigma", "values",
            "weights", "note"} <= set(item["properties"])
    assert all(p.get("description") for p in item["properties"].values())
    assert "beta" in item["properties"]["dist"]["enum"]


# -- draws --------------------------------------------------------------------------------------
def test_common_random_numbers_across_scenarios(tmp_path):
    """Two scenarios with different other inputs and declarations draw the same value for a
    path they both declare alike, replication by replication."""
    a = scenario(tmp_path, BODY + _u("roles.a.stages.s1.pass_rate", dist="beta", a=5, b=5),
                 name="x")
    b = scenario(tmp_path, BODY.replace("per_week = 70", "per_week = 20")
                 + _u("roles.a.stages.s2.pass_rate", dist="uniform", low=0.6, high=0.9)
                 + _u("roles.a.stages.s1.pass_rate", dist="beta", a=5, b=5), name="y")
    path = "roles.a.stages.s1.pass_rate"
    da = [draw_inputs(a, 7, r)[path] for r in range(5)]
    db = [draw_inputs(b, 7, r)[path] for r in range(5)]
    assert da == db and len(set(da)) == 5
    # same seed and replication, different path: a different stream
    assert draw_inputs(b, 7, 0)["roles.a.stages.s2.pass_rate"] != db[0]


def test_the_replication_runs_the_drawn_value(tmp_path):
    """A pass rate drawn from {0, 1}: a replication passes nobody or everybody at s1, and
    Results.inputs records which."""
    sc = scenario(tmp_path, BODY + _u("roles.a.stages.s1.pass_rate", dist="discrete",
                                      values=[0, 1]), end="2020-02-29")
    res = hs.simulate(sc, 6, seed=3, keep="kpis", progress=False)
    drawn = res.inputs.set_index("replication")["value"]
    assert sorted(set(drawn)) == [0.0, 1.0]
    f = res.funnel[res.funnel["stage"] == "s1"].set_index("replication")
    for r, v in drawn.items():
        row = f.loc[r]
        assert row["entered"] > 0
        if v == 1:
            assert row["failed"] == 0 and row["passed"] > 0
        else:
            assert row["passed"] == 0 and row["failed"] > 0
        rec = hs.run_replication(sc, seed=3, replication=int(r))
        assert rec.inputs == {"roles.a.stages.s1.pass_rate": v}
        assert rec.scenario.role("a").stages[0].pass_rate == v


def test_fixed_inputs_run_the_file(tmp_path):
    """inputs='fixed' is the scenario as written: the same KPIs as without the declaration,
    nothing drawn; whole-number fields are drawn as whole numbers."""
    plain = scenario(tmp_path, BODY, name="p")
    sc = scenario(tmp_path, BODY + _u("roles.a.stages.s1.pass_rate", dist="beta", a=5, b=5)
                  + _u("roles.a.initial", dist="uniform", low=5, high=20), name="p")
    fixed = hs.simulate(sc, 2, seed=5, keep="kpis", inputs="fixed", progress=False)
    base = hs.simulate(plain, 2, seed=5, keep="kpis", progress=False)
    assert fixed.inputs.empty and fixed.input_uncertainty.startswith("fixed inputs (2")
    assert base.input_uncertainty == ""
    cols = [c for c in base.kpis.columns if c != "scenario"]
    assert fixed.kpis[cols].equals(base.kpis[cols])
    drawn = draw_inputs(sc, 5, 0)
    assert isinstance(drawn["roles.a.initial"], int)
    assert with_draws(sc, drawn).role("a").initial == drawn["roles.a.initial"]
    with pytest.raises(ValueError, match="inputs must be one of"):
        hs.simulate(sc, 1, seed=5, inputs="mean", progress=False)  # type: ignore[arg-type]


def test_with_values_fixes_a_path(tmp_path):
    """A path set by with_values (a lever) is no longer uncertain; the others stay."""
    sc = scenario(tmp_path, BODY + _u("roles.a.stages.s1.pass_rate", dist="beta", a=5, b=5)
                  + _u("roles.a.stages.s2.pass_rate", dist="beta", a=5, b=5))
    v = sc.with_values({"roles.a.stages.s1.pass_rate": 0.9})
    assert [u.path for u in v.uncertain] == ["roles.a.stages.s2.pass_rate"]


def test_no_uncertain_inputs_change_nothing(tmp_path):
    """Without uncertain inputs both settings run the same code path: identical results."""
    sc = scenario(tmp_path, BODY)
    a = hs.simulate(sc, 2, seed=9, keep="kpis", progress=False)
    b = hs.simulate(sc, 2, seed=9, keep="kpis", inputs="fixed", progress=False)
    assert a.kpis.equals(b.kpis) and a.inputs.empty and a.input_uncertainty == ""
    assert uncertainty_lines(a) == []


# -- the shipped scenario and its figures -------------------------------------------------------
@pytest.fixture(scope="module")
def shipped():
    """scenarios/uncertain.toml cut to its first 2 years (small n, fast)."""
    return _cut(hs.example("uncertain"))


def _cut(sc):
    """``sc`` over its first year (deadline 1 Mar 2018; the first recruiting rate)."""
    cut = {"end": dt.date(2018, 3, 31), "target.deadline": dt.date(2018, 3, 1),
           "resources.background.changes": []}
    for r in ("officer", "support", "legal"):
        cut[f"roles.{r}.recruiting"] = [sc.get(f"roles.{r}.recruiting.0")]
    return sc.with_values(cut)


def test_shipped_scenario_declares_inputs_with_notes():
    """The shipped file declares ten inputs, each with a source or ASSUMPTION."""
    sc = hs.example("uncertain")
    assert len(sc.uncertain) == 10
    assert all(u.note for u in sc.uncertain)


def test_simulate_compare_report_label_both_figures(shipped, tmp_path):
    """simulate, the text report, compare's tables and the saved results say which figures
    are with input uncertainty and which are fixed."""
    unc = hs.simulate(shipped, 2, seed=1, progress=False)
    fix = hs.simulate(shipped, 2, seed=1, inputs="fixed", progress=False)
    assert unc.input_uncertainty == "with input uncertainty (10 inputs)"
    assert fix.input_uncertainty.startswith("fixed inputs (10 uncertain inputs")
    assert set(unc.inputs.columns) >= {"replication", "input", "value"}
    assert len(unc.inputs) == 20 and fix.inputs.empty
    t = text_report(unc)
    assert "Reached by the deadline (with input uncertainty)" in t
    assert "roles.officer.academy.graduation_rate: beta(mean=0.8, sd=0.05)" in t
    assert "Reached by the deadline (fixed inputs)" in text_report(fix)
    cmp = hs.compare({"with": shipped, "base": _cut(hs.example("baseline"))}, 2, seed=1,
                     keep="kpis", progress=False)
    assert comparison_table(cmp).loc["inputs", "with"] == "with input uncertainty (10 inputs)"
    assert cmp.table().loc["inputs", "base"] == "fixed (none uncertain)"
    assert "with input uncertainty" in cmp.conclusion()
    assert "with input uncertainty" in unc._repr_html_()
    back = hs.Results.load(unc.save(tmp_path / "r"))
    assert back.inputs.equals(unc.inputs)
    assert back.input_uncertainty == unc.input_uncertainty


def test_cli_says_which_figures(shipped):
    """`run` and `compare` take --fixed-inputs; compare's header says "with input uncertainty
    (N inputs)" (the text report, tested above, says it for run)."""
    import argparse

    from hiringsim.cli import compare as cli_compare
    from hiringsim.cli import run as cli_run
    from hiringsim.cli._common import inputs_of

    sub = argparse.ArgumentParser().add_subparsers(dest="command")
    cli_run.add_parser(sub)
    cli_compare.add_parser(sub)
    parser = sub.choices
    assert inputs_of(parser["run"].parse_args(["x.toml", "--fixed-inputs"])) == "fixed"
    assert inputs_of(parser["compare"].parse_args(["a", "b"])) == "uncertain"
    cmp = hs.compare({"unc": shipped, "also": shipped}, 1, seed=1, keep="kpis",
                     progress=False)
    assert cli_compare.inputs_line(cmp) == ", with input uncertainty (10 inputs)"


def test_both_modes_and_workers_draw_alike(tmp_path):
    """The reference mode and a sweep's or solve's worker (replication_kpis) run replication r
    with the same draws as simulate's replication r."""
    sc = scenario(tmp_path, BODY + _u("roles.a.stages.s1.pass_rate", dist="beta", a=5, b=5)
                  + _u("roles.a.stages.s2.duration.mean", dist="uniform", low=2, high=6),
                  end="2020-01-31")
    res = hs.simulate(sc, 2, seed=4, keep="kpis", progress=False)
    for r in (0, 1):
        ref = hs.run_replication(sc, seed=4, replication=r, mode="reference")
        drawn = res.inputs[res.inputs["replication"] == r].set_index("input")["value"]
        assert ref.inputs == drawn.to_dict()
        assert ref.scenario.role("a").stages[1].duration.mean == drawn[
            "roles.a.stages.s2.duration.mean"]
        k = hs.replication_kpis(sc, seed=4, replication=r)
        assert k["growth_at_deadline"] == res.kpis.loc[r, "growth_at_deadline"]


def test_workbook_has_the_draws(tmp_path):
    """The results workbook says what the figures are over and has a sheet of the draws."""
    from openpyxl import load_workbook

    from hiringsim.export import workbook

    sc = scenario(tmp_path, BODY + _u("roles.a.stages.s1.pass_rate", dist="beta", a=5, b=5),
                  end="2020-01-31")
    res = hs.simulate(sc, 2, seed=4, keep="kpis", progress=False)
    wb = load_workbook(workbook(res, tmp_path / "w.xlsx"))
    rows = list(wb["drawn inputs"].values)
    assert rows[0][:3] == ("replication", "seed", "input") and len(rows) == 3
    facts = {r[0]: r[2] for r in wb["scenario"].values}
    assert facts["figures"] == "with input uncertainty (1 input)"


def test_a_degenerate_draw_is_the_file(tmp_path):
    """Drawing the file's own value (discrete [2.0]) changes no model draw: the same KPIs as the
    scenario as written (the inputs' streams are apart from the model's)."""
    from fragments import TOY_TOML

    mean = "roles.officer.stages.bi.duration.mean"
    (tmp_path / "toy.toml").write_text(TOY_TOML)
    toy = hs.load_scenario(tmp_path / "toy.toml")
    (tmp_path / "same.toml").write_text('extends = "toy.toml"\n'
                                        + _u(mean, dist="discrete", values=[2.0]))
    same = hs.load_scenario(tmp_path / "same.toml")
    a = hs.simulate(toy, 3, seed=8, keep="kpis", progress=False).kpis
    b = hs.simulate(same, 3, seed=8, keep="kpis", progress=False).kpis
    cols = [c for c in a.columns if c != "scenario"]
    assert a[cols].equals(b[cols])


def test_a_lognormal_fits_a_bounded_field_when_its_draws_do(tmp_path):
    """A lognormal's support ends at its quantile at 1 - 1e-12, where the uniforms are
    clipped (median * exp(7.034 sigma)): a narrow one on a field bounded above (a duration's
    mean, <= 3653 days; what calibrate writes) is accepted, a wide one refused."""
    narrow = Uncertain("x", "lognormal", median=20, sigma=0.1)
    assert narrow.support() == (0.0, pytest.approx(20 * math.exp(0.1 * 7.0344), rel=1e-4))
    assert narrow.quantile(1 - 1e-15) == narrow.quantile(0.999999999999999) <= 40.5
    sc = scenario(tmp_path, BODY + _u("roles.a.stages.s2.duration.mean", dist="lognormal",
                                      median=20, sigma=0.1))
    assert [u.name for u in sc.uncertain] == ["roles.a.stages.s2.duration.mean"]
    with pytest.raises(ScenarioError, match="outside the field's bounds"):
        scenario(tmp_path, BODY + _u("roles.a.stages.s2.duration.mean", dist="lognormal",
                                     median=20, sigma=1.2))
