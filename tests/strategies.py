"""Hypothesis strategies shared by the test suite, and a tiny TOML writer for generated files.

- :func:`scenario_dicts`: raw dicts (as read from TOML) of small, *valid* scenarios — 1-3 roles,
  1-4 stages, optional shared resources with server changes up and down, optional academies,
  positions or ratios (following the target role's authorized or actual growth), attrition
  bands, withdrawal hazards — sized so that the per-applicant reference mode runs one in well
  under a second.
- :func:`with_changes`: such a raw scenario with 1-3 random dated changes (``[[changes]]``) of
  the inputs a change may set.
- :func:`malformed_variants`: a valid raw scenario with one random field set to a value that is
  invalid for it, or with an unknown key inserted into a random table.
- :func:`toml_dumps`: raw data -> TOML text (inline tables only), so generated scenarios are
  loaded through the same file path as users' files.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
from typing import Any

from hypothesis import strategies as st

__all__ = [
    "START",
    "channel_scenario_dicts",
    "distribution_specs",
    "malformed_variants",
    "scenario_dicts",
    "toml_dumps",
    "with_changes",
]

START = dt.date(2020, 1, 1)


# -- a minimal TOML writer ----------------------------------------------------------------------
def toml_key(s: str) -> str:
    """A TOML basic string (for keys and values)."""
    # JSON escapes are valid TOML basic-string escapes; TOML also forbids a raw DEL.
    return json.dumps(s, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_value(v: Any) -> str:
    """A TOML value written inline (tables as inline tables)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        return toml_key(v)
    if isinstance(v, dt.datetime | dt.date | dt.time):
        return v.isoformat()
    if isinstance(v, list | tuple):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{" + ", ".join(f"{toml_key(k)} = {toml_value(x)}" for k, x in v.items()) + "}"
    raise TypeError(f"cannot write {v!r} as TOML")


def toml_dumps(data: dict[str, Any]) -> str:
    """TOML text for raw scenario data (every nested table written inline)."""
    return "".join(f"{toml_key(k)} = {toml_value(v)}\n" for k, v in data.items())


# -- valid small scenarios ----------------------------------------------------------------------
def _day(k: int) -> dt.date:
    return START + dt.timedelta(days=k)


def _num(lo: int, hi: int, scale: int = 10) -> st.SearchStrategy[float]:
    """Round numbers in [lo, hi] (steps of 1/scale), to keep generated scenarios readable."""
    return st.integers(lo * scale, hi * scale).map(lambda x: x / scale)


