"""Rich display in Jupyter: HTML for scenarios and results."""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .results import Results
    from .scenario import Scenario

__all__ = ["results_html", "scenario_html"]


def _row(cells: Iterable[object], tag: str = "td") -> str:
    return "<tr>" + "".join(f"<{tag}>{html.escape(str(c))}</{tag}>" for c in cells) + "</tr>"


def scenario_html(sc: Scenario) -> str:
    t = sc.target
    out = [f"<h4>Scenario {html.escape(sc.name)}</h4>"]
    if sc.description:
        out.append(f"<p>{html.escape(sc.description)}</p>")
    out.append(f"<p>{sc.start} to {sc.end}; target <b>+{t.growth:,} {html.escape(t.role)}</b> "
               f"({t.measure}) by <b>{t.deadline}</b>"
               + (f"; from {html.escape(sc.source)}" if sc.source else "") + "</p>")
    out.append("<table><thead>" + _row(["role", "start", "target", "stages (pass rate, mean days)",
                                         "academy", "attrition/yr"], "th") + "</thead><tbody>")
    for r in sc.roles:
        stages = "; ".join(
            f"{s.name} {s.pass_rate:.0%} {s.duration.mean:.0f}d"
            + (f" @{s.resource}" if s.resource else "") for s in r.stages)
        ac = r.academy
        academy = (f"{ac.seats} seats every {ac.every_days or '-'}d, {ac.length_days}d, "
                   f"{ac.graduation_rate:.0%} graduate") if ac else "none"
        target = f"+{sc.target_growth(r.name):,.0f}" if sc.target_growth(r.name) == \
            sc.target_growth(r.name) else "-"
        out.append(_row([r.name, f"{r.initial:,}", target, stages, academy,
                         f"{r.attrition.annual_rate:.1%}"]))
    out.append("</tbody></table>")
    if sc.resources:
        out.append("<table><thead>" + _row(["resource", "servers", "changes"], "th")
                   + "</thead><tbody>")
        for res in sc.resources:
            ch = ", ".join(f"{c.servers} from {c.start}" for c in res.changes) or "-"
            out.append(_row([res.name, res.servers, ch]))
        out.append("</tbody></table>")
    return "".join(out)


def results_html(res: Results) -> str:
    from .report import text_report

    return f"<pre>{html.escape(text_report(res))}</pre>"
