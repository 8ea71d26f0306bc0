"""Results of many replications: tidy frames, bands across replications, summaries, storage.

Every row carries the scenario name, the replication number and the root seed, so any run can
be replayed alone with ``hiringsim.run_replication(scenario, seed=seed, replication=replication)``.
Daily state counts are kept compactly as int32 arrays (replication x state x day) and turned
into frames on demand.  ``save`` writes a folder: Parquet tables, the daily arrays as NPZ and a
``meta.json`` with the resolved scenario, seed, mode and hiringsim version.
"""

from .assembler import Assembler
from .core import DEFAULT_QUANTILES, Results

__all__ = ["DEFAULT_QUANTILES", "Assembler", "Results"]
