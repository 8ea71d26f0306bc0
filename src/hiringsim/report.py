"""Plain-text reports of results and comparisons (what the command line prints)."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, cast

import pandas as pd

if TYPE_CHECKING:  # pragma: no cover
    from .experiment import Comparison
    from .results import Results

__all__ = ["comparison_table", "costs_text", "differences_text", "inputs_text", "text_report",
           "uncertainty_lines"]


def _n(v: float | None, digits: int = 0) -> str:
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "n/a"
    return f"{v:,.{digits}f}"


def _money(v: float) -> str:
    if not math.isfinite(v):
        return "n/a"
    if abs(v) >= 1e9:
        return f"${v / 1e9:,.2f} bn"
    if abs(v) >= 1e6:
        return f"${v / 1e6:,.1f} M"
    return f"${v:,.0f}"


def _cell(frame: pd.DataFrame, row: str, col: str = "mean") -> float:
    """One statistic of a summary frame (its statistic columns hold floats)."""
    return cast(float, frame.loc[row, col])


def _date(row: pd.Series) -> str:
    return row["date"].strftime("%Y-%m-%d") if row["reached"] else "not reached"


def _pipeline_line(role: Any) -> str:
    """What a role's pipeline already running at the start holds (growth counts above it)."""
    pl = role.pipeline
    stages = sum(c for k, c in pl.stages if not k.endswith("_queue"))
    queued = sum(c for k, c in pl.stages if k.endswith("_queue"))
    trainees = sum(c.trainees for c in pl.classes)
    return (f"  Running at the start ({role.name}): {stages:,} in stages, {queued:,} queued for "
            f"a resource, {pl.waiting:,} waiting for a position or class, {trainees:,} in "
            f"{len(pl.classes)} classes, {pl.onboarding:,} in onboarding (growth counts above "
            "the headcount at the start)")


def _warm_up_line(res: Results) -> str:
    """A warm-up's dates and the headcount at the start it leaves (growth counts above it)."""
    sc = res.scenario
    t = sc.target
    line = (f"  Warm-up from {sc.warm_up_from}: the same inputs run from then ({t.role} "
            f"{sc.role(t.role).initial:,} on duty then), reported from {sc.start}")
    if res.has_series:
        start = (res.headcount() - res.growth())[:, 0]
        line += (f"; {t.role} {t.measure} at the start {start.mean():,.0f} (mean; "
                 f"{start.min():,.0f} to {start.max():,.0f}), growth counts above it")
    return line


def uncertainty_lines(res: Results) -> list[str]:
    """What the figures are over when the scenario declares uncertain inputs: each input's
    distribution, the file's value and (drawn) the mean and 5-95% range of its draws."""
    sc = res.scenario
    label = res.input_uncertainty
    if not label:
        return []
    drawn = res.inputs.groupby("input")["value"] if len(res.inputs) else None
    if drawn is not None:
        lines = [f"Figures {label}: every replication draws each input, then runs "
                 "(--fixed-inputs / inputs='fixed': each at its value in the file)"]
    else:
        lines = [f"Figures with {label}; with input uncertainty (the default) every replication "
                 "draws them"]
    for u in sc.uncertain:
        line = f"  {u.name}: {u.describe()}; in the file {sc.get(u.name)!r}"
        if drawn is not None and u.name in drawn.groups:
            x = drawn.get_group(u.name).to_numpy(float)
            line += (f"; drawn mean {x.mean():.4g}, 5-95% {pd.Series(x).quantile(0.05):.4g} "
                     f"to {pd.Series(x).quantile(0.95):.4g}")
        lines.append(line)
    return lines


def _over(res: Results) -> str:
    """`` (with input uncertainty)`` or `` (fixed inputs)`` after a probability or band."""
    label = res.input_uncertainty
    return "" if not label else " (" + label.split(" (")[0] + ")"