def distribution_specs(max_mean: int = 12) -> st.SearchStrategy[Any]:
    """Raw duration specs of every kind (days)."""
    m = max_mean

    @st.composite
    def triangular(draw):
        a, b, c = sorted(draw(st.lists(st.integers(0, 3 * m // 2), min_size=3, max_size=3)))
        if a == c:
            c += 1
        return {"dist": "triangular", "low": a, "mode": b, "high": c}

    @st.composite
    def empirical(draw):
        values = draw(st.lists(st.integers(0, 2 * m), min_size=1, max_size=4))
        spec: dict[str, Any] = {"dist": "empirical", "values": values}
        if draw(st.booleans()):
            spec["weights"] = draw(st.lists(st.integers(1, 5), min_size=len(values),
                                            max_size=len(values)))
        return spec

    return st.one_of(
        st.integers(0, m),
        _num(0, m).map(lambda v: {"dist": "fixed", "value": v}),
        _num(1, m).map(lambda v: {"dist": "exponential", "mean": v}),
        st.tuples(_num(1, m), st.integers(1, 15).map(lambda x: x / 10)).map(
            lambda t: {"dist": "gamma", "mean": t[0], "cv": t[1]}),
        st.tuples(_num(1, m), st.integers(1, 15).map(lambda x: x / 10)).map(
            lambda t: {"dist": "lognormal", "mean": t[0], "cv": t[1]}),
        triangular(),
        empirical(),
    )


def _increasing_days(draw, lo: int, hi: int, max_size: int) -> list[int]:
    return sorted(draw(st.sets(st.integers(lo, hi), max_size=max_size)))


def _flag(draw) -> bool:
    """A coin whose *simplest* side is True: shrinking keeps features switched on."""
    return not draw(st.booleans())


@st.composite
def scenario_dicts(draw, *, max_roles: int = 3, max_per_week: int = 15,
                   pipelines: bool = False) -> dict[str, Any]:
    """A valid raw scenario: small enough for the reference mode, varied enough to matter.

    Features default to *on* (resources used, academies, withdrawals), so that hypothesis'
    simplest examples still exercise queues, classes and positions.  ``pipelines``: roles may
    start with people already in the pipeline (``Role.pipeline``).
    """
    days = draw(st.integers(90, 200))
    last = days - 1
    resources: dict[str, Any] = {}
    for i in range(draw(st.integers(1, 2)) if _flag(draw) else 0):
        changes = [{"from": _day(d), "servers": draw(st.integers(0, 5))}
                   for d in _increasing_days(draw, 0, last, 3)]
        res: dict[str, Any] = {"servers": draw(st.one_of(st.integers(1, 4), st.just(0)))}
        if changes:
            res["changes"] = changes
        resources[f"q{i}"] = res
    res_names = sorted(resources)

    n_roles = draw(st.integers(1, max_roles))
    roles: dict[str, Any] = {}
    for r in range(n_roles):
        n_stages = draw(st.integers(1, 4))
        stages = []
        for k in range(n_stages):
            stages.append({
                "name": f"s{k}",
                # mostly high pass rates, so that many candidates reach the later states
                "pass_rate": draw(st.one_of(st.just(1.0), _num(5, 10, 1).map(lambda x: x / 10),
                                            st.just(0.0), _num(0, 1, 20))),
                "duration": draw(distribution_specs()),
            })
        # resources are met in one global order (q0 before q1) and at most once per role
        used = [name for name in res_names if _flag(draw)][:n_stages]
        at = sorted(draw(st.sets(st.integers(0, n_stages - 1), min_size=len(used),
                                 max_size=len(used)))) if used else []
        for res_name, k in zip(used, at, strict=True):
            stages[k]["resource"] = res_name
            if _flag(draw):
                stages[k]["withdraw_per_week"] = draw(_num(1, 5, 10)) / 10
        recruiting = [{"from": _day(d),
                       "per_week": draw(st.one_of(_num(3, max_per_week), st.just(0.0)))}
                      for d in _increasing_days(draw, 0, last, 2)] or [
            {"from": _day(0), "per_week": float(max_per_week)}]
        bands = []
        until = 0.0
        for _ in range(draw(st.integers(0, 2))):
            until += draw(_num(1, 10, 10)) / 10
            bands.append({"until_years": round(until, 3),
                          "annual_rate": draw(_num(0, 9, 10)) / 10})
        attrition: dict[str, Any] = {"annual_rate": draw(_num(0, 8, 10)) / 10}
        if bands:
            attrition["bands"] = bands
        role: dict[str, Any] = {
            "initial": draw(st.integers(0, 30)),
            "onboarding": draw(distribution_specs()),
            "attrition": attrition,
            "recruiting": recruiting,
            "stages": stages,
        }
        if _flag(draw):
            role["offer_withdraw_per_week"] = draw(_num(1, 3, 10)) / 10
        if draw(st.booleans()):  # vetting that overlaps training, from a random stage on
            role["tentative_from"] = f"s{draw(st.integers(0, n_stages - 1))}"
        cap = draw(st.sampled_from(["positions", "none", "ratio"] if r else ["positions", "none"]))
        if cap == "positions":
            phase_days = _increasing_days(draw, 0, last, 3) or [0]
            role["positions"] = [{"from": _day(d), "growth": draw(st.integers(0, 30))}
                                 for d in phase_days]
        elif cap == "ratio":
            role["ratio"] = draw(_num(1, 20, 10)) / 10
            if _flag(draw):
                role["follows"] = draw(st.sampled_from(["trained", "on_board"]))
        if _flag(draw):
            first = draw(st.integers(0, last // 3))
            academy: dict[str, Any] = {
                "first_class": _day(first),
                "seats": draw(st.integers(1, 10)),
                "length_days": draw(st.integers(1, 60)),
                "graduation_rate": draw(st.one_of(_num(5, 10, 1).map(lambda x: x / 10),
                                                  _num(0, 1, 10))),
            }
            if _flag(draw):
                academy["every_days"] = draw(st.integers(3, 30))
            extra = _increasing_days(draw, 0, last, 3)
            if "every_days" not in academy:
                extra = sorted(set(extra) | {first})
            if extra:
                academy["dates"] = [_day(d) for d in extra]
            if not _flag(draw):
                academy["last_class"] = _day(draw(st.integers(first, last)))
            seat_changes = _increasing_days(draw, 0, last, 2)
            if seat_changes:
                academy["changes"] = [{"from": _day(d), "seats": draw(st.integers(0, 8))}
                                      for d in seat_changes]
            role["academy"] = academy
        roles[f"r{r}"] = role

    # every resource serves some stage (an unused resource is tested on its own)
    used_anywhere = {s.get("resource") for r in roles.values() for s in r["stages"]}
    resources = {k: v for k, v in resources.items() if k in used_anywhere}
    if pipelines:
        # servers on the first day (a change dated at the start applies at once)
        free = {k: ([c["servers"] for c in v.get("changes", []) if c["from"] == START]
                    or [v["servers"]])[-1] for k, v in resources.items()}
        for role in roles.values():
            if _flag(draw):
                role["pipeline"] = _pipeline(draw, role, free)
    raw: dict[str, Any] = {
        "name": "generated",
        "start": START,
        "end": _day(last),
        "target": {
            "role": "r0",
            "growth": draw(st.integers(1, 50)),
            "deadline": _day(draw(st.integers(0, last))),
            "measure": draw(st.sampled_from(["on_duty", "trained", "on_board"])),
        },
        "roles": roles,
    }
    if resources:
        raw["resources"] = resources
    return raw


def _pipeline(draw, role: dict[str, Any], free: dict[str, int]) -> dict[str, Any]:
    """A running pipeline for ``role``; ``free``: servers not yet held at the start (updated)."""
    counts: dict[str, int] = {}
    for s in role["stages"]:
        res = s.get("resource")
        if _flag(draw):
            k = draw(st.integers(0, 6 if res is None else free[res]))
            counts[s["name"]] = k
            if res is not None:
                free[res] -= k
        if res is not None and _flag(draw):
            counts[f"{s['name']}_queue"] = draw(st.integers(0, 8))
    out: dict[str, Any] = {"stages": counts, "waiting": draw(st.integers(0, 8)),
                           "onboarding": draw(st.integers(0, 8))}
    ac = role.get("academy")
    if ac is not None and ac["length_days"] > 1:
        out["classes"] = [{"start": _day(-draw(st.integers(1, ac["length_days"] - 1))),
                           "trainees": draw(st.integers(0, 8))}
                          for _ in range(draw(st.integers(0, 2)))]
    return out


@st.composite
def channel_scenario_dicts(draw, *, pipelines: bool = False) -> dict[str, Any]:
    """A valid raw scenario whose roles have 1-2 further entry channels each (paths academy,
    course with or without seats and cadence, or direct; stages a subsequence of the role's
    ending with its last, sharing its resources; their own withdrawal), and in about half of
    them vetting that overlaps training from a random stage of the role on.  ``pipelines``:
    roles may start with people already in their own channel's pipeline (``Role.pipeline``)."""
    raw = draw(scenario_dicts(max_roles=2, max_per_week=10, pipelines=pipelines))
    last = (raw["end"] - START).days
    for role in raw["roles"].values():
        paths = ["academy", "course", "direct"] if "academy" in role else ["direct"]
        channels = []
        for i in range(draw(st.integers(1, 2))):
            n = len(role["stages"])
            keep = sorted(draw(st.sets(st.integers(0, n - 2), max_size=n - 1)) if n > 1 else [])
            stages = []
            for k in [*keep, n - 1]:
                stage = dict(role["stages"][k])
                stage["pass_rate"] = draw(st.sampled_from([1.0, 0.8, stage["pass_rate"]]))
                stage["duration"] = draw(distribution_specs())
                stages.append(stage)
            ch: dict[str, Any] = {
                "name": f"c{i}", "path": draw(st.sampled_from(paths)), "stages": stages,
                "recruiting": [{"from": _day(0), "per_week": draw(_num(1, 8))}],
            }
            if _flag(draw):
                ch["offer_withdraw_per_week"] = draw(_num(0, 5, 10)) / 10
            if ch["path"] == "course":
                course: dict[str, Any] = {"length_days": draw(st.integers(1, 40)),
                                          "graduation_rate": draw(_num(0, 10, 1)) / 10}
                if _flag(draw):
                    course["seats"] = draw(st.integers(1, 5))
                if _flag(draw):
                    course["every_days"] = draw(st.integers(1, 14))
                    course["first_class"] = _day(draw(st.integers(0, last)))
                ch["course"] = course
            channels.append(ch)
        role["channels"] = channels  # with the role's tentative_from, if drawn: every channel
    return raw


@st.composite
def with_changes(draw, base: st.SearchStrategy[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A valid raw scenario with 1-3 dated changes of random changeable inputs."""
    raw = draw(base if base is not None else scenario_dicts())
    last = (dt.date.fromisoformat(str(raw["end"])) - START).days
    prob = _num(0, 10, 1).map(lambda x: x / 10)
    options: list[tuple[str, st.SearchStrategy[Any]]] = []
    for r, role in raw["roles"].items():
        p = f"roles.{r}"
        for stage in role["stages"]:
            q = f"{p}.stages.{stage['name']}"
            options += [(f"{q}.pass_rate", prob), (f"{q}.duration", distribution_specs()),
                        (f"{q}.cost", _num(0, 100))]
            if "resource" in stage:
                options.append((f"{q}.withdraw_per_week", _num(0, 5, 10).map(lambda x: x / 10)))
        if "academy" in role:
            options += [(f"{p}.academy.length_days", st.integers(1, 60)),
                        (f"{p}.academy.graduation_rate", prob),
                        (f"{p}.academy.seats", st.integers(1, 10)),
                        (f"{p}.academy.every_days", st.integers(2, 60).map(lambda x: x / 2)),
                        (f"{p}.academy.cost_per_trainee", _num(0, 100))]
        options += [(f"{p}.onboarding", distribution_specs()),
                    (f"{p}.attrition.annual_rate", _num(0, 9, 10).map(lambda x: x / 10)),
                    (f"{p}.offer_withdraw_per_week", _num(0, 3, 10).map(lambda x: x / 10)),
                    (f"{p}.salary", _num(0, 100)), (f"{p}.hire_cost", _num(0, 100)),
                    (f"{p}.application_cost", _num(0, 100))]
        for ch in role.get("channels", []):  # a channel's own inputs
            q = f"{p}.channels.{ch['name']}"
            for stage in ch.get("stages") or []:
                options += [(f"{q}.stages.{stage['name']}.pass_rate", prob),
                            (f"{q}.stages.{stage['name']}.duration", distribution_specs()),
                            (f"{q}.stages.{stage['name']}.cost", _num(0, 100))]
                if "resource" in stage:
                    options.append((f"{q}.stages.{stage['name']}.withdraw_per_week",
                                    _num(0, 5, 10).map(lambda x: x / 10)))
            options += [(f"{q}.offer_withdraw_per_week", _num(0, 3, 10).map(lambda x: x / 10)),
                        (f"{q}.hire_cost", _num(0, 100)), (f"{q}.application_cost", _num(0, 100))]
            if ch["path"] == "course":
                options += [(f"{q}.course.length_days", st.integers(1, 40)),
                            (f"{q}.course.graduation_rate", prob),
                            (f"{q}.course.cost_per_trainee", _num(0, 100)),
                            (f"{q}.course.seats", st.integers(1, 5))]
    for name in raw.get("resources", {}):
        options.append((f"resources.{name}.servers", st.integers(0, 5)))
    changes = []
    for _ in range(draw(st.integers(1, 3))):
        picked = draw(st.lists(st.sampled_from(options), min_size=1, max_size=3,
                               unique_by=lambda o: o[0]))
        changes.append({"from": _day(draw(st.integers(0, last))),
                        "set": {path: draw(value) for path, value in picked}})
    return {**raw, "changes": changes}


# -- malformed variants -------------------------------------------------------------------------
# The kind of every key of the scenario format (written from the format's documentation, not
# from hiringsim's schema, so that the two are checked against each other).
_DATE = {"start", "end", "deadline", "from", "first_class", "last_class"}
_INT = {"servers", "initial", "seats", "length_days", "every_days", "growth"}
_PROB = {"pass_rate", "graduation_rate", "annual_rate", "withdraw_per_week",
         "offer_withdraw_per_week"}
_NONNEG = {"per_week", "cost", "cost_per_server_year", "cost_per_trainee", "salary",
           "hire_cost", "application_cost", "ratio", "until_years", "mean", "cv", "low",
           "mode", "high", "value"}
_STR = {"name", "description"}
_REF = {"role", "resource"}
_STAGE = {"tentative_from"}
_ENUM = {"measure", "dist"}
_DIST = {"duration", "onboarding"}
_LIST = {"stages", "recruiting", "changes", "positions", "bands", "dates", "values", "weights"}
_TABLE = {"target", "attrition", "academy"}
_NAMED = {"roles", "resources"}
#: every key that is valid somewhere in a scenario file
KNOWN_KEYS = (_DATE | _INT | _PROB | _NONNEG | _STR | _REF | _STAGE | _ENUM | _DIST | _LIST
              | _TABLE | _NAMED | {"extends", "set"})
_ELEMENT = {"dates": "date", "values": "nonneg", "weights": "nonneg"}


def _kind(key: str) -> str:
    for kind, keys in (("date", _DATE), ("int", _INT), ("prob", _PROB), ("nonneg", _NONNEG),
                       ("str", _STR), ("ref", _REF), ("stage", _STAGE), ("enum", _ENUM),
                       ("dist", _DIST), ("list", _LIST), ("table", _TABLE), ("named", _NAMED)):
        if key in keys:
            return kind
    raise KeyError(key)


def _walk(node: Any, path: tuple, kind: str):
    """Yield (path, kind) of every value in a raw scenario, and (path, 'tables') of tables."""
    yield path, kind
    if isinstance(node, dict):
        yield path, "+table"
        for k, v in node.items():
            child = "table" if kind == "named" else _kind(k)
            yield from _walk(v, (*path, k), child)
    elif isinstance(node, list):
        parent = path[-1] if path else ""
        for i, v in enumerate(node):
            yield from _walk(v, (*path, i), _ELEMENT.get(parent, "table"))


def _not_iso_date(s: str) -> bool:
    try:
        dt.date.fromisoformat(s)
    except ValueError:
        return True
    return False


_text = st.text(max_size=12)
_scalar_junk = st.one_of(st.booleans(), _text, st.lists(st.integers(), max_size=2))
_bad_number = st.one_of(
    st.floats(max_value=-1e-6, allow_infinity=False),  # negative
    st.sampled_from([math.nan, math.inf, -math.inf]),
    _scalar_junk,
    st.dictionaries(_text, st.integers(), max_size=1),
)


def _wrong_value(kind: str, raw: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values that are invalid for any field of ``kind`` (whatever its exact bounds)."""
    if kind == "date":
        return st.one_of(st.integers(), st.floats(allow_nan=False), st.booleans(),
                         _text.filter(_not_iso_date), st.lists(st.integers(), max_size=1),
                         st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2100, 1, 1)))
    if kind == "int":
        return st.one_of(st.integers(max_value=-1),
                         st.floats(allow_nan=False, allow_infinity=False).filter(
                             lambda x: not x.is_integer()),
                         _scalar_junk)
    if kind == "prob":
        return st.one_of(st.floats(min_value=1.0001, allow_infinity=False), _bad_number)
    if kind == "nonneg":
        return _bad_number
    if kind == "str":
        return st.one_of(st.integers(), st.floats(allow_nan=False), st.booleans(),
                         st.lists(_text, max_size=2), st.dictionaries(_text, st.integers(),
                                                                     max_size=1))
    if kind == "ref":
        names = set(raw.get("roles", {})) | set(raw.get("resources", {}))
        return st.one_of(_text.filter(lambda s: s not in names), st.integers(), st.booleans())
    if kind == "stage":
        stages = {s.get("name") for r in raw.get("roles", {}).values()
                  for s in r.get("stages", [])}
        return st.one_of(_text.filter(lambda s: s not in stages), st.integers(), st.booleans())
    if kind == "enum":
        names = {"on_duty", "trained", "on_board", "fixed", "exponential", "gamma", "lognormal",
                 "triangular", "empirical"}
        return st.one_of(_text.filter(lambda s: s not in names), st.integers())
    if kind == "dist":
        return st.one_of(st.floats(max_value=-1e-6, allow_infinity=False), st.booleans(),
                         _text, st.lists(st.integers(), max_size=2), st.just({}),
                         _text.filter(lambda s: s not in {"fixed", "exponential", "gamma",
                                                          "lognormal", "triangular",
                                                          "empirical"}).map(
                             lambda s: {"dist": s}))
    if kind == "list":
        return st.one_of(st.integers(), st.floats(allow_nan=False), st.booleans(), _text,
                         st.dictionaries(_text, st.integers(), min_size=1, max_size=1))
    if kind in ("table", "named"):
        return st.one_of(st.integers(), st.floats(allow_nan=False), st.booleans(), _text,
                         st.lists(st.integers(), min_size=1, max_size=2))
    raise KeyError(kind)  # pragma: no cover


def _set_at(raw: Any, path: tuple, value: Any) -> None:
    node = raw
    for p in path[:-1]:
        node = node[p]
    node[path[-1]] = value


def _get_at(raw: Any, path: tuple) -> Any:
    for p in path:
        raw = raw[p]
    return raw


@st.composite
def malformed_variants(draw, base: dict[str, Any]) -> tuple[dict[str, Any], str, str]:
    """``(raw, what was done, top-level key touched)`` for a valid raw scenario ``base``."""
    raw = copy.deepcopy(base)
    spots = list(_walk(raw, (), "top"))
    values = [(p, k) for p, k in spots if p and k != "+table"]
    tables = [p for p, k in spots if k == "+table"]
    if draw(st.booleans()):
        path, kind = draw(st.sampled_from(values))
        bad = draw(_wrong_value(kind, raw))
        _set_at(raw, path, bad)
        what = f"set {'.'.join(map(str, path))} ({kind}) to {bad!r}"
    else:
        path = draw(st.sampled_from(tables))
        table = _get_at(raw, path)
        key = draw(st.text(min_size=1, max_size=12).filter(
            lambda k: k not in KNOWN_KEYS and k not in table))
        value = draw(st.one_of(st.integers(), _text, st.just({})))
        table[key] = value
        path = (*path, key)
        what = f"inserted unknown key {'.'.join(map(str, path))} = {value!r}"
    return raw, what, str(path[0])
