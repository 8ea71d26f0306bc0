"""Reading a scenario file: ``extends`` chains, merging, and ``[set]`` overrides by dotted path.

Merging a variant into its base: tables merge key by key; arrays of named tables (every item
has a ``name``, e.g. ``stages``) merge item by item by name -- a variant that gives one
``[[roles.officer.stages]]`` table with ``name = "background"`` changes that stage only, and an
item with a new name is added after the base's items; any other array replaces the base's.  To
replace a named array as a whole (to drop or reorder items), the table holding it says so:
``replace = ["stages"]``; a table named there replaces the base's table whole too (e.g.
``replace = ["academy"]`` in ``[roles.officer]`` to drop the base academy's calendar for a
shared academy).  What a variant dropped or added is recorded as notes on the scenario
(``Scenario.notes``), which ``hiringsim validate`` and ``run`` print.

A file may take its uncertain inputs from a fragment: ``uncertain_inputs = "FILE"`` (relative
to the file) names a file holding only ``[uncertain."<path>"]`` tables -- what
``hiringsim calibrate --fragment`` writes -- so one set of input distributions serves every
strategy.  The file's own ``[uncertain."<path>"]`` tables merge into the fragment's key by key
(``a = 9`` changes that parameter only; ``dist = "none"`` removes the input); then ``extends``
merges as above.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from ..files import read_toml
from .errors import ScenarioError

__all__ = ["INPUTS", "REPLACE", "apply_sets", "assign", "child", "merge", "read_with_extends"]

#: the key of a table in a variant that lists the named arrays it replaces as a whole
REPLACE = "replace"

#: the key naming a fragment of uncertain inputs (a file of ``[uncertain."<path>"]`` tables)
INPUTS = "uncertain_inputs"


def read_with_extends(path: Path, seen: tuple[Path, ...],
                      notes: list[str] | None = None) -> dict[str, Any]:
    """The raw table of ``path`` with its ``extends`` chain merged in; ``notes`` collects what
    variants dropped or added in named arrays."""
    notes = [] if notes is None else notes
    where = f" (extended by {seen[-1]})" if seen else ""
    raw = read_toml(path, error=ScenarioError, context=where)  # only regular files are read
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError) as exc:  # pragma: no cover - read_toml refused it already
        raise ScenarioError([("(file)", f"cannot be resolved: {exc}{where}")], str(path)) from None
    if resolved in seen:
        chain = " -> ".join(str(p) for p in (*seen, resolved))
        raise ScenarioError([("extends", f"circular extends: {chain}")], str(path))
    if INPUTS in raw:
        raw = _with_inputs(raw, path, where)
    parent = raw.get("extends")
    if parent is None:
        return raw
    if not isinstance(parent, str) or parent.strip() in ("", "."):
        raise ScenarioError([("extends", f"expected the path of a scenario file, got "
                                         f"{parent!r}")], str(path))
    base = read_with_extends(path.parent / parent, (*seen, resolved), notes)
    # parent tables < parent [set] < child tables < child [set]: the parent is complete (its
    # overrides applied) before the child changes it
    base_sets = base.pop("set", None)
    if base_sets is not None and not isinstance(base_sets, dict):
        raise ScenarioError([("set", f"expected a table of dotted paths{where}")],
                            str(path.parent / parent))
    # paths that do not exist in the parent stay, to be reported with the child's problems
    unapplied = apply_sets(base, base_sets or {}, [])
    problems: list[tuple[str, str]] = []
    merged = merge(base, {k: v for k, v in raw.items() if k not in ("extends", "set")},
                   notes=notes, problems=problems, where=f" ({path})")
    if problems:
        raise ScenarioError(problems, str(path))
    own = raw.get("set")
    sets = {**unapplied, **own} if isinstance(own, dict) else own if own is not None else unapplied
    if sets or (sets is not None and not isinstance(sets, dict)):
        merged["set"] = sets
    return merged


def _with_inputs(raw: dict[str, Any], path: Path, where: str) -> dict[str, Any]:
    """``raw`` with its own ``[uncertain]`` tables merged into those of its
    ``uncertain_inputs`` fragment."""
    raw = dict(raw)
    name = raw.pop(INPUTS)
    if not isinstance(name, str) or not name.strip():
        raise ScenarioError([(INPUTS, f"expected the path of a file of [uncertain.\"<path>\"] "
                                      f"tables (relative to this file), got {name!r}{where}")],
                            str(path))
    frag_path = path.parent / name
    if not frag_path.is_file():
        raise ScenarioError([(INPUTS, f"no file {frag_path}: expected the path of a file of "
                                      f"[uncertain.\"<path>\"] tables, relative to this "
                                      f"file{where}")], str(path))
    frag = read_toml(frag_path, error=ScenarioError, context=f" (the {INPUTS} of {path})")
    extra = sorted(k for k in frag if k != "uncertain")
    table = frag.get("uncertain", {})
    problems = [(k, f"not allowed: a fragment of uncertain inputs (the {INPUTS} of {path}) "
                    f"holds only [uncertain.\"<path>\"] tables") for k in extra]
    if not isinstance(table, dict):
        problems.append(("uncertain", "expected tables [uncertain.\"<path>\"], one per input"))
    if problems:
        raise ScenarioError(problems, str(frag_path))
    own = raw.get("uncertain", {})
    raw["uncertain"] = merge(table, own) if isinstance(own, dict) else own
    return raw


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


def merge(base: dict[str, Any], over: dict[str, Any], *, notes: list[str] | None = None,
          problems: list[tuple[str, str]] | None = None, where: str = "",
          path: str = "") -> dict[str, Any]:
    """``over`` merged into ``base``: tables key by key, arrays of named tables by name (unless
    ``over`` lists the array's key in ``replace``), any other value replacing the base's."""
    notes = [] if notes is None else notes
    problems = [] if problems is None else problems
    out = dict(base)
    replace = over.get(REPLACE, [])
    if REPLACE in over:
        if not isinstance(replace, list) or not all(isinstance(r, str) for r in replace):
            problems.append((_join(path, REPLACE), f"expected a list of array keys, got "
                             f"{replace!r}"))
            replace = []
        for r in replace:
            if not (_named(over.get(r)) or isinstance(over.get(r), dict)):
                problems.append((_join(path, REPLACE), f"{r!r} is not an array of named tables "
                                 "or a table given in this table; only those can be replaced"))
    for k, v in over.items():
        if k == REPLACE:
            continue
        here = _join(path, k)
        if isinstance(v, dict) and isinstance(out.get(k), dict) and k in replace:
            notes.append(f"{here}: replaced as a whole{where}")
            out[k] = v
        elif isinstance(v, dict) and isinstance(out.get(k), dict):
            out[k] = merge(out[k], v, notes=notes, problems=problems, where=where, path=here)
        elif _named(v) and _named(out.get(k)):
            if k in replace:
                dropped = [i["name"] for i in out[k] if i["name"] not in {j["name"] for j in v}]
                if dropped:
                    notes.append(f"{here}: replaced as a whole{where}; dropped: "
                                 f"{', '.join(map(str, dropped))}")
                out[k] = v
            else:
                out[k] = _merge_named(out[k], v, notes, problems, where, here)
        else:
            out[k] = v
    return out


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _named(value: Any) -> bool:
    """An array whose items are all tables with a ``name``."""
    return (isinstance(value, list) and bool(value)
            and all(isinstance(i, dict) and "name" in i for i in value))


def _merge_named(base: list[dict[str, Any]], over: list[dict[str, Any]], notes: list[str],
                 problems: list[tuple[str, str]], where: str, path: str) -> list[dict[str, Any]]:
    out = [dict(i) for i in base]
    index = {i["name"]: n for n, i in enumerate(out)}
    added = []
    for item in over:
        n = index.get(item["name"])
        if n is None:
            out.append(item)
            added.append(str(item["name"]))
        else:
            out[n] = merge(out[n], item, notes=notes, problems=problems, where=where,
                           path=f"{path}.{item['name']}")
    if added:
        notes.append(f"{path}: added after the base's items{where}: {', '.join(added)}")
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
