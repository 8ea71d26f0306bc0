"""A stage served by a scarce resource: first come first served, withdrawal while queued.

Service lasts the continuous duration, drawn by applicant (the duration's quantile at the
person's own uniform, :mod:`hiringsim.model.crn`) with the parameters in effect when they join
the queue; candidates wait in one FIFO queue per resource (shared by every role whose stage
uses it) and withdraw after an exponential patience.  When
servers are removed, the ones that become free soonest retire (no service is cut short).
Fast mode solves each resource's queue exactly in one pass over everyone who reaches it
(:func:`hiringsim.model.queue.fifo_queue`); reference mode queues each applicant on a SimPy
``PriorityResource`` whose server count follows the schedule through priority blockers.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ...schedules import server_schedule
from .. import names as n
from .._served_jit import user_flows, waits
from ..crn import (
    SERVICE,
    bits,
    bits_one,
    exponential,
    service_time,
    service_times,
    split,
    split_one,
    stream_key,
)
from ..dated import by_epoch, stages
from ..first_of import FirstOf
from ..order import sort_by
from ..overlap import covers, settle
from ..queue import busy_per_day, fifo_queue
from ..running import first_day_servers, in_service, queued_first
from ..sampling import patience_rate
from ..warmup import report_day
from .base import Group, StageKind, decide

if TYPE_CHECKING:  # pragma: no cover
    from ...rng import Streams
    from ...scenario import Scenario, Stage
    from ..record import RunRecord

__all__ = ["Served"]


@dataclass(frozen=True)
class Served(StageKind):
    """A stage whose service needs a server of a shared resource."""

    name = "served"
    observed = ("entered", "started", "withdrew", "passed", "failed")

    def applies(self, stage: Stage) -> bool:
        return stage.resource is not None

    def resource(self, stage: Stage) -> str | None:
        return stage.resource

    def flows(self, stage: Stage) -> list[str]:
        s = stage.name
        return [n.enter(s), n.start(s), n.withdraw(s), n.passed(s), n.failed(s)]

    def states(self, stage: Stage) -> list[str]:
        return [n.queue(stage.name), stage.name]

    def stocks(self, stage: Stage, cum: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        s = stage.name
        return {n.queue(s): cum[n.enter(s)] - cum[n.start(s)] - cum[n.withdraw(s)],
                s: cum[n.start(s)] - cum[n.passed(s)] - cum[n.failed(s)]}

    def cost_flow(self, stage: Stage) -> str:
        """Charged on the service start: those who withdraw while queued cost nothing."""
        return n.start(stage.name)

    def funnel_row(self, stage: Stage, flows: dict[str, np.ndarray]) -> dict[str, int]:
        row = super().funnel_row(stage, flows)
        row["withdrew"] = int(flows[n.withdraw(stage.name)].sum())
        return row

    def fast_joint(self, sc: Scenario, resource: str, users: list[Group], streams: Streams,
                   rec: RunRecord) -> None:
        horizon = float(sc.days)
        arr, svc, pat, u_pass = [], [], [], []
        versions, epochs = [], []
        for g in users:
            s = g.role.stages[g.stage]
            rs = (g.role.name, "stage", s.name)  # the stage's stream (its keys only)
            # each person's parameters are those in effect when they join the queue
            versions.append(stages(sc, g.role.name, g.stage))
            epochs.append(sc.epoch_of(g.t))
            arr.append(g.t)
            # service time, pass or fail and patience by applicant (hiringsim.model.crn)
            svc.append(service_times([v.duration for v in versions[-1]], epochs[-1],
                                     stream_key(streams, *rs, tag=SERVICE), g.ids))
            u, u_wait = split(bits(stream_key(streams, *rs), g.ids))
            u_pass.append(u)
            p = exponential(u_wait, by_epoch([patience_rate(v.withdraw_per_week)
                                               for v in versions[-1]], epochs[-1]))
            pat.append(np.full(len(g.t), np.inf) if covers(g.role, s) else p)  # offer holders
        a = np.concatenate(arr)
        order, a = sort_by(a)  # the stable order (model.order)
        svc_all = np.concatenate(svc)
        sv, pt = svc_all[order], np.concatenate(pat)[order]
        c0, changes = server_schedule(sc, resource)
        held = in_service(users)  # servers held at the start by a running pipeline
        if held is not None:
            c0, changes = first_day_servers(c0, changes)
        start, withdrew = fifo_queue(a, sv, pt, c0, changes, busy_until=held)
        end = start + sv
        rec.busy[resource] = busy_per_day(start, end, sc.days)  # inf: not served, not counted
        if held is not None:
            rec.busy[resource] += busy_per_day(np.zeros(len(held)), held, sc.days)
        lo = report_day(sc)  # a warm-up's waits from the start
        w_served, w_gone = np.empty(len(a)), np.empty(np.count_nonzero(withdrew))
        ns, nw = waits(start, a, pt, withdrew, lo, horizon, w_served, w_gone)  # one pass
        rec.waits[resource] = {"served": w_served[:ns], "withdrew": w_gone[:nw]}
        # back to the users' own order, each user a slice: one scatter per array
        start_o, withdrew_o = np.empty_like(start), np.empty_like(withdrew)
        start_o[order], withdrew_o[order] = start, withdrew
        end_o = start_o + svc_all
        lo_hi = np.cumsum([0] + [len(x) for x in arr])
        for gi, g in enumerate(users):
            s = g.role.stages[g.stage]
            name = g.role.name
            st, wd, en = (x[lo_hi[gi]:lo_hi[gi + 1]] for x in (start_o, withdrew_o, end_o))
            ok = u_pass[gi] < by_epoch([v.pass_rate for v in versions[gi]], epochs[gi])
            fl = rec.flows[name]  # the stage's five flows counted in one compiled pass
            passed, failed = np.empty(len(g.t), dtype=bool), np.empty(len(g.t), dtype=bool)
            user_flows(fl[n.enter(s.name)], fl[n.withdraw(s.name)], fl[n.start(s.name)],
                       fl[n.passed(s.name)], fl[n.failed(s.name)], g.t, pat[gi], st, wd, en,
                       ok, queued_first(g), sc.days, passed, failed,
                       np.zeros(2 * sc.days, dtype=np.int64))
            settle(g, s, passed, failed, en, horizon, rec)
            g.stage += 1

    def process(self, rs: Any, stage: Stage, resources: dict[str, Any], who: int | None = None,
                *, opening: bool = False) -> Generator[Any, Any, bool]:
        """``opening``: already queued at the start (a running pipeline): no entry logged.
        Service time, pass or fail and patience by applicant (``who``, :mod:`..crn`)."""
        env = rs.env
        assert who is not None  # everybody at a resource has an id
        u_pass, u_wait = split_one(bits_one(rs.stage_key[stage.name], who))
        assert stage.resource is not None  # applies() only to stages with a resource
        r = resources[stage.resource]
        if not opening:
            rs.log(n.enter(stage.name))
            rs.move(None, n.queue(stage.name))
        arrived = env.now
        req = r.res.request(priority=1)
        rate = patience_rate(stage.withdraw_per_week)
        if rate > 0:
            yield FirstOf(env, req, env.timeout(-math.log1p(-u_wait) / rate))  # req | timeout
            served = req.processed
        else:
            yield req
            served = True
        now = env.now
        if not served:
            req.cancel()
            rs.log(n.withdraw(stage.name))
            rs.move(n.queue(stage.name), None)
            r.wait_withdrew.append((now, now - arrived))
            return False
        rs.log(n.start(stage.name))
        rs.move(n.queue(stage.name), stage.name)
        r.wait_served.append((now, now - arrived))
        r.start.append(now)
        service = service_time(stage.duration, rs.service_key[stage.name], who)
        r.end.append(now + service)
        yield env.timeout(service)
        r.res.release(req)
        return decide(rs, stage, u_pass)
