"""A comparison as a planner reads it: plans side by side, paired differences, the inputs that
differ, and a written conclusion built from the numbers."""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

import pandas as pd

from .. import labels
from ._html import e, frame_html, table

if TYPE_CHECKING:  # pragma: no cover
    from ..experiment import Comparison
    from ..results import Results

__all__ = ["comparison_html", "comparison_table", "conclusion", "differences_table",
           "inputs_table"]

#: the rows of the plan table, in order ('target_date' is the median date reached)
HEADLINE = ["target_by_deadline", "target_date", "growth_at_deadline", "time_to_hire_mean",
            "applicants_per_hire", "empty_seats", "cost_hiring", "cost_per_net_hire",
            "cost_total"]
#: the paired differences shown by default
DIFFERENCES = ["target_day", "target_by_deadline", "growth_at_deadline", "cost_per_net_hire",
               "cost_hiring"]


def _median_date(res: Results) -> str:
    row = res.target_dates((0.5,)).iloc[0]
    return labels.format_value("date", row["date"].date()) if row["reached"] else "not reached"


def comparison_table(cmp: Comparison, kpis: Sequence[str] | None = None,
                     confidence: float = 0.95) -> pd.DataFrame:
    """Measures x plans (in run order): each plan's mean with its confidence interval, as
    text; ``target_date`` is the median date the target is reached."""
    first = next(iter(cmp.results.values())).scenario
    rows: dict[str, dict[str, str]] = {}
    summaries = {n: r.summary(confidence) for n, r in cmp.results.items()}
    for kpi in kpis or HEADLINE:
        if kpi == "target_date":
            rows["median date the target is reached"] = {
                n: _median_date(r) for n, r in cmp.results.items()}
            continue
        label = labels.kpi_label(kpi, first)
        row = {}
        for name, s in summaries.items():
            if kpi not in s.index:
                row[name] = "-"
                continue
            r = s.loc[kpi]
            start = cmp.results[name].scenario.start
            row[name] = labels.format_interval(kpi, r["mean"], r["ci_low"], r["ci_high"],
                                               start=start)
        rows[label] = row
    rows["bottleneck (most often)"] = {
        n: labels.capacity_label(r.bottleneck()) or "none" for n, r in cmp.results.items()}
    if any(r.scenario.uncertain for r in cmp.results.values()):  # what each plan's are over
        rows["inputs"] = {n: r.input_uncertainty or "fixed (none uncertain)"
                          for n, r in cmp.results.items()}
    frame = pd.DataFrame.from_dict(rows, orient="index")[cmp.names]
    frame.index.name = "measure"
    return frame


def _signed(kpi: str, v: float) -> str:
    """A difference: '+12 days', '-$4.2M', '+3.5 points' (percent points for probabilities)."""
    if not math.isfinite(v):
        return "n/a"
    u = labels.unit(kpi)
    sign = "+" if v > 0 else "-" if v < 0 else ""
    if u == "%":
        return f"{sign}{abs(v) * 100:.1f} points"
    if u == "date":
        return f"{sign}{abs(v):,.0f} days"
    return sign + labels.format_value(kpi, abs(v), with_unit=u in ("days",))


def differences_table(cmp: Comparison, baseline: str | None = None,
                      kpis: Sequence[str] | None = None, confidence: float = 0.95
                      ) -> pd.DataFrame:
    """Each plan minus ``baseline`` (default: the first), replication by replication: the mean
    difference with its paired interval (common random numbers) and, for contrast, the
    unpaired one, as text; the target date as days sooner (-) or later (+)."""
    have = set(next(iter(cmp.results.values())).kpis.columns)
    kpis = [k for k in (kpis or DIFFERENCES) if k in have]
    d = cmp.differences(baseline, kpis=kpis, confidence=confidence)
    first = next(iter(cmp.results.values())).scenario
    level = f"{confidence:.0%}"
    rows = []
    for r in d.to_dict("records"):
        kpi = str(r["kpi"])
        label = ("days until the target is reached" if kpi == "target_day"
                 else labels.kpi_label(kpi, first))
        rows.append({"plan": r["strategy"], "difference in": label,
                     "mean difference": _signed(kpi, r["mean"]),
                     f"paired {level} CI": f"{_signed(kpi, r['ci_low'])} to "
                                           f"{_signed(kpi, r['ci_high'])}",
                     f"unpaired {level} CI": f"{_signed(kpi, r['unpaired_low'])} to "
                                             f"{_signed(kpi, r['unpaired_high'])}",
                     "pairs": f"{int(r['n']):,}"})
    out = pd.DataFrame(rows)
    return out.set_index(["plan", "difference in"]) if len(out) else out


