"""What a planner reads: the scenario, results and comparison displays are real HTML tables of
every input and of human numbers, and the readable tables and the written conclusion are
library calls."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import hiringsim
from hiringsim.labels import format_input

SMALL = Path(__file__).parent / "scenarios" / "small.toml"
SEATS = "roles.officer.academy.seats"


class Cells(HTMLParser):
    """The text of every heading, <th> and <td>, and the rows of every table."""

    def __init__(self, text: str):
        super().__init__()
        self.headings: list[str] = []
        self.tables: list[list[list[str]]] = []
        self._tag: str | None = None
        self._buf: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self.tables[-1].append([])
        if tag in ("td", "th", "h4"):
            self._tag, self._buf = tag, []

    def handle_endtag(self, tag):
        if tag == self._tag:
            text = "".join(self._buf).strip()
            if tag == "h4":
                self.headings.append(text)
            else:
                self.tables[-1][-1].append(text)
            self._tag = None

    def handle_data(self, data):
        if self._tag:
            self._buf.append(data)

    def cells(self) -> list[str]:
        return [c for t in self.tables for row in t for c in row]

    def table_with(self, header: str) -> list[list[str]]:
        for t in self.tables:
            if t and header in t[0]:
                return t
        raise AssertionError(f"no table with a column {header!r}")


@pytest.fixture(scope="module")
def small():
    return hiringsim.load_scenario(SMALL)


@pytest.fixture(scope="module")
def cmp(small):
    """Plans deliberately not in alphabetical order: 'zeta' (small) first, then 'alpha'."""
    more = small.with_values({"resources.bi.servers": 12, SEATS: 25})
    return hiringsim.compare({"zeta": small, "alpha": more}, 6, seed=3, progress=False)


def _no_raw_floats(cells: list[str]) -> None:
    for c in cells:
        assert not re.search(r"\d\.\d+e[+-]\d", c), c          # never 7.18e+04
        assert not re.fullmatch(r"-?\d+\.\d{4,}", c), c         # never 0.123456


# -- item 2: the scenario shows every input -------------------------------------------------

def test_scenario_display_shows_every_input(small):
    """Every input of the scenario appears with its label and its value."""
    page = small._repr_html_()
    p = Cells(page)
    rows = {r[2]: r for r in p.table_with("dotted path")[1:]}
    for r in small.inputs().itertuples():
        assert r.path in rows, r.path
        assert rows[r.path][0] == r.label
        assert rows[r.path][1] == format_input(r.path, r.value)
    for words in ("funded positions", "recruiting (applications)", "attrition", "onboarding"):
        assert words in p.cells(), words


def test_even_phases_no_longer_displays_like_the_baseline():
    """The phases of funding show in the overview, so even_phases and the baseline differ in
    more than their names."""
    base, even = hiringsim.example("baseline"), hiringsim.example("even_phases")
    b, e = Cells(base._repr_html_()), Cells(even._repr_html_())
    assert b.tables[0] != e.tables[0]
    overview = " ".join(e.tables[0][1])
    assert "+2,200 from 1 Oct 2017" in overview and "+11,000 from 1 Oct 2021" in overview


def test_a_seat_change_shows_in_the_display():
    """A variant with 100 seats from October 2017 says so (not '60 seats every 7d')."""
    base = hiringsim.example("baseline")
    raw = base.to_dict()
    raw["roles"]["officer"]["academy"]["changes"] = [{"from": "2017-10-01", "seats": 100}]
    variant = hiringsim.Scenario.from_dict(raw)
    overview = " ".join(Cells(variant._repr_html_()).tables[0][1])
    assert "100 seats from 1 Oct 2017" in overview


def test_scenario_inputs_and_diff(small):
    """Scenario.inputs() lists every input; diff names what a variant changes."""
    t = small.inputs().set_index("path")
    assert t.loc[SEATS, "value"] == 15
    d = small.diff(small.with_values({SEATS: 20}))
    assert d["path"].tolist() == [SEATS]


# -- item 4: results and comparison are real HTML tables -------------------------------------

def test_results_display_is_html_tables_of_human_numbers(small):
    """Results show as tables (no <pre> text dump), probabilities as %, money with $, dates
    as calendar dates, intervals, and no raw floats."""
    res = hiringsim.simulate(small, 4, seed=2, progress=False)
    page = res._repr_html_()
    assert "<pre>" not in page and "<table" in page
    p = Cells(page)
    assert p.headings == ["Results of small"]
    rows = {r[0]: r for r in p.table_with("95% CI of the mean")}
    prob = rows["P(target by the deadline)"]
    assert re.fullmatch(r"\d+(\.\d)?%", prob[1]) and re.fullmatch(r"\d+% to \d+%", prob[2])
    assert rows["cost per net hire"][1].startswith("$")
    dates = p.table_with("share of replications")
    assert all(re.fullmatch(r"\d{1,2} \w{3} \d{4}|not reached", r[1]) for r in dates[1:])
    _no_raw_floats(p.cells())


def test_comparison_display_is_escaped_run_ordered_with_intervals(cmp):
    """The heading is visible text (escaped), plans are columns in run order, every cell is a
    human number with its interval, probabilities are percentages, and the inputs that differ
    from the first plan are listed."""
    page = cmp._repr_html_()
    assert "<Comparison" not in page
    p = Cells(page)
    assert p.headings and "zeta" in p.headings[0] and "alpha" in p.headings[0]
    plans = p.table_with("zeta")
    assert plans[0][1:] == ["zeta", "alpha"]
    rows = {r[0]: r[1:] for r in plans[1:]}
    for cell in rows["P(target by the deadline)"]:
        assert re.fullmatch(r"\d+(\.\d)?% \(\d+(\.\d)?% to \d+(\.\d)?%\)", cell), cell
    for cell in rows["net growth at the deadline"]:
        assert re.fullmatch(r"-?[\d,]+ \(-?[\d,]+ to -?[\d,]+\)", cell), cell
    assert all(c.startswith("$") for c in rows["cost per net hire"])
    _no_raw_floats(p.cells())
    inputs = p.table_with("dotted path")
    changed = {r[-1]: r for r in inputs[1:]}
    assert changed[SEATS][2:4] == ["15", "25"]
    assert "resources.bi.servers" in changed


def test_comparison_tables_are_library_calls(cmp):
    """Comparison.table(), differences_table() and inputs_table() give readable frames."""
    t = cmp.table()
    assert list(t.columns) == ["zeta", "alpha"]
    assert "median date the target is reached" in t.index
    d = cmp.differences_table()
    assert {"mean difference", "paired 95% CI", "unpaired 95% CI"} <= set(d.columns)
    assert set(d.index.get_level_values("plan")) == {"alpha"}
    assert set(cmp.inputs_table()["dotted path"]) == {"resources.bi.servers", SEATS}


def test_summary_table_is_labelled_and_formatted(small):
    """Results.summary_table(): labelled rows, formatted means, intervals and spreads."""
    res = hiringsim.simulate(small, 4, seed=2, progress=False, keep="kpis")
    t = res.summary_table()
    assert t.index.name == "measure"
    assert "P(target by the deadline)" in t.index
    assert t.loc["P(target by the deadline)", "5th to 95th percentile"] == \
        "yes or no in each replication"
    assert res.summary_table(["cost_hiring"]).iloc[0]["mean"].startswith("$")


def test_conclusion_is_written_from_the_numbers(cmp):
    """Comparison.conclusion() names each plan's chance of the deadline and states the paired
    timing difference in the direction the numbers give."""
    text = cmp.conclusion(sure=0.5, width=None)
    s = {n: r.summary().loc["target_by_deadline", "mean"] for n, r in cmp.results.items()}
    for name, p in s.items():
        assert f"{name} {p:.0%}" in text
    d = cmp.differences(kpis=["target_day"]).iloc[0]
    if d["ci_high"] < 0:
        assert "alpha reaches the target" in text and "sooner" in text
    elif d["ci_low"] > 0:
        assert "later" in text
    assert "Against zeta, alpha" in text


# -- the text report of `hiringsim compare` --------------------------------------------------

def test_compare_command_prints_the_inputs_that_differ(tmp_path, capsys):
    """`hiringsim compare` prints the inputs of each plan that differ from the first."""
    from hiringsim.cli import main

    variant = tmp_path / "more.toml"
    variant.write_text(f'extends = "{SMALL.as_posix()}"\nname = "more"\n'
                       "[resources.bi]\nservers = 12\n")
    assert main(["compare", str(SMALL), str(variant), "-n", "2", "-j", "1", "--out",
                 str(tmp_path / "o"), "-q"]) == 0
    out = capsys.readouterr().out
    assert "Inputs that differ from 'small':" in out
    assert "bi resource: servers: 6 -> 12" in html.unescape(out)
