"""What differs between two scenarios: a table of dotted paths, human labels and both values."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..labels import input_label

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .core import Scenario

__all__ = ["diff", "flatten", "inputs"]


def flatten(raw: Any, prefix: str = "") -> dict[str, Any]:
    """Dotted path -> value of a scenario's raw data (``Scenario.to_dict()``).

    Tables nest by key; arrays of named tables (stages) by name, other arrays of tables by
    index (``recruiting.0``), as ``Scenario.with_values`` addresses them; arrays of plain
    values (class dates) stay whole.
    """
    out: dict[str, Any] = {}
    if isinstance(raw, dict):
        for key, value in raw.items():
            out.update(flatten(value, f"{prefix}{key}."))
    elif isinstance(raw, list | tuple) and raw and all(isinstance(x, dict) for x in raw):
        named = all("name" in x for x in raw)
        for i, item in enumerate(raw):
            key = item["name"] if named else str(i)
            rest = {k: v for k, v in item.items() if k != "name"} if named else item
            out.update(flatten(rest, f"{prefix}{key}."))
    elif isinstance(raw, list | tuple):
        if raw:  # an empty array is no input (a diff shows the items the other has)
            out[prefix[:-1]] = tuple(raw)
    else:
        out[prefix[:-1]] = raw
    return out


def diff(a: Scenario, b: Scenario, *, names: bool = False) -> pd.DataFrame:
    """The inputs that differ between scenarios ``a`` and ``b``.

    Columns ``path`` (dotted, as ``with_values`` takes it), ``label`` (from
    :mod:`hiringsim.labels`), ``a`` and ``b`` (the raw values; None where one scenario has no
    such input, e.g. a recruiting period only one has).  Rows follow ``a``'s order, then paths
    only ``b`` has.  ``names=False`` leaves out the scenario's name and description.

    Examples
    --------
    >>> import hiringsim as hs
    >>> base = hs.example("baseline")
    >>> d = base.diff(base.with_values({"roles.officer.academy.seats": 100}))
    >>> d[["label", "a", "b"]].values.tolist()
    [['officer academy: seats per class', 60, 100]]
    """
    import pandas as pd

    fa, fb = flatten(a.to_dict()), flatten(b.to_dict())
    skip = set() if names else {"name", "description"}
    rows = []
    for path in [*fa, *(p for p in fb if p not in fa)]:
        if path in skip:
            continue
        va, vb = fa.get(path), fb.get(path)
        if va != vb:
            rows.append({"path": path, "label": input_label(path), "a": va, "b": vb})
    return pd.DataFrame(rows, columns=["path", "label", "a", "b"])


def inputs(scenario: Scenario) -> pd.DataFrame:
    """Every input of ``scenario``: ``path`` (dotted), ``label`` and ``value`` (raw), in the
    file's order (name and description left out).

    Examples
    --------
    >>> import hiringsim as hs
    >>> t = hs.example("baseline").inputs().set_index("path")
    >>> t.loc["roles.officer.academy.seats", "label"]
    'officer academy: seats per class'
    """
    import pandas as pd

    rows = [{"path": p, "label": input_label(p), "value": v}
            for p, v in flatten(scenario.to_dict()).items() if p not in ("name", "description")]
    return pd.DataFrame(rows, columns=["path", "label", "value"])
