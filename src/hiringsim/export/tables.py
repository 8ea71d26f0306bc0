"""Labelled tables of results, comparisons and sweeps: real numbers and dates, human headers.

Each table is a :class:`Table`: a frame whose columns are already human labels (from
:mod:`hiringsim.labels`), the unit of each column (or, for tables with one row per KPI, a column
naming each row's unit), which the workbook turns into number formats and the CSV files keep as
plain numbers.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from pandas.api.types import is_numeric_dtype

from .. import labels
from .._version import __version__
from ..scenario.diff import flatten

if TYPE_CHECKING:  # pragma: no cover
    from ..experiment import Comparison
    from ..results import Results
    from ..scenario import Scenario
    from ..sweep import SweepResult

__all__ = ["Table", "comparison_table", "costs_table", "summary_table", "tables"]

UNIT = "unit"
#: the unit column's name, in CSV files, for a share written as a fraction
CSV_SHARE = "share (1 = 100%)"
#: the statistic columns of summaries (their unit is the row's)
_STATS = ["mean", "ci_low", "ci_high", "p50", "p5", "p95"]
_KEYS = ("scenario", "replication", "seed")


@dataclass
class Table:
    """A frame with human headers; ``units`` by header; ``row_unit`` headers follow the row's
    unit (given in the column ``unit``)."""

    frame: pd.DataFrame
    units: dict[str, str] = field(default_factory=dict)
    row_unit: list[str] = field(default_factory=list)

    def to_csv(self, path: str | Path) -> None:
        """The frame as CSV, plain numbers.  A share (unit ``%``, shown as a percentage by the
        workbook's number format) stays a fraction here, so a ``unit`` column names it
        :data:`CSV_SHARE`: "%" beside 0.0188 would read as 0.0188%."""
        frame = self.frame
        if UNIT in frame.columns:
            frame = frame.assign(**{UNIT: frame[UNIT].replace({"%": CSV_SHARE})})
        frame.to_csv(path, index=False)


def _day_to_date(v: Any, start: dt.date) -> Any:
    try:
        return labels.date_of(float(v), start)
    except (TypeError, ValueError):
        return None


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for n in names:
        seen[n] = seen.get(n, 0) + 1
        out.append(n if seen[n] == 1 else f"{n} [{seen[n]}]")
    return out


def labelled(frame: pd.DataFrame, scenario: Scenario | None = None, *,
             start: dt.date | None = None, inputs: bool = False) -> Table:
    """``frame`` with human headers; day-number columns (unit 'date') become dates.

    ``inputs``: the columns are scenario inputs (dotted paths), as in a sweep's design.
    """
    out = frame.copy()
    units = {}
    names = []
    for col in out.columns:
        c = str(col)
        if inputs and "." in c:
            name, u = labels.input_label(c), labels.input_unit(c)
        else:
            lab = labels.label(c, scenario)
            name, u = lab.titled(), lab.unit
        if u == "date" and start is not None and is_numeric_dtype(out[col]):
            out[col] = [_day_to_date(v, start) for v in out[col]]
        names.append(name)
        units[name] = u
    out.columns = _unique(names)
    return Table(out, {c: units.get(c, "text") for c in out.columns})


def summary_table(res: Results, confidence: float = 0.95) -> Table:
    """One row per KPI: label, unit, mean with its interval, median and 5th/95th percentiles,
    replications; the target date's statistics as dates."""
    s = res.summary(confidence).reset_index()
    sc = res.scenario
    rows = []
    for _, r in s.iterrows():
        kpi = str(r["kpi"])
        u = labels.unit(kpi)
        row: dict[str, Any] = {"measure": labels.kpi_label(kpi, sc), UNIT: u}
        for stat in _STATS:
            v = r[stat]
            row[stat] = _day_to_date(v, sc.start) if u == "date" else (
                float(v) if v is not None and math.isfinite(float(v)) else None)
        row["n"] = int(r["n"])
        row["not_finite"] = int(r["not_finite"])
        row["kpi"] = kpi
        rows.append(row)
    frame = pd.DataFrame(rows)
    level = f"{confidence:.0%}"
    headers = {"measure": "measure", UNIT: UNIT, "mean": "mean",
               "ci_low": f"{level} CI low", "ci_high": f"{level} CI high", "p50": "median",
               "p5": "5th percentile", "p95": "95th percentile", "n": "replications with a value",
               "not_finite": "replications without a value", "kpi": "KPI id"}
    frame = frame.rename(columns=headers)
    return Table(frame, {"replications with a value": "people",
                         "replications without a value": "people"},
                 row_unit=[headers[s] for s in _STATS])


def target_dates_table(res: Results) -> Table:
    td = res.target_dates((0.1, 0.25, 0.5, 0.75, 0.9))
    frame = pd.DataFrame({
        "share of replications that reached the target by then": td["quantile"],
        "date": [d.date() if r else None for d, r in zip(td["date"], td["reached"],
                                                          strict=True)],
        "reached by the horizon": td["reached"]})
    return Table(frame, {"share of replications that reached the target by then": "%",
                         "date": "date", "reached by the horizon": "text"})


def scenario_rows(sc: Scenario) -> dict[str, Any]:
    """Dotted path -> value of every input (plain values; arrays joined)."""
    out = {}
    for path, v in flatten(sc.to_dict()).items():
        out[path] = ", ".join(map(str, v)) if isinstance(v, tuple) else v
    return out


def _meta_rows(items: dict[str, Any]) -> list[dict[str, Any]]:
    """Facts of the run (seed, mode, ...) as rows of the scenario sheet."""
    return [{"input (dotted path)": k, "input": k.replace("_", " "), "value": v}
            for k, v in items.items()]


def scenario_table(scenarios: dict[str, Scenario], meta: dict[str, Any]) -> Table:
    """Run facts (seed, replications, mode, version) then every input: path, label, value
    (one value column per scenario)."""
    rows = _meta_rows(meta)
    if len(scenarios) > 1:
        rows = [{**{k: v for k, v in r.items() if k != "value"},
                 **dict.fromkeys(scenarios, r["value"])} for r in rows]
    flat = {name: scenario_rows(sc) for name, sc in scenarios.items()}
    paths: list[str] = []
    for f in flat.values():
        paths += [p for p in f if p not in paths]
    for p in paths:
        row: dict[str, Any] = {"input (dotted path)": p, "input": labels.input_label(p)}
        if len(scenarios) == 1:
            row["value"] = next(iter(flat.values())).get(p)
        else:
            row.update({name: f.get(p) for name, f in flat.items()})
        rows.append(row)
    return Table(pd.DataFrame(rows))


def _results_meta(res: Results) -> dict[str, Any]:
    return {"scenario": res.scenario.name, "source": res.scenario.source or "",
            "seed": res.seed, "replications": res.replications, "mode": res.mode,
            "hiringsim_version": res.meta.get("hiringsim_version", ""),
            **({"figures": res.input_uncertainty} if res.input_uncertainty else {})}


def _drawn_inputs(res: Results) -> Table:
    """The values each replication drew for the scenario's uncertain inputs."""
    f = res.inputs.drop(columns=[c for c in ("scenario",) if c in res.inputs.columns])
    f.insert(list(f.columns).index("input") + 1, "label",
             [labels.input_label(p) for p in f["input"]])
    return Table(f)


def _kpi_frame(kpis: pd.DataFrame) -> pd.DataFrame:
    return kpis.drop(columns=[c for c in ("scenario",) if c in kpis.columns])


def results_tables(res: Results) -> dict[str, Table]:
    sc = res.scenario
    return {
        "summary": summary_table(res),
        "target dates": target_dates_table(res),
        "KPIs per replication": labelled(_kpi_frame(res.kpis), sc, start=sc.start),
        "funnel": labelled(_kpi_frame(res.funnel), sc),
        "resources": labelled(_kpi_frame(res.resources), sc),
        "fiscal years": labelled(_kpi_frame(res.fiscal), sc),
        "costs by fiscal year": costs_table(res),
        # money against a budget (Scenario.budget), when the scenario has one
        **({"budget": labelled(_kpi_frame(res.budget), sc)} if len(res.budget) else {}),
        "scenario": scenario_table({sc.name: sc}, _results_meta(res)),
        **({"drawn inputs": _drawn_inputs(res)} if len(res.inputs) else {}),
    }


def costs_table(res: Results, confidence: float = 0.95) -> Table:
    """Every cost line by fiscal year and role (:meth:`Results.costs`): fiscal year, role, cost
    line (its label and id), days simulated, mean dollars and the interval of the mean."""
    c = res.costs(confidence)
    level = f"{confidence:.0%}"
    frame = pd.DataFrame({
        "fiscal year (ends 30 Sep)": c["fiscal_year"],
        "role": [labels.cost_role_label(str(r)) for r in c["role"]],
        "cost line": [labels.cost_line_label(str(x), long=True) for x in c["line"]],
        "days of the year simulated": c["days"],
        "mean": c["mean"], f"{level} CI low": c["ci_low"], f"{level} CI high": c["ci_high"],
        "cost line id": c["line"]})
    return Table(frame, {"fiscal year (ends 30 Sep)": "text", "role": "text",
                         "cost line": "text", "days of the year simulated": "days",
                         "mean": "$", f"{level} CI low": "$", f"{level} CI high": "$",
                         "cost line id": "text"})


#: the KPIs of the one-page comparison (comparison.csv), in order
HEADLINE = ["target_by_deadline", "target_day", "growth_at_deadline", "time_to_hire_mean",
            "applicants_per_hire", "empty_seats", "cost_hiring", "cost_total",
            "cost_per_net_hire"]


def comparison_table(cmp: Comparison, kpis: list[str] | None = None,
                     confidence: float = 0.95) -> Table:
    """Headline KPIs x strategies: for each strategy its mean and interval (real numbers; the
    target date as the median date reached), in run order."""
    kpis = kpis or HEADLINE
    level = f"{confidence:.0%}"
    rows = []
    for kpi in kpis:
        row: dict[str, Any] = {}
        for name, res in cmp.results.items():
            sc = res.scenario
            row.setdefault("measure", labels.kpi_label(kpi, sc))
            row.setdefault(UNIT, labels.unit(kpi))
            if kpi == "target_day":
                td = res.target_dates((0.5,)).iloc[0]
                row["measure"] = "median date the target is reached"
                row[f"{name}: value"] = td["date"].date() if td["reached"] else None
                row[f"{name}: {level} CI low"] = row[f"{name}: {level} CI high"] = None
                continue
            s = res.summary(confidence)
            if kpi not in s.index:
                continue
            stats = s.loc[kpi].to_dict()
            for stat, head in (("mean", "value"), ("ci_low", f"{level} CI low"),
                               ("ci_high", f"{level} CI high")):
                v = float(stats[stat])
                row[f"{name}: {head}"] = v if math.isfinite(v) else None
        row["KPI id"] = kpi
        rows.append(row)
    bottleneck = {"measure": "bottleneck (most often)", UNIT: "text", "KPI id": "bottleneck"}
    bottleneck.update({f"{n}: value": r.bottleneck() for n, r in cmp.results.items()})
    rows.append(bottleneck)
    frame = pd.DataFrame(rows)
    return Table(frame, row_unit=[c for c in frame.columns if ": " in c])


def differences_table(cmp: Comparison, baseline: str | None = None,
                      confidence: float = 0.95) -> Table:
    d = cmp.differences(baseline, confidence=confidence)
    first = next(iter(cmp.results.values())).scenario
    d = d.assign(measure=[labels.kpi_label(k, first) for k in d["kpi"]],
                 unit=[labels.unit(k) for k in d["kpi"]])
    # a difference of dates is a number of days
    d["unit"] = d["unit"].replace({"date": "days"})
    level = f"{confidence:.0%}"
    frame = pd.DataFrame({
        "strategy": d["strategy"], "against": d["baseline"], "measure": d["measure"],
        UNIT: d["unit"], "mean difference": d["mean"],
        f"paired {level} CI low": d["ci_low"], f"paired {level} CI high": d["ci_high"],
        f"unpaired {level} CI low": d["unpaired_low"],
        f"unpaired {level} CI high": d["unpaired_high"],
        "pairs used": d["n"], "KPI id": d["kpi"]})
    return Table(frame, {"pairs used": "people"},
                 row_unit=[c for c in frame.columns if "CI" in c or c == "mean difference"])


def comparison_tables(cmp: Comparison) -> dict[str, Table]:
    first = next(iter(cmp.results.values()))
    long = []
    for name, res in cmp.results.items():
        t = summary_table(res).frame
        t.insert(0, "strategy", name)
        long.append(t)
    summary = summary_table(first)
    summary.frame = pd.concat(long, ignore_index=True)

    def stacked(attr: str) -> pd.DataFrame:
        frames = []
        for name, res in cmp.results.items():
            f = _kpi_frame(getattr(res, attr))
            f.insert(0, "strategy", name)
            frames.append(f)
        return pd.concat(frames, ignore_index=True)

    sc = first.scenario
    meta = _results_meta(first)
    meta.pop("scenario")
    meta.pop("source")
    meta["strategies"] = ", ".join(cmp.names)
    return {
        "comparison": comparison_table(cmp),
        "differences": differences_table(cmp),
        "summary": summary,
        "KPIs per replication": labelled(stacked("kpis"), sc, start=sc.start),
        "funnel": labelled(stacked("funnel"), sc),
        "resources": labelled(stacked("resources"), sc),
        "fiscal years": labelled(stacked("fiscal"), sc),
        "scenario": scenario_table({n: r.scenario for n, r in cmp.results.items()}, meta),
    }


def sweep_tables(result: SweepResult) -> dict[str, Table]:
    sweep = result.sweep
    base = sweep.base
    out = {
        "design": labelled(result.design, base, inputs=True),
        "outcomes": labelled(result.outcomes, base, start=base.start if base else None),
        "table": labelled(result.table(), base, inputs=True),
    }
    frames = []
    for outcome in sweep.outcomes:
        try:
            if sweep.design == "sobol":
                f = result.sobol(outcome)
            elif sweep.design == "oat":
                f = result.tornado(outcome)
            else:
                continue
        except Exception:  # noqa: BLE001 - an outcome that cannot be analysed is left out
            continue
        f = f.copy()
        f.insert(0, "outcome", labels.kpi_label(outcome, base))
        f["parameter"] = [labels.input_label(p) if "." in p else p for p in f["parameter"]]
        frames.append(f)
    if frames:
        name = "Sobol' indices" if sweep.design == "sobol" else "tornado"
        out[name] = labelled(pd.concat(frames, ignore_index=True), base)
    meta = {"sweep": sweep.name, "description": sweep.description, "design": sweep.design,
            "n": sweep.n, "replications": sweep.replications, "seed": sweep.seed,
            "mode": sweep.mode, "source": sweep.source or "",
            "outcomes": ", ".join(sweep.outcomes),
            "hiringsim_version": __version__}
    rows = _meta_rows(meta)
    for p in sweep.parameters:
        spec = {k: v for k, v in dict(low=p.low, high=p.high, dist=p.dist,
                                      values=p.values).items() if v is not None}
        rows.append({"input (dotted path)": p.path, "input": labels.input_label(p.path),
                     "value": ", ".join(f"{k} {v}" for k, v in spec.items())})
    out["sweep"] = Table(pd.DataFrame(rows))
    if base is not None:
        out["base scenario"] = scenario_table({base.name: base}, {})
    return out


def tables(obj: Any) -> dict[str, Table]:
    """Sheet name -> :class:`Table` for a Results, a Comparison or a SweepResult."""
    from ..experiment import Comparison
    from ..results import Results
    from ..sweep import SweepResult

    if isinstance(obj, Results):
        return results_tables(obj)
    if isinstance(obj, Comparison):
        return comparison_tables(obj)
    if isinstance(obj, SweepResult):
        return sweep_tables(obj)
    raise TypeError(f"expected Results, Comparison or SweepResult, got {type(obj).__name__}")
