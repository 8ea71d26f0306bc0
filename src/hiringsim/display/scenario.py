"""A scenario as HTML: the question, an overview per role and resource, and every input."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import labels
from ._html import e, table

if TYPE_CHECKING:  # pragma: no cover
    from ..scenario import Scenario
    from ..scenario.parts import Role

__all__ = ["scenario_html"]


def _d(x: Any) -> str:
    return labels.format_input("date", x) if x is not None else "-"


def _dist(d: Any) -> str:
    return f"{d.mean:,.4g}d" if hasattr(d, "mean") else str(d)


def _positions(r: Role) -> str:
    if r.positions is None:
        return "no limit" if r.ratio is None else "as the target role's, by ratio"
    return "; ".join(f"+{p.growth:,} from {_d(p.start)}" for p in r.positions)


def _recruiting(r: Role) -> str:
    return "; ".join(f"{p.per_week:,.4g}/week from {_d(p.start)}" for p in r.recruiting)


def _academy(r: Role) -> str:
    ac = r.academy
    if ac is None:
        return "none"
    cycle = f"every {ac.every_days} days" if ac.every_days else "on given dates"
    text = (f"{ac.seats:,} seats {cycle} from {_d(ac.first_class)}"
            + (f" (and {len(ac.dates)} dated classes)" if ac.dates and ac.every_days else "")
            + (f", last class {_d(ac.last_class)}" if ac.last_class else "")
            + f"; {ac.length_days} days; {ac.graduation_rate:.0%} graduate")
    for ch in ac.changes:
        text += f"; {ch.seats:,} seats from {_d(ch.start)}"
    return text


def _attrition(r: Role) -> str:
    a = r.attrition
    bands = "; ".join(f"{b.annual_rate:.1%} up to {b.until_years:g} years" for b in a.bands)
    return (bands + "; then " if bands else "") + f"{a.annual_rate:.1%} a year"


def _stages(r: Role) -> str:
    parts = []
    for s in r.stages:
        text = f"{labels.STAGES.get(s.name, s.name.replace('_', ' '))} {s.pass_rate:.0%} pass, " \
               f"{_dist(s.duration)}"
        if s.resource:
            text += f" @{s.resource}"
        if s.withdraw_per_week:
            text += f", {s.withdraw_per_week:.1%}/week withdraw"
        parts.append(text)
    return "; ".join(parts)


def _costs(r: Role) -> str:
    items = [("salary", r.salary), ("per application", r.application_cost),
             ("per hire", r.hire_cost), ("hire bonus", r.bonus)]
    if r.academy is not None:
        items.append(("per trainee", r.academy.cost_per_trainee))
    items += [(f"{s.name}", s.cost) for s in r.stages if s.cost]
    return ", ".join(f"{k} ${v:,.0f}" for k, v in items if v) or "-"


def _overview(sc: Scenario) -> str:
    header = ["role", "headcount at start", "target", "funded positions",
              "recruiting (applications)", "screening stages (pass rate, mean days)",
              "offer withdrawal", "academy", "onboarding", "attrition", "costs"]
    rows = []
    for r in sc.roles:
        growth = sc.target_growth(r.name)
        target = f"+{growth:,.0f}" if growth == growth else "-"
        rows.append([r.name, f"{r.initial:,}", target, _positions(r), _recruiting(r),
                     _stages(r), f"{r.offer_withdraw_per_week:.1%}/week", _academy(r),
                     f"{_dist(r.onboarding)}", _attrition(r), _costs(r)])
    return table(header, rows, numeric=(1, 2))


def _resources(sc: Scenario) -> str:
    if not sc.resources:
        return ""
    rows = []
    for res in sc.resources:
        ch = "; ".join(f"{c.servers:,} from {_d(c.start)}" for c in res.changes) or "-"
        cost = f"${res.cost_per_server_year:,.0f}" if res.cost_per_server_year else "-"
        rows.append([labels.capacity_label(res.name), f"{res.servers:,}", ch, cost])
    return table(["resource", "servers at start", "changes", "cost per server-year"], rows,
                 numeric=(1,))


def _every_input(sc: Scenario) -> str:
    frame = sc.inputs()
    rows = [[r.label, labels.format_input(str(r.path), r.value), r.path]
            for r in frame.itertuples()]
    return (f"<details><summary>every input ({len(rows)})</summary>"
            + table(["input", "value", "dotted path"], rows, numeric=(1,)) + "</details>")


def scenario_html(sc: Scenario) -> str:
    """The scenario as HTML: its question, one overview row per role (funded positions,
    recruiting, stages, academy and seat changes, onboarding, attrition, costs), the resources
    with their dated changes, and every input with its label and value."""
    t = sc.target
    out = [f"<h4>Scenario {e(sc.name)}</h4>"]
    if sc.description:
        out.append(f"<p>{e(sc.description)}</p>")
    out.append(f"<p>{_d(sc.start)} to {_d(sc.end)}; target <b>+{t.growth:,} {e(t.role)}</b> "
               f"({e(t.measure.replace('_', ' '))}) by <b>{_d(t.deadline)}</b>"
               + (f"; from {e(sc.source)}" if sc.source else "") + "</p>")
    out += [_overview(sc), _resources(sc), _every_input(sc)]
    return "".join(out)
