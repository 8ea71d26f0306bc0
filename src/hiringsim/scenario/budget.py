"""Appropriations: money per fiscal year that holds hiring commitments.  The rule is stated once
here (:data:`BUDGET_RULE`) and quoted by the field docs, the JSON Schema and the docs; the model
is :mod:`hiringsim.model.money`."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .fields import MAX_COST
from .fields import field_of as _f

if TYPE_CHECKING:  # pragma: no cover
    from .core import Scenario

__all__ = ["BUDGET_RULE", "Budget", "Unspent", "budget_problems"]

#: what a fiscal year's unspent money does at its end
Unspent = Literal["lapse", "carry_over"]

#: one appropriation can reach this (the whole US federal budget is about 7e12 dollars)
MAX_BUDGET = 1e13

#: the rule of a budget, stated once (the field docs, the JSON Schema and the docs)
BUDGET_RULE = (
    "Fiscal years run 1 October - 30 September (FY2018 = 2017-10-01..2018-09-30). A budget "
    "covers the new hires' payroll (salary while on board, as the payroll cost counts it: on "
    "board minus initial staff), their training cost (cost_per_trainee at the class start), "
    "hire_cost and bonus (at entry on duty); recruiting, screening and resources are not held "
    "by money (they are reported beside it). A commitment is an entry on duty (admission to an "
    "academy class, or the start of onboarding without one; with vetting that overlaps "
    "training, the entry on a tentative clearance, and a hire removed on failing the vetting "
    "has left). A commitment at time t in fiscal year y is made only when the year's free money"
    " carries the most the person can cost in year y: training cost + hire cost + bonus + "
    "salary from the day of t to 30 September (salaries changed on dates in effect). Free money"
    " = the year's appropriation for the role (+ the carry-in when budget_unspent = "
    "'carry_over': the previous year's appropriation + carry-in - its actual covered spend; "
    "none when it lapses) - reserved; reserved starts at the year's start as the pay to 30 "
    "September of every new hire on board then, and grows by each commitment's cost; nothing is"
    " released within the year (a hire who leaves frees no money until the next year: "
    "conservative). Whoever cannot be committed waits where they are (first in line on the "
    "offer list, still withdrawing at its rate; a class takes fewer people) until the money "
    "allows: a later day of the year (the cost to 30 September falls day by day) or the next "
    "year's appropriation. When a year's appropriation (+ carry-in) cannot carry what people "
    "already on board will cost, the gap is reported as that year's shortfall (nobody is "
    "dismissed). Money holds a role only in the fiscal years its budget names (its own entries,"
    " or an overall entry allotted to it); other years are not held. An overall budget (no "
    "role) is allotted to roles by budget_allotment, required when there are several roles "
    "(apportionment and allotment to programs in federal budget execution). Not yet with entry "
    "channels, a running pipeline, a shared academy or a warm-up (refused).")


@dataclass(frozen=True)
class Budget:
    """An appropriation: the money of one fiscal year, overall or for one role."""

    fiscal_year: int = _f("the fiscal year (FY2018 = 2017-10-01..2018-09-30)", ge=1900,
                          le=2200)
    amount: float = _f("dollars appropriated for the year. " + BUDGET_RULE, ge=0.0,
                       le=MAX_BUDGET)
    role: str = _f("the role it funds; empty: overall, allotted to roles by budget_allotment",
                   default="")
    note: str = _f("a label, e.g. the source of the figure", max_len=1000, default="")


def budget_problems(sc: Scenario) -> list[tuple[str, str]]:
    """Cross-field checks of ``budget``, ``budget_allotment`` and ``budget_unspent``."""
    out: list[tuple[str, str]] = []
    names = [r.name for r in sc.roles]
    allot = sc.budget_allotment
    if not sc.budget:
        if allot is not None:
            out.append(("budget_allotment", "allots an overall budget; there is no budget"))
        return out
    seen: dict[tuple[int, str], int] = {}
    overall = False
    for i, b in enumerate(sc.budget):
        if b.role and b.role not in names:
            out.append((f"budget.{i}.role", f"unknown role {b.role!r}; roles: "
                                            f"{', '.join(names)} (or empty: overall)"))
        if (b.fiscal_year, b.role) in seen:
            out.append((f"budget.{i}", f"a second entry for fiscal year {b.fiscal_year}"
                                       + (f" and role {b.role}" if b.role else " (overall)")))
        seen[(b.fiscal_year, b.role)] = i
        overall = overall or not b.role
    for (year, role), i in seen.items():
        if role and (year, "") in seen:
            out.append((f"budget.{i}", f"fiscal year {year} has an overall budget and one for "
                                       f"role {role}; give one or the other"))
    if overall and len(names) > 1 and allot is None:
        out.append(("budget_allotment", "required with an overall budget and several roles: "
                                        "the share of each role, e.g. {officer = 0.8, support "
                                        "= 0.2}, summing to 1"))
    if allot is not None:
        for key, share in allot.items():
            if key not in names:
                out.append((f"budget_allotment.{key}", f"unknown role; roles: {', '.join(names)}"))
            elif isinstance(share, bool) or not isinstance(share, int | float) \
                    or not 0 <= share <= 1:
                out.append((f"budget_allotment.{key}", f"a share from 0 to 1, got {share!r}"))
        missing = [r for r in names if r not in allot]
        if missing:
            out.append(("budget_allotment", f"every role needs its share; missing: "
                                            f"{', '.join(missing)}"))
        total = sum(v for v in allot.values() if isinstance(v, int | float))
        if not math.isclose(total, 1.0, abs_tol=1e-9):
            out.append(("budget_allotment", f"shares must sum to 1, got {total:g}"))
    for path, why in _refused(sc):
        out.append((path, why))
    return out


def _refused(sc: Scenario) -> list[tuple[str, str]]:
    """Combinations the money model does not implement yet, refused by name."""
    out = []
    for r in sc.roles:
        why = ("a budget does not yet hold hiring of a role with {what} (the money gate sits "
               "in the academy and direct entry); remove budget or {path}")
        if r.channels:
            out.append((f"roles.{r.name}.channels",
                        why.format(what="entry channels", path=f"roles.{r.name}.channels")))
        if r.pipeline is not None:
            out.append((f"roles.{r.name}.pipeline",
                        why.format(what="a running pipeline",
                                   path=f"roles.{r.name}.pipeline")))
        if r.academy is not None and r.academy.shared is not None:
            out.append((f"roles.{r.name}.academy.shared",
                        why.format(what="a shared academy",
                                   path=f"roles.{r.name}.academy.shared")))
    if sc.warm_up_from is not None:
        out.append(("warm_up_from", "a budget does not yet hold hiring during a warm-up; "
                                    "remove budget or warm_up_from"))
    return out


assert MAX_BUDGET > MAX_COST