def inputs_table(cmp: Comparison, baseline: str | None = None) -> pd.DataFrame:
    """The inputs that differ from ``baseline`` (default: the first plan): one row per plan and
    input, with both values written as a planner reads them."""
    base_name = baseline or cmp.names[0]
    base = cmp.results[base_name].scenario
    rows = []
    for name in cmp.names:
        if name == base_name:
            continue
        for r in base.diff(cmp.results[name].scenario).itertuples():
            rows.append({"plan": name, "input": r.label,
                         base_name: labels.format_input(str(r.path), r.a),
                         "this plan": labels.format_input(str(r.path), r.b),
                         "dotted path": r.path})
    return pd.DataFrame(rows, columns=["plan", "input", base_name, "this plan", "dotted path"])


# -- the conclusion -----------------------------------------------------------------------------

def _stat(summary: pd.DataFrame, kpi: str, col: str = "mean") -> float:
    """One statistic of a summary frame (its statistic columns hold floats)."""
    return float(cast(float, summary.loc[kpi, col]))


def _sign(row: Any) -> int:
    """+1 / -1 when the paired interval excludes zero, else 0."""
    if row is None or row["n"] < 2 or not math.isfinite(row["ci_low"]):
        return 0
    return 1 if row["ci_low"] > 0 else -1 if row["ci_high"] < 0 else 0


def conclusion(cmp: Comparison, *, sure: float = 0.9, baseline: str | None = None,
               confidence: float = 0.95, width: int | None = 100) -> str:
    """The comparison in a few paragraphs a planner reads, written from the numbers: how likely
    each plan meets the deadline, which are at least ``sure`` of it (the fastest and the
    cheapest of them), how each plan differs from ``baseline`` in timing, growth and cost per
    net hire (a difference is stated only when its paired interval excludes zero), and whether
    roles tied to the target by a ratio keep pace.  ``width``: wrap lines (None: do not)."""
    base = baseline or cmp.names[0]
    res0 = cmp.results[base]
    sc, t = res0.scenario, res0.scenario.target
    s = {n: r.summary(confidence) for n, r in cmp.results.items()}
    kpis = ["target_day", "growth_at_deadline", "cost_per_net_hire"]
    d = cmp.differences(base, kpis=kpis, confidence=confidence)
    diff = {(r["strategy"], r["kpi"]): r for r in d.to_dict("records")}
    goal = f"+{t.growth:,} {t.role}"
    deadline = labels.format_value("date", t.deadline)

    def p(n: str) -> float:
        return _stat(s[n], "target_by_deadline")

    def cost(n: str) -> float:
        return _stat(s[n], "cost_per_net_hire")

    def median(n: str) -> float:
        row = cmp.results[n].target_dates((0.5,)).iloc[0]
        return row["date"].timestamp() if row["reached"] else math.inf

    over = {r.input_uncertainty.split(" (")[0] for r in cmp.results.values()} - {""}
    paras = [f"Deadline {deadline}. Share of replications with {goal} by then"
             + (f" ({', '.join(sorted(over))})" if over else "") + ": "
             + "; ".join(f"{n} {labels.format_value('target_by_deadline', p(n))}"
                         for n in cmp.names) + "."]
    ok = [n for n in cmp.names if p(n) >= sure]
    if ok:
        fastest, cheapest = min(ok, key=median), min(ok, key=cost)
        text = (f"At least {sure:.0%} sure of the deadline: {', '.join(ok)}. The fastest is "
                f"{fastest} (median date {_median_date(cmp.results[fastest])}, "
                f"{labels.format_value('cost_per_net_hire', cost(fastest))} per net hire)")
        text += ("; it is also the cheapest of them." if cheapest == fastest else
                 f"; the cheapest of them is {cheapest} "
                 f"({labels.format_value('cost_per_net_hire', cost(cheapest))} per net hire).")
    else:
        best = max(cmp.names, key=p)
        text = (f"No plan is at least {sure:.0%} sure of the deadline; the most likely to meet "
                f"it is {best} ({labels.format_value('target_by_deadline', p(best))}).")
    paras.append(text)
    for n in cmp.names:
        if n == base:
            continue
        paras.append(_against(n, base, diff, cost(base), confidence, t.role))
    for role in sc.roles:
        if role.ratio is None or f"{role.name}_ratio_at_deadline" not in s[base].index:
            continue
        ratios = {n: _stat(s[n], f"{role.name}_ratio_at_deadline")
                  for n in cmp.names}
        behind = [n for n, r in ratios.items() if r < role.ratio]
        paras.append(f"{role.name.capitalize()} added per {t.role} added, at the deadline: "
                     + ", ".join(f"{n} {r:.2f}" for n, r in ratios.items())
                     + f" (planned {role.ratio:g}). "
                     + (f"They lag in {', '.join(behind)}." if behind
                        else "They keep pace in every plan."))
    if width is None:
        return "\n\n".join(paras)
    return "\n\n".join(textwrap.fill(x, width) for x in paras)


