"""A small declarative builder: raw TOML tables -> frozen dataclasses, with dotted-path errors.

Each dataclass field may carry metadata:

- ``key``: the TOML key when it differs from the attribute (``from`` is a Python keyword);
- ``ge`` / ``gt`` / ``le`` / ``lt``: numeric bounds; ``choices``: allowed strings (a field typed
  ``Literal["a", "b"]`` takes its choices from the type);
- ``doc``: one line, used in error messages and the exported JSON Schema;
- ``named``: for a mapping of tables keyed by name (``roles.officer``), the element type;
- ``keep_int``: a float field that keeps whole numbers given as integers (``every_days = 7``
  stays 7, ``3.5`` is a float);
- ``counts``: for a table of whole numbers keyed by name (``{exam = 800}``), held as a tuple of
  ``(name, count)`` pairs in the file's order; the bounds apply to each count;
- ``internal``: not read from files (e.g. a scenario's ``source``).

Problems are collected as ``(dotted path, message)`` pairs so that one error reports them all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import math
import types
import typing
from collections.abc import Iterable
from typing import Any, Literal, Union, get_args, get_origin, get_type_hints

from .distributions import Distribution, distribution_from_spec, spec_json_schema

__all__ = ["Problems", "build", "json_schema", "to_raw", "unknown_key"]

Problems = list[tuple[str, str]]

#: the longest text a field takes unless its metadata says ``max_len`` (names are labels)
MAX_TEXT = 10_000
_MISSING = dataclasses.MISSING


def _key(f: dataclasses.Field) -> str:
    return f.metadata.get("key", f.name)


def _join(path: str, key: str | int) -> str:
    return f"{path}.{key}" if path else str(key)


def _describe(value: Any) -> str:
    if isinstance(value, int) and value.bit_length() > 200:
        return f"an integer of {len(str(abs(value)))} digits"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    """The resolved field types of ``cls`` (once per class: resolving them is most of the cost
    of building a scenario, and a sweep builds thousands of variants)."""
    return get_type_hints(cls)


@functools.cache
def _fields(cls: type) -> tuple[tuple[dataclasses.Field, ...], frozenset[str]]:
    """The fields a file gives (init, not internal) and their keys, once per class."""
    fields = tuple(f for f in dataclasses.fields(cls) if f.init and not f.metadata.get("internal"))
    return fields, frozenset(_key(f) for f in fields)


def unknown_key(key: Any, keys: Iterable[str]) -> str:
    """The problem of an unknown key: the closest valid key when one is near (a misspelling:
    'graduaton_rate' -> did you mean 'graduation_rate'?), then every valid key here."""
    import difflib

    valid = sorted(keys)
    near = difflib.get_close_matches(str(key), valid, n=1, cutoff=0.8)
    hint = f"did you mean {near[0]!r}? " if near else ""
    return f"unknown key; {hint}valid keys here: {', '.join(valid)}"


def build(cls: type, raw: Any, path: str, problems: Problems) -> Any:
    """Build dataclass ``cls`` from ``raw``; return None (and record problems) when invalid."""
    if not isinstance(raw, dict):
        problems.append((path or "(top level)", f"expected a table, got {_describe(raw)}"))
        return None
    fields, keys = _fields(cls)
    for k in raw:
        if k not in keys:
            problems.append((_join(path, k), unknown_key(k, keys)))
    hints = _hints(cls)
    kwargs: dict[str, Any] = {}
    ok = True
    for f in fields:
        k = _key(f)
        fpath = _join(path, k)
        if k not in raw:
            if f.default is _MISSING and f.default_factory is _MISSING:
                doc = f.metadata.get("doc")
                problems.append((fpath, "required" + (f" ({doc})" if doc else "")))
                ok = False
            continue
        before = len(problems)
        value = _convert(hints[f.name], f, raw[k], fpath, problems)
        if len(problems) > before:
            ok = False
            continue
        kwargs[f.name] = value
    if not ok:
        return None
    try:
        return cls(**kwargs)
    except (TypeError, ValueError) as exc:  # dataclass post-init checks
        problems.append((path or "(top level)", str(exc)))
        return None


def _convert(
    tp: Any, f: dataclasses.Field | None, value: Any, path: str, problems: Problems
) -> Any:
    meta = f.metadata if f is not None else {}
    if tp is Any:  # a TOML scalar, checked by the owner's cross checks
        return value
    origin = get_origin(tp)
    if origin is dict:  # a table of dotted paths -> values, checked by the owner's checks
        if not isinstance(value, dict):
            problems.append((path, f"expected a table, got {_describe(value)}"))
            return None
        return {str(k): v for k, v in value.items()}
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if value is None:
            return None
        return _convert(args[0], f, value, path, problems)
    if meta.get("counts"):
        return _counts(value, meta, path, problems)
    if "named" in meta:
        elem = meta["named"]
        if not isinstance(value, dict):
            problems.append((path, f"expected a table of named entries, got {_describe(value)}"))
            return None
        out = []
        for name, sub in value.items():
            if isinstance(sub, dict):
                if "name" in sub:
                    valid = sorted(_key(f) for f in dataclasses.fields(elem)
                                   if f.init and f.name != "name")
                    problems.append((_join(_join(path, name), "name"),
                                     f"unknown key (the table's key {name!r} is its name; rename "
                                     f"the table instead); valid keys here: {', '.join(valid)}"))
                    continue
                sub = {**sub, "name": name}
            # a key holding dots (an uncertain input's path) is quoted, as in the file
            item = build(elem, sub, _join(path, f'"{name}"' if "." in str(name) else name),
                         problems)
            out.append(item)
        return tuple(out)
    if origin is tuple:
        (elem, _ellipsis) = get_args(tp)
        if not isinstance(value, list | tuple):
            problems.append((path, f"expected a list, got {_describe(value)}"))
            return None
        out = []
        sub = f if elem in (int, float) else None  # numbers: the field's bounds, each item
        for i, item in enumerate(value):
            label = item["name"] if isinstance(item, dict) and "name" in item else i
            out.append(_convert(elem, sub, item, _join(path, label), problems))
        return tuple(out)
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        return build(tp, value, path, problems)
    if tp is Distribution:
        try:
            return distribution_from_spec(value)
        except ValueError as exc:
            problems.append((path, str(exc)))
            return None
    if tp is bool:
        if not isinstance(value, bool):
            problems.append((path, f"expected true or false, got {_describe(value)}"))
        return value
    if tp is str or origin is Literal:
        if not isinstance(value, str):
            problems.append((path, f"expected a string, got {_describe(value)}"))
            return None
        choices = _choices(tp, meta)
        if choices and value not in choices:
            problems.append((path, f"must be one of {', '.join(choices)}; got {value!r}"[:300]))
        limit = meta.get("max_len", MAX_TEXT)
        if len(value) > limit:
            problems.append((path, f"at most {limit:,} characters, got {len(value):,}"))
        return value
    if tp is dt.date:
        if isinstance(value, dt.datetime):
            problems.append((path, f"expected a date (YYYY-MM-DD), got a date-time {value}"))
            return None
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        problems.append((path, f"expected a date like 2017-03-01, got {_describe(value)}"))
        return None
    if tp in (int, float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            kind = "a whole number" if tp is int else "a number"
            problems.append((path, f"expected {kind}, got {_describe(value)}"))
            return None
        if tp is int and isinstance(value, float):
            if not value.is_integer():
                problems.append((path, f"expected a whole number, got {value!r}"))
                return None
            value = int(value)
        if tp is float and not (meta.get("keep_int") and isinstance(value, int)):
            try:
                value = float(value)
            except OverflowError:  # an integer literal beyond any float
                problems.append((path, f"expected a finite number, got {_describe(value)}"))
                return None
            if not math.isfinite(value):
                problems.append((path, f"expected a finite number, got {value!r}"))
                return None
        _bounds(meta, value, path, problems)
        return value
    raise TypeError(f"schema: unsupported type {tp!r} at {path}")  # pragma: no cover


def _counts(value: Any, meta: typing.Mapping[str, Any], path: str, problems: Problems
            ) -> tuple[tuple[str, int], ...] | None:
    """A table of whole numbers keyed by name, as ``(name, count)`` pairs in the file's order."""
    if not isinstance(value, dict):
        problems.append((path, f"expected a table of whole numbers by name, e.g. {{exam = 800}}, "
                               f"got {_describe(value)}"))
        return None
    out = []
    for name, count in value.items():
        sub = _convert(meta["counts"] if meta["counts"] is float else int, None, count,
                       _join(path, name), problems)
        if sub is not None:
            _bounds(meta, sub, _join(path, name), problems)
            out.append((str(name), sub))
    return tuple(out)