def text_report(res: Results) -> str:
    sc = res.scenario
    t = sc.target
    s = res.summary()
    lines = [
        f"hiringsim {res.meta['hiringsim_version']} | scenario {sc.name!r}"
        + (f" ({sc.source})" if sc.source else "")
        + f" | {res.replications} replications | seed {res.seed} | {res.mode} mode",
        f"Target: +{t.growth:,} {t.role} ({t.measure}) by {t.deadline}; horizon {sc.end}",
    ]
    for ch in sorted(sc.changes, key=lambda c: c.start):  # dated changes of inputs
        sets = ", ".join(f"{path} = {value}" for path, value in ch.values.items())
        lines.append(f"  From {ch.start}: {sets}" + (f" ({ch.note})" if ch.note else ""))
    lines += uncertainty_lines(res)
    lines += [_pipeline_line(r) for r in sc.roles if r.pipeline is not None]
    if sc.warm_up_from is not None:
        lines.append(_warm_up_line(res))
    p = s.loc["target_by_deadline"]
    lines.append(f"  Reached by the deadline{_over(res)}: {p['mean']:.0%} of replications "
                 f"(95% CI {p['ci_low']:.0%} to {p['ci_high']:.0%})")
    td = res.target_dates((0.1, 0.5, 0.9))
    lines.append("  Date reached, 10% / 50% / 90% of replications: "
                 + " / ".join(_date(r) for _, r in td.iterrows())
                 + f"  (reached by the horizon in {_cell(s, 'target_reached'):.0%})")
    g = "growth_at_deadline"
    lines.append(f"  Growth at the deadline{_over(res)}: {_n(_cell(s, g))} (95% CI "
                 f"{_n(_cell(s, g, 'ci_low'))} to {_n(_cell(s, g, 'ci_high'))}; 5-95% of "
                 f"replications {_n(_cell(s, g, 'p5'))} to {_n(_cell(s, g, 'p95'))})")
    for role in sc.roles:
        if role.name == t.role or f"{role.name}_ratio_at_deadline" not in s.index:
            continue
        r = _cell(s, f"{role.name}_ratio_at_deadline")
        auth = f"{role.name}_ratio_authorized_at_deadline"
        ra = _cell(s, auth) if auth in s.index else math.nan
        follows = f"; positions follow {t.role} {role.following}" if role.ratio else ""
        lines.append(f"  {role.name}: +{_n(_cell(s, f'{role.name}_growth_at_deadline'))} "
                     f"at the deadline, {r:.2f} per {t.role} added, {_n(ra, 2)} per {t.role} "
                     f"position authorized (planned {role.ratio:g}{follows})")
    if len(res.fiscal):
        fy = (res.fiscal.groupby(["fiscal_year", "role"])["growth"].mean().unstack("role")
              .reindex(columns=[r.name for r in sc.roles]))
        lines.append(f"Growth above the start at fiscal-year ends (mean; {t.measure} for all "
                     "roles):")
        lines.append("  " + "FY".ljust(6) + "".join(c.rjust(10) for c in fy.columns))
        for year, row in fy.iterrows():
            lines.append("  " + str(year).ljust(6) + "".join(_n(v).rjust(10) for v in row))
        fr = res.fiscal[res.fiscal["role"] == t.role].groupby("fiscal_year")
        cols = ["days", "hires", "separations", "time_to_hire_mean", "time_to_hire_median",
                "time_to_hire_p90", "cost_hiring"]
        if all(c in res.fiscal.columns for c in cols):
            by = fr[cols].mean()
            lines.append(f"By fiscal year ({t.role}, mean; time to hire of those entering on "
                         "duty in the year, days; hiring cost of the role):")
            lines.append("  FY     days   hires  separations  TTH mean  median   p90  "
                         "hiring cost")
            for year, row in by.iterrows():
                lines.append(f"  {year!s:<6}{_n(row['days']):>5}{_n(row['hires']):>8}"
                             f"{_n(row['separations']):>13}{_n(row['time_to_hire_mean']):>10}"
                             f"{_n(row['time_to_hire_median']):>8}"
                             f"{_n(row['time_to_hire_p90']):>6}"
                             f"{_money(row['cost_hiring']):>13}")
    else:
        lines.append(f"Growth at fiscal-year ends: no fiscal-year end (30 September) in "
                     f"{sc.start}..{sc.end}")
    lines.append(f"Time to hire ({t.role}, application to entry on duty): mean "
                 f"{_n(_cell(s, 'time_to_hire_mean'))} days, median "
                 f"{_n(_cell(s, 'time_to_hire_median'))}, 90th percentile "
                 f"{_n(_cell(s, 'time_to_hire_p90'))}")
    lines.append(f"Applicants per hire ({t.role}): {_n(_cell(s, 'applicants_per_hire'), 1)} "
                 f"to the horizon, {_n(_cell(s, 'applicants_per_hire_at_target'), 1)} to the "
                 f"day the target is reached; applications per hire "
                 f"{_n(_cell(s, 'applications_per_hire'), 1)}")
    lines.append(f"Gross hires per net hire ({t.role}): {_n(_cell(s, 'gross_per_net'), 2)} to "
                 f"the horizon, {_n(_cell(s, 'gross_per_net_at_target'), 2)} to the day the "
                 "target is reached")
    by_channel = [k for k in s.index if str(k).startswith("hires_channel_")]
    if by_channel:  # the target role has further entry channels
        from .labels import channel_label

        total = sum(_cell(s, k) for k in by_channel) or math.nan
        lines.append(f"Hires by entry channel ({t.role}, mean): " + "; ".join(
            f"{channel_label(str(k).removeprefix('hires_channel_'))} {_n(_cell(s, k))} "
            f"({_cell(s, k) / total:.0%})" for k in by_channel))
    from .labels import capacity_label

    rs = res.resources.groupby("resource")[["utilization_surge", "utilization",
                                             "wait_mean"]].mean()
    bottleneck = res.bottleneck()
    parts = []
    for name, row in rs.sort_values("utilization_surge", ascending=False).iterrows():
        wait = "" if not math.isfinite(row["wait_mean"]) else \
            f", mean wait {row['wait_mean']:.0f} days"
        parts.append(f"{capacity_label(str(name))} {row['utilization_surge']:.0%} used until "
                     f"the target ({row['utilization']:.0%} over the run){wait}")
    share = (res.kpis["bottleneck"] == bottleneck).mean()
    lines.append(f"Bottleneck: {capacity_label(str(bottleneck))} (in {share:.0%} of "
                 "replications); " + "; ".join(parts))
    lines.append(f"Empty academy seats: {_n(_cell(s, 'empty_seats'))}; withdrawals: "
                 f"{_n(_cell(s, 'withdrawals'))}")
    if "instructors_mean" in s.index:  # classes draw instructors (measures.instructors)
        lines.append(f"Instructors on loan from on-duty staff: mean "
                     f"{_n(_cell(s, 'instructors_mean'))}, peak "
                     f"{_n(_cell(s, 'instructors_peak'))}, at the deadline "
                     f"{_n(_cell(s, 'instructors_at_deadline'))}; operational growth at the "
                     f"deadline net of them {_n(_cell(s, 'operational_growth_at_deadline'))}; "
                     f"days over a tenth of on-duty staff (measures.instructors.STRAIN_SHARE): "
                     f"{_n(_cell(s, 'instructor_strain_days'))}")
    if "removals_after_entry" in s.index:  # vetting overlaps training
        course = (f"course {_n(_cell(s, 'removed_course'))}, "
                  if "removed_course" in s.index else "")
        lines.append(f"Removed after entry on failing the vetting: "
                     f"{_n(_cell(s, 'removals_after_entry'))} (academy "
                     f"{_n(_cell(s, 'removed_academy'))}, {course}onboarding "
                     f"{_n(_cell(s, 'removed_onboarding'))}, on duty "
                     f"{_n(_cell(s, 'removed_duty'))}), spent on them "
                     f"{_money(_cell(s, 'cost_removed'))}; tentative offers failing it before "
                     f"entry: {_n(_cell(s, 'offer_failures'))}; vetting still running at the "
                     f"horizon: {_n(_cell(s, 'vetting_unfinished_at_end'))}")
        by_channel = [k for k in s.index if str(k).startswith("removals_channel_")]
        if by_channel:  # the target role has further entry channels
            from .labels import channel_label

            lines.append(f"Removed after entry by entry channel ({t.role}, mean): " + "; ".join(
                f"{channel_label(str(k).removeprefix('removals_channel_'))} "
                f"{_n(_cell(s, k))}" for k in by_channel))
    lines.append(f"Cost: hiring {_money(_cell(s, 'cost_hiring'))} "
                 f"({_money(_cell(s, 'cost_per_net_hire'))} per net hire, all roles); "
                 f"payroll of new hires {_money(_cell(s, 'cost_payroll'))}; total "
                 f"{_money(_cell(s, 'cost_total'))}")
    lines += costs_text(res)
    if len(res.budget):  # a budget holds hiring (hiringsim.measures.budget)
        lines += budget_lines(res)
    return "\n".join(lines)


