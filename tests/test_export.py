"""Exports a planner hands on: an Excel workbook with real numbers and dates, and one
self-contained HTML report with the question, what differs, the answer and the charts."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import openpyxl
import pytest

import hiringsim as hs
from hiringsim.export import report, workbook


@pytest.fixture(scope="module")
def results():
    return hs.simulate(hs.example("baseline"), 3, seed=5, progress=False)


@pytest.fixture(scope="module")
def comparison():
    base = hs.example("baseline")
    more = base.with_values({"roles.officer.academy.seats": 90}, name="more_seats")
    return hs.compare({"baseline": base, "more seats": more}, 3, seed=5, progress=False)


def _header(ws):
    return [c.value for c in ws[1]]


def test_workbook_of_results_has_a_sheet_per_table_with_numbers_dates_and_formats(
        results, tmp_path):
    """Sheets per table; cells hold numbers and dates with number formats; labelled headers."""
    path = workbook(results, tmp_path / "r.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["summary", "target dates", "KPIs per replication", "funnel",
                             "resources", "fiscal years", "costs by fiscal year", "scenario"]
    summary = wb["summary"]
    rows = {r[0].value: r for r in summary.iter_rows(min_row=2)}
    growth = rows["net growth at the deadline"]
    assert isinstance(growth[2].value, float) and growth[2].number_format == "#,##0"
    p = rows["P(target by the deadline)"]
    assert isinstance(p[2].value, float | int) and "%" in p[2].number_format
    cost = rows["hiring cost (all but payroll)"]
    assert cost[2].value > 1e6 and "$" in cost[2].number_format
    date = rows["date the target is reached"]
    assert isinstance(date[5].value, dt.datetime) and date[5].number_format == "yyyy-mm-dd"
    kpis = wb["KPIs per replication"]
    header = _header(kpis)
    assert "days_to_target" not in header and not any("_" in str(h) for h in header)
    col = header.index("date the target is reached") + 1
    assert isinstance(kpis.cell(row=2, column=col).value, dt.datetime)
    funnel = wb["funnel"]
    entered = _header(funnel).index("entered (people)") + 1
    assert isinstance(funnel.cell(row=2, column=entered).value, int)
    sc = {r[0].value: r[2].value for r in wb["scenario"].iter_rows(min_row=2)}
    assert sc["seed"] == 5 and sc["replications"] == 3 and sc["mode"] == "fast"
    assert sc["hiringsim_version"] == hs.__version__
    assert sc["roles.officer.academy.seats"] == 60


def test_workbook_of_a_comparison_has_strategies_and_paired_differences(comparison, tmp_path):
    wb = openpyxl.load_workbook(workbook(comparison, tmp_path / "c.xlsx"))
    assert {"comparison", "differences", "summary", "scenario"} <= set(wb.sheetnames)
    cmp = wb["comparison"]
    header = _header(cmp)
    assert "baseline: value" in header and "more seats: value" in header
    for row in cmp.iter_rows(min_row=2):
        v = row[header.index("more seats: value")].value
        assert not (isinstance(v, str) and any(ch.isdigit() for ch in v)), v
    diffs = wb["differences"]
    assert isinstance(diffs.cell(row=2, column=5).value, float)
    scen = {r[0].value: r for r in wb["scenario"].iter_rows(min_row=2)}
    seats = scen["roles.officer.academy.seats"]
    assert [c.value for c in seats[2:]] == [60, 90]


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.srcs: list[str] = []
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "src" in a:
            self.srcs.append(a["src"])
        if "href" in a:
            self.hrefs.append(a["href"])

    def handle_data(self, data):
        self.text.append(data)


def _parse(path):
    p = _Parser()
    p.feed(path.read_text(encoding="utf-8"))
    return p, " ".join(p.text)


def test_report_of_a_comparison_is_self_contained_and_answers(comparison, tmp_path):
    """No external links; the target, P(target) with its interval, the differing input and
    at least two embedded figures."""
    path = report(comparison, tmp_path / "report.html")
    p, text = _parse(path)
    assert not any(u.startswith(("http:", "https:", "//")) for u in p.srcs + p.hrefs)
    images = [s for s in p.srcs if s.startswith("data:image/png;base64,")]
    assert len(images) >= 2
    assert "+10,000" in text and "30 Sep 2022" in text
    assert "P(target by the deadline)" in text
    res = comparison.results["baseline"]
    s = res.summary().loc["target_by_deadline"]
    assert hs.labels.format_interval("target_by_deadline", s["mean"], s["ci_low"],
                                     s["ci_high"]) in text
    assert "officer academy: seats per class" in text
    assert "input uncertainty" in text.lower() or "uncertainty of the inputs" in text


def test_report_of_results_names_the_inputs_that_differ_from_the_baseline(tmp_path):
    sc = hs.example("strategies/surge")
    res = hs.simulate(sc, 2, seed=1, progress=False)
    p, text = _parse(report(res, tmp_path / "r.html"))
    assert "officer recruiting period 1: applications per week" in text
    assert len([s for s in p.srcs if s.startswith("data:image/png")]) >= 2
    assert "ASSUMPTION" in text