def _choices(tp: Any, meta: typing.Mapping[str, Any]) -> tuple[str, ...] | None:
    """The allowed strings of a field: its ``choices`` metadata or its ``Literal`` values."""
    if meta.get("choices"):
        return tuple(meta["choices"])
    if get_origin(tp) is Literal:
        return get_args(tp)
    return None


def _bounds(meta: typing.Mapping[str, Any], value: float, path: str, problems: Problems) -> None:
    checks = [
        ("ge", lambda v, b: v >= b, ">="),
        ("gt", lambda v, b: v > b, ">"),
        ("le", lambda v, b: v <= b, "<="),
        ("lt", lambda v, b: v < b, "<"),
    ]
    parts = [f"{sym} {meta[k]}" for k, _, sym in checks if k in meta]
    for k, test, _sym in checks:
        if k in meta and not test(value, meta[k]):
            problems.append((path, f"must be {' and '.join(parts)}, got {_describe(value)}"))
            return


def to_raw(obj: Any) -> Any:
    """Turn a built value back into raw TOML-like data (round-trips through ``build``)."""
    if isinstance(obj, Distribution):
        return obj.to_spec()
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(obj):
            if not f.init or f.metadata.get("internal"):
                continue
            value = getattr(obj, f.name)
            if value is None:
                continue
            if f.metadata.get("counts"):
                out[_key(f)] = dict(value)
            elif "named" in f.metadata:
                out[_key(f)] = {
                    item.name: {k: v for k, v in to_raw(item).items() if k != "name"}
                    for item in value
                }
            else:
                out[_key(f)] = to_raw(value)
        return out
    if isinstance(obj, tuple | list):
        return [to_raw(v) for v in obj]
    if isinstance(obj, dict):
        return {k: to_raw(v) for k, v in obj.items()}
    return obj


