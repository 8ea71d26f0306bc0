"""A one-file HTML report: the question, what differs, the answer with intervals, charts, caveats.

The file is self-contained (figures are PNG embedded as base64, styles inline, no links to
fetch), so it can be mailed or archived as it is.  Figures are drawn on matplotlib ``Figure``
objects (no pyplot, no backend chosen).
"""

from __future__ import annotations

import base64
import html
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import labels

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..experiment import Comparison
    from ..results import Results
    from ..scenario import Scenario

__all__ = ["assumptions", "render", "report"]

_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:1100px;
margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em}h2{font-size:1.25em;margin-top:1.6em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #ccc;padding:.3em .6em;
text-align:left;vertical-align:top}td.n{text-align:right;white-space:nowrap}
th{background:#f3f3f3}img{max-width:100%;margin:.6em 0}.note{color:#555;font-size:.92em}
"""


def _e(x: Any) -> str:
    return html.escape(str(x))


def _table(header: list[str], rows: list[list[Any]], numeric: set[int] | None = None) -> str:
    numeric = numeric or set()
    out = ["<table><thead><tr>", *(f"<th>{_e(h)}</th>" for h in header), "</tr></thead><tbody>"]
    for row in rows:
        out.append("<tr>" + "".join(
            f'<td class="n">{_e(c)}</td>' if i in numeric else f"<td>{_e(c)}</td>"
            for i, c in enumerate(row)) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _figure(draw: Callable[[Any], Any], size: tuple[float, float] = (10.0, 5.2)) -> str:
    """An <img> with the PNG of what ``draw(ax)`` plots, embedded as base64."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=size, layout="constrained")
    draw(fig.add_subplot())
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, facecolor="white")
    data = base64.b64encode(buf.getvalue()).decode("ascii")
    return f'<img alt="figure" src="data:image/png;base64,{data}">'


def assumptions(scenario: Scenario) -> list[str]:
    """The comments marked ASSUMPTION in the scenario's file (and the files it extends)."""
    found: list[str] = []
    seen: set[Path] = set()
    todo = [Path(scenario.source)] if scenario.source else []
    while todo:
        path = todo.pop()
        if path in seen or path.suffix != ".toml" or not path.is_file():
            continue
        seen.add(path)
        text = path.read_text(encoding="utf-8")
        for line in text.splitlines():
            if "ASSUMPTION" in line and "#" in line:
                code, _, comment = line.partition("#")
                what = code.split("=")[0].strip()
                note = comment.strip()
                found.append(f"{what}: {note}" if what else note)
        m = re.search(r'^\s*extends\s*=\s*"([^"]+)"', text, re.M)
        if m:
            todo.append((path.parent / m.group(1)).resolve())
    return found


def _question(sc: Scenario) -> str:
    t = sc.target
    return (f"<p>Can the agency grow by <b>+{t.growth:,} {_e(t.role)}</b> "
            f"({_e(t.measure.replace('_', ' '))} headcount) by <b>"
            f"{labels.format_value('date', t.deadline)}</b>? Simulated from "
            f"{labels.format_value('date', sc.start)} to {labels.format_value('date', sc.end)} "
            f"(the horizon).</p>")


def _diff_html(a: Scenario, b: Scenario, a_name: str, b_name: str) -> str:
    d = a.diff(b)
    if d.empty:
        return f"<p>{_e(b_name)}: no input differs from {_e(a_name)}.</p>"
    rows = [[r.label, _value(r.a), _value(r.b), r.path] for r in d.itertuples()]
    return (f"<p>{_e(b_name)} against {_e(a_name)}:</p>"
            + _table(["input", a_name, b_name, "dotted path"], rows))


def _value(v: Any) -> str:
    if v is None:
        return "-"
    if isinstance(v, tuple):
        return ", ".join(map(str, v))
    if isinstance(v, float):
        return f"{v:,.4g}"
    if isinstance(v, int) and not isinstance(v, bool):
        return f"{v:,}"
    return str(v)


def _answer_rows(res: Results) -> dict[str, str]:
    sc = res.scenario
    s = res.summary()

    def iv(kpi: str) -> str:
        if kpi not in s.index:
            return "n/a"
        r = s.loc[kpi]
        return labels.format_interval(kpi, r["mean"], r["ci_low"], r["ci_high"])

    td = res.target_dates((0.1, 0.5, 0.9))
    dates = " / ".join(labels.format_value("date", d.date()) if ok else "not reached"
                       for d, ok in zip(td["date"], td["reached"], strict=True))
    return {
        labels.kpi_label("target_by_deadline"): iv("target_by_deadline"),
        "date reached by 10% / 50% / 90% of replications": dates,
        labels.kpi_label("growth_at_deadline") + f" ({sc.target.role}s)": iv("growth_at_deadline"),
        labels.kpi_label("time_to_hire_mean"): iv("time_to_hire_mean"),
        labels.kpi_label("cost_hiring"): iv("cost_hiring"),
        labels.kpi_label("cost_total"): iv("cost_total"),
        labels.kpi_label("cost_per_net_hire"): iv("cost_per_net_hire"),
        "bottleneck (most often)": labels.capacity_label(res.bottleneck()) or "none",
    }


def _answer(results: dict[str, Results]) -> str:
    cols = {name: _answer_rows(r) for name, r in results.items()}
    first = next(iter(cols.values()))
    rows = [[k, *(c[k] for c in cols.values())] for k in first]
    return (_table(["", *cols], rows, numeric=set(range(1, len(cols) + 1)))
            + '<p class="note">Means with 95% confidence intervals over replications.</p>')


