"""Distribution specs as written in scenario files: validation and the JSON Schema."""

from __future__ import annotations

from typing import Any

from .base import MAX_CV, MAX_DURATION_DAYS, MAX_VALUES, MAX_WEIGHT, Distribution
from .kinds import Empirical, Exponential, Fixed, Gamma, Lognormal, Triangular

__all__ = ["distribution_from_spec", "spec_json_schema"]


_KINDS: dict[str, tuple[type[Distribution], tuple[str, ...], tuple[str, ...]]] = {
    # kind: (class, required keys, optional keys)
    "fixed": (Fixed, ("value",), ()),
    "exponential": (Exponential, ("mean",), ()),
    "gamma": (Gamma, ("mean", "cv"), ()),
    "lognormal": (Lognormal, ("mean", "cv"), ()),
    "triangular": (Triangular, ("low", "mode", "high"), ()),
    "empirical": (Empirical, ("values",), ("weights",)),
}


def _days(kind: str, key: str, v: Any) -> float:
    """A parameter of a spec as a float, or ``ValueError`` saying what is expected."""
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise ValueError(f"{kind}: '{key}' must be a number, got {_show(v)}")
    try:
        return float(v)
    except OverflowError:
        raise ValueError(f"{kind}: '{key}' must be a finite number, got {_show(v)}") from None


def _show(v: Any) -> str:
    text = repr(v) if not isinstance(v, int) or v.bit_length() < 200 else "a huge integer"
    return text if len(text) <= 60 else text[:57] + "..."


#: upper bounds of spec parameters, and why (also stated in :func:`spec_json_schema`)
_LIMITS: dict[str, tuple[float, str]] = {
    **{k: (MAX_DURATION_DAYS, "days: 10 years") for k in ("value", "mean", "low", "mode", "high",
                                                          "values")},
    "cv": (MAX_CV, "a coefficient of variation"),
    "weights": (MAX_WEIGHT, "relative weights"),
}


def _check_limits(kind: str, spec: dict[str, Any]) -> None:
    for k, (limit, why) in _LIMITS.items():
        v = spec.get(k)
        if v is None:
            continue
        items = v if isinstance(v, list | tuple) else [v]
        if k == "values" and len(items) > MAX_VALUES:
            raise ValueError(f"{kind}: 'values' may hold at most {MAX_VALUES:,} durations, got "
                             f"{len(items):,}; fit a distribution to so many observations")
        worst = max(items, default=0.0)
        if worst > limit:
            raise ValueError(f"{kind}: '{k}' must be <= {limit:g} ({why}), got {_show(worst)}")


def distribution_from_spec(spec: Any) -> Distribution:
    """Build a distribution from a scenario value: a number (fixed days) or a table.

    Raises ``ValueError`` with a message that says what would be valid, whatever ``spec`` holds.
    """
    if isinstance(spec, Distribution):
        _check_limits(spec.kind, spec.to_spec())
        return spec
    if isinstance(spec, bool):
        raise ValueError(f"expected a number of days or a table with 'dist', got {spec!r}")
    if isinstance(spec, int | float):
        value = _days("fixed", "value", spec)
        _check_limits("fixed", {"value": value})
        return Fixed(value)
    if not isinstance(spec, dict):
        raise ValueError(
            f"expected a number of days or a table like {{dist = \"gamma\", mean = 30, cv = 0.5}}, "
            f"got {_show(spec)}"
        )
    kind = spec.get("dist")
    if not isinstance(kind, str) or kind not in _KINDS:
        raise ValueError(f"'dist' must be one of {sorted(_KINDS)}, got {_show(kind)}")
    cls, required, optional = _KINDS[kind]
    keys = {str(k) for k in spec} - {"dist"}
    missing = [k for k in required if k not in keys]
    unknown = sorted(keys - set(required) - set(optional))
    if missing:
        raise ValueError(f"{kind} needs {', '.join(required)}; missing {', '.join(missing)}")
    if unknown:
        valid = ", ".join(("dist",) + required + optional)
        raise ValueError(f"{kind} does not take {', '.join(unknown)} (valid keys: {valid})")
    args: list[float | tuple[float, ...] | None] = []
    for k in required + optional:
        v = spec.get(k)
        if k in ("values", "weights"):
            if v is None:
                args.append(None)
                continue
            if not isinstance(v, list | tuple) or not all(
                isinstance(x, int | float) and not isinstance(x, bool) for x in v
            ):
                raise ValueError(f"{kind}: '{k}' must be a list of numbers, got {_show(v)}")
            args.append(tuple(_days(kind, k, x) for x in v))
        else:
            args.append(_days(kind, k, v))
    _check_limits(kind, dict(zip(required + optional, args, strict=True)))
    return cls(*args)


def spec_json_schema() -> dict[str, Any]:
    """JSON Schema of a duration spec: a number of days or a table of one of the kinds."""
    def param(k: str) -> dict[str, Any]:
        number: dict[str, Any] = {"type": "number", "minimum": 0}
        if k in _LIMITS:
            number["maximum"] = _LIMITS[k][0]
        if k in ("values", "weights"):
            out: dict[str, Any] = {"type": "array", "items": number, "minItems": 1}
            if k == "values":
                out["maxItems"] = MAX_VALUES
            return out
        return number

    kinds = []
    for kind, (_cls, required, optional) in _KINDS.items():
        props = {"dist": {"const": kind}, **{k: param(k) for k in required + optional}}
        kinds.append({"type": "object", "properties": props, "required": ["dist", *required],
                      "additionalProperties": False})
    return {
        "description": f"days: a number (fixed) or {{dist = {'|'.join(_KINDS)}, ...}}; means "
                       f"and bounds at most {MAX_DURATION_DAYS} days (10 years), cv at most "
                       f"{MAX_CV:g}",
        "anyOf": [{"type": "number", "minimum": 0, "maximum": MAX_DURATION_DAYS}, *kinds],
    }