def json_schema(cls: type) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) describing the TOML format of ``cls``, for editors."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **_schema_of(cls, None)}


def _schema_of(tp: Any, f: dataclasses.Field | None) -> dict[str, Any]:
    meta = f.metadata if f is not None else {}
    origin = get_origin(tp)
    out: dict[str, Any]
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        return _schema_of(args[0], f)
    if meta.get("counts"):
        kind = "number" if meta["counts"] is float else "integer"
        count = {"type": kind, **{js: meta[k] for k, js in (("ge", "minimum"),
                                                            ("le", "maximum")) if k in meta}}
        return {"type": "object", "additionalProperties": count, "description": meta["doc"]}
    if "named" in meta:
        inner = _schema_of(meta["named"], None)
        props = {k: v for k, v in inner["properties"].items() if k != "name"}
        inner = {**inner, "properties": props}
        inner["required"] = [r for r in inner.get("required", []) if r != "name"]
        out = {"type": "object", "additionalProperties": inner}
    elif origin is tuple:
        elem = get_args(tp)[0]
        if elem in (int, float):  # a list of numbers: the field's bounds are each item's
            items = {k: v for k, v in _schema_of(elem, f).items() if k != "description"}
            return {"type": "array", "items": items, "description": meta["doc"]}
        out = {"type": "array", "items": _schema_of(elem, None)}
    elif origin is dict:
        out = {"type": "object", "additionalProperties": {
            "type": ["number", "string", "boolean", "object", "array"]}}
    elif isinstance(tp, type) and dataclasses.is_dataclass(tp):
        props, required = {}, []
        hints = _hints(tp)
        for sub in dataclasses.fields(tp):
            if not sub.init or sub.metadata.get("internal"):
                continue
            props[_key(sub)] = _schema_of(hints[sub.name], sub)
            if sub.default is _MISSING and sub.default_factory is _MISSING:
                required.append(_key(sub))
        out = {"type": "object", "properties": props, "additionalProperties": False}
        if required:
            out["required"] = required
        if tp.__doc__:
            out["description"] = tp.__doc__.strip().splitlines()[0]
    elif tp is Distribution:
        out = spec_json_schema()
    elif tp is Any:  # a TOML scalar
        out = {"type": ["number", "string", "boolean"]}
    elif tp is bool:
        out = {"type": "boolean"}
    elif tp is str or origin is Literal:
        out = {"type": "string", "maxLength": meta.get("max_len", MAX_TEXT)}
        choices = _choices(tp, meta)
        if choices:
            out["enum"] = list(choices)
    elif tp is dt.date:
        out = {"type": "string", "format": "date"}
    elif tp is int:
        out = {"type": "integer"}
    elif tp is float:
        out = {"type": "number"}
    else:  # pragma: no cover
        raise TypeError(tp)
    for k, js in (("ge", "minimum"), ("gt", "exclusiveMinimum"), ("le", "maximum"),
                  ("lt", "exclusiveMaximum")):
        if k in meta:
            out[js] = meta[k]
    if meta.get("doc"):
        out["description"] = meta["doc"]
    return out
