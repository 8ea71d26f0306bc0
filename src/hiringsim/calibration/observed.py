"""The observed-data format: a CSV of counts per period, read and checked in one place.

One declared description, :class:`ObservedRow`, says what a row is (columns, types, bounds,
allowed measures, one line of documentation each).  :func:`load_observed` and
:func:`validate_observed` check a table against it column by column, then the rules between
rows (periods in order, nobody leaving a stage before entering it), and
:func:`observed_json_schema` describes one row as a JSON object.  Every problem is reported at
once, each naming the row (the line of the CSV file; the header is line 1) and the column.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from .. import schema
from ..errors import InputError
from ..measures.observed import MEASURES, OFFER
from ..model.kinds import entry_kind, stage_kind

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..scenario import Scenario

__all__ = ["COLUMNS", "MAX_VALUE", "ObservedDataError", "ObservedRow", "check_scenario",
           "load_observed", "observed_json_schema", "validate_observed"]


#: the largest value a row may hold (a count of people or a mean in days)
MAX_VALUE = 10**9


class ObservedDataError(InputError):
    """Observed data is malformed.  ``problems`` lists ``(field, message)``."""

    what = "observed data"


def _f(doc: str, **meta: Any) -> Any:
    """A column: its documentation and :mod:`hiringsim.schema` metadata (as in scenario.py)."""
    default = meta.pop("default", dataclasses.MISSING)
    return dataclasses.field(default=default, metadata={"doc": doc, **meta})


@dataclass(frozen=True, kw_only=True)
class ObservedRow:
    """One row of observed data: one measure of one role (and stage) over one period."""

    period_start: dt.date = _f("first day of the period")
    period_end: dt.date = _f("last day of the period (inclusive)")
    role: str = _f("role name, as in the scenario")
    measure: str = _f("what was counted: " + "; ".join(f"{k}: {m.doc}" for k, m in
                                                        MEASURES.items()),
                      choices=tuple(MEASURES))
    stage: str = _f("stage name for per-stage measures (entered, started, passed, failed, "
                    f"withdrew; {OFFER!r} for withdrawals waiting for a position or class); "
                    "empty or left out otherwise", default="")
    value: float = _f("count of people (a whole number), or a mean in days; at most 10**9 (more "
                      "people than any workforce, more days than any record)", ge=0, le=MAX_VALUE)


_FIELDS = dataclasses.fields(ObservedRow)
_TYPES = typing.get_type_hints(ObservedRow)
#: the columns of the format, in order
COLUMNS = tuple(f.name for f in _FIELDS)
_REQUIRED = tuple(f.name for f in _FIELDS if f.default is dataclasses.MISSING)


def observed_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of one row of observed data as a JSON object.

    Examples
    --------
    >>> observed_json_schema()["required"]
    ['period_start', 'period_end', 'role', 'measure', 'value']
    """
    return schema.json_schema(ObservedRow)


def load_observed(path: str | Path) -> pd.DataFrame:
    """Read an observed-data CSV and check it (:func:`validate_observed`).

    Raises :class:`ObservedDataError` naming the file and, for each problem, the row (its line
    in the file) and column.

    Examples
    --------
    >>> from hiringsim.calibration import load_observed
    >>> data = load_observed("observed.csv")  # doctest: +SKIP
    """
    import csv
    import io

    import pandas as pd

    from ..files import read_text

    source = str(path)
    text = read_text(path, error=ObservedDataError, encoding="utf-8-sig")
    reader = csv.reader(io.StringIO(text, newline=""), skipinitialspace=True)
    rows, lines = [], []
    try:
        for r in reader:
            if r:
                rows.append(r)
                lines.append(reader.line_num)
    except csv.Error as exc:
        raise ObservedDataError([("(file)", f"not a readable CSV table: {exc}")],
                                source) from None
    if not rows:
        raise ObservedDataError([("(file)", "empty file: expected a header line "
                                  f"{','.join(COLUMNS)}")], source)
    header = [h.strip() for h in rows[0]]
    bad_header = _header_problems(header)
    if bad_header:
        raise ObservedDataError(bad_header, source)
    ragged = [(f"row {n}", f"{len(r)} fields, but the header has {len(header)}")
              for r, n in zip(rows[1:], lines[1:], strict=True) if len(r) != len(header)]
    keep = [(r, n) for r, n in zip(rows[1:], lines[1:], strict=True) if len(r) == len(header)]
    if ragged and not keep:
        raise ObservedDataError(ragged, source)
    frame = pd.DataFrame([r for r, _ in keep], columns=header, dtype=object)
    return _validate(frame, np.array([n for _, n in keep], int), source, ragged)


