"""The task a worker process runs for ``simulate``: one replication, run and summarized.

Kept apart from :mod:`hiringsim.experiment` so that a worker imports the model and the measures
only: a process pool that spawns its workers (``spawn`` or ``forkserver``, the default outside
Linux and from Python 3.14) then starts without pandas (about 100 MB and half a CPU second
each).
"""

from __future__ import annotations

from .draws import Inputs
from .measures.summary import Replication, summarize_record
from .replication import Mode, run_replication
from .scenario import Scenario

__all__ = ["replicate"]


def replicate(scenario: Scenario, seed: int, mode: Mode, keep: str, replication: int, *,
              inputs: Inputs = "uncertain") -> Replication:
    """One replication, summarized (``keep="series"`` keeps the daily series; module-level so
    that process pools pickle it)."""
    rec = run_replication(scenario, seed=seed, replication=replication, mode=mode,
                          inputs=inputs)
    return summarize_record(rec, keep_series=keep == "series")
