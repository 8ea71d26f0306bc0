"""One registry of labels and units: every KPI, table column and scenario input has a human
name; values are written as a planner reads them."""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing

import pytest

import hiringsim as hs
from hiringsim import labels
from hiringsim.scenario import Scenario
from hiringsim.scenario.diff import flatten


@pytest.fixture(scope="module")
def baseline_kpis():
    return hs.replication_kpis(hs.example("baseline"), seed=1)


def test_every_kpi_of_a_baseline_run_has_a_label_and_a_unit(baseline_kpis):
    """Each KPI a run reports gets a registered label (not its id) and a known unit."""
    sc = hs.example("baseline")
    for kpi in baseline_kpis:
        text = labels.kpi_label(kpi, sc)
        assert labels.is_known(kpi) and "_" not in text, kpi
        assert labels.unit(kpi) in labels.UNITS, kpi
        assert labels.format_value(kpi, baseline_kpis[kpi], start=sc.start)


def test_role_and_resource_patterns():
    """KPIs named after a role or a resource are labelled by pattern, with units."""
    assert labels.kpi_label("support_growth_at_deadline") == "support net growth at the deadline"
    assert labels.unit("background_utilization") == "%"
    assert labels.unit("background_wait_mean") == "days"
    assert labels.kpi_label("days_to_target", hs.example("baseline")).startswith(
        "days until +10,000 is reached")
    assert labels.kpi_label("growth@2019-09-30") == "net growth on 30 Sep 2019"


def _fields(cls, seen):
    for f in dataclasses.fields(cls):
        if f.metadata.get("internal"):
            continue
        yield f.metadata.get("key", f.name), f
        for arg in typing.get_args(typing.get_type_hints(cls)[f.name]) or (
                typing.get_type_hints(cls)[f.name],):
            for inner in typing.get_args(arg) or (arg,):
                if dataclasses.is_dataclass(inner) and inner not in seen:
                    seen.add(inner)
                    yield from _fields(inner, seen)


def test_every_scenario_field_has_words_and_a_unit_matching_its_doc():
    """A new scenario field needs a label; a field documented in USD is labelled '$'."""
    for key, f in _fields(Scenario, set()):
        assert key in labels.FIELDS, f"scenario field {key!r} has no label in labels.FIELDS"
        if "(USD)" in f.metadata.get("doc", ""):
            assert labels.FIELDS[key].unit == "$", key
        if f.metadata.get("le") == 1 or f.metadata.get("lt") == 1:
            assert labels.FIELDS[key].unit == "%", key


def test_every_input_of_the_baseline_reads_as_words():
    """No dotted path or underscore is left in the label of any baseline input."""
    for path in flatten(hs.example("baseline").to_dict()):
        text = labels.input_label(path)
        assert "." not in text.replace("e.g.", "") and "_" not in text, (path, text)
        assert labels.input_unit(path) in labels.UNITS
    assert labels.input_label("roles.officer.stages.background.duration.mean") == \
        "officer background investigation: mean days"
    assert labels.input_label("resources.background.changes.0.servers") == \
        "background investigators change 1: servers"


@pytest.mark.parametrize(("kpi", "value", "text"), [
    ("growth_at_deadline", 8891.0, "8,891"),
    ("target_by_deadline", 0.25, "25%"),
    ("target_by_deadline", 0.05, "5.0%"),
    ("cost_hiring", 1_421_073_093.6, "$1,421.1M"),
    ("cost_per_net_hire", 71114.1, "$71,114"),
    ("target_day", 2273.0, "22 May 2023"),
    ("target_day", float("nan"), "not reached"),
    ("time_to_hire_mean", float("nan"), "n/a"),
    ("bottleneck", "background", "background"),
])
def test_format_value(kpi, value, text):
    """Thousands, percentages, $M and dates from day numbers."""
    assert labels.format_value(kpi, value, start=dt.date(2017, 3, 1)) == text


def test_format_interval():
    assert labels.format_interval("target_by_deadline", 0.2, 0.1, 0.35) == "20% (10% to 35%)"


def test_scenario_diff_lists_what_differs_with_labels():
    """diff(a, b): path, label, a, b of the inputs that differ; nothing else."""
    base = hs.example("baseline")
    other = base.with_values({"roles.officer.academy.seats": 100,
                              "roles.officer.stages.background.duration.mean": 90.0})
    d = base.diff(other)
    assert list(d.columns) == ["path", "label", "a", "b"]
    assert set(d["path"]) == {"roles.officer.academy.seats",
                              "roles.officer.stages.background.duration.mean"}
    row = d.set_index("path").loc["roles.officer.academy.seats"]
    assert (row["label"], row["a"], row["b"]) == ("officer academy: seats per class", 60, 100)
    assert base.diff(base).empty
