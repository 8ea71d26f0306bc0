"""Vetting that overlaps training: tentative offers and removals after entry.

A role with ``tentative_from = "<stage>"`` lets candidates start the academy (or onboarding)
while that stage -- typically the background investigation -- and every later stage (the
*vetting*) are still running.  The rule, the same in both simulation modes:

- A candidate who enters the ``tentative_from`` stage (joins its queue) at time ``t`` also joins
  the offer list at ``t`` (flow ``offer:tentative``).  From then on the person is counted where
  they are in the pipeline (offer list, academy, onboarding, on duty), never in the vetting
  stages' states (their stocks are zero); the vetting stages' flows (enter, start, pass, fail)
  are recorded as events, for the funnel and the investigators' busy time.
- The vetting stages go on as before (queue, service, pass or fail), except that their
  withdrawal hazard no longer applies: the candidate waits as an offer holder, and the offer's
  withdrawal hazard applies while on the offer list.  The vetting runs to its end even if the
  candidate withdrew or left meanwhile: its cost is spent all the same.
- On failing a vetting stage at time ``f``, a candidate still on the offer list leaves it at ``f``
  (``offer:fail``: failed, not withdrawn); one in the academy, onboarding or on duty is removed at
  ``f`` (``academy:removed``, ``onboarding:removed``, ``duty:removed``: *removals after entry*,
  counted apart from washouts and attrition), and the position is freed.  Someone who already
  left (withdrew, washed out, left by attrition) is not removed again.  Costs already incurred
  (screening, training, incentives, salary until removal) stay spent.

Entry channels (``Role.channels``).  The role's ``tentative_from`` applies to every channel of the
role: a channel's stages are a subsequence of the role's ending with its last, so its vetting
starts at its first stage at or after the named one in the role's order (:func:`channel_from`;
a channel without such a stage would have no overlap, but validation makes every channel end
with the role's last stage).  The vetting stages are thus the same in every channel that has
them, and the role's stage states hold nobody from the named stage on.  A channel's trainees in
its course are removed from it on a failure (``course:removed``), and each channel keeps its own
``offer:tentative``, ``offer:fail`` and removals (``RunRecord.channels``; :func:`channel_flows`).

Fast mode: the vetting stages move the group as usual, but :func:`settle` sets aside whoever does
not pass on in time with a removal time (the failure, or never); the entry kinds take each
candidate's offer time and removal time from :func:`offers`: the offer-list deadline becomes
``min(patience, removal)`` with the reason kept (:func:`offer_deadlines`), a position held is
released at ``min(release, removal)``, and :func:`academy_flows` / :func:`onboard_and_leave` record
the flows cut short by a removal.  Reference mode: :func:`tentative` forks the vetting into its
own process, which on a failure removes the person from wherever the per-person state says.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from . import names as n

if TYPE_CHECKING:  # pragma: no cover
    from ..scenario import Role, Stage
    from .kinds.base import Group
    from .record import RunRecord

__all__ = ["ACADEMY_ENDS", "COURSE_ENDS", "academy_flows", "channel_flows", "channel_from",
           "covers", "first", "flows", "held_offer", "held_vetting", "hire_removals",
           "leave_offer_list", "offer_deadlines", "offers", "onboard_and_leave",
           "removed_if_on_board", "settle", "stocks", "tentative"]

#: the removal flow of each place a person can be removed from
_REMOVAL = {n.OFFER_WAIT: n.OFFER_FAIL, n.ACADEMY: n.ACADEMY_REMOVED, n.COURSE: n.COURSE_REMOVED,
            n.ONBOARDING: n.ONBOARDING_REMOVED, n.ON_DUTY: n.DUTY_REMOVED}
#: the removal flow of each path of an entry channel's training (none straight to onboarding)
_TRAINING_REMOVED = {"academy": [n.ACADEMY_REMOVED], "course": [n.COURSE_REMOVED], "direct": []}


class _Counts(Protocol):
    """Where flows are counted: a run record, or a channel's view of it."""

    def add_times(self, role: str, flow: str, times: np.ndarray) -> None: ...


def first(role: Role) -> int:
    """Index of the role's first vetting stage (``len(role.stages)``: no overlap)."""
    if role.tentative_from is None:
        return len(role.stages)
    return next(i for i, s in enumerate(role.stages) if s.name == role.tentative_from)


