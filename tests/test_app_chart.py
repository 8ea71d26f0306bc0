"""The explorer's chart as PNG: the texts that stay are drawn once, the rest on each run, and the
image is the one a full draw of the figure gives, pixel for pixel."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest

import hiringsim as hs
from hiringsim.app.chart import FanChart
from hiringsim.app.explorer import Explorer
from hiringsim.app.render import PngRenderer

ROOT = Path(__file__).resolve().parents[1]
SMALL = ROOT / "tests" / "scenarios" / "small.toml"


def _pixels(png: bytes) -> np.ndarray:
    from PIL import Image

    assert png[:4] == b"\x89PNG"
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def _full_draw(fig) -> np.ndarray:
    """The figure drawn whole, as it stands (every artist, in the usual order)."""
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).copy()


def test_each_run_redraws_only_the_axes_and_gives_the_image_of_a_full_draw():
    """Two runs of one scenario: one layout and one static layer, and each PNG equals a full
    draw of the updated figure."""
    sc = hs.load_scenario(SMALL)
    chart = FanChart()
    with pytest.raises(RuntimeError, match="draw"):
        chart.png()
    with Explorer(jobs=1) as ex:
        outcomes = [ex.run(sc, {"seats": s}, replications=2, seed=7) for s in (30, 5)]
    images = []
    for out in outcomes:
        fig = chart.draw(out)
        png = _pixels(chart.png())
        assert png.shape == (480, 864, 4)  # 9 x 5 inches at 96 dpi
        assert np.array_equal(png, _full_draw(fig))
        images.append(png)
    assert chart.built == 1 and chart._renderer.layouts == 1
    assert not np.array_equal(images[0], images[1])  # the runs differ, and so do the images


def test_wider_tick_labels_lay_the_figure_out_again():
    """When the y tick labels grow (hundreds to hundreds of thousands) the figure is laid out
    again, so the y-axis label moves left of them as a fresh figure would place it."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.0, 4.0), layout="constrained")
    ax = fig.subplots()
    (line,) = ax.plot([0, 1, 2], [0, 50, 100])
    ax.set_title("title")
    ax.set_xlabel("x")
    ax.set_ylabel("people")
    r = PngRenderer(fig)
    r.png()
    left = ax.get_position().x0
    line.set_ydata([0, 50_000, 100_000])
    ax.set_ylim(0, 100_000)
    png = _pixels(r.png())
    assert r.layouts == 2 and ax.get_position().x0 > left  # a wider margin for wider labels
    assert np.array_equal(png, _full_draw(fig))
    ylabel = ax.yaxis.label.get_window_extent(fig.canvas.get_renderer())
    ticks = [t.get_window_extent() for t in ax.get_yticklabels() if t.get_text()]
    assert ylabel.x0 >= 0 and ylabel.x1 <= min(b.x0 for b in ticks)
    line.set_ydata([0, 60_000, 90_000])  # the same labels: no new layout
    r.png()
    assert r.layouts == 2
