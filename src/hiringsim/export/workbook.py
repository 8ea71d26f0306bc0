"""An Excel workbook of results, a comparison or a sweep: one sheet per table (openpyxl)."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path
from typing import Any

from .tables import UNIT, Table, tables

__all__ = ["NUMBER_FORMATS", "workbook"]

#: Excel number format of each unit (labels.UNITS)
NUMBER_FORMATS = {"%": "0.0%", "$": '"$"#,##0', "people": "#,##0", "seats": "#,##0",
                  "days": "#,##0.0", "ratio": "#,##0.00", "date": "yyyy-mm-dd"}


def _cell(value: Any) -> Any:
    """A value openpyxl writes as a number, a date, a boolean or text (None: empty)."""
    if value is None:
        return None
    if hasattr(value, "item") and callable(value.item):  # numpy scalar
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dt.datetime):
        return value
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        return None if value != value else value.to_pydatetime()
    if isinstance(value, bool | int | float | str | dt.date):
        return value
    return str(value)


def _write(ws: Any, table: Table) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    frame = table.frame
    headers = [str(c) for c in frame.columns]
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    row_units = frame[UNIT].tolist() if UNIT in frame.columns and table.row_unit else None
    follow = {headers.index(c) for c in table.row_unit if c in headers}
    for i, values in enumerate(frame.itertuples(index=False, name=None)):
        cells = [_cell(v) for v in values]
        ws.append(cells)
        for j, v in enumerate(cells):
            if v is None or isinstance(v, str | bool):
                continue
            u = row_units[i] if row_units is not None and j in follow else \
                table.units.get(headers[j])
            if isinstance(v, dt.date):
                u = "date"
            fmt = NUMBER_FORMATS.get(u or "")
            if fmt is None and isinstance(v, float):
                fmt = "#,##0.####"
            if fmt:
                ws.cell(row=i + 2, column=j + 1).number_format = fmt
    ws.freeze_panes = "A2"
    for j, h in enumerate(headers, start=1):
        width = max([len(h)] + [len(str(v)) for v in frame.iloc[:200, j - 1]])
        ws.column_dimensions[get_column_letter(j)].width = min(max(10, width + 2), 60)


def workbook(obj: Any, path: str | Path) -> Path:
    """Write ``obj`` (Results, Comparison or SweepResult) as an ``.xlsx`` workbook.

    One sheet per table -- for results: summary, target dates, KPIs per replication, funnel,
    resources, fiscal years; for a comparison also the per-strategy comparison and the paired
    differences; for a sweep: design, outcomes, table and the indices -- then a sheet ``scenario``
    with every input (dotted path, label, value), the seed, replications, mode and hiringsim
    version.  Cells hold numbers and dates (not text), with number formats by unit (thousands,
    %, $, dates); headers are the labels of :mod:`hiringsim.labels`.

    Examples
    --------
    >>> import hiringsim as hs
    >>> from hiringsim.export import workbook
    >>> res = hs.simulate(hs.example("baseline"), 2, seed=1, progress=False)
    >>> workbook(res, "results.xlsx")  # doctest: +SKIP
    PosixPath('results.xlsx')
    """
    from openpyxl import Workbook

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook()
    first = True
    for name, table in tables(obj).items():
        ws = wb.active if first else wb.create_sheet()
        assert ws is not None
        ws.title = name[:31]
        first = False
        _write(ws, table)
    wb.save(path)
    return path