def channel_from(role: Role, stages: tuple[Stage, ...]) -> str | None:
    """The first vetting stage of a channel of ``role`` with ``stages`` (a subsequence of the
    role's): its first stage at or after the role's ``tentative_from`` in the role's order
    (None: no overlap)."""
    names = [s.name for s in role.stages]
    if role.tentative_from not in names:  # (unset; or not a stage: validation says so)
        return None
    later = set(names[names.index(role.tentative_from):])
    return next((s.name for s in stages if s.name in later), None)


def covers(role: Role, stage: Stage) -> bool:
    """True when ``stage`` runs alongside training (it is at or after ``tentative_from``)."""
    return any(s.name == stage.name for s in role.stages[first(role):])


# -- the record --------------------------------------------------------------------------------
def flows(role: Role) -> list[str]:
    """The flows overlap adds to a role's record (none when the role does not use it)."""
    if role.tentative_from is None:
        return []
    removals = [n.ACADEMY_REMOVED] if role.academy is not None else []
    if any(ch.path == "course" for ch in role.channels):
        removals.append(n.COURSE_REMOVED)
    return [n.OFFER_TENTATIVE, n.OFFER_FAIL, *removals, n.ONBOARDING_REMOVED, n.DUTY_REMOVED]


def channel_flows(way: Role, path: str) -> list[str]:
    """The flows overlap adds to an entry channel's own record (``way``: the role the channel
    moves as until entry; ``path``: how it enters)."""
    if way.tentative_from is None:
        return []
    return [n.OFFER_TENTATIVE, n.OFFER_FAIL, *_TRAINING_REMOVED[path], n.ONBOARDING_REMOVED,
            n.DUTY_REMOVED]


def stocks(role: Role, cum: dict[str, np.ndarray], st: dict[str, np.ndarray]) -> None:
    """Correct a role's stocks in place: vetting stages hold nobody, the offer list fills with
    tentative offers and empties by failures too, removals leave where they happen."""
    from .kinds import stage_kind  # the kinds import this module

    zero = np.zeros_like(cum[n.APPLICANTS])
    for s in role.stages[first(role):]:
        for state in stage_kind(s).states(s):
            st[state] = zero.copy()
    st[n.OFFER_WAIT] = (cum[n.OFFER_TENTATIVE] - cum[n.EOD] - cum[n.OFFER_WITHDRAW]
                        - cum[n.OFFER_FAIL])
    if role.academy is not None:
        st[n.ACADEMY] = st[n.ACADEMY] - cum[n.ACADEMY_REMOVED]
    if n.COURSE_REMOVED in cum:
        st[n.COURSE] = st[n.COURSE] - cum[n.COURSE_REMOVED]
    st[n.ONBOARDING] = st[n.ONBOARDING] - cum[n.ONBOARDING_REMOVED]
    st[n.ON_DUTY] = st[n.ON_DUTY] - cum[n.DUTY_REMOVED]


# -- fast mode ----------------------------------------------------------------------------------
def settle(g: Group, stage: Stage, passed: np.ndarray, failed: np.ndarray, end: np.ndarray,
           horizon: float, rec: RunRecord) -> None:
    """After ``stage``: keep in ``g`` those who passed before the horizon, at time ``end``.

    On a vetting stage the others are set aside with their offer time and removal time: the
    stage's end if they failed, never (``inf``) if they passed after the horizon or were never
    served; the first vetting stage also records the tentative offers.
    """
    if not covers(g.role, stage):
        g.keep(passed & (end < horizon), end)
        return
    if g.offer is None:  # entering the first vetting stage: a tentative offer
        g.offer = g.t.copy()
        from .running import queued_first  # (running imports this module)

        # queued there at the start (a running pipeline): on the offer list from the start
        rec.add_times(g.role.name, n.OFFER_TENTATIVE, g.t[queued_first(g):])
    on = passed & (end < horizon)
    aside = ~on
    g.parked.append((g.app[aside], g.offer[aside], np.where(failed, end, math.inf)[aside]))
    g.keep(on, end)


