"""The hiringsim model as a sweep's ``evaluate``: scenario variant -> one replication's KPIs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:  # pragma: no cover
    from hiringsim.model.record import RunRecord
    from hiringsim.replication import Mode
    from hiringsim.scenario import Scenario

__all__ = ["Outcomes", "ScenarioModel"]


class Outcomes(dict):
    """A run's KPIs; a name ``WHAT@YYYY-MM-DD`` missing from them is read off the run's daily
    series (:func:`dated_outcome`), so a sweep keeps exactly the series points it asks for."""

    def __init__(self, kpis: dict[str, float], record: RunRecord):
        super().__init__(kpis)
        self._record = record

    def __missing__(self, name: str) -> float:
        from hiringsim.measures.dated import dated_outcome

        if "@" not in name:
            raise KeyError(name)
        value = self[name] = dated_outcome(self._record, name)
        return value


class ScenarioModel:
    """``evaluate(values, seed, replication)`` for hiringsim scenarios.

    Builds ``base.with_values(values)`` (once per design point: consecutive replications of a
    point reuse it) and returns ``hiringsim.replication_kpis(scenario, seed=...,
    replication=..., mode=...)``.  Picklable, so it can be sent to process pools and dask workers.
    """

    def __init__(self, base: Scenario, *, mode: str = "fast"):
        self.base = base
        self.mode = mode
        self._last: tuple[Any, Scenario] | None = None

    def __call__(self, values: dict[str, Any], seed: int, replication: int) -> dict[str, float]:
        # the simulation core, imported in the worker
        from hiringsim.measures.summary import summarize_record
        from hiringsim.replication import run_replication

        record = run_replication(self.scenario(values), seed=seed, replication=replication,
                                 mode=cast("Mode", self.mode))  # checked there
        kpis = summarize_record(record, keep_series=False).kpis
        return Outcomes({k: v for k, v in kpis.items() if not isinstance(v, str)}, record)

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

    def check_outcomes(self, outcomes: Sequence[str]) -> list[tuple[str, str]]:
        """Outcomes a run does not give, as ``("outcomes", message)`` (empty if all are known).

        One fast replication of the base scenario runs here to list its KPIs and to read dated
        outcomes (``growth@2019-09-30``) off its series.
        """
        from hiringsim.measures.summary import summarize_record
        from hiringsim.replication import run_replication

        record = run_replication(self.base, seed=0, replication=0, mode="fast")
        kpis = summarize_record(record, keep_series=False).kpis
        known = Outcomes({k: v for k, v in kpis.items() if not isinstance(v, str)}, record)
        out = []
        for name in outcomes:
            try:
                known[name]
            except KeyError as exc:
                why = exc.args[0] if "@" in name and exc.args else (
                    f"unknown outcome {name!r}; the outcomes are {', '.join(sorted(known))}, "
                    "or a headcount on a date: WHAT@YYYY-MM-DD (e.g. growth@2019-09-30)")
                out.append(("outcomes", why))
        return out

    def __getstate__(self) -> dict[str, Any]:
        return {"base": self.base, "mode": self.mode, "_last": None}

    def __repr__(self) -> str:
        return f"ScenarioModel({self.base.name!r}, mode={self.mode!r})"
