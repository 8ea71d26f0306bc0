"""HTML pieces: escaped text and real tables (numbers right-aligned, never wrapped)."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

__all__ = ["STYLE", "e", "frame_html", "table"]

#: inline styles (notebook front ends drop <style> blocks in some sanitized outputs)
STYLE = ("border-collapse:collapse;margin:.4em 0 .8em 0;font-size:0.92em")
_TH = "text-align:left;padding:.2em .6em;border-bottom:1px solid #999;vertical-align:bottom"
_TD = "text-align:left;padding:.2em .6em;vertical-align:top"
_NUM = "text-align:right;padding:.2em .6em;white-space:nowrap;vertical-align:top"


def e(x: Any) -> str:
    """``x`` as escaped HTML text."""
    return html.escape(str(x))


def table(header: Sequence[Any], rows: Iterable[Sequence[Any]], *,
          numeric: Iterable[int] = (), caption: str | None = None) -> str:
    """A <table> of escaped cells; columns ``numeric`` are right-aligned and never wrap."""
    num = set(numeric)
    out = [f'<table class="hiringsim" style="{STYLE}">']
    if caption:
        out.append(f'<caption style="text-align:left;font-weight:bold">{e(caption)}</caption>')
    out.append("<thead><tr>" + "".join(
        f'<th style="{_NUM if i in num else _TH}">{e(h)}</th>' for i, h in enumerate(header))
        + "</tr></thead><tbody>")
    for row in rows:
        out.append("<tr>" + "".join(
            f'<td style="{_NUM if i in num else _TD}">{e(c)}</td>' for i, c in enumerate(row))
            + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def frame_html(frame: pd.DataFrame, *, caption: str | None = None) -> str:
    """A frame of readable strings (its index as the first column) as a table; every column
    but the first is numeric-looking text, right-aligned."""
    index_name = frame.index.name or ""
    header = [index_name, *map(str, frame.columns)]
    rows = [[i, *r] for i, r in zip(frame.index, frame.itertuples(index=False), strict=True)]
    return table(header, rows, numeric=range(1, len(header)), caption=caption)