def offers(g: Group) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Offer time, application time and removal time (``inf``: never) of everyone in ``g`` and
    set aside from it; the removal time is None when the role does not overlap."""
    if g.role.tentative_from is None:
        return g.t, g.app, None
    assert g.offer is not None  # set by the first vetting stage
    parts = [(g.app, g.offer, np.full(len(g.app), math.inf)), *g.parked]
    offer, app, removal = (np.concatenate([p[1] for p in parts]),
                           np.concatenate([p[0] for p in parts]),
                           np.concatenate([p[2] for p in parts]))
    if g.running is not None:  # a running pipeline's offer holders at the start first
        order = g.running.offer_order(app, offer)
        offer, app, removal = offer[order], app[order], removal[order]
    return offer, app, removal


def offer_deadlines(deadline: np.ndarray, removal: np.ndarray | None
                    ) -> tuple[np.ndarray, np.ndarray | None]:
    """When each candidate leaves the offer list if not admitted: ``min(patience, removal)``,
    and whether that is a failure (None without overlap)."""
    if removal is None:
        return deadline, None
    return np.minimum(deadline, removal), removal < deadline


def leave_offer_list(rec: _Counts, name: str, deadline: np.ndarray, fails: np.ndarray | None,
                     gone: np.ndarray) -> None:
    """Record the candidates ``gone`` (indices) leaving the offer list at their deadline."""
    if fails is None:
        rec.add_times(name, n.OFFER_WITHDRAW, deadline[gone])
        return
    rec.add_times(name, n.OFFER_WITHDRAW, deadline[gone][~fails[gone]])
    rec.add_times(name, n.OFFER_FAIL, deadline[gone][fails[gone]])


#: the removal, washout and graduation flows of the academy and of a channel's course
ACADEMY_ENDS = (n.ACADEMY_REMOVED, n.ACADEMY_WASHOUT, n.ACADEMY_GRADUATE)
COURSE_ENDS = (n.COURSE_REMOVED, n.COURSE_WASHOUT, n.COURSE_GRADUATE)


def academy_flows(rec: _Counts, name: str, eod: np.ndarray, grad: np.ndarray,
                  washout: np.ndarray, length: float | np.ndarray, onboard: np.ndarray,
                  tenure: np.ndarray, removal: np.ndarray,
                  ends: tuple[str, str, str] = ACADEMY_ENDS) -> None:
    """The academy's flows and what follows for the trainees entered at ``eod`` who may be
    removed at ``removal`` (``washout``: when each would wash out; ``grad``: who graduates;
    ``ends``: the training's removal, washout and graduation flows)."""
    removed, washed, graduated = ends
    t_grad = eod + length
    out = removal < np.where(grad, t_grad, washout)  # removed in the academy
    rec.add_times(name, removed, removal[out])
    rec.add_times(name, washed, washout[~grad & ~out])
    g = grad & ~out
    rec.add_times(name, graduated, t_grad[g])
    onboard_and_leave(rec, name, t_grad[g], onboard[g], tenure[g], removal[g])


def removed_if_on_board(removal: np.ndarray, leave: np.ndarray) -> np.ndarray:
    """Fast mode: each hire's removal time if they are still on board when their vetting fails
    (they would leave at ``leave``), else ``inf`` -- as the reference mode records it."""
    return np.where(removal < leave, removal, np.inf)


def onboard_and_leave(rec: _Counts, name: str, t0: np.ndarray, onboard: np.ndarray,
                      tenure: np.ndarray, removal: np.ndarray) -> None:
    """:func:`hiringsim.model.workforce.onboard_and_leave` for hires who may be removed."""
    rel = removal - t0
    early = tenure < onboard  # leaves during onboarding
    in_onb = rel < np.where(early, tenure, onboard)
    in_duty = ~in_onb & ~early & (rel < tenure)
    rec.add_times(name, n.ONBOARDING_REMOVED, removal[in_onb])
    rec.add_times(name, n.ONBOARDING_LEAVE, (t0 + tenure)[early & ~in_onb])
    rec.add_times(name, n.OPERATIONAL, (t0 + onboard)[~early & ~in_onb])
    rec.add_times(name, n.DUTY_LEAVE, (t0 + tenure)[~early & ~in_onb & ~in_duty])
    rec.add_times(name, n.DUTY_REMOVED, removal[in_duty])


# -- reference mode -----------------------------------------------------------------------------
class _Holder:
    """The role as one tentative offer holder's process sees it: moves also track where the
    person is (``me.where``), so that a failure removes them from the right place."""

    def __init__(self, rs: Any, me: Any):
        self._rs = rs
        self._me = me
        # what the offer list, training and service read most, bound once (never rebound)
        self.env, self.sc, self.role, self.rng, self.entry, self.log = (
            rs.env, rs.sc, rs.role, rs.rng, rs.entry, rs.log)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._rs, name)

    def move(self, src: str | None, dst: str | None) -> None:
        self._rs.move(src, dst)
        self._me.where = dst


