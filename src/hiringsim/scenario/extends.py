"""Reading a scenario file: ``extends`` chains, merging, and ``[set]`` overrides by dotted path."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from ..files import read_toml
from .errors import ScenarioError

__all__ = ["apply_sets", "assign", "child", "merge", "read_with_extends"]


def read_with_extends(path: Path, seen: tuple[Path, ...]) -> dict[str, Any]:
    where = f" (extended by {seen[-1]})" if seen else ""
    raw = read_toml(path, error=ScenarioError, context=where)  # only regular files are read
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError) as exc:  # pragma: no cover - read_toml refused it already
        raise ScenarioError([("(file)", f"cannot be resolved: {exc}{where}")], str(path)) from None
    if resolved in seen:
        chain = " -> ".join(str(p) for p in (*seen, resolved))
        raise ScenarioError([("extends", f"circular extends: {chain}")], str(path))
    parent = raw.get("extends")
    if parent is None:
        return raw
    if not isinstance(parent, str) or parent.strip() in ("", "."):
        raise ScenarioError([("extends", f"expected the path of a scenario file, got "
                                         f"{parent!r}")], str(path))
    base = read_with_extends(path.parent / parent, (*seen, resolved))
    # parent tables < parent [set] < child tables < child [set]: the parent is complete (its
    # overrides applied) before the child changes it
    base_sets = base.pop("set", None)
    if base_sets is not None and not isinstance(base_sets, dict):
        raise ScenarioError([("set", f"expected a table of dotted paths{where}")],
                            str(path.parent / parent))
    # paths that do not exist in the parent stay, to be reported with the child's problems
    unapplied = apply_sets(base, base_sets or {}, [])
    merged = merge(base, {k: v for k, v in raw.items() if k not in ("extends", "set")})
    own = raw.get("set")
    sets = {**unapplied, **own} if isinstance(own, dict) else own if own is not None else unapplied
    if sets or (sets is not None and not isinstance(sets, dict)):
        merged["set"] = sets
    return merged


def apply_sets(raw: dict[str, Any], sets: dict[str, Any], problems: list[tuple[str, str]],
               *, prefix: str = "set.") -> dict[str, Any]:
    """Apply ``{dotted path: value}`` to ``raw``; return those whose path does not exist (each
    also recorded in ``problems`` as ``(prefix + path, message)``)."""
    failed = {}
    for path, value in sets.items():
        try:
            assign(raw, str(path), value)
        except KeyError as exc:
            failed[path] = value
            problems.append((f"{prefix}{path}", exc.args[0]))
    return failed


def merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """Tables merge key by key; any other value (arrays included) replaces the base's."""
    out = dict(base)
    for k, v in over.items():
        if isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = merge(out[k], v)
        else:
            out[k] = v
    return out


def child(node: Any, part: str, path: str) -> Any:
    if isinstance(node, dict):
        if part not in node:
            present = ", ".join(sorted(node)) or "(none)"
            raise KeyError(f"no field {part!r}; present here: {present}")
        return node[part]
    if isinstance(node, list):
        for item in node:
            if isinstance(item, dict) and item.get("name") == part:
                return item
        if part.isdigit() and int(part) < len(node):
            return node[int(part)]
        names = [str(i.get("name")) for i in node if isinstance(i, dict) and "name" in i]
        raise KeyError(f"no entry {part!r}; entries: {', '.join(names) or len(node)}")
    raise KeyError(f"{path}: cannot descend into {node!r}")


def assign(raw: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    node: Any = raw
    for part in parts[:-1]:
        if isinstance(node, dict) and part not in node:
            node[part] = {}  # let validation report unknown tables with valid keys
        node = child(node, part, path)
    last = parts[-1]
    if isinstance(node, dict):
        node[last] = copy.deepcopy(value)
    elif isinstance(node, list):
        for i, item in enumerate(node):
            if isinstance(item, dict) and item.get("name") == last:
                node[i] = copy.deepcopy(value)
                return
        if last.isdigit() and int(last) < len(node):
            node[int(last)] = copy.deepcopy(value)
            return
        raise KeyError(f"no entry {last!r} in the list at {'.'.join(parts[:-1])}")
    else:
        raise KeyError(f"cannot set a field inside {node!r}")
