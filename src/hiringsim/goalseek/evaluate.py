"""Running replications of one lever setting, and what they say: an :class:`Evaluation`.

Replications go through :func:`hiringsim.execution.execute`, so a setting's rows are the same on
any executor.  A row holds the :data:`KPIS` of one replication, computed from the run record by
the same measures as :func:`hiringsim.replication_kpis` but only those (not the whole summary).
"""

from __future__ import annotations

import math
from concurrent.futures import Executor
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from ..draws import Inputs
from ..execution import execute, executor_width
from ..scenario import Scenario

if TYPE_CHECKING:  # pragma: no cover
    from ..model.record import RunRecord

__all__ = ["KPIS", "Evaluation", "goal_row", "kpi_row", "run_replications"]

#: what a replication row holds, in order (the first is the success indicator)
KPIS = ("target_by_deadline", "growth_at_deadline", "cost_total")

Row = tuple[float, ...]


def goal_row(rec: RunRecord) -> Row:
    """The :data:`KPIS` of a run record, as :func:`hiringsim.replication_kpis` gives them
    (the same measures, without the rest of the summary)."""
    from ..measures.costs import cost_kpis
    from ..measures.growth import growth_by_role, target_kpis
    from ..model.record import stocks

    sc = rec.scenario
    st = stocks(rec)
    k = target_kpis(sc, growth_by_role(sc, st, rec.opening))
    return (k["target_by_deadline"], k["growth_at_deadline"], cost_kpis(rec, st)["cost_total"])


def kpi_row(scenario: Scenario, seed: int, replication: int, *,
            inputs: Inputs = "uncertain") -> Row:
    """The :data:`KPIS` of one replication (module level so that process pools can pickle it);
    ``inputs``: draw the scenario's uncertain inputs, or run them at their values in the file."""
    from ..replication import run_replication

    return goal_row(run_replication(scenario, seed=seed, replication=replication,
                                    inputs=inputs))


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