def costs_text(res: Results) -> list[str]:
    """Every cost line by fiscal year and role, as a planner says it: 'FY2018: $383.7 M (95%
    CI ...)' then 'officer $234.7 M: recruiting $3.9 M, screening $53.8 M, ...' (means over
    replications; lines that cost nothing left out)."""
    from .labels import cost_line_label, cost_role_label
    from .stats import mean_ci

    c = res.costs()
    if c.empty:
        return []
    rows = res.fiscal_costs
    money = [x for x in ("recruiting", "screening", "academy", "incentives", "payroll",
                         "resources") if x in rows.columns]
    lines = ["Cost by fiscal year (mean; 95% CI of the year's total), by role and cost line:"]
    for year, fy in c.groupby("fiscal_year", sort=True):
        per_rep = rows[rows["fiscal_year"] == year].groupby("replication")[money].sum()
        m, lo, hi = mean_ci(per_rep.sum(axis=1).to_numpy(dtype=float))
        days = int(fy["days"].iloc[0])
        part = "" if days >= 365 else f"; {days} days simulated"
        lines.append(f"  FY{year}: {_money(m)} (95% CI {_money(lo)} to {_money(hi)}{part})")
        for role, g in fy.groupby("role", sort=False):
            items = ", ".join(f"{cost_line_label(str(line))} {_money(float(v))}"
                              for line, v in zip(g["line"], g["mean"], strict=True) if v != 0)
            lines.append(f"    {cost_role_label(str(role))} {_money(float(g['mean'].sum()))}"
                         + (f": {items}" if items and len(g) > 1 else ""))
    return lines


