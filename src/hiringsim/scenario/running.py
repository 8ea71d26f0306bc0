"""Checks of a role's running pipeline (``roles.<role>.pipeline``) against the rest of the
scenario: stage names, queues only at resource stages, people in service within the servers,
running classes only with an academy and started within one class length before the start."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .core import Scenario

__all__ = ["QUEUE_SUFFIX", "pipeline_problems"]

#: a pipeline key ``<stage>_queue`` counts those waiting for the resource of ``<stage>``
QUEUE_SUFFIX = "_queue"


def pipeline_problems(sc: Scenario) -> list[tuple[str, str]]:
    """Every problem of every role's pipeline, as (dotted field, message)."""
    out: list[tuple[str, str]] = []
    in_service: dict[str, int] = {}
    for role in sc.roles:
        pl = role.pipeline
        if pl is None:
            continue
        p = f"roles.{role.name}.pipeline"
        stages = {s.name: s for s in role.stages}
        served = [s.name for s in role.stages if s.resource is not None]
        valid = ", ".join([*stages, *(f"{s}{QUEUE_SUFFIX}" for s in served)])
        seen: set[str] = set()
        for key, count in pl.stages:
            if key in seen:
                out.append((f"{p}.stages.{key}", "given twice"))
            seen.add(key)
            if key in stages:
                res = stages[key].resource
                if res is not None:
                    in_service[res] = in_service.get(res, 0) + count
                continue
            base = key.removesuffix(QUEUE_SUFFIX)
            if key.endswith(QUEUE_SUFFIX) and base in stages:
                if stages[base].resource is None:
                    out.append((f"{p}.stages.{key}", f"stage {base!r} has no resource, so no "
                                f"queue; count its people as {base!r}"))
                continue
            out.append((f"{p}.stages.{key}", f"no stage {key!r} in role {role.name!r}; valid: "
                        f"{valid}"))
        ac = role.academy
        if pl.classes and ac is None:
            out.append((f"{p}.classes", f"role {role.name!r} has no academy; remove classes "
                        "(count graduates in onboarding)"))
        for i, cl in enumerate(pl.classes):
            if ac is None:
                break
            earliest = sc.start - dt.timedelta(days=ac.length_days - 1)
            if not earliest <= cl.start < sc.start:
                out.append((f"{p}.classes.{i}.start",
                            f"a running class starts before the scenario start ({sc.start}) and "
                            f"ends after it: between {earliest} and "
                            f"{sc.start - dt.timedelta(days=1)} (length_days = "
                            f"{ac.length_days}); got {cl.start}"))
    # servers on the first day (a change dated at the start applies at once)
    servers = {r.name: ([c.servers for c in r.changes if c.start <= sc.start] or [r.servers])[-1]
               for r in sc.resources}
    for res, count in in_service.items():
        if res in servers and count > servers[res]:
            out.append((f"resources.{res}.servers", f"the pipelines put {count:,} people in "
                        f"service at {res!r} at the start, more than its {servers[res]:,} "
                        "servers on the first day; raise servers or count the rest as "
                        "'<stage>_queue'"))
    return out