class _Vetting:
    """The role as the vetting stages see it: flows are logged, but the person is counted
    where they are in the pipeline, not in the stages' states."""

    def __init__(self, rs: Any):
        self._rs = rs
        # what the stages read, bound once (never rebound)
        self.env, self.log, self.stage_key, self.service_key = (
            rs.env, rs.log, rs.stage_key, rs.service_key)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._rs, name)

    def move(self, src: str | None, dst: str | None) -> None:
        pass


def tentative(rs: Any, me: Any, resources: dict[str, Any]) -> Any:
    """Reference mode: ``me`` enters the first vetting stage now, with a tentative offer.

    Starts the vetting as its own process and returns the view of the role through which the
    applicant's process goes on to the offer list (and keeps ``me.where`` up to date).
    """
    rs.log(n.OFFER_TENTATIVE)
    me.proc = rs.env.active_process
    rs.env.process(_vetting(rs, me, resources))
    return _Holder(rs, me)


def _vetting(rs: Any, me: Any, resources: dict[str, Any], start: int | None = None
             ) -> Generator[Any, Any, None]:
    from .dated import role_now

    view = _Vetting(rs)
    for i in range(rs.vetting if start is None else start, len(rs.role.stages)):
        stage = role_now(rs).stages[i]  # the stage in effect when the applicant enters it
        passed = yield from rs.kinds[i].process(view, _quiet(rs, stage), resources, me.id)
        if not passed:
            _remove(rs, me)
            return


def _quiet(rs: Any, stage: Stage) -> Stage:
    """``stage`` without its withdrawal hazard (offer holders don't queue), made once a run
    for each stage object (``rs`` holds the stages: their ids stay theirs during the run)."""
    made = rs.__dict__.setdefault("quiet_stages", {})
    quiet = made.get(id(stage))
    if quiet is None:
        quiet = made[id(stage)] = dataclasses.replace(stage, withdraw_per_week=0.0)
    return quiet


def held_vetting(rs: Any, me: Any, resources: dict[str, Any],
                 rest: Callable[[Any], Generator[Any, Any, bool]], after: int
                 ) -> Generator[Any, Any, None]:
    """Reference mode, a running pipeline: the vetting of ``me``, in a vetting stage at the
    start (holding a tentative offer): ``rest(view)`` ends the stage they are in, then the
    vetting stages from index ``after`` follow; a failure removes them."""
    if (yield from rest(_Vetting(rs))):
        yield from _vetting(rs, me, resources, after)
    else:
        _remove(rs, me)


def held_offer(rs: Any, me: Any, offer: Callable[..., Generator[Any, Any, None]]
               ) -> Generator[Any, Any, None]:
    """Reference mode, a running pipeline: ``me`` on the offer list from the start with a
    tentative offer (``offer(view, me, opening=True)``) until entry, or removal on a failure."""
    import simpy

    me.where, me.proc = n.OFFER_WAIT, rs.env.active_process
    try:
        yield from offer(_Holder(rs, me), me, opening=True)
    except simpy.Interrupt:  # failed the vetting: removed (logged by the vetting)
        return


def _remove(rs: Any, me: Any) -> None:
    """Remove ``me`` from wherever they are (nothing if they already left)."""
    where = me.where
    if where is None:
        return
    rs.log(_REMOVAL[where])
    rs.move(where, None)
    me.where = None
    if where == n.OFFER_WAIT:
        me.withdrawn = True  # classes and admissions skip them
    else:
        rs.removed_at[me.hire] = rs.env.now
        rs.release()
    me.proc.interrupt()


def hire_removals(rs: Any) -> np.ndarray:
    """Reference mode: removal time of each hire in order of entry (``inf``: not removed)."""
    out = np.full(len(rs.hire_eod), math.inf)
    for i, t in rs.removed_at.items():
        out[i] = t
    return out