def validate_observed(frame: pd.DataFrame, *, source: str | None = None) -> pd.DataFrame:
    """Check observed data and return it normalised.

    Dates become Timestamps, values floats, ``stage`` is ``""`` where there is none.  Raises
    :class:`ObservedDataError` listing every problem, each naming row and column (rows are
    numbered as lines of a CSV file: the header is line 1).

    Examples
    --------
    >>> import pandas as pd
    >>> from hiringsim.calibration import validate_observed
    >>> df = pd.DataFrame({"period_start": ["2020-01-01"], "period_end": ["2020-01-07"],
    ...                    "role": ["officer"], "measure": ["applications"], "value": [40]})
    >>> validate_observed(df)["value"].tolist()
    [40.0]
    """
    return _validate(frame, np.arange(len(frame)) + 2, source, [])


def _header_problems(cols: list[str]) -> list[tuple[str, str]]:
    missing = [c for c in _REQUIRED if c not in cols]
    unknown = [c for c in cols if c not in COLUMNS]
    optional = [c for c in COLUMNS if c not in _REQUIRED]
    twice = sorted({c for c in cols if cols.count(c) > 1})
    out = []
    if twice:
        out.append(("(header)", f"duplicate columns: {', '.join(twice)}; name each column once"))
    if missing:
        out.append(("(header)", f"missing columns: {', '.join(missing)}; the columns are "
                    f"{', '.join(COLUMNS)} ({', '.join(optional)} may be left out)"))
    if unknown:
        out.append(("(header)", f"unknown columns: {', '.join(unknown)}; the columns are "
                    f"{', '.join(COLUMNS)}"))
    return out


class _Cells:
    """Problems of cells, at most one per cell (the first found); a rule is not applied to a
    row where a cell it reads (``after``) already has a problem."""

    def __init__(self, line: np.ndarray, out: list):
        self.line, self.out = line, out
        self.bad = {c: np.zeros(len(line), bool) for c in COLUMNS}

    def flag(self, mask: np.ndarray, col: str, msg_of, after: tuple[str, ...] = ()) -> None:
        skip = self.bad[col].copy()
        for c in after:
            skip |= self.bad[c]
        for i in np.nonzero(mask & ~skip)[0]:
            self.out.append((f"row {self.line[i]}, column {col}", msg_of(i)))
        self.bad[col] |= mask & ~skip


def _parse(df: pd.DataFrame, f: dataclasses.Field, cells: _Cells) -> Any:
    """One column parsed by its declared type and checked against its declared bounds."""
    import pandas as pd

    raw, col, tp = df[f.name], f.name, _TYPES[f.name]
    if tp is dt.date:
        d = pd.to_datetime(raw.astype(str).str.strip(), format="%Y-%m-%d", errors="coerce")
        cells.flag(d.isna().to_numpy(), col,
                   lambda i: f"expected a date like 2017-03-01, got {raw.iloc[i]!r}")
        return d
    if tp is str:
        s = raw.fillna("").astype(str).str.strip()
        if f.default is dataclasses.MISSING:
            cells.flag((s == "").to_numpy(), col, lambda i: "empty")
        choices = f.metadata.get("choices")
        if choices:
            cells.flag(~s.isin(list(choices)).to_numpy(), col,
                       lambda i: f"unknown {col} {s.iloc[i]!r}; {col}s: {', '.join(choices)}")
        return s
    v = pd.to_numeric(raw.astype(str).str.strip(), errors="coerce").to_numpy(float)
    cells.flag(~np.isfinite(v), col, lambda i: f"expected a number, got {raw.iloc[i]!r}")
    ge, le = f.metadata.get("ge"), f.metadata.get("le")
    with np.errstate(invalid="ignore"):
        if ge is not None:
            cells.flag(v < ge, col, lambda i: (f"must not be negative, got {v[i]:g}" if ge == 0
                                               else f"must be >= {ge}, got {v[i]:g}"))
        if le is not None:
            cells.flag(v > le, col, lambda i: f"must be <= {le:g}, got {v[i]:g}")
    return v


