"""The class-filling loop of :class:`hiringsim.model.kinds.academy.AcademyEntry` (fast mode),
compiled with numba.

Used when a class's admissions depend on nothing but the waiting list, the seats and the
positions (no budget, no dated change of the academy or of attrition): then every trainee's
release time after the class start is known before the loop, and the loop is plain arithmetic.
Same rule and the same floating-point operations as the Python loop in the academy kind (which
remains for budgets and dated changes), so the same classes and admissions to the bit; the
golden tests pin it.  Compiled once and cached on disk.
"""

from __future__ import annotations

import numba
import numpy as np

__all__ = ["fill_classes"]


@numba.njit(cache=True)
def fill_classes(starts, seats, caps, t_off, deadline, release, removal, released_by_day,
                 held, days, lim_seats, lim_positions, lim_candidates
                 ):  # pragma: no cover - compiled
    """Fill the classes starting on ``starts`` (sorted days) with ``seats`` and position caps
    ``caps`` (float, may be inf) from the waiting list (``t_off`` sorted offer times,
    ``deadline`` when each leaves it), ``held`` positions held at the start and
    ``released_by_day`` (positions freed on each day, ``days + 1`` long, updated in place).

    The admitted ``k``-th trainee frees its position at ``start + release[k]`` (or at
    ``removal[k']`` of its waiting-list index ``k'`` if earlier; ``removal`` empty: never).
    Returns the waiting-list index of each admitted trainee (increasing), their class start
    day, and each class's filled count and limit."""
    n_cls = starts.shape[0]
    count = t_off.shape[0]
    admitted = np.empty(count, dtype=np.int64)
    eod = np.empty(count)
    filled_out = np.zeros(n_cls, dtype=np.int64)
    limit_out = np.empty(n_cls, dtype=np.int64)
    has_removal = removal.shape[0] > 0
    head = 0
    ptr = 0
    n_adm = 0
    counted_to = 0
    fdays = float(days)
    for j in range(n_cls):
        c = starts[j]
        while ptr < count and t_off[ptr] <= c:
            ptr += 1
        for d in range(counted_to, c):
            held -= released_by_day[d]
        if c > counted_to:
            counted_to = c
        free = caps[j] - held
        if free < 0.0:
            free = 0.0
        room = int(seats[j] if seats[j] < free else free)
        filled = 0
        if room > 0 and ptr > head:
            last = -1
            i = head
            while i < ptr and filled < room:
                if deadline[i] > c:
                    admitted[n_adm + filled] = i
                    filled += 1
                    last = i
                i += 1
            if filled:
                new_head = last + 1
                if filled < room:  # everyone else in the window has withdrawn
                    new_head = ptr
                for m in range(n_adm, n_adm + filled):
                    eod[m] = c
                    rel = c + release[m]
                    if has_removal:
                        r = removal[admitted[m]]
                        if r < rel:
                            rel = r
                    fl = np.floor(rel)
                    released_by_day[int(fl if fl < fdays else fdays)] += 1
                n_adm += filled
                held += filled
            else:
                new_head = ptr
            head = new_head
        filled_out[j] = filled
        if filled == seats[j]:
            limit_out[j] = lim_seats
        elif filled == room:
            limit_out[j] = lim_positions
        else:
            limit_out[j] = lim_candidates
    return admitted[:n_adm], eod[:n_adm], filled_out, limit_out
