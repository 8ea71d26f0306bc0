"""What every hire goes through after training, in both modes: onboarding, then attrition.

Tenure is drawn at entry (from graduation, or entry on duty without an academy); a hire whose
tenure ends before onboarding does leaves from onboarding.  Staff on board at the start leave
at the long-tenure rate.  Attrition changed on a date applies in calendar time to everyone on
board (:func:`~hiringsim.model.sampling.tenure_at`); onboarding takes the length in effect on
the day it starts.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

import numpy as np

from . import names as n
from .dated import attrition_schedule, role_now
from .sampling import tenure_at

if TYPE_CHECKING:  # pragma: no cover
    from ..rng import Streams
    from ..scenario import Role
    from .record import RunRecord

__all__ = ["initial_releases", "initial_staff", "onboard_and_leave", "serve"]


def initial_releases(role: Role, streams: Streams, rec: RunRecord) -> np.ndarray:
    """Fast mode: departure times of the starting staff (recorded)."""
    e = streams(role.name, "attrition", "initial").exponential(1.0, role.initial)
    leave = tenure_at(attrition_schedule(rec.scenario, role.name), 0.0, e, initial=True)
    rec.add_times(role.name, n.INITIAL_LEAVE, leave)
    return leave


def onboard_and_leave(rec: RunRecord, name: str, t0: np.ndarray, onboard: np.ndarray,
                      tenure: np.ndarray) -> None:
    """Fast mode: onboarding from ``t0``, then departure after ``tenure`` (recorded): who
    leaves before onboarding ends (``tenure < onboard``) leaves from onboarding, the others
    become operational at ``t0 + onboard`` and leave from duty (the three flows counted in one
    compiled pass)."""
    from ._count_jit import count_onboard_leave

    fl = rec.flows[name]
    t0, onboard, tenure = (np.ascontiguousarray(x, dtype=float)
                           for x in np.broadcast_arrays(t0, onboard, tenure))
    count_onboard_leave(fl[n.ONBOARDING_LEAVE], fl[n.OPERATIONAL], fl[n.DUTY_LEAVE], t0,
                        onboard, tenure, rec.days)


def serve(rs: Any, onboard: float | None = None) -> Generator[Any, Any, None]:
    """Reference mode: one hire's onboarding (``onboard`` days, default a draw) and time on
    duty, until they leave."""
    env = rs.env
    if onboard is None:
        onboard = float(role_now(rs).onboarding.sample(rs.rng["onboarding"]))
    e = rs.rng["attrition"].exponential(1.0, 1)
    tenure = float(tenure_at(attrition_schedule(rs.sc, rs.name), env.now, e)[0])
    if tenure < onboard:
        yield env.timeout(tenure)
        rs.log(n.ONBOARDING_LEAVE)
        rs.move(n.ONBOARDING, None)
        rs.release()
        return
    yield env.timeout(onboard)
    rs.log(n.OPERATIONAL)
    rs.move(n.ONBOARDING, n.ON_DUTY)
    yield env.timeout(tenure - onboard)
    rs.log(n.DUTY_LEAVE)
    rs.move(n.ON_DUTY, None)
    rs.release()


def initial_staff(rs: Any) -> Generator[Any, Any, None]:
    """Reference mode: the starting staff leave over time."""
    env = rs.env
    e = rs.rng["attrition"].exponential(1.0, rs.role.initial)
    leave = np.sort(tenure_at(attrition_schedule(rs.sc, rs.name), 0.0, e, initial=True))
    for t in leave.tolist():  # Python floats: the clock stays one (model.reference)
        if t >= rs.sc.days:
            return
        yield env.timeout(t - env.now)
        rs.log(n.INITIAL_LEAVE)
        rs.move(n.ON_DUTY, None)
        rs.release()
