"""What a served stage (:class:`hiringsim.model.kinds.served.Served`) records after its queue is
solved, compiled with numba: one pass over each user's people instead of a dozen array
expressions, each a temporary as long as the queue.

Same rule and the same floating-point operations as the array expressions they replace (an
event at ``t`` counts on day ``floor(t)`` when ``0 <= t < days``, as
:func:`hiringsim.model._count_jit.count_days`; a withdrawal at ``arrival + patience``; a wait
``start - arrival``), so the same flows and waits to the bit; the golden tests pin them.
Compiled once and cached on disk.
"""

from __future__ import annotations

import numba

__all__ = ["user_flows", "waits"]


@numba.njit(cache=True)
def user_flows(entered, withdrew_f, started, passed_f, failed_f, t, pat, start, withdrew, end,
               ok, first, days, passed, failed, both):  # pragma: no cover - compiled
    """Count one user's flows at the stage into the day bins (int64 arrays, ``days`` long):
    entered at ``t`` (from person ``first`` on: those before were queued at the start),
    withdrew at ``t + pat`` (where ``withdrew``), started at ``start`` (where finite) and
    passed (``ok``) or failed at ``end`` (``inf`` where not served).  Sets who was served and
    passed, who was served and failed (``passed``, ``failed``: boolean arrays as long as
    ``t``).  ``both``: zeros, ``2 * days`` of them, for the passed then the failed by day (pass
    or fail picks a row, not a branch the processor could mispredict).  Arrays come from the
    caller: an allocation in a kernel adds to its compile."""
    n = t.shape[0]
    for i in range(first, n):
        x = t[i]
        if 0.0 <= x < days:
            entered[int(x)] += 1
    for i in range(n):
        if withdrew[i]:
            x = t[i] + pat[i]
            if 0.0 <= x < days:
                withdrew_f[int(x)] += 1
    for i in range(n):
        s = start[i]
        fin = s - s == 0.0  # finite: served
        o = ok[i]
        passed[i] = fin & o
        failed[i] = fin & (not o)
        if 0.0 <= s < days:
            started[int(s)] += 1
        e = end[i]  # inf when not served
        if 0.0 <= e < days:
            both[int(e) + days * (1 - int(o))] += 1
    for d in range(days):
        passed_f[d] += both[d]
        failed_f[d] += both[days + d]


@numba.njit(cache=True)
def waits(start, arrival, patience, withdrew, lo, horizon, served, gone
          ):  # pragma: no cover - compiled
    """Into ``served``, the waits of those served (``start - arrival``, started in
    ``[lo, horizon)``), into ``gone`` the patience of those who withdrew in ``[lo, horizon)``,
    in queue order (both as long as ``start``); returns how many of each."""
    ns = nw = 0
    for i in range(start.shape[0]):
        s = start[i]
        if s - s == 0.0 and lo <= s < horizon:
            served[ns] = s - arrival[i]
            ns += 1
        if withdrew[i]:
            w = arrival[i] + patience[i]
            if lo <= w < horizon:
                gone[nw] = patience[i]
                nw += 1
    return ns, nw
