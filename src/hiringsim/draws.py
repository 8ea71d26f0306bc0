"""Drawing a scenario's uncertain inputs for one replication (the rule:
:data:`hiringsim.scenario.uncertain.UNCERTAIN_RULE`).

:func:`draw_inputs` draws each input declared in ``Scenario.uncertain`` from its own stream,
``Streams(seed, replication)("inputs", path)``: one uniform number through the distribution's
inverse CDF, so a path's draw depends only on (seed, replication, path) -- and its distribution
-- whatever else a scenario declares (common random numbers across strategies); whole-number
fields are rounded.  :func:`with_draws` is the scenario the replication runs: the drawn values
in place of the file's (built like :meth:`Scenario.with_values`, validated: about 8 ms for the
baseline, against seconds for the replication), with no uncertain inputs left.  Both modes run
this same scenario, so the draws are the same in either.

:data:`INPUTS` names the two ways to run: ``"uncertain"`` (the default: draw) and ``"fixed"``
(every uncertain input at the value the file gives, the run of the scenario as written).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Literal, get_args

from .rng import Streams
from .scenario.uncertain_checks import field_at

if TYPE_CHECKING:  # pragma: no cover
    from .scenario import Scenario

__all__ = ["INPUTS", "Inputs", "check_inputs", "draw_inputs", "inputs_label", "with_draws"]

#: how uncertain inputs are run: drawn per replication, or fixed at the file's values
Inputs = Literal["uncertain", "fixed"]
INPUTS: tuple[Inputs, ...] = get_args(Inputs)

#: the stream name under which inputs are drawn (then the path)
STREAM = "inputs"


def check_inputs(inputs: str) -> None:
    if inputs not in INPUTS:
        raise ValueError(f"inputs must be one of {', '.join(INPUTS)}, got {inputs!r}")


def draw_inputs(scenario: Scenario, seed: int, replication: int) -> dict[str, float]:
    """``{path: drawn value}`` of every uncertain input, for replication ``replication`` of
    root seed ``seed`` (in declaration order; ints for whole-number fields).

    Examples
    --------
    >>> import hiringsim as hs
    >>> from hiringsim.draws import draw_inputs
    >>> sc = hs.example("uncertain")
    >>> draw_inputs(sc, 2017, 0) == draw_inputs(sc, 2017, 0)
    True
    """
    streams = Streams(seed, replication)
    out: dict[str, float] = {}
    for u in scenario.uncertain:
        x = float(u.quantile(streams(STREAM, u.name).random()))
        tp, _ = field_at(type(scenario), u.name)
        out[u.name] = int(round(x)) if tp is int else x
    return out


def with_draws(scenario: Scenario, values: dict[str, float]) -> Scenario:
    """``scenario`` with ``values`` in place of its uncertain inputs' (and none left
    uncertain): what one replication runs."""
    drawn = scenario.with_values(values)
    return dataclasses.replace(drawn, uncertain=(), notes=scenario.notes,
                               reports_from=scenario.reports_from)


def inputs_label(scenario: Scenario, inputs: str) -> str:
    """What a figure of ``scenario`` run with ``inputs`` is over, for labels: "with input
    uncertainty (5 inputs)", "fixed inputs (5 uncertain inputs at their values in the file)",
    or "" when the scenario declares none."""
    n = len(scenario.uncertain)
    if not n:
        return ""
    s = "" if n == 1 else "s"
    if inputs == "fixed":
        return f"fixed inputs ({n} uncertain input{s} at {'its' if n == 1 else 'their'} " \
               "value in the file)"
    return f"with input uncertainty ({n} input{s})"