def _differences(cmp: Comparison) -> str:
    kpis = ["target_by_deadline", "growth_at_deadline", "time_to_hire_mean", "cost_hiring"]
    d: pd.DataFrame = cmp.differences(kpis=kpis)
    rows = []
    for r in d.to_dict("records"):
        kpi = str(r["kpi"])
        sign = "+" if float(r["mean"]) > 0 else ""
        rows.append([r["strategy"], labels.kpi_label(kpi),
                     sign + labels.format_interval(kpi, r["mean"], r["ci_low"], r["ci_high"])])
    return (f"<p>Paired differences against {_e(cmp.names[0])} (common random numbers; 95% "
            "interval of the mean difference):</p>"
            + _table(["strategy", "measure", "difference"], rows, numeric={2}))


def _caveats(results: dict[str, Results]) -> str:
    first = next(iter(results.values()))
    items = [
        "The intervals reflect the randomness of the simulation only (the replications), not "
        "the uncertainty of the inputs: pass rates, durations, recruiting response and "
        "attrition are estimates. A sensitivity sweep (hiringsim sweep) shows how much they "
        "matter.",
        f"{first.replications:,} replications, root seed {first.seed}, {first.mode} mode, "
        f"hiringsim {first.meta.get('hiringsim_version', '')}; the same command with the "
        "same seed reproduces these numbers.",
    ]
    if len(results) > 1:
        items.append("All strategies ran with the same seed (common random numbers), so their "
                     "differences are sharper than the separate intervals suggest.")
    out = "<ul>" + "".join(f"<li>{_e(i)}</li>" for i in items)
    out += "</ul>"
    marked: list[str] = []
    for r in results.values():
        marked += [a for a in assumptions(r.scenario) if a not in marked]
    if marked:
        out += ("<p>Inputs marked ASSUMPTION in the scenario files (no published figure):</p>"
                + "<ul>" + "".join(f"<li>{_e(a)}</li>" for a in marked) + "</ul>")
    return out


def _charts(results: dict[str, Results], obj: Any) -> list[str]:
    from ..plots import plot_costs, plot_fan, plot_strategies, plot_time_to_target

    figs = []
    if len(results) == 1:
        res = next(iter(results.values()))
        if res.has_series:
            figs.append(_figure(lambda ax: plot_fan(res, ax=ax), (10, 5.5)))
    elif all(r.has_series for r in results.values()):
        figs.append(_figure(lambda ax: plot_strategies(obj, ax=ax), (10, 5.5)))
    figs.append(_figure(lambda ax: plot_time_to_target(obj, ax=ax)))
    figs.append(_figure(lambda ax: plot_costs(obj, ax=ax)))
    return figs


def render(obj: Results | Comparison, *, title: str | None = None,
           baseline: Scenario | None = None) -> str:
    """The report as an HTML string (see :func:`report`)."""
    from ..experiment import Comparison
    from ..results import Results

    if isinstance(obj, Comparison):
        results = dict(obj.results)
    elif isinstance(obj, Results):
        results = {obj.scenario.name: obj}
    else:
        raise TypeError(f"a report needs Results or a Comparison, got {type(obj).__name__}")
    names = list(results)
    first = results[names[0]].scenario
    title = title or (f"Hiring surge: {first.name}" if len(names) == 1
                      else f"Hiring surge: {', '.join(names)} compared")
    parts = [f"<h1>{_e(title)}</h1>", "<h2>The question</h2>", _question(first),
             "<h2>Inputs that differ</h2>"]
    if len(names) == 1:
        if baseline is None:
            from ..shipped import example

            baseline = example("baseline")
        if baseline.name == first.name and baseline == first:
            parts.append(f"<p>{_e(first.name)} is the shipped baseline: no input differs.</p>")
        else:
            parts.append(_diff_html(baseline, first, f"{baseline.name} (shipped)", first.name))
    else:
        for name in names[1:]:
            parts.append(_diff_html(first, results[name].scenario, names[0], name))
    parts += ["<h2>The answer</h2>", _answer(results)]
    if len(names) > 1:
        assert isinstance(obj, Comparison)
        parts.append(_differences(obj))
    parts += ["<h2>Charts</h2>", *_charts(results, obj), "<h2>Caveats</h2>",
              _caveats(results)]
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{_e(title)}</title><style>{_CSS}</style></head><body>\n"
            + "\n".join(parts) + "\n</body></html>\n")


def report(obj: Results | Comparison, path: str | Path, *, title: str | None = None,
           baseline: Scenario | None = None) -> Path:
    """Write one self-contained HTML report of results or a comparison; return its path.

    The report states the question (target, deadline), the inputs that differ (one scenario:
    from ``baseline``, by default the shipped baseline; a comparison: each strategy from the
    first), the answer with 95% intervals (P(target by the deadline), the dates 10/50/90% of
    replications reach it, growth at the deadline, costs), the charts (fan or strategies, time
    to target, costs) and the caveats (input uncertainty not included, inputs marked
    ASSUMPTION in the scenario files, replications and seed).  Figures are embedded.

    Examples
    --------
    >>> import hiringsim as hs
    >>> from hiringsim.export import report
    >>> res = hs.simulate(hs.example("baseline"), 4, seed=1, progress=False)
    >>> report(res, "report.html")  # doctest: +SKIP
    PosixPath('report.html')
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(obj, title=title, baseline=baseline), encoding="utf-8")
    return path
