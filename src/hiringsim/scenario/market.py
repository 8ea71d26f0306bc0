"""An applicant pool that responds: seasonality, pay and a finite pool (both simulation modes).

Three inputs of a role (and of its entry channels, where recruiting is declared) move the
applications a recruiting schedule gives; each rule is stated once here and quoted by the field
docs, the JSON Schema and the README:

- :data:`SEASONALITY_DOC` -- 12 monthly multipliers, normalised by their mean;
- :data:`PAY_DOC` -- first-year pay (salary + bonus) moves applications and the withdrawal
  hazards through stated elasticities;
- :data:`POOL_DOC` -- a finite pool of eligible people that applications draw down.

Seasonality and pay are deterministic: they fold into the expected applications a day
(:func:`hiringsim.schedules.daily_rate`, read by both modes), and pay also into the withdrawal
hazards of the role in effect (:func:`responded`, read by both modes through
:func:`hiringsim.model.dated.roles`).  The pool is random (who is left depends on who applied):
both modes draw it day by day (:mod:`hiringsim.model.pool`).  A role without these inputs runs
the code it ran before, draw for draw.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

    from .core import Scenario
    from .parts import Role, Stage

__all__ = ["MAX_SEASON", "PAY_DOC", "POOL_DOC", "SEASONALITY_DOC", "applied", "market_problems",
           "pay_ratio", "responded", "season_by_day", "withdrawal_factor"]

#: the seasonality rule, stated once
SEASONALITY_DOC = (
    "12 numbers > 0, January to December: on a day of month m the expected applications are "
    "per_week / 7 x s[m] / mean(s) -- normalised by the plain mean of the 12, so per_week stays "
    "the average weekly rate over the year's months (1.2: 20% above that average)")

#: the pay rule, stated once
PAY_DOC = (
    "first-year pay P = salary + bonus, each as in effect on the day (dated changes), against "
    "P0 = salary + bonus as given (before any change): the expected applications of day d are "
    "multiplied by (P(d) / P0)^applications; the withdrawal hazards by (P / P0)^-withdrawal, "
    "with P in effect when each hazard's wait starts -- a stage's withdraw_per_week when a "
    "person enters the stage (joins its queue), offer_withdraw_per_week on the day the offer "
    "wait starts (as a hazard: a weekly probability w becomes 1 - (1 - w)^multiplier). Needs "
    "salary + bonus > 0")

#: the finite pool rule, stated once
POOL_DOC = (
    "applications draw the pool down: on day d each of the R(d) people still in it applies "
    "with probability min(1, rate(d) / eligible) (a binomial draw; rate(d) = the applicants a "
    "day without the pool: recruiting / applications_per_applicant, seasonality, pay), so "
    "E[applicants on day d] = rate(d) x R(d) / eligible; an applicant leaves the pool on "
    "applying and is back in it reapply_after_days later (none: not within the run). The pool "
    "is full on the run's first day (a warm-up's, if any); hires come back like everyone "
    "(ASSUMPTION: about 2% of applicants, a simplification); people already in a running "
    "pipeline are not in it")


def season_by_day(sc: Scenario, seasonality: tuple[float, ...]) -> np.ndarray:
    """The normalised seasonal multiplier on each simulated day (:data:`SEASONALITY_DOC`)."""
    import numpy as np

    s = np.asarray(seasonality, dtype=float)
    dates = np.datetime64(sc.start, "D") + np.arange(sc.days)
    months = dates.astype("datetime64[M]").astype(np.int64) % 12  # 0 = January
    return (s / s.mean())[months]


def _pay(role: Role) -> float:
    return role.salary + role.bonus


def pay_ratio(sc: Scenario, role: Role) -> float | np.ndarray:
    """First-year pay on each day over first-year pay as given, P(d) / P0 (a number when it
    never changes).  ``role`` may be an entry channel's role ``<role>/<channel>``: the role's
    pay."""
    import numpy as np

    base = role.name.partition("/")[0]
    p0 = _pay(sc.role(base))
    if p0 <= 0:  # refused by validation (market_problems); 1 while checking the rest
        return 1.0
    ratios = [_pay(ep.role(base)) / p0 for _, ep in sc.epochs]
    if len(set(ratios)) == 1:
        return ratios[0]
    return np.asarray(ratios)[sc.epoch_of(np.arange(sc.days))]


def applied(sc: Scenario, role: Role, rate: np.ndarray) -> np.ndarray:
    """``rate`` (expected applications a day) with ``role``'s seasonality and pay response;
    ``rate`` itself when it has neither."""
    el = role.pay_elasticity
    if role.seasonality is None and (el is None or el.applications == 0):
        return rate
    out = rate.copy()
    if role.seasonality is not None:
        out *= season_by_day(sc, role.seasonality)
    if el is not None and el.applications != 0:
        out *= pay_ratio(sc, role) ** el.applications
    return out


def withdrawal_factor(sc: Scenario, role: Role) -> float:
    """The multiplier of the withdrawal hazards of ``role`` in effect (an epoch's role):
    (P / P0)^-withdrawal."""
    el = role.pay_elasticity
    if el is None or el.withdrawal == 0:
        return 1.0
    base = role.name.partition("/")[0]
    p0 = _pay(sc.role(base))
    if p0 <= 0 or _pay(role) <= 0:  # refused by validation (market_problems)
        return 1.0
    ratio = _pay(role) / p0
    return 1.0 if ratio == 1.0 else float(ratio ** -el.withdrawal)


def responded(sc: Scenario, role: Role) -> Role:
    """``role`` in effect (an epoch's) with its withdrawal hazards -- its stages', its offer
    wait's and its channels' own -- scaled by :func:`withdrawal_factor` (``role`` itself when
    the factor is 1)."""
    m = withdrawal_factor(sc, role)
    if m == 1.0:
        return role

    def w(x: float) -> float:
        return 1.0 - (1.0 - x) ** m

    def st(stages: tuple[Stage, ...]) -> tuple[Stage, ...]:
        return tuple(dataclasses.replace(s, withdraw_per_week=w(s.withdraw_per_week))
                     for s in stages)

    channels = tuple(dataclasses.replace(
        c, stages=None if c.stages is None else st(c.stages),
        offer_withdraw_per_week=None if c.offer_withdraw_per_week is None
        else w(c.offer_withdraw_per_week)) for c in role.channels)
    return dataclasses.replace(role, stages=st(role.stages), channels=channels,
                               offer_withdraw_per_week=w(role.offer_withdraw_per_week))


#: the largest monthly multiplier (before normalising; each must be > 0): a month a hundred
#: times another's is already beyond any recruiting season
MAX_SEASON = 100.0


def market_problems(role: Role) -> list[tuple[str, str]]:
    """Problems of ``role``'s seasonality, pay elasticity and pools (its channels' too), as
    (dotted field, message), every one at once."""
    p = f"roles.{role.name}"
    out = _season_problems(role.seasonality, f"{p}.seasonality")
    for ch in role.channels:
        out += _season_problems(ch.seasonality, f"{p}.channels.{ch.name}.seasonality")
    if role.pay_elasticity is not None and _pay(role) <= 0:
        out.append((f"{p}.pay_elasticity", f"needs first-year pay (salary + bonus) above 0, got "
                    f"salary {role.salary:g} + bonus {role.bonus:g}; set salary, or remove "
                    "pay_elasticity"))
    return out


def _season_problems(values: tuple[float, ...] | None, path: str) -> list[tuple[str, str]]:
    if values is None:
        return []
    if len(values) != 12:  # each value's bounds are the field's (> 0, <= MAX_SEASON)
        return [(path, f"give 12 monthly multipliers (January to December), got "
                 f"{len(values)}")]
    return []
