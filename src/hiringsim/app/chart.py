"""The explorer's chart, drawn once per scenario and then updated in place.

The first run draws the fan chart of the changed plan with :func:`hiringsim.plots.plot_fan`
(the library's look) and the unchanged plan's median dashed.  Each later run of the same
scenario moves the artists' data (the bands, the medians, the target's share in the legend, the
y-range) instead of building a new figure; a new scenario draws a new figure.
:meth:`FanChart.png` gives the PNG the page shows, drawing the texts that stay (title, axis labels,
dates) once per figure and the axes on each run (:mod:`hiringsim.app.render`).  The legend sits in
the upper left, where growth curves leave room: placing it "best" searches the data and costs
more than the rest of the drawing.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

    from .whatif import Outcome

__all__ = ["FanChart"]

QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
LEGEND = {"loc": "upper left", "fontsize": "small", "framealpha": 0.95}


class FanChart:
    """One figure for a session's runs: :meth:`draw` builds it or updates it."""

    def __init__(self) -> None:
        self.figure: Figure | None = None
        #: how many figures were built (one per scenario when updates work)
        self.built = 0
        self._scenario: Any = None
        self._unchanged: Any = None
        self._ax: Any = None
        self._bands: list[Any] = []
        self._median: Any = None
        self._base_median: Any = None
        self._target: Any = None
        self._handles: list[Any] = []
        self._renderer: Any = None

    def draw(self, outcome: Outcome) -> Figure:
        """The chart of ``outcome``: the same figure, updated, when its scenario is the last
        one's; else a new one."""
        if self.figure is None or outcome.unchanged.scenario is not self._scenario:
            return self._build(outcome)
        self._update(outcome)
        return self.figure

    def png(self) -> bytes:
        """The last drawn chart as PNG bytes, as the page shows it: the texts that stay from run
        to run (title, axis labels, dates) are drawn once per figure, the rest on each call
        (:class:`hiringsim.app.render.PngRenderer`)."""
        if self._renderer is None:
            raise RuntimeError("nothing drawn yet: call draw(outcome) first")
        return bytes(self._renderer.png())

    # -- building --------------------------------------------------------------------------------
    def _build(self, outcome: Outcome) -> Figure:
        from matplotlib.figure import Figure

        from ..plots import plot_fan
        from .render import PngRenderer
        from .whatif import CHANGED, UNCHANGED

        fig = Figure(figsize=(9.0, 5.0), layout="constrained")
        ax = fig.subplots()
        plot_fan(outcome.changed, ax=ax)
        sc = outcome.unchanged.scenario
        self._bands = list(ax.collections[:2])
        self._median = ax.lines[0]
        self._target = next((ln for ln in ax.lines[1:]
                             if str(ln.get_label()).startswith("target")), None)
        (self._base_median,) = ax.plot(*self._base_xy(outcome), color="0.35", lw=1.5, ls="--",
                                       label=f"median, {UNCHANGED}")
        self._handles = [h for h in ax.get_legend_handles_labels()[0]]
        ax.legend(**LEGEND)
        ax.set_title(f"{sc.name}: {CHANGED} (fan) against {UNCHANGED} (dashed)")
        self.figure, self._ax, self._scenario = fig, ax, sc
        self._unchanged = outcome.unchanged
        self._renderer = PngRenderer(fig)
        self.built += 1
        return fig

    @staticmethod
    def _base_xy(outcome: Outcome) -> tuple[Any, Any]:
        sc = outcome.unchanged.scenario
        b = outcome.unchanged.bands(sc.target.role, measure=sc.target.measure,
                                    quantiles=(0.5,))
        return b.index.to_numpy(), b[0.5].to_numpy()

    # -- updating --------------------------------------------------------------------------------
    def _update(self, outcome: Outcome) -> None:
        import numpy as np

        ax = self._ax
        res = outcome.changed
        sc = res.scenario
        b = res.bands(sc.target.role, measure=sc.target.measure, quantiles=QUANTILES)
        x = b.index.to_numpy()
        new_bands = []
        for old, (lo, hi) in zip(self._bands, ((0.05, 0.95), (0.25, 0.75)), strict=True):
            style = {"color": old.get_facecolor()[0], "lw": 0, "label": old.get_label(),
                     "zorder": old.get_zorder()}
            old.remove()
            new_bands.append(ax.fill_between(x, b[lo], b[hi], **style))
        self._handles = [new_bands[self._bands.index(h)] if h in self._bands else h
                         for h in self._handles]
        self._bands = new_bands
        self._median.set_ydata(b[0.5].to_numpy())
        self._median.set_label(f"median of {res.replications:,} replications")
        if outcome.unchanged is not self._unchanged:
            self._base_median.set_data(*self._base_xy(outcome))
            self._unchanged = outcome.unchanged
        want = sc.target_growth(sc.target.role)
        if self._target is not None:
            met = float(res.kpis["target_by_deadline"].mean())
            self._target.set_label(f"target: +{want:,.0f} (met by the deadline in {met:.0%} "
                                   "of replications)")
        # the y-range the first drawing had: the data with 5% margins, then room above the target
        data = [b[0.05].to_numpy(), b[0.95].to_numpy(), self._base_median.get_ydata()]
        lo = float(min(np.nanmin(d) for d in data))
        hi = float(max(np.nanmax(d) for d in data))
        if math.isfinite(want):
            lo, hi = min(lo, want), max(hi, want)
        pad = 0.05 * (hi - lo) if hi > lo else 1.0
        lo, hi = lo - pad, hi + pad
        top = max(hi, want) if math.isfinite(want) else hi
        ax.set_ylim(lo, top + 0.08 * (top - lo))
        ax.legend(handles=self._handles, **LEGEND)
