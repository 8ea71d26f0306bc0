"""Scenario files: every shipped scenario loads and runs; every malformed input is refused with
one ScenarioError that names the file, the dotted field and what would be valid."""

from __future__ import annotations

import copy
import datetime as dt
import json
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given

from hiringsim import Scenario, ScenarioError, load_scenario, scenario_json_schema
from hiringsim.replication import run_replication
from strategies import malformed_variants, toml_dumps

ROOT = Path(__file__).resolve().parents[1]
SMALL = Path(__file__).resolve().parent / "scenarios" / "small.toml"


def _scenario_files() -> list[Path]:
    """Scenario files under scenarios/: a top-level [target] or ``extends`` (sweep and solve
    files excluded)."""
    out = []
    for path in sorted((ROOT / "scenarios").rglob("*.toml")):
        if {"sweeps", "solve"} & set(path.relative_to(ROOT / "scenarios").parts):
            continue
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError:
            out.append(path)  # a broken file must fail the load test, not vanish from it
            continue
        if "target" in raw or "extends" in raw:
            out.append(path)
    return out


SCENARIO_FILES = _scenario_files()


def _small_raw() -> dict[str, Any]:
    with open(SMALL, "rb") as fh:
        return tomllib.load(fh)


def _write(tmp_path: Path, name: str, raw: dict[str, Any]) -> Path:
    path = tmp_path / name
    path.write_text(toml_dumps(raw), encoding="utf-8")
    return path


def _refused(path: Path) -> ScenarioError:
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert type(info.value) is ScenarioError
    assert path.name in str(info.value)
    return info.value


# -- shipped scenarios --------------------------------------------------------------------------
def test_scenario_files_are_found():
    """The discovery finds the baseline (so the parametrised test below is never empty)."""
    assert ROOT / "scenarios" / "baseline.toml" in SCENARIO_FILES


