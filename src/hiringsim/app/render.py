"""The explorer's chart as PNG bytes, redrawing only what a lever can change.

Matplotlib's ``print_figure`` (what a Matplotlib pane calls on every update) runs the figure's
layout engine, draws the whole figure once without rendering for the layout and again to
render it, then writes the PNG: about a quarter of a CPU second for the explorer's chart, most
of it laying out and rasterising text that does not change from one run to the next.

:class:`PngRenderer` draws one single-axes figure on an Agg canvas in two layers:

- the *static* layer (the figure's background, the title, the axis labels, the date labels of
  the x axis) is laid out and drawn once, when the renderer first draws the figure, and kept as
  pixels;
- each later render restores those pixels and draws the axes over them with the static texts
  hidden: the bands, the lines, the grid, the ticks, the y tick labels and the legend.

Nothing the static layer holds overlaps what is redrawn (the texts sit outside the axes), so
the image is the one a full draw of the same figure gives, pixel for pixel (a test checks).
The layout (the constrained layout the figure was built with) is computed at the first render
and then kept: when the y tick labels change width so that a full draw would move the y-axis
label, the figure is laid out and the static layer drawn again (:attr:`PngRenderer.layouts`
counts how often).
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.figure import Figure

__all__ = ["DPI", "PngRenderer"]

#: pixels per inch of the page's chart (9 x 5 inches: 864 x 480 pixels)
DPI = 96


class PngRenderer:
    """PNG bytes of ``figure`` (one Axes), static texts drawn once (see the module docstring)."""

    def __init__(self, figure: Figure, *, dpi: int = DPI) -> None:
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        self.figure = figure
        figure.set_dpi(dpi)
        self.canvas = FigureCanvasAgg(figure)
        (self.ax,) = figure.axes
        self._background: Any = None
        #: the layout engine the figure was built with, run again when the layout is redone
        self._engine = figure.get_layout_engine()
        self._static_texts: list[Any] = []
        self._placed: Any = None  # the y-axis label's position and the x range laid out for
        #: how many times the figure was laid out and its static layer drawn
        self.layouts = 0

    def _static(self) -> list[Any]:
        """The texts drawn once: the titles, the axis labels and the x tick labels."""
        ax: Any = self.ax  # the side titles and the ticks in view have no public getter
        texts = [ax.title, ax._left_title, ax._right_title, ax.xaxis.label, ax.yaxis.label]
        ticks = ax.xaxis._update_ticks()  # the ticks a draw draws: those in view
        return [t for t in texts if t.get_visible()] + [
            tick.label1 for tick in ticks if tick.label1.get_visible()]

    @contextmanager
    def _hidden(self, artists: list[Any]) -> Iterator[None]:
        for a in artists:
            a.set_visible(False)
        try:
            yield
        finally:
            for a in artists:
                a.set_visible(True)

    def _layout(self) -> None:
        """Lay the figure out (with the layout engine it was built with), then draw and keep
        the static layer."""
        fig, canvas = self.figure, self.canvas
        if self._engine is not None:
            fig.set_layout_engine(self._engine)
        canvas.draw()  # a full draw: lays out and places every tick and label
        if self._engine is not None:
            fig.set_layout_engine("none")  # keep the positions it found
        renderer = canvas.get_renderer()
        renderer.clear()
        fig.patch.draw(renderer)
        self._static_texts = self._static()
        for text in self._static_texts:
            text.draw(renderer)
        self._background = canvas.copy_from_bbox(fig.bbox)
        self._placed = self._where()
        self.layouts += 1

    def _where(self) -> tuple[Any, ...]:
        """What the static layer depends on that a run can change: where a full draw puts the
        y-axis label (left of the y tick labels) and the x range (the dates shown)."""
        return (self.ax.yaxis.label.get_position(), self.ax.get_xlim())

    def _dynamic(self) -> None:
        """The static layer's pixels with the axes drawn over them (the static texts hidden)."""
        renderer = self.canvas.get_renderer()
        self.canvas.restore_region(self._background)
        with self._hidden(self._static_texts):
            self.ax.draw(renderer)

    def png(self) -> bytes:
        """The figure as it is now, as PNG bytes."""
        if self._background is None:
            self._layout()
        self._dynamic()
        if self._where() != self._placed:
            # the y tick labels changed width (a full draw would move the y-axis label), or
            # the x range changed: lay out and draw the static layer again
            self._layout()
            self._dynamic()
        return encode(self.canvas.buffer_rgba())


def encode(rgba: Any) -> bytes:
    """PNG bytes of an RGBA pixel buffer (rows x columns x 4, bytes)."""
    import numpy as np
    from PIL import Image

    arr = np.asarray(rgba)
    out = io.BytesIO()
    # the fastest zlib level: half the time of the default for a file 5% larger
    Image.fromarray(arr).save(out, format="png", compress_level=1)
    return out.getvalue()
