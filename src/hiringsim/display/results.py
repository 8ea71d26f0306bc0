"""Results as a planner reads them: the summary table and the HTML display."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from .. import labels
from ._html import e, frame_html, table

if TYPE_CHECKING:  # pragma: no cover
    from ..results import Results

__all__ = ["headline_kpis", "results_html", "summary_table"]


def headline_kpis(res: Results) -> list[str]:
    """The KPIs a planner reads first, those the results have, in reading order."""
    sc = res.scenario
    kpis = ["target_by_deadline", "growth_at_deadline", "growth_at_end", "time_to_hire_mean",
            "applicants_per_hire"]
    kpis += [f"{r.name}_wait_mean" for r in sc.resources]
    kpis += ["empty_seats", "withdrawals", "cost_hiring", "cost_per_net_hire", "cost_total"]
    have = set(res.kpis.columns)
    return [k for k in kpis if k in have]


def _fmt(kpi: str, v: Any, res: Results) -> str:
    return labels.format_value(kpi, v, start=res.scenario.start)


def _is_probability(res: Results, kpi: str) -> bool:
    return labels.unit(kpi) == "%" and set(res.kpis[kpi].dropna().unique()) <= {0, 1}


def summary_table(res: Results, kpis: Sequence[str] | None = None,
                  confidence: float = 0.95) -> pd.DataFrame:
    """One row per KPI, labelled: the mean, its confidence interval, and the 5th to 95th
    percentile of the replications (how much one history differs from another), as text."""
    s = res.summary(confidence)
    level = f"{confidence:.0%}"
    rows = []
    for kpi in kpis or headline_kpis(res):
        if kpi not in s.index:
            raise KeyError(f"no KPI {kpi!r}; KPIs: {', '.join(s.index)}")
        r = s.loc[kpi].to_dict()
        spread = ("yes or no in each replication" if _is_probability(res, kpi)
                  else f"{_fmt(kpi, r['p5'], res)} to {_fmt(kpi, r['p95'], res)}")
        ci = (f"{_fmt(kpi, r['ci_low'], res)} to {_fmt(kpi, r['ci_high'], res)}"
              if math.isfinite(float(r["ci_low"])) else "-")
        rows.append({"measure": labels.kpi_label(kpi, res.scenario),
                     "mean": _fmt(kpi, r["mean"], res), f"{level} CI of the mean": ci,
                     "5th to 95th percentile": spread})
    return pd.DataFrame(rows).set_index("measure")


def _dates(res: Results) -> str:
    td = res.target_dates((0.1, 0.5, 0.9))
    rows = [[f"{q:.0%}", labels.format_value("date", d.date()) if ok else "not reached"]
            for q, d, ok in zip(td["quantile"], td["date"], td["reached"], strict=True)]
    return table(["share of replications", "reached +target by"], rows, numeric=(0, 1),
                 caption="When the target is reached")


def _fiscal(res: Results) -> str:
    sc = res.scenario
    if res.fiscal.empty:
        return ""
    fy = (res.fiscal.groupby(["fiscal_year", "role"])["growth"].mean().unstack("role")
          .reindex(columns=[r.name for r in sc.roles]))
    rows = [[year, *(labels.format_value("growth", v) for v in row)]
            for year, row in fy.iterrows()]
    return table(["fiscal year (ends 30 Sep)", *fy.columns], rows,
                 numeric=range(1, len(fy.columns) + 1),
                 caption=f"Growth above the start at fiscal-year ends (mean; "
                         f"{sc.target.measure.replace('_', ' ')})")


def _resources(res: Results) -> str:
    if res.resources.empty:
        return ""
    cols = [c for c in ("utilization_surge", "utilization", "wait_mean")
            if c in res.resources.columns]
    rs = res.resources.groupby("resource", sort=False)[cols].mean()
    rows = [[labels.capacity_label(str(name)), *(labels.format_value(c, row[c]) for c in cols)]
            for name, row in rs.iterrows()]
    return table(["capacity", *(labels.column_label(c) for c in cols)], rows,
                 numeric=range(1, len(cols) + 1), caption="Capacities (mean of replications)")


def results_html(res: Results) -> str:
    """The results as HTML tables: what was run, the headline KPIs with intervals, when the
    target is reached, growth by fiscal year, the capacities and the bottleneck."""
    sc, t = res.scenario, res.scenario.target
    b = res.bottleneck()
    share = (res.kpis["bottleneck"] == b).mean() if b else 0.0
    out = [f"<h4>Results of {e(sc.name)}</h4>",
           f"<p>{res.replications:,} replications, root seed {res.seed}, {e(res.mode)} mode, "
           f"hiringsim {e(res.meta.get('hiringsim_version', ''))}. Target: <b>+{t.growth:,} "
           f"{e(t.role)}</b> ({e(t.measure.replace('_', ' '))}) by <b>"
           f"{labels.format_value('date', t.deadline)}</b>."
           + (f" Figures <b>{e(res.input_uncertainty)}</b>." if res.input_uncertainty else "")
           + "</p>",
           frame_html(summary_table(res), caption="Headline measures"),
           _dates(res), _fiscal(res), _resources(res)]
    if b:
        out.append(f"<p>Bottleneck: <b>{e(labels.capacity_label(b))}</b> in {share:.0%} of "
                   "replications.</p>")
    return "".join(out)
