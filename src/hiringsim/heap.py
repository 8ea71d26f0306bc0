"""Keeping freed memory at the top of the heap for reuse, in processes that run many
replications.

glibc's ``malloc`` hands the top of its heap back to the system as soon as it is freed, and
grows it again on the next request.  A replication allocates and frees the same large
temporary arrays every time, so the same memory is unmapped, mapped, zeroed and faulted in
again and again: about 1,300 minor page faults a baseline replication, some 6% of its CPU.
:func:`keep_heap` asks ``malloc`` to keep 64 MB at the top of the heap (``M_TOP_PAD``, as the
``MALLOC_TOP_PAD_`` environment variable would), once per process: memory kept is reused, not
touched anew (about one fault a replication), and the peak resident memory stays about the same.
The task that runs replications calls it (:func:`hiringsim.execution._run_items`: in each
worker process, or here when running serially).  Only on Linux with glibc; elsewhere, and when
``HIRINGSIM_KEEP_HEAP=0``, it does nothing.  Results do not depend on it.
"""

from __future__ import annotations

import os
import sys

__all__ = ["TOP_PAD", "keep_heap"]

#: bytes malloc keeps at the top of the heap
TOP_PAD = 64 << 20
_M_TOP_PAD = -2  # glibc's mallopt parameter

#: what keep_heap did in this process (None: not called yet)
_kept: bool | None = None


def keep_heap() -> bool:
    """Ask glibc's malloc to keep :data:`TOP_PAD` bytes at the top of the heap, once per
    process (later calls only say what the first did); True when it is set."""
    global _kept
    if _kept is None:
        _kept = _set_top_pad()
    return _kept


def _set_top_pad() -> bool:
    if not sys.platform.startswith("linux") or os.environ.get("HIRINGSIM_KEEP_HEAP") == "0":
        return False
    try:
        import ctypes

        return bool(ctypes.CDLL("libc.so.6").mallopt(_M_TOP_PAD, TOP_PAD))
    except (OSError, AttributeError):  # not glibc
        return False