def _against(n: str, base: str, diff: dict, base_cost: float, confidence: float,
             role: str) -> str:
    level = f"paired {confidence:.0%} CI"
    days, grow, cost = (diff.get((n, k)) for k in ("target_day", "growth_at_deadline",
                                                   "cost_per_net_hire"))
    parts = []
    if days is None or days["n"] == 0 or not math.isfinite(days["mean"]):
        parts.append("cannot be timed against it (the target is not reached in every pair)")
    elif _sign(days) == 0:
        parts.append(f"reaches the target neither clearly sooner nor later ({level} "
                     f"{days['ci_low']:+,.0f} to {days['ci_high']:+,.0f} days)")
    else:
        parts.append(f"reaches the target {abs(days['mean']):,.0f} days "
                     f"{'later' if days['mean'] > 0 else 'sooner'} ({level} "
                     f"{days['ci_low']:+,.0f} to {days['ci_high']:+,.0f} days)")
    if grow is not None and _sign(grow) != 0:
        parts.append(f"has {abs(grow['mean']):,.0f} {'more' if grow['mean'] > 0 else 'fewer'} "
                     f"{role}s at the deadline")
    if cost is not None:
        rel = cost["mean"] / base_cost if base_cost else math.nan
        if _sign(cost) == 0 or abs(rel) < 0.01:
            parts.append("costs about the same per net hire")
        else:
            parts.append(f"costs {labels.format_value('cost_per_net_hire', abs(cost['mean']))}"
                         f" {'more' if cost['mean'] > 0 else 'less'} per net hire "
                         f"({rel:+.1%})")
    return f"Against {base}, {n} " + ", ".join(parts[:-1]) + (
        f" and {parts[-1]}." if len(parts) > 1 else f"{parts[-1]}.")


def comparison_html(cmp: Comparison) -> str:
    """The comparison as HTML tables: plans side by side (run order, intervals), paired
    differences against the first plan, and the inputs that differ from it."""
    first = cmp.names[0]
    reps = next(iter(cmp.results.values()))
    out = [f"<h4>Comparison of {len(cmp.names)} plans: {e(', '.join(cmp.names))}</h4>",
           f"<p>{reps.replications:,} replications of each plan, root seed {reps.seed} (common "
           "random numbers). Means with 95% confidence intervals."
           + "".join(f" {e(n)}: <b>{e(r.input_uncertainty)}</b>."
                     for n, r in cmp.results.items() if r.input_uncertainty) + "</p>",
           frame_html(comparison_table(cmp), caption="The plans"),
           frame_html(differences_table(cmp).reset_index(level=1),
                      caption=f"Paired differences against {first}")]
    inputs = inputs_table(cmp)
    if len(inputs):
        out.append(table(list(inputs.columns), inputs.itertuples(index=False), numeric=(2, 3),
                         caption=f"Inputs that differ from {first}"))
    else:
        out.append(f"<p>No input differs from {e(first)}.</p>")
    return "".join(out)
