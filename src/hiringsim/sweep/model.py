"""The hiringsim model as a sweep's ``evaluate``: scenario variant -> one replication's KPIs."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from hiringsim.scenario import Scenario

__all__ = ["ScenarioModel"]


class ScenarioModel:
    """``evaluate(values, seed, replication)`` for hiringsim scenarios.

    Builds ``base.with_values(values)`` (once per design point: consecutive replications of a
    point reuse it) and returns ``hiringsim.replication.run_kpis(scenario, seed=...,
    replication=..., mode=...)``.  Picklable, so it can be sent to process pools and dask workers.
    """

    def __init__(self, base: Scenario, *, mode: str = "fast"):
        self.base = base
        self.mode = mode
        self._last: tuple[Any, Scenario] | None = None

    def __call__(self, values: dict[str, Any], seed: int, replication: int) -> dict[str, float]:
        from hiringsim.replication import run_kpis  # the simulation core; imported in the worker

        return run_kpis(self.scenario(values), seed=seed, replication=replication, mode=self.mode)

    def scenario(self, values: dict[str, Any]) -> Scenario:
        """The base scenario with ``values`` set (validated)."""
        key = tuple(sorted(values.items()))
        if self._last is None or self._last[0] != key:
            self._last = (key, self.base.with_values(values))
        return self._last[1]

    def check(self, values: dict[str, Any]) -> list[tuple[str, str]]:
        """Problems the scenario has with ``values`` (empty if it accepts them)."""
        from hiringsim.scenario import ScenarioError

        try:
            self.base.with_values(values)
        except ScenarioError as exc:
            return list(exc.problems)
        return []

    def __getstate__(self) -> dict[str, Any]:
        return {"base": self.base, "mode": self.mode, "_last": None}

    def __repr__(self) -> str:
        return f"ScenarioModel({self.base.name!r}, mode={self.mode!r})"