def _validate(frame: pd.DataFrame, line: np.ndarray, source: str | None,
              out: list[tuple[str, str]]) -> pd.DataFrame:
    """Check ``frame`` (rows at file lines ``line``); ``out`` holds problems found so far."""
    import pandas as pd

    cols = [str(c).strip() for c in frame.columns]
    header = _header_problems(cols)
    if header:
        raise ObservedDataError(header, source)
    df = frame.copy()
    df.columns = cols
    for f in _FIELDS:
        if f.name not in df:  # an optional column left out: its default
            default: Any = f.default
            df[f.name] = default
    if df.empty and not out:
        raise ObservedDataError([("(file)", "no data rows")], source)
    out = list(out)
    cells = _Cells(line, out)
    col = {f.name: _parse(df, f, cells) for f in _FIELDS}
    _row_rules(col, cells)
    if out:
        out.sort(key=lambda p: int(p[0].split(",")[0][4:]))
        raise ObservedDataError(out, source)
    rows = list(zip(line, col["period_start"].dt.date, col["period_end"].dt.date, col["role"],
                    col["measure"], col["stage"], col["value"], strict=True))
    norm = pd.DataFrame(rows, columns=["line", *COLUMNS])
    _check_order(norm, out)
    if not out:
        _check_flows(norm, out)
    if out:
        raise ObservedDataError(out, source)
    norm["period_start"] = pd.to_datetime(norm["period_start"])
    norm["period_end"] = pd.to_datetime(norm["period_end"])
    return norm.drop(columns="line")


def _row_rules(col: dict[str, Any], cells: _Cells) -> None:
    """Rules between the cells of a row: period order, which measures take a stage, counts."""
    start, end, measure, stage, v = (col[k] for k in ("period_start", "period_end", "measure",
                                                      "stage", "value"))
    cells.flag((end < start).to_numpy(), "period_end",
               lambda i: f"period ends ({end.iloc[i].date()}) before it starts "
                         f"({start.iloc[i].date()})", after=("period_start",))
    staged = measure.map(lambda m: m in MEASURES and MEASURES[m].staged).to_numpy(bool)
    cells.flag(staged & (stage == "").to_numpy(), "stage",
               lambda i: f"{measure.iloc[i]} needs a stage name", after=("measure",))
    cells.flag(~staged & (stage != "").to_numpy(), "stage",
               lambda i: f"{measure.iloc[i]} takes no stage (got {stage.iloc[i]!r})",
               after=("measure",))
    cells.flag(((stage == OFFER) & (measure != "withdrew")).to_numpy(), "stage",
               lambda i: f"stage {OFFER!r} only takes 'withdrew'", after=("measure",))
    counts = measure.map(lambda m: MEASURES[m].kind != "mean" if m in MEASURES else False)
    with np.errstate(invalid="ignore"):
        cells.flag(counts.to_numpy(bool) & (v != np.round(v)), "value",
                   lambda i: f"{measure.iloc[i]} is a count of people: a whole number, "
                             f"got {v[i]:g}", after=("measure",))


def _check_order(df: pd.DataFrame, out: list) -> None:
    for key, g in df.groupby(["role", "measure", "stage"], sort=False):
        role, measure, stage = cast("tuple[str, str, str]", key)  # validated text columns
        prev = None
        for line, d0, d1 in zip(g["line"], g["period_start"], g["period_end"], strict=True):
            if prev is not None and d0 <= prev[1]:
                what = "dates out of order" if d0 < prev[0] else "periods overlap"
                out.append((f"row {line}, column period_start",
                            f"{what}: {role} {measure}{' ' + stage if stage else ''} period "
                            f"{d0}..{d1} does not follow {prev[0]}..{prev[1]} (row {prev[2]})"))
            prev = (d0, d1, line)


