"""``hiringsim app``: the what-if explorer as a local web app for planners who do not write code.

Load a shipped or uploaded scenario, move the main levers (academy seats and class spacing,
background investigators, recruiting), press Run, read the answer against the unchanged plan
(same seed: common random numbers), download the workbook and the report.

Why Panel (and not Voila or Solara): Panel is pure Python and serves the page from a Python call
(``pn.serve``), so one command starts it with no notebook and no Jupyter server behind it, unlike
Voila, which renders a notebook through a kernel.  It has the widgets the app needs out of the box
(``FileInput`` for uploads, ``FileDownload`` for the workbook and report, ``Progress`` for the
busy state) and image panes that show the charts the library already draws (the fan chart is
drawn to PNG by :mod:`.render`, which redraws only what a run changes).  Solara (React-style,
also pure Python) was the alternative; Panel's widgets and its long record on HoloViz decided.

This package is the application layer, like ``hiringsim.cli``: the library never imports it (an
import-linter contract says so), and ``import hiringsim`` never imports Panel.  The page lives in
:mod:`hiringsim.app.view`; the levers (:mod:`.levers`) and the what-if run (:mod:`.whatif`) are
plain Python, tested without a browser.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["serve"]


def serve(*, scenario: str | Path | None = None, port: int = 5006, show: bool = True,
          replications: int = 50, seed: int = 2017, address: str = "localhost") -> None:
    """Serve the app on ``address:port`` until interrupted .

    Parameters
    ----------
    scenario : a scenario file offered first (besides the shipped ones).
    port, address : where to listen.
    show : open the page in the default browser.
    replications : the replications box's starting value.
    seed : the root seed of every run (both plans use it: common random numbers).

    Examples
    --------
    >>> from hiringsim.app import serve
    >>> serve(port=5006, show=False)  # doctest: +SKIP
    """
    import panel as pn

    from .view import page

    path = Path(scenario).resolve() if scenario is not None else None

    def session() -> pn.viewable.Viewable:  # a function: pn.serve calls it for each session
        return page(scenario=path, replications=replications, seed=seed)

    origins = [f"{host}:{port}" for host in dict.fromkeys([address, "localhost", "127.0.0.1"])]
    pn.serve({"/": session},
             port=port, address=address, show=show, title="hiringsim: what if?",
             websocket_origin=origins, start=True, threaded=False)
