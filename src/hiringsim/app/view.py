"""The app's page: pick or upload a scenario, move the levers, run, read, download.

One :class:`WhatIfApp` per browser session (``pn.serve`` calls :func:`page` for each).  The
simulations run in a worker thread; the page polls their progress, so it stays responsive and
shows a busy state and a progress bar meanwhile.
"""

from __future__ import annotations

import asyncio
import html
import io
import tempfile
import time
from pathlib import Path
from typing import Any

import panel as pn

from ..errors import InputError
from . import levers, whatif
from .chart import FanChart
from .explorer import Explorer

__all__ = ["WhatIfApp", "page"]

TABLE_CSS = ("<style>.hs-table{border-collapse:collapse;font-size:13px}"
             ".hs-table th,.hs-table td{padding:4px 10px;border-bottom:1px solid #ddd;"
             "text-align:right}.hs-table tbody th{text-align:left}</style>")

#: progress is polled this often while a run is under way (seconds)
POLL_SECONDS = 0.2


def shipped_scenarios() -> list[str]:
    """The shipped names that are scenarios (the baseline and the strategies)."""
    from ..shipped import examples

    return [n for n in examples() if "/" not in n or n.startswith("strategies/")]


class WhatIfApp:
    """The widgets of one session and what they do."""

    def __init__(self, *, scenario: Path | None = None, replications: int = 50,
                 seed: int = 2017, jobs: int | None = None) -> None:
        self.seed = seed
        #: the session's warm worker processes and cached unchanged runs (closed by close())
        self.explorer = Explorer(jobs=jobs)
        self.fan = FanChart()
        self.outcome: whatif.Outcome | None = None
        self.scenario: Any = None
        self._extra: dict[str, Path] = {}
        options = shipped_scenarios()
        if scenario is not None:
            label = f"file: {scenario.name}"
            self._extra[label] = scenario
            options = [label, *options]
        first = options[0] if scenario is not None else "baseline"
        self.choose = pn.widgets.Select(name="Shipped scenario", options=options, value=first,
                                        width=280)
        self.upload = pn.widgets.FileInput(accept=".toml", multiple=False, width=280)
        self.message = pn.pane.HTML("", width=300, visible=False)
        self.about = pn.pane.HTML("", width=300)
        self.inputs = {lv.key: pn.widgets.IntInput(name=lv.label, start=lv.low, end=lv.high,
                                                   step=lv.step, width=280)
                       for lv in levers.LEVERS}
        self.replications = pn.widgets.IntInput(name="Replications (each run)", value=replications,
                                                start=2, end=2000, step=10, width=280)
        self.run_button = pn.widgets.Button(name="Run", button_type="primary", width=280)
        self.reset_button = pn.widgets.Button(name="Reset levers", width=280)
        self.progress = pn.indicators.Progress(value=0, max=100, width=280, visible=False)
        self.status = pn.pane.HTML("", width=300)
        self.readout = pn.pane.HTML("<div id='hs-readout'>Press Run to simulate.</div>",
                                    sizing_mode="stretch_width")
        # PNG bytes drawn by the session's FanChart, which redraws only what a run changes
        # (a Matplotlib pane would lay out and draw the whole figure twice on every update)
        self.chart = pn.pane.PNG(None, width=860, height=480)
        self.table = pn.pane.HTML("", sizing_mode="stretch_width")
        self.download_xlsx = pn.widgets.FileDownload(
            callback=lambda: self._export("workbook", ".xlsx"), filename="hiringsim-whatif.xlsx",
            label="Download the workbook (.xlsx)", button_type="success", disabled=True,
            width=260)
        self.download_html = pn.widgets.FileDownload(
            callback=lambda: self._export("report", ".html"), filename="hiringsim-whatif.html",
            label="Download the report (.html)", button_type="success", disabled=True,
            width=260)
        self.choose.param.watch(lambda e: self._load_choice(), "value")
        self.upload.param.watch(lambda e: self._load_upload(), "value")
        self.run_button.on_click(self._run)
        self.reset_button.on_click(lambda e: self._show_levers())
        self._load_choice()

    # -- loading ---------------------------------------------------------------------------------
    def _error(self, text: str) -> None:
        self.message.object = (f"<div id='hs-error' style='color:#8b0000;white-space:pre-wrap;"
                               f"font-family:monospace;font-size:12px'>{html.escape(text)}</div>")
        self.message.visible = True

    def _set_scenario(self, scenario: Any) -> None:
        self.scenario = scenario
        self.message.visible = False
        t = scenario.target
        desc = html.escape(scenario.description.strip())
        self.about.object = (
            f"<b>{html.escape(scenario.name)}</b>: +{t.growth:,} {html.escape(t.role)}s "
            f"({html.escape(t.measure)}) by {t.deadline:%d %b %Y}; simulated "
            f"{scenario.start:%b %Y} to {scenario.end:%b %Y}."
            f"<div style='font-size:11px;color:#555'>{desc}</div>")
        self._show_levers()
        self.outcome = None
        self.download_xlsx.disabled = self.download_html.disabled = True

    def _show_levers(self) -> None:
        values = levers.current(self.scenario)
        for key, widget in self.inputs.items():
            widget.visible = key in values
            if key in values:
                widget.value = values[key]

    def _load_choice(self) -> None:
        from ..shipped import example

        name = self.choose.value
        try:
            if name in self._extra:
                from ..scenario import load_scenario

                self._set_scenario(load_scenario(self._extra[name]))
            else:
                self._set_scenario(example(name))
        except InputError as exc:
            self._error(str(exc))

    def _load_upload(self) -> None:
        if not self.upload.value:
            return
        try:
            self._set_scenario(whatif.load_upload(self.upload.value, self.upload.filename or ""))
        except InputError as exc:
            self._error(str(exc))

    # -- running ---------------------------------------------------------------------------------
    def _busy(self, busy: bool) -> None:
        self.run_button.disabled = busy
        self.run_button.name = "Running..." if busy else "Run"
        self.choose.disabled = self.upload.disabled = busy
        self.progress.visible = busy

    async def _run(self, _event: Any = None) -> None:
        if self.scenario is None:
            return
        boxes = [*(w for w in self.inputs.values() if w.visible), self.replications]
        empty = [w.name for w in boxes if w.value is None]
        if empty:
            self._error("Enter a number for: " + ", ".join(empty))
            return
        values = {k: int(w.value or 0) for k, w in self.inputs.items() if w.visible}
        reps = int(self.replications.value or 0)
        total = self.explorer.to_run(self.scenario, values, replications=reps, seed=self.seed)
        done = [0]

        def tick(n: int) -> None:
            done[0] += n

        t0 = time.perf_counter()
        self._busy(True)
        self.progress.max, self.progress.value = max(total, 1), 0
        self.status.object = f"Running {reps:,} replications of each plan..."
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(None, lambda: self._compute(values, reps, tick))
        try:
            while not future.done():
                await asyncio.wait({future}, timeout=POLL_SECONDS)
                self.progress.value = min(done[0], total)
                self.status.object = f"Running: {done[0]:,} of {total:,} replications done"
            outcome, png = future.result()
            self.message.visible = False
            self._show(outcome, png, time.perf_counter() - t0)
        except InputError as exc:
            self._error(str(exc))
            self.status.object = "Not run: fix the levers."
        finally:
            self._busy(False)

    def _compute(self, values: dict[str, int], reps: int,
                 tick: Any) -> tuple[whatif.Outcome, bytes]:
        """In a worker thread: the run and its chart (the page's event loop stays free)."""
        outcome = self.explorer.run(self.scenario, values, replications=reps, seed=self.seed,
                                    on_progress=tick)
        self.fan.draw(outcome)  # the same figure, updated, while the scenario stays
        return outcome, self.fan.png()

    def _show(self, outcome: whatif.Outcome, png: bytes, seconds: float) -> None:
        self.outcome = outcome
        self.chart.object = png
        table = outcome.table
        p_row, date_row = table.index[0], table.index[1]
        labels = {lv.key: lv.label for lv in levers.LEVERS}
        moved = "; ".join(f"{labels[k]} {a:,} -> {b:,}" for k, (a, b) in outcome.moved.items())
        grow_row = table.index[2]
        self.readout.object = (
            f"<div id='hs-readout' style='font-size:15px'>"
            f"<b>{html.escape(p_row)}</b>: {html.escape(table.loc[p_row, whatif.CHANGED])} "
            f"(unchanged: {html.escape(table.loc[p_row, whatif.UNCHANGED])}); "
            f"median date: <b>{html.escape(table.loc[date_row, whatif.CHANGED])}</b>; "
            f"{html.escape(grow_row[0].lower() + grow_row[1:])}: "
            f"<b>{html.escape(table.loc[grow_row, whatif.CHANGED])}</b> "
            f"(unchanged: {html.escape(table.loc[grow_row, whatif.UNCHANGED])})."
            f"<div style='font-size:12px;color:#555'>Levers moved: "
            f"{html.escape(moved) or 'none'}; {outcome.changed.replications:,} replications "
            f"each, seed {self.seed} (common random numbers).</div></div>")
        self.table.object = TABLE_CSS + table.to_html(classes="hs-table", border=0, escape=True)
        self.status.object = f"Done in {seconds:.1f} s."
        self.download_xlsx.disabled = self.download_html.disabled = False

    # -- downloads -------------------------------------------------------------------------------
    def _export(self, kind: str, suffix: str) -> io.BytesIO:
        """The workbook or the report of the last run, as bytes for the browser."""
        from .. import export

        if self.outcome is None:
            return io.BytesIO(b"")
        with tempfile.TemporaryDirectory(prefix="hiringsim-app-") as tmp:
            path = Path(tmp) / f"whatif{suffix}"
            if kind == "workbook":
                out = export.workbook(self.outcome.comparison, path)
            else:
                out = export.report(self.outcome.comparison, path,
                                    title=f"What if: {self.scenario.name}")
            return io.BytesIO(Path(out).read_bytes())

    def close(self) -> None:
        """Shut the session's worker processes down (the page is gone)."""
        self.explorer.close()

    # -- layout ----------------------------------------------------------------------------------
    def layout(self) -> pn.viewable.Viewable:
        lever_box = pn.Column(*self.inputs.values(), self.replications)
        side = pn.Column(
            pn.pane.HTML("<h2 style='margin:0'>hiringsim: what if?</h2>"),
            self.choose, pn.pane.HTML("<small>or upload a scenario (.toml)</small>"), self.upload,
            self.message, self.about, pn.pane.HTML("<b>Levers</b> (at the start; later "
                                                   "scheduled changes move alike)"),
            lever_box, self.run_button, self.reset_button, self.progress, self.status,
            width=320)
        main = pn.Column(self.readout, self.chart, self.table,
                         pn.Row(self.download_xlsx, self.download_html), width=900)
        return pn.Row(side, main)


def page(*, scenario: Path | None = None, replications: int = 50,
         seed: int = 2017, jobs: int | None = None) -> pn.viewable.Viewable:
    """A fresh page for one browser session.  Its worker processes start when the page has
    loaded in the browser (warm by the first Run; a request that never opens the page starts
    none) and are shut down when the session ends."""
    app = WhatIfApp(scenario=scenario, replications=replications, seed=seed, jobs=jobs)
    if pn.state.curdoc is not None:  # served
        pn.state.onload(app.explorer.warm)
        pn.state.on_session_destroyed(lambda _context: app.close())
    return app.layout()