def _cum_at(g: tuple, days: np.ndarray) -> np.ndarray:
    """Cumulative counts of g through each of ``days``; NaN where a day does not end one of
    g's periods."""
    ends, cum = g[0], g[1]
    i = np.searchsorted(ends, days, side="right")
    ok = i > 0
    ok[ok] = ends[i[ok] - 1] == days[ok]
    return np.where(ok, cum[np.maximum(i - 1, 0)], np.nan)


#: inflow -> outflows of the same place: cumulative outflows can never exceed the inflow
_FLOW_RULES = [("entered", ("passed", "failed")), ("entered", ("started", "withdrew")),
               ("started", ("passed", "failed")),
               ("academy_entered", ("academy_graduated", "academy_washed_out")),
               ("hires", ("academy_graduated", "academy_washed_out"))]


def _check_flows(df: pd.DataFrame, out: list) -> None:
    """People cannot leave a stage before entering it: cumulative outflows <= inflows."""
    groups: dict[tuple[str, str, str], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    for key, g in df.groupby(["role", "measure", "stage"], sort=False):
        ends = g["period_end"].to_numpy("datetime64[D]")
        cum = np.cumsum(g["value"].to_numpy(float))
        groups[cast("tuple[str, str, str]", key)] = (ends, cum, g["line"].to_numpy())
    keys = sorted({(r, s) for r, _m, s in groups})
    for role, stage in keys:
        for src, outs in _FLOW_RULES:
            g_in = groups.get((role, src, stage))
            names = [m for m in outs if (role, m, stage) in groups]
            if g_in is None or not names:
                continue
            g_out = [groups[(role, m, stage)] for m in names]
            days = np.unique(np.concatenate([h[0] for h in g_out]))
            parts = np.sum([_cum_at(h, days) for h in g_out], axis=0)  # NaN: not all known
            entered = _cum_at(g_in, days)
            with np.errstate(invalid="ignore"):
                bad = np.nonzero(parts > entered)[0]
            if not len(bad):
                continue
            day, total, inflow = days[bad[0]], parts[bad[0]], entered[bad[0]]
            for ends, _cum, lines in g_out:  # the first problem, named in each outflow
                line = lines[int(np.searchsorted(ends, day))]
                out.append((f"row {line}, column value",
                            f"{role}{' ' + stage if stage else ''}: by "
                            f"{day.astype(object)}, {' + '.join(names)} = "
                            f"{total:g} exceeds {src} = {inflow:g}"))


def check_scenario(observed: pd.DataFrame, scenario: Scenario, *,
                   source: str | None = None) -> None:
    """Check validated observed data against a scenario: its roles and stages exist, a stage
    has the measures it can have, periods lie within the scenario's dates."""
    out = []
    roles = {r.name: r for r in scenario.roles}
    for key, g in observed.groupby(["role", "measure", "stage"], sort=False):
        role, measure, stage = cast("tuple[str, str, str]", key)  # validated text columns
        where = f"{role} {measure}{' ' + stage if stage else ''}"
        r = roles.get(role)
        if r is None:
            out.append((where, f"no role {role!r} in scenario {scenario.name!r}; roles: "
                        f"{', '.join(roles)}"))
            continue
        if stage and stage != OFFER:
            st = next((s for s in r.stages if s.name == stage), None)
            if st is None:
                out.append((where, f"role {role!r} has no stage {stage!r}; stages: "
                            f"{', '.join(s.name for s in r.stages)}"))
            elif measure in MEASURES and measure not in stage_kind(st).observed:
                kind = stage_kind(st)
                why = "has no resource" if kind.resource(st) is None else f"is {kind.name}"
                out.append((where, f"stage {stage!r} {why}, so no {measure} (it records "
                            f"{', '.join(kind.observed)})"))
        entry = entry_kind(r)
        if measure.startswith("academy_") and measure not in entry.observed:
            out.append((where, f"role {role!r} has no academy (entry: {entry.name})"))
        first, last = g["period_start"].min().date(), g["period_end"].max().date()
        if first < scenario.start or last > scenario.end:
            out.append((where, f"periods {first}..{last} reach outside the scenario's "
                        f"{scenario.start}..{scenario.end}"))
    if out:
        raise ObservedDataError(out, source)
