"""Freed memory kept at the top of the heap (:mod:`hiringsim.heap`): set once per process,
off with ``HIRINGSIM_KEEP_HEAP=0``, and arrays allocated again no longer fault their pages in
anew."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from hiringsim import heap

_FAULTS = """
import resource, sys
from hiringsim.heap import keep_heap
print(int(keep_heap()))
import numpy as np
np.ones(200_000)
f0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(20):
    a = np.ones(200_000); b = a * 2; del a, b
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - f0)
"""


def _faults(keep: bool) -> tuple[int, int]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    env["HIRINGSIM_KEEP_HEAP"] = "1" if keep else "0"
    out = subprocess.run([sys.executable, "-c", _FAULTS], capture_output=True, text=True,
                         check=True, env=env).stdout.split()
    return int(out[0]), int(out[1])


def test_keep_heap_is_once_per_process(monkeypatch):
    """Switched off, nothing is set; a later call does nothing more and says what the first
    did."""
    monkeypatch.setattr(heap, "_kept", None)
    monkeypatch.setenv("HIRINGSIM_KEEP_HEAP", "0")
    assert heap.keep_heap() is False
    monkeypatch.setenv("HIRINGSIM_KEEP_HEAP", "1")
    assert heap.keep_heap() is False  # decided once


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc only")
def test_arrays_allocated_again_reuse_their_pages():
    """1.5 MB arrays allocated and freed 20 times: a few dozen page faults with the heap kept,
    hundreds without (each allocation faulting its pages in anew)."""
    set_, kept = _faults(True)
    unset, fresh = _faults(False)
    if not set_:
        pytest.skip("not glibc")
    assert not unset
    assert kept * 4 < fresh, (kept, fresh)
