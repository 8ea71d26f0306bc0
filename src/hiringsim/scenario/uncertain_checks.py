"""The checks of uncertain inputs (:mod:`.uncertain`): where a dotted path leads
(:func:`field_at`, also used to draw), and every problem of a declaration at once: unknown
paths, parameters, values, and a support outside the field's bounds."""

from __future__ import annotations

import dataclasses
import math
import types
import typing
from typing import TYPE_CHECKING, Any, Union, get_args, get_origin, get_type_hints

from ..distributions import Distribution
from ..distributions.base import MAX_CV, MAX_DURATION_DAYS
from .uncertain import ALL_PARAMS, MAX_DISCRETE, MAX_PARAM, PARAMS, Uncertain

if TYPE_CHECKING:  # pragma: no cover
    from .core import Scenario

__all__ = ["field_at", "uncertain_problems"]


def _strip(tp: Any) -> Any:
    if get_origin(tp) in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        return args[0]
    return tp


def field_at(root: type, path: str) -> tuple[type, typing.Mapping[str, Any]]:
    """``(int or float, bounds metadata)`` of the numeric field at ``path`` in the dataclass
    ``root`` (the Scenario), or ``KeyError`` saying why the path names no numeric field.  A
    distribution's parameters (``duration.mean``) and a duration given as a number of days
    (``duration``) count as floats >= 0."""
    seg = path.split(".")
    if seg[0] not in ("roles", "resources") or len(seg) < 3:
        raise KeyError("give a numeric field under roles.<role> or resources.<resource>, e.g. "
                       "roles.officer.stages.interview.pass_rate")
    tp: Any = root
    meta: typing.Mapping[str, Any] = {}
    i = 0
    while i < len(seg):
        tp = _strip(tp)
        if tp is Distribution:
            if i != len(seg) - 1:
                raise KeyError(f"{'.'.join(seg[:i + 1])}: a distribution's parameter has no "
                               "fields")
            limit = MAX_CV if seg[i] == "cv" else MAX_DURATION_DAYS
            return float, {"ge": 0, "le": limit}
        if not (isinstance(tp, type) and dataclasses.is_dataclass(tp)):
            raise KeyError(f"{'.'.join(seg[:i])} is not a table: it has no field {seg[i]!r}")
        fields = {f.metadata.get("key", f.name): f for f in dataclasses.fields(tp)
                  if f.init and not f.metadata.get("internal")}
        f = fields.get(seg[i])
        if f is None:
            raise KeyError(f"no field {seg[i]!r} in {'.'.join(seg[:i]) or 'the scenario'}; "
                           f"fields: {', '.join(sorted(fields))}")
        meta = f.metadata
        tp = _strip(get_type_hints(tp)[f.name])
        if "named" in meta or (get_origin(tp) is tuple and dataclasses.is_dataclass(
                get_args(tp)[0])):
            tp = meta["named"] if "named" in meta else get_args(tp)[0]
            i += 1  # the entry's name (or index), checked against the scenario's raw data
            if i == len(seg) - 1:
                raise KeyError(f"{'.'.join(seg)}: give a field of the entry")
        i += 1
    tp = _strip(tp)
    if tp is Distribution:  # a duration given as a number of days
        return float, {"ge": 0, "le": MAX_DURATION_DAYS}
    if tp not in (int, float) or meta.get("counts"):
        raise KeyError(f"{path} is not a numeric field")
    return tp, meta


def _bounds_problem(meta: typing.Mapping[str, Any], lo: float, hi: float,
                    open_ends: tuple[bool, bool] = (False, False)) -> str | None:
    parts = []
    bad = False
    if "ge" in meta:
        parts.append(f">= {meta['ge']}")
        bad |= lo < meta["ge"]
    if "gt" in meta:
        parts.append(f"> {meta['gt']}")
        bad |= lo < meta["gt"] or (lo == meta["gt"] and not open_ends[0])
    if "le" in meta:
        parts.append(f"<= {meta['le']}")
        bad |= hi > meta["le"]
    if "lt" in meta:
        parts.append(f"< {meta['lt']}")
        bad |= hi > meta["lt"] or (hi == meta["lt"] and not open_ends[1])
    if not bad:
        return None
    return (f"the distribution's draws range over [{lo:g}, {hi:g}], outside the field's bounds "
            f"({' and '.join(parts)}); narrow or truncate it (e.g. truncnormal, or beta for a "
            "rate)")


