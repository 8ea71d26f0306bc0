"""Running replications of one lever setting, and what they say: an :class:`Evaluation`.

Replications go through :func:`hiringsim.execution.execute`, so a setting's rows are the same on
any executor.  A row holds the :data:`KPIS` of one replication.
"""

from __future__ import annotations

import math
from concurrent.futures import Executor
from dataclasses import dataclass
from functools import partial

from ..draws import Inputs
from ..execution import execute, executor_width
from ..scenario import Scenario

__all__ = ["KPIS", "Evaluation", "kpi_row", "run_replications"]

#: what a replication row holds, in order (the first is the success indicator)
KPIS = ("target_by_deadline", "growth_at_deadline", "cost_total")

Row = tuple[float, ...]


def kpi_row(scenario: Scenario, seed: int, replication: int, *,
            inputs: Inputs = "uncertain") -> Row:
    """The :data:`KPIS` of one replication (module level so that process pools can pickle it);
    ``inputs``: draw the scenario's uncertain inputs, or run them at their values in the file."""
    from ..experiment import replication_kpis

    k = replication_kpis(scenario, seed=seed, replication=replication, inputs=inputs)
    return tuple(float(k[name]) for name in KPIS)


def run_replications(scenario: Scenario, seed: int, replications: list[int], *,
                     executor: Executor | None = None,
                     inputs: Inputs = "uncertain") -> list[Row]:
    """The rows of these replications of ``scenario`` under root ``seed``, in order."""
    size = max(1, math.ceil(len(replications) / executor_width(executor)))
    return execute(partial(kpi_row, scenario, seed, inputs=inputs), replications, executor=executor,
                   batch_size=size, progress=False)


@dataclass
class Evaluation:
    """A screened setting: its grid index, lever values, replication rows and cost."""

    idx: tuple[int, ...]
    values: dict[str, float]
    rows: list[Row]
    cost: float = math.nan

    @property
    def n(self) -> int:
        return len(self.rows)

    @property
    def successes(self) -> int:
        return int(sum(r[0] for r in self.rows))

    @property
    def p(self) -> float:
        """The share of replications that reached the target."""
        return self.successes / self.n if self.n else math.nan

    def mean(self, k: int) -> float:
        """The mean of KPI ``KPIS[k]``."""
        return sum(r[k] for r in self.rows) / self.n