def _days(x: float) -> str:
    return "1 day" if round(x) == 1 else f"{x:,.0f} days"


def budget_lines(res: Results) -> list[str]:
    """Money against budget by fiscal year (means over replications): a planner's paragraph."""
    sc = res.scenario
    b = res.budget
    mean = b.groupby(["fiscal_year", "role"]).mean(numeric_only=True).reset_index()
    unspent = "carries over" if sc.budget_unspent == "carry_over" else "lapses"
    lines = [f"Money (unspent money {unspent}; a budget covers payroll of new hires, training, "
             "hire cost and bonus; means):"]
    for year, rows in mean.groupby("fiscal_year"):
        held = rows[rows["budget"].notna()]
        if not len(held):
            continue
        tgt = rows[rows["role"] == sc.target.role]
        days = float(tgt["days_held_money"].sum())
        seats = float(tgt["days_held_capacity"].sum())
        carry = float(held["carry_in"].sum())
        short = float(held["shortfall"].sum())
        part = int(held["days_in_run"].max())
        short_by = ", ".join(str(r) for r, v in zip(held["role"], held["shortfall"], strict=True)
                             if v > 0)
        lines.append(
            f"  FY{year}: {_money(float(held['budget'].sum()))} budget"
            + (f" + {_money(carry)} carried in" if carry > 0 else "")
            + f", {_money(float(held['covered_spend'].sum()))} spent"
            + (f" ({part} days of it simulated)" if part < 365 else "")
            + f"; hiring of {sc.target.role} held {_days(days)} by money, {_days(seats)} by "
            "seats or positions"
            + (f"; shortfall {_money(short)} ({short_by})" if short > 0 else ""))
    return lines


