"""What a planner hands on: an Excel workbook and a one-file HTML report.

:func:`workbook` writes results, a comparison or a sweep as an ``.xlsx`` file (one sheet per
table, real numbers and dates, labelled columns, the scenario and seed); :func:`report` writes
one self-contained HTML file (figures embedded) with the question, the inputs that differ, the
answer with intervals, the charts and the caveats.  Labels come from :mod:`hiringsim.labels`.
openpyxl and matplotlib load when a function is called.
"""

from __future__ import annotations

from .html import report
from .tables import Table, comparison_table, costs_table, summary_table, tables
from .workbook import workbook

__all__ = ["Table", "comparison_table", "costs_table", "report", "summary_table", "tables",
           "workbook"]