# -- checks ----------------------------------------------------------------------------------
def uncertain_problems(sc: Scenario) -> list[tuple[str, str]]:
    """Every problem of ``sc.uncertain`` as ``(uncertain."<path>".<field>, message)``."""
    from .extends import child

    out: list[tuple[str, str]] = []
    raw = sc.to_dict()
    for u in sc.uncertain:
        here = f'uncertain."{u.name}"'
        before = len(out)
        out.extend(_param_problems(u, here))
        try:
            node: Any = raw
            for part in u.name.split("."):
                node = child(node, part, u.name)
            tp, meta = field_at(type(sc), u.name)
        except KeyError as exc:
            out.append((here, f"no such input: {exc.args[0]}"))
            continue
        if isinstance(node, bool) or not isinstance(node, int | float):
            out.append((here, f"not a number in this scenario (it holds {node!r:.60}); give "
                              "the path of a number, e.g. a duration's mean (duration.mean)"))
            continue
        if len(out) > before:
            continue
        lo, hi = u.support()
        if tp is int:
            lo, hi = float(round(lo)), float(round(hi)) if math.isfinite(hi) else hi
        why = _bounds_problem(meta, lo, hi, u.open_ends() if tp is float else (False, False))
        if why:
            out.append((f"{here}.dist", why))
    return out


def _param_problems(u: Uncertain, here: str) -> list[tuple[str, str]]:
    """Parameters the distribution does not take, lacks, or that are out of range."""
    if u.dist == "none":  # removed by from_dict before building; never reaches here
        return [(f"{here}.dist", "'none' removes an inherited input; nothing to remove here")]
    alts, optional = PARAMS[u.dist]
    given = set(u.given())
    takes = " or ".join("(" + ", ".join(a) + ")" for a in alts) + (
        f"; optional {', '.join(optional)}" if optional else "")
    out = [(f"{here}.{k}", f"{u.dist} does not take {k!r}; it takes {takes}")
           for k in ALL_PARAMS if k in given and not any(k in a for a in alts)
           and k not in optional]
    match = [a for a in alts if set(a) <= given]
    if not match:
        out.append((f"{here}.dist", f"{u.dist} needs {takes}; given: "
                                    f"{', '.join(sorted(given)) or 'none'}"))
        return out
    extra = given - set(match[0]) - set(optional)
    out += [(f"{here}.{k}", f"{u.dist} given by {', '.join(match[0])} does not also take "
                            f"{k!r}") for k in sorted(extra) if any(k in a for a in alts)]
    if out:
        return out
    return _value_problems(u, here)


def _value_problems(u: Uncertain, here: str) -> list[tuple[str, str]]:
    d, out = u.dist, []
    if d in ("uniform", "triangular", "truncnormal") and not u.low < u.high:  # type: ignore
        out.append((f"{here}.high", f"must be > low ({u.low:g}), got {u.high:g}"))
    if d == "triangular" and not u.low <= u.mode <= u.high:  # type: ignore[operator]
        out.append((f"{here}.mode", f"must lie in [low, high] = [{u.low:g}, {u.high:g}], got "
                                    f"{u.mode:g}"))
    if d == "truncnormal" and u.low < u.high:  # type: ignore[operator]
        from scipy import special

        mu, sd = float(u.mean), float(u.sd)  # type: ignore[arg-type]
        mass = special.ndtr((u.high - mu) / sd) - special.ndtr((u.low - mu) / sd)  # type: ignore
        if not mass > 1e-9:
            out.append((f"{here}.mean", f"[low, high] = [{u.low:g}, {u.high:g}] holds almost "
                                        f"none of the normal({mu:g}, {sd:g}); move the mean or "
                                        "widen the range"))
    if d == "beta" and u.mean is not None:
        m, s = float(u.mean), float(u.sd or 0.0)
        if not 0 < m < 1:
            out.append((f"{here}.mean", f"a beta's mean must be in (0, 1), got {m:g}"))
        elif not s**2 < m * (1 - m):
            out.append((f"{here}.sd", f"a beta with mean {m:g} needs sd < "
                                      f"{math.sqrt(m * (1 - m)):.4g}, got {s:g}"))
    if d == "discrete":
        vals, w = u.values or (), u.weights
        if not all(math.isfinite(x) and abs(x) <= MAX_PARAM for x in (*vals, *(w or ()))):
            out.append((f"{here}.values", f"values and weights must be finite numbers of at "
                                          f"most {MAX_PARAM:g} in magnitude"))
        if not 1 <= len(vals) <= MAX_DISCRETE:
            out.append((f"{here}.values", f"give 1 to {MAX_DISCRETE} values, got {len(vals)}"))
        if w is not None:
            if len(w) != len(vals):
                out.append((f"{here}.weights", f"give one weight per value ({len(vals)}), got "
                                               f"{len(w)}"))
            elif any(x < 0 for x in w) or not sum(w) > 0:
                out.append((f"{here}.weights", "weights must be >= 0 with a positive sum"))
    return out