@pytest.mark.parametrize("path", SCENARIO_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_scenario_file_loads_and_runs(path):
    """Every scenario file in scenarios/ validates and runs one fast replication."""
    sc = load_scenario(path)
    rec = run_replication(sc, seed=1, mode="fast")
    assert rec.flows[sc.target.role]["applicants"].sum() > 0


def test_small_test_scenario_loads():
    """tests/scenarios/small.toml (used by the model tests) is a valid scenario."""
    sc = load_scenario(SMALL)
    assert [r.name for r in sc.roles] == ["officer", "support"]
    assert sc.resource("bi").servers == 6


# -- malformed inputs, one by one ---------------------------------------------------------------
def _set(path: str, value: Any) -> Callable[[dict], None]:
    """An edit that sets a dotted path of the raw TOML (list entries by index)."""
    def edit(raw: dict) -> None:
        node: Any = raw
        parts = path.split(".")
        for p in parts[:-1]:
            node = node[int(p)] if isinstance(node, list) else node[p]
        last = parts[-1]
        if isinstance(node, list):
            node[int(last)] = value
        else:
            node[last] = value
    return edit


def _swap(path: str) -> Callable[[dict], None]:
    """An edit that reverses a list of the raw TOML (to put dates out of order)."""
    def edit(raw: dict) -> None:
        node: Any = raw
        for p in path.split("."):
            node = node[int(p)] if isinstance(node, list) else node[p]
        node.reverse()
    return edit


OFC = "roles.officer"
STAGE_SCREEN = f"{OFC}.stages.0"
STAGE_EXAM = f"{OFC}.stages.1"
STAGE_BI = f"{OFC}.stages.2"

# (id, edit of small.toml's raw data, dotted field reported, text saying what is valid)
MALFORMED = [
    # unknown keys at every level
    ("unknown-top", _set("colour", "blue"), "colour", "valid keys here"),
    ("unknown-target", _set("target.dead_line", "2021-01-01"), "target.dead_line",
     "did you mean 'deadline'? valid keys here"),
    ("unknown-resource-key", _set("resources.bi.severs", 3), "resources.bi.severs",
     "did you mean 'servers'? valid keys here"),
    ("unknown-change-key", _set("resources.bi.changes.0.server", 3),
     "resources.bi.changes.0.server", "valid keys here"),
    ("unknown-role-key", _set(f"{OFC}.onbording", 5), f"{OFC}.onbording", "valid keys here"),
    ("role-name-key", _set(f"{OFC}.name", "sergeant"), f"{OFC}.name", "valid keys here"),
    ("unknown-stage-key", _set(f"{STAGE_SCREEN}.pas_rate", 0.5),
     f"{OFC}.stages.screen.pas_rate", "valid keys here"),
    ("unknown-academy-key", _set(f"{OFC}.academy.seat", 3), f"{OFC}.academy.seat",
     "valid keys here"),
    ("unknown-attrition-key", _set(f"{OFC}.attrition.rate", 0.1), f"{OFC}.attrition.rate",
     "valid keys here"),
    ("unknown-band-key", _set(f"{OFC}.attrition.bands.0.years", 1),
     f"{OFC}.attrition.bands.0.years", "valid keys here"),
    ("unknown-recruiting-key", _set(f"{OFC}.recruiting.0.per_day", 3),
     f"{OFC}.recruiting.0.per_day", "valid keys here"),
    ("unknown-positions-key", _set(f"{OFC}.positions.0.growht", 3), f"{OFC}.positions.0.growht",
     "valid keys here"),
    ("unknown-distribution-key", _set(f"{STAGE_SCREEN}.duration",
                                      {"dist": "gamma", "mean": 10, "cv": 0.5, "sd": 2}),
     f"{OFC}.stages.screen.duration", "valid keys"),
    # wrong types
    ("servers-string", _set("resources.bi.servers", "six"), "resources.bi.servers",
     "whole number"),
    ("servers-fraction", _set("resources.bi.servers", 6.5), "resources.bi.servers",
     "whole number"),
    ("growth-bool", _set("target.growth", True), "target.growth", "whole number"),
    ("pass-rate-string", _set(f"{STAGE_EXAM}.pass_rate", "70%"), f"{OFC}.stages.exam.pass_rate",
     "a number"),
    ("start-number", _set("start", 20200101), "start", "date like"),
    ("deadline-datetime", _set("target.deadline", dt.datetime(2021, 6, 30, 12, 0)),
     "target.deadline", "date-time"),
    ("name-number", _set("name", 3), "name", "a string"),
    ("stages-table", _set(f"{OFC}.stages", {"screen": {}}), f"{OFC}.stages", "a list"),
    ("academy-number", _set(f"{OFC}.academy", 5), f"{OFC}.academy", "a table"),
    ("roles-list", _set("roles", [1]), "roles", "named entries"),
    ("measure-choice", _set("target.measure", "hired"), "target.measure",
     "on_duty, trained, on_board"),
    # out-of-range values
    ("pass-rate-1.7", _set(f"{STAGE_EXAM}.pass_rate", 1.7), f"{OFC}.stages.exam.pass_rate",
     "<= 1"),
    ("negative-servers", _set("resources.bi.servers", -2), "resources.bi.servers", ">= 0"),
    ("negative-change-servers", _set("resources.bi.changes.1.servers", -1),
     "resources.bi.changes.1.servers", ">= 0"),
    ("class-length-0", _set(f"{OFC}.academy.length_days", 0), f"{OFC}.academy.length_days", "> 0"),
    ("seats-0", _set(f"{OFC}.academy.seats", 0), f"{OFC}.academy.seats", "> 0"),
    ("withdraw-1", _set(f"{STAGE_BI}.withdraw_per_week", 1.0),
     f"{OFC}.stages.background.withdraw_per_week", "< 1"),
    ("attrition-1", _set(f"{OFC}.attrition.annual_rate", 1.0), f"{OFC}.attrition.annual_rate",
     "< 1"),
    ("negative-per-week", _set(f"{OFC}.recruiting.0.per_week", -5), f"{OFC}.recruiting.0.per_week",
     ">= 0"),
    ("nan-cost", _set(f"{STAGE_EXAM}.cost", float("nan")), f"{OFC}.stages.exam.cost", "finite"),
    # dates out of order
    ("recruiting-order", _swap(f"{OFC}.recruiting"), f"{OFC}.recruiting.1", "increasing order"),
    ("changes-order", _swap("resources.bi.changes"), "resources.bi.changes.1",
     "increasing order"),
    ("positions-order", _swap(f"{OFC}.positions"), f"{OFC}.positions.1", "increasing order"),
    ("academy-dates-order", _set(f"{OFC}.academy.dates",
                                 [dt.date(2020, 6, 1), dt.date(2020, 3, 1)]),
     f"{OFC}.academy.dates.1", "increasing order"),
    ("same-day-periods", _set(f"{OFC}.recruiting.1.from", dt.date(2020, 1, 1)),
     f"{OFC}.recruiting.1", "increasing order"),
    ("last-class-before-first", _set(f"{OFC}.academy.last_class", dt.date(2020, 1, 15)),
     f"{OFC}.academy.last_class", "first_class"),
    ("bands-order", _set(f"{OFC}.attrition.bands", [{"until_years": 1, "annual_rate": 0.2},
                                                  {"until_years": 0.5, "annual_rate": 0.3}]),
     f"{OFC}.attrition.bands.1.until_years", "increasing tenure order"),
    # dates outside the simulated period
    ("phase-after-horizon", _set(f"{OFC}.positions.1.from", dt.date(2023, 1, 1)),
     f"{OFC}.positions.1.from", "outside the simulated period"),
    ("deadline-before-start", _set("target.deadline", dt.date(2019, 12, 31)), "target.deadline",
     "outside the simulated period 2020-01-01..2021-12-31"),
    ("deadline-after-end", _set("target.deadline", dt.date(2022, 1, 1)), "target.deadline",
     "outside the simulated period"),
    ("change-after-horizon", _set("resources.bi.changes.2.from", dt.date(2022, 3, 1)),
     "resources.bi.changes.2.from", "outside the simulated period"),
    ("recruiting-before-start", _set(f"{OFC}.recruiting.0.from", dt.date(2019, 6, 1)),
     f"{OFC}.recruiting.0.from", "outside the simulated period"),
    ("first-class-after-end", _set(f"{OFC}.academy.first_class", dt.date(2022, 2, 1)),
     f"{OFC}.academy.first_class", "outside the simulated period"),
    ("end-before-start", _set("end", dt.date(2019, 6, 1)), "end", "after start"),
    ("end-equals-start", _set("end", dt.date(2020, 1, 1)), "end", "after start"),
    # references
    ("unknown-resource", _set(f"{STAGE_BI}.resource", "bj"),
     f"{OFC}.stages.background.resource", "resources: bi"),
    ("unknown-target-role", _set("target.role", "agent"), "target.role",
     "roles: officer, support"),
    ("withdraw-without-resource", _set(f"{STAGE_EXAM}.withdraw_per_week", 0.1),
     f"{OFC}.stages.exam.withdraw_per_week", "set resource"),
    ("duplicate-stage", _set(f"{STAGE_EXAM}.name", "screen"), f"{OFC}.stages.screen",
     "unique"),
    ("missing-required", lambda raw: raw["roles"]["officer"].pop("onboarding"),
     f"{OFC}.onboarding", "required"),
    ("no-stages", _set(f"{OFC}.stages", []), f"{OFC}.stages", "at least one stage"),
    ("no-recruiting", _set(f"{OFC}.recruiting", []), f"{OFC}.recruiting", "at least one period"),
    ("academy-no-calendar", lambda raw: raw["roles"]["officer"]["academy"].pop("every_days"),
     f"{OFC}.academy", "every_days"),
    ("ratio-on-target", _set(f"{OFC}.ratio", 0.5), f"{OFC}.ratio", "remove ratio"),
    # bad distributions
    ("unknown-dist", _set(f"{STAGE_SCREEN}.duration", {"dist": "weibull", "mean": 3}),
     f"{OFC}.stages.screen.duration", "'dist' must be one of"),
    ("dist-missing-key", _set(f"{STAGE_SCREEN}.duration", {"dist": "gamma", "mean": 10}),
     f"{OFC}.stages.screen.duration", "missing cv"),
    ("dist-extra-key", _set(f"{STAGE_SCREEN}.duration",
                            {"dist": "exponential", "mean": 10, "cv": 1}),
     f"{OFC}.stages.screen.duration", "does not take cv"),
    ("dist-negative-mean", _set(f"{STAGE_SCREEN}.duration", {"dist": "exponential", "mean": -4}),
     f"{OFC}.stages.screen.duration", "must be > 0"),
    ("dist-zero-cv", _set(f"{STAGE_SCREEN}.duration", {"dist": "gamma", "mean": 4, "cv": 0}),
     f"{OFC}.stages.screen.duration", "must be > 0"),
    ("triangular-low-above-high", _set(f"{STAGE_EXAM}.duration",
                                       {"dist": "triangular", "low": 14, "mode": 7, "high": 3}),
     f"{OFC}.stages.exam.duration", "low <= mode <= high"),
    ("negative-fixed", _set(f"{OFC}.stages.3.duration", -5), f"{OFC}.stages.medical.duration",
     ">= 0"),
    ("dist-no-dist", _set(f"{OFC}.onboarding", {"mean": 20}), f"{OFC}.onboarding",
     "'dist' must be one of"),
    ("dist-string", _set(f"{OFC}.onboarding", "two weeks"), f"{OFC}.onboarding", "number of days"),
    ("empirical-weights", _set(f"{OFC}.onboarding", {"dist": "empirical", "values": [1, 2],
                                                   "weights": [1]}),
     f"{OFC}.onboarding", "one entry per value"),
    ("empirical-empty", _set(f"{OFC}.onboarding", {"dist": "empirical", "values": []}),
     f"{OFC}.onboarding", "at least one"),
]


@pytest.mark.parametrize(("edit", "field", "valid"), [m[1:] for m in MALFORMED],
                         ids=[m[0] for m in MALFORMED])
def test_malformed_scenario_is_refused(tmp_path, edit, field, valid):
    """A malformed file raises ScenarioError naming the file, the dotted field and what is
    valid."""
    raw = _small_raw()
    edit(raw)
    err = _refused(_write(tmp_path, "bad.toml", raw))
    fields = [p for p, _ in err.problems]
    assert field in fields, err.problems
    message = dict(err.problems)[field]
    assert valid in message, message
    assert f"bad.toml: {field}: {message}" in str(err)


def test_all_problems_reported_at_once(tmp_path):
    """Several problems in one file are all reported in one ScenarioError."""
    raw = _small_raw()
    raw["resources"]["bi"]["servers"] = -1
    raw["roles"]["officer"]["academy"]["seats"] = 0
    raw["target"]["typo"] = 1
    err = _refused(_write(tmp_path, "many.toml", raw))
    assert {p for p, _ in err.problems} >= {"resources.bi.servers", "roles.officer.academy.seats",
                                            "target.typo"}
    assert "3 problems" in str(err)


def test_toml_syntax_error(tmp_path):
    """A TOML syntax error is a ScenarioError naming the file and the position."""
    path = tmp_path / "broken.toml"
    path.write_text('name = "x"\nstart = 2020-01-01\n[target\nrole = "a"\n', encoding="utf-8")
    err = _refused(path)
    assert "not valid TOML" in str(err) and "line 3" in str(err)


def test_missing_file():
    """A scenario path that does not exist is a ScenarioError naming it."""
    with pytest.raises(ScenarioError, match="no_such_scenario.toml") as info:
        load_scenario("no_such_scenario.toml")
    assert type(info.value) is ScenarioError


def test_circular_extends(tmp_path):
    """a extends b extends a is refused, and the message shows the cycle."""
    (tmp_path / "a.toml").write_text('extends = "b.toml"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('extends = "a.toml"\n', encoding="utf-8")
    err = _refused(tmp_path / "a.toml")
    assert "circular extends" in str(err)
    assert "b.toml" in str(err)


def test_self_extends(tmp_path):
    """A file that extends itself is refused as circular."""
    (tmp_path / "me.toml").write_text('extends = "me.toml"\n', encoding="utf-8")
    assert "circular extends" in str(_refused(tmp_path / "me.toml"))


def test_missing_extends_file(tmp_path):
    """Extending a file that does not exist names both the missing and the extending file."""
    path = tmp_path / "child.toml"
    path.write_text('extends = "nowhere.toml"\n', encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    assert type(info.value) is ScenarioError
    assert "nowhere.toml" in str(info.value) and "child.toml" in str(info.value)
    assert "no such file" in str(info.value)


def test_extends_must_be_a_string(tmp_path):
    """``extends`` that is not a path string is refused."""
    path = tmp_path / "child.toml"
    path.write_text("extends = 3\n", encoding="utf-8")
    err = _refused(path)
    assert "extends" in [p for p, _ in err.problems]


@pytest.mark.parametrize(("path", "reported"), [
    ("roles.officer.stages.interview.pass_rate", "set.roles.officer.stages.interview.pass_rate"),
    ("roles.sergeant.initial", "roles.sergeant."),
    ("resources.bi.changes.7.servers", "set.resources.bi.changes.7.servers"),
    ("roles.officer.initial.value", "set.roles.officer.initial.value"),
    ("resources.bi.servrs", "resources.bi.servrs"),
    ("nonsense.key", "nonsense"),
])
def test_set_with_unknown_path(tmp_path, path, reported):
    """A ``set`` override with a path that does not exist is a ScenarioError naming it (a new
    named table is reported by its missing fields)."""
    child = tmp_path / "child.toml"
    child.write_text(toml_dumps({"extends": str(SMALL), "set": {path: 1}}), encoding="utf-8")
    err = _refused(child)
    assert any(p == reported or (reported.endswith(".") and p.startswith(reported))
               for p, _ in err.problems), err.problems


def test_set_value_is_validated(tmp_path):
    """A ``set`` override with an invalid value is reported at the overridden field."""
    child = tmp_path / "child.toml"
    child.write_text(toml_dumps({"extends": str(SMALL),
                                 "set": {"roles.officer.stages.exam.pass_rate": 1.7}}),
                     encoding="utf-8")
    err = _refused(child)
    assert "roles.officer.stages.exam.pass_rate" in [p for p, _ in err.problems]


# -- random malformed variants ------------------------------------------------------------------
_BASE = _small_raw()


@given(malformed_variants(_BASE))
def test_random_malformed_variants_raise_scenario_error(tmp_path_factory, variant):
    """Any one wrong value or unknown key anywhere raises ScenarioError (never another
    exception) naming the file and a field under the table that was changed."""
    raw, what, top = variant
    path = tmp_path_factory.mktemp("variant") / "variant.toml"
    path.write_text(toml_dumps(raw), encoding="utf-8")
    try:
        load_scenario(path)
    except ScenarioError as err:
        assert type(err) is ScenarioError
        assert "variant.toml" in str(err), what
        assert any(p.startswith(top) for p, _ in err.problems), (what, err.problems)
    else:
        pytest.fail(f"accepted a malformed scenario: {what}")


# -- extends, set, with_values ------------------------------------------------------------------
def test_extends_and_set_override(tmp_path):
    """``extends`` merges tables key by key, replaces arrays, and ``set`` overrides by dotted
    path (stages by name)."""
    base_raw = _small_raw()
    (tmp_path / "base.toml").write_text(toml_dumps(base_raw), encoding="utf-8")
    child = tmp_path / "child.toml"
    child.write_text(toml_dumps({
        "extends": "base.toml",
        "name": "child",
        "roles": {"officer": {"academy": {"seats": 20},
                              "recruiting": [{"from": dt.date(2020, 1, 1), "per_week": 80}]}},
        "set": {"resources.bi.servers": 9, "roles.officer.stages.exam.pass_rate": 0.6,
                "roles.support.onboarding": {"dist": "fixed", "value": 3}},
    }), encoding="utf-8")
    base = load_scenario(tmp_path / "base.toml")
    sc = load_scenario(child)
    assert sc.name == "child"
    assert sc.resource("bi").servers == 9
    assert sc.resource("bi").changes == base.resource("bi").changes
    officer = sc.role("officer")
    assert officer.stage("exam").pass_rate == 0.6
    assert officer.stage("screen") == base.role("officer").stage("screen")
    assert officer.academy.seats == 20
    assert officer.academy.length_days == base.role("officer").academy.length_days
    assert [p.per_week for p in officer.recruiting] == [80]
    assert sc.role("support").onboarding.mean == 3
    assert sc.source == str(child)
    # everything not overridden is the base's
    assert sc.with_values({"name": "small", "resources.bi.servers": 6,
                           "roles.officer.stages.exam.pass_rate": 0.7,
                           "roles.officer.academy.seats": 15,
                           "roles.officer.recruiting": base.to_dict()["roles"]["officer"][
                               "recruiting"],
                           "roles.support.onboarding": 7}) == base


def test_extends_chain_applies_sets_in_order(tmp_path):
    """A grandchild's ``set`` wins over its parent's for the same path; other sets remain."""
    (tmp_path / "child.toml").write_text(toml_dumps({
        "extends": str(SMALL), "set": {"resources.bi.servers": 9, "target.growth": 50}}),
        encoding="utf-8")
    (tmp_path / "grandchild.toml").write_text(toml_dumps({
        "extends": "child.toml", "set": {"resources.bi.servers": 11}}), encoding="utf-8")
    sc = load_scenario(tmp_path / "grandchild.toml")
    assert sc.resource("bi").servers == 11
    assert sc.target.growth == 50


def test_with_values_replaces_and_leaves_original():
    """``with_values`` returns a new scenario with the fields replaced; the original is
    unchanged."""
    sc = load_scenario(SMALL)
    before = sc.to_dict()
    new = sc.with_values({"resources.bi.servers": 12, "roles.officer.stages.exam.pass_rate": 0.6,
                          "roles.officer.academy.seats": 30}, name="variant")
    assert new.name == "variant"
    assert new.resource("bi").servers == 12
    assert new.role("officer").stage("exam").pass_rate == 0.6
    assert new.role("officer").academy.seats == 30
    assert sc.to_dict() == before and sc.resource("bi").servers == 6
    assert new.get("resources.bi.servers") == 12


@pytest.mark.parametrize(("values", "field", "valid"), [
    ({"resources.bi.servers": -1}, "resources.bi.servers", ">= 0"),
    ({"roles.officer.stages.exam.pass_rate": 1.7}, "roles.officer.stages.exam.pass_rate", "<= 1"),
    ({"roles.officer.academy.seats": 0}, "roles.officer.academy.seats", "> 0"),
    ({"target.deadline": dt.date(2030, 1, 1)}, "target.deadline", "outside the simulated period"),
    ({"roles.officer.stages.background.resource": "nope"},
     "roles.officer.stages.background.resource", "resources: bi"),
    ({"roles.officer.stages.nope.pass_rate": 0.5}, "roles.officer.stages.nope.pass_rate",
     "entries: screen, exam, background, medical"),
    ({"roles.officer.typo": 3}, "roles.officer.typo", "valid keys here"),
])
def test_with_values_validates_like_a_file(values, field, valid):
    """``with_values`` refuses what a file would refuse, with the same dotted field."""
    sc = load_scenario(SMALL)
    with pytest.raises(ScenarioError) as info:
        sc.with_values(values)
    assert type(info.value) is ScenarioError
    problems = dict(info.value.problems)
    assert field in problems, info.value.problems
    assert valid in problems[field]
    assert "small.toml" in str(info.value)


# -- round trips and the JSON schema ------------------------------------------------------------
@pytest.mark.parametrize("path", [SMALL, *SCENARIO_FILES], ids=lambda p: p.name)
def test_round_trip(path):
    """``from_dict(to_dict())`` and ``from_json(to_json())`` give back an equal scenario."""
    sc = load_scenario(path)
    assert Scenario.from_dict(sc.to_dict()) == sc
    assert Scenario.from_json(sc.to_json()) == sc
    assert json.loads(sc.to_json()) == json.loads(Scenario.from_json(sc.to_json()).to_json())
    assert Scenario.from_dict(copy.deepcopy(sc.to_dict())).to_dict() == sc.to_dict()


@pytest.mark.parametrize("text", ["[]", "5", '"scenario"', "{not json"])
def test_from_json_of_malformed_text(text):
    """``from_json`` of text that is not a JSON object raises ScenarioError."""
    with pytest.raises(ScenarioError) as info:
        Scenario.from_json(text, source="api.json")
    assert type(info.value) is ScenarioError
    assert "api.json" in str(info.value)


def _as_json(raw: dict[str, Any]) -> Any:
    """Raw TOML as an editor's TOML->JSON bridge sees it (dates as ISO strings)."""
    return json.loads(json.dumps(raw, default=lambda o: o.isoformat()))


def test_json_schema_accepts_every_shipped_scenario():
    """The exported JSON Schema validates the raw TOML of every shipped scenario, the strategies
    that only ``extends`` the baseline with their changes included, and the small scenario."""
    import jsonschema

    schema = scenario_json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)
    shipped = sorted((ROOT / "scenarios").glob("*.toml")) + sorted(
        (ROOT / "scenarios" / "strategies").glob("*.toml"))
    assert len(shipped) == 14
    for path in (*shipped, SMALL):
        with open(path, "rb") as fh:
            raw = tomllib.load(fh)
        errors = [e.message for e in validator.iter_errors(_as_json(raw))]
        assert errors == [], (path.name, errors)


def test_json_schema_of_a_variant_still_rejects_typos_and_incomplete_array_items():
    """A file that extends another may omit required keys of tables, but not of array items,
    and unknown keys are still refused."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(scenario_json_schema())
    ok = {"extends": "../baseline.toml", "roles": {"officer": {"initial": 10}}}
    assert list(validator.iter_errors(ok)) == []
    typo = {"extends": "../baseline.toml", "roles": {"officer": {"intial": 10}}}
    assert any("intial" in e.message for e in validator.iter_errors(typo))
    partial_item = {"extends": "../baseline.toml",
                    "roles": {"officer": {"recruiting": [{"per_week": 5}]}}}
    assert any("'from' is a required property" in e.message
               for e in validator.iter_errors(partial_item))
    assert list(validator.iter_errors({"name": "x"}))  # without extends: everything required


@pytest.mark.parametrize(("where", "key"), [
    ((), "colour"),
    (("target",), "dead_line"),
    (("roles", "officer"), "typo"),
    (("roles", "officer"), "name"),
    (("roles", "officer", "stages", 0), "pas_rate"),
    (("roles", "officer", "academy"), "seat"),
    (("resources", "background"), "severs"),
])
def test_json_schema_rejects_unknown_key(where, key):
    """The JSON Schema rejects the baseline with an unknown key added (as the loader does)."""
    import jsonschema

    with open(ROOT / "scenarios" / "baseline.toml", "rb") as fh:
        raw = _as_json(tomllib.load(fh))
    node = raw
    for w in where:
        node = node[w]
    node[key] = 1
    with pytest.raises(jsonschema.ValidationError, match="Additional properties"):
        jsonschema.validate(raw, scenario_json_schema(), cls=jsonschema.Draft202012Validator)
    with pytest.raises(ScenarioError):
        Scenario.from_dict(raw, source="baseline+key")


# -- arrays of named tables merge by name (issue 14, item 1) -------------------------------------
def _variant(tmp_path, body: str) -> Path:
    path = tmp_path / "variant.toml"
    path.write_text(f'extends = "{ROOT / "scenarios" / "baseline.toml"}"\nname = "v"\n' + body,
                    encoding="utf-8")
    return path


def test_one_stage_in_a_variant_changes_that_stage_only(tmp_path):
    """A variant giving one [[roles.officer.stages]] table keeps the other stages."""
    base = load_scenario(ROOT / "scenarios" / "baseline.toml")
    sc = load_scenario(_variant(tmp_path, '[[roles.officer.stages]]\nname = "background"\n'
                                          'pass_rate = 0.5\n'))
    officer, base_officer = sc.role("officer"), base.role("officer")
    assert [s.name for s in officer.stages] == [s.name for s in base_officer.stages]
    assert officer.stage("background").pass_rate == 0.5
    assert officer.stage("background").duration == base_officer.stage("background").duration
    for s in base_officer.stages:
        if s.name != "background":
            assert officer.stage(s.name) == s
    assert sc.notes == ()


def test_a_new_named_stage_is_added_after_the_base_stages_and_noted(tmp_path):
    """A stage with a new name is appended, and the scenario notes it."""
    sc = load_scenario(_variant(tmp_path, '[[roles.officer.stages]]\nname = "drug_test"\n'
                                          'pass_rate = 0.95\nduration = { dist = "fixed", '
                                          'value = 3 }\n'))
    assert sc.role("officer").stages[-1].name == "drug_test"
    assert any("drug_test" in n and "added" in n for n in sc.notes)


def test_replacing_stages_needs_the_explicit_word_and_says_what_was_dropped(tmp_path, capsys):
    """replace = ["stages"] replaces the whole list; validate prints the dropped stages."""
    from hiringsim.cli import main

    path = _variant(tmp_path, '[roles.officer]\nreplace = ["stages"]\n'
                              '[[roles.officer.stages]]\nname = "background"\npass_rate = 0.5\n'
                              'duration = { dist = "fixed", value = 30 }\n')
    sc = load_scenario(path)
    assert [s.name for s in sc.role("officer").stages] == ["background"]
    assert len(sc.notes) == 1 and "dropped" in sc.notes[0] and "interview" in sc.notes[0]
    assert main(["validate", str(path)]) == 0
    assert "note: roles.officer.stages: replaced as a whole" in capsys.readouterr().out


def test_replace_must_name_a_named_array_given_in_the_table(tmp_path):
    """replace naming something that is not a named array given here is an error."""
    err = _refused(_variant(tmp_path, '[roles.officer]\nreplace = ["recruiting"]\n'))
    assert any(p == "roles.officer.replace" for p, _ in err.problems)


def test_json_schema_of_a_variant_accepts_one_named_stage_and_replace():
    """In a variant, a named stage needs only its name; replace is allowed; without extends
    replace is an unknown key."""
    import jsonschema

    validator = jsonschema.Draft202012Validator(scenario_json_schema())
    one = {"extends": "b.toml", "roles": {"officer": {
        "replace": ["stages"], "stages": [{"name": "background", "pass_rate": 0.5}]}}}
    assert list(validator.iter_errors(one)) == []
    nameless = {"extends": "b.toml", "roles": {"officer": {"stages": [{"pass_rate": 0.5}]}}}
    assert any("'name' is a required" in e.message for e in validator.iter_errors(nameless))
    full = {"name": "x", "roles": {"officer": {"replace": ["stages"]}}}
    assert any("replace" in e.message for e in validator.iter_errors(full))


def test_an_unknown_key_far_from_every_valid_one_gets_no_guess():
    """'did you mean' only for a near miss (a misspelling), never a guess at random."""
    from hiringsim.schema import unknown_key

    assert unknown_key("colour", ["name", "start", "end"]) == \
        "unknown key; valid keys here: end, name, start"
    assert unknown_key("lenght_days", ["length_days", "seats"]).startswith(
        "unknown key; did you mean 'length_days'? valid keys here: length_days, seats")