COMPARE_KPIS: dict[str, tuple[str, str | None]] = {
    # kpi: (row title, format; None: formatted specially below)
    "target_by_deadline": ("P(target by deadline)", "{:.0%}"),
    "growth_at_deadline": ("growth at deadline", "{:,.0f}"),
    "target_day_p50": ("median date reached", None),
    "time_to_hire_mean": ("time to hire, days", "{:,.0f}"),
    "applicants_per_hire": ("applicants per hire", "{:,.1f}"),
    "empty_seats": ("empty academy seats", "{:,.0f}"),
    "cost_hiring": ("hiring cost, $M", None),
    "cost_per_net_hire": ("cost per net hire, $", "{:,.0f}"),
    "cost_total": ("total cost, $M", None),
}


def comparison_table(comparison: Comparison) -> pd.DataFrame:
    """One column per strategy, one row per headline KPI (formatted strings)."""
    cols = {}
    for label, res in comparison.results.items():
        s = res.summary()
        td = res.target_dates((0.5,)).iloc[0]
        col = {}
        for kpi, (title, fmt) in COMPARE_KPIS.items():
            if kpi == "target_day_p50":
                col[title] = _date(td)
            elif kpi in ("cost_hiring", "cost_total"):
                col[title] = f"{_cell(s, kpi) / 1e6:,.0f}"
            else:
                assert fmt is not None  # only the KPIs handled above have no format
                m, lo, hi = s.loc[kpi, ["mean", "ci_low", "ci_high"]]
                col[title] = fmt.format(m) + (f" ({fmt.format(lo)}-{fmt.format(hi)})"
                                              if kpi == "target_by_deadline" else "")
        col["bottleneck"] = res.bottleneck()
        if any(r.scenario.uncertain for r in comparison.results.values()):
            col["inputs"] = res.input_uncertainty or "fixed (none uncertain)"
        cols[label] = col
    return pd.DataFrame(cols)


def differences_text(cmp: Comparison, baseline: str | None = None, *,
                     kpis: list[str] | None = None, confidence: float = 0.95) -> str:
    """Paired differences against ``baseline`` as lines a planner reads (costs in $ millions),
    each with the paired interval and, for contrast, the unpaired one."""
    diffs = cmp.differences(baseline, kpis=kpis, confidence=confidence)
    lines = [f"Paired differences against {diffs['baseline'].iloc[0]!r} "
             f"({confidence:.0%} CI):"]
    for _, d in diffs.iterrows():
        fmt = {"target_by_deadline": "{:+.1%}", "cost_hiring": "{:+,.1f} $M"}.get(
            d["kpi"], "{:+,.0f}")
        if d["kpi"] == "cost_hiring":
            d = d.copy()
            for col in ("mean", "ci_low", "ci_high", "unpaired_low", "unpaired_high"):
                d[col] = d[col] / 1e6
        lines.append(
            f"  {d['strategy']:<22} {d['kpi']:<20} {fmt.format(d['mean'])} "
            f"({fmt.format(d['ci_low'])} to {fmt.format(d['ci_high'])}); unpaired "
            f"interval ({fmt.format(d['unpaired_low'])} to {fmt.format(d['unpaired_high'])})")
    return "\n".join(lines)


def inputs_text(cmp: Comparison, baseline: str | None = None) -> str:
    """The inputs of each plan that differ from ``baseline`` (default: the first), as lines
    a planner reads: 'officer academy: seats per class: 60 -> 100'."""
    from .labels import format_input

    base_name = baseline or cmp.names[0]
    base = cmp.results[base_name].scenario
    lines = [f"Inputs that differ from {base_name!r}:"]
    for name in cmp.names:
        if name == base_name:
            continue
        d = base.diff(cmp.results[name].scenario)
        if d.empty:
            lines.append(f"  {name}: no input differs")
            continue
        lines.append(f"  {name}:")
        for r in d.itertuples():
            path = str(r.path)
            lines.append(f"    {r.label}: {format_input(path, r.a)} -> "
                         f"{format_input(path, r.b)}")
    return "\n".join(lines)
