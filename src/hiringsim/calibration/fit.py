"""``calibrate``: observed data in, every estimator the data informs run, a Calibration out."""

from __future__ import annotations

from concurrent.futures import Executor
from pathlib import Path
from typing import TYPE_CHECKING

from ..rng import root_entropy
from ..scenario import Scenario, ScenarioError
from . import applications, attrition, graduation, stages, withdrawals
from .check import check_frame
from .estimate import Estimate, Estimator, table
from .observed import ObservedDataError, check_scenario, load_observed, validate_observed
from .result import Calibration
from .series import Data

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = ["ESTIMATORS", "calibrate"]

#: the estimator families by name, run in this order for each role
ESTIMATORS: dict[str, Estimator] = {
    "applications": applications.estimate,
    "stages": stages.estimate,
    "withdrawals": withdrawals.estimate,
    "graduation": graduation.estimate,
    "attrition": attrition.estimate,
}


def calibrate(scenario: Scenario, observed: pd.DataFrame | str | Path, *,
              confidence: float = 0.95, replications: int = 20, seed: int | None = None,
              executor: Executor | None = None, progress: bool | None = None) -> Calibration:
    """Fit the scenario's rates to observed data and check the fit by simulation.

    Every estimator of :data:`ESTIMATORS` fits what the data informs (applications per week,
    stage pass rates and mean durations, withdrawal hazards, academy graduation, attrition;
    see ``docs/observed-data.md``) with ``confidence`` intervals.  With ``replications`` > 0
    the calibrated scenario is simulated that many times (on ``executor``; root ``seed``,
    ``None`` for fresh entropy, recorded) and every observed series is set against the
    simulated band (``check_frame``; plot with :func:`hiringsim.plots.solve.plot_fit`).

    Parameters
    ----------
    scenario : Scenario
        The scenario to calibrate; its distribution shapes and tenure bands are kept.
    observed : DataFrame or path
        Observed data (``period_start, period_end, role, measure, stage, value``) or a CSV.

    Returns
    -------
    Calibration
        The calibrated scenario, ``estimates``, ``ranges()`` for sweeps and the check.

    Raises
    ------
    ObservedDataError
        The data is malformed or does not fit the scenario (every problem listed).

    Examples
    --------
    >>> import hiringsim
    >>> sc = hiringsim.load_scenario("tests/scenarios/small.toml")  # doctest: +SKIP
    >>> data = hiringsim.observe(hiringsim.run_replication(sc, seed=7))  # doctest: +SKIP
    >>> cal = hiringsim.calibrate(sc, data, replications=0)  # doctest: +SKIP
    >>> cal.estimates[["path", "estimate", "low", "high"]]  # doctest: +SKIP
    """
    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be a hiringsim Scenario, got {type(scenario).__name__}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence!r}")
    source = None
    if isinstance(observed, str | Path):
        source = str(observed)
        observed = load_observed(observed)
    else:
        observed = validate_observed(observed)
    check_scenario(observed, scenario, source=source)
    data = Data(scenario, observed)
    ests: list[Estimate] = []
    for role in scenario.roles:
        for estimator in ESTIMATORS.values():
            ests += estimator(data, role, confidence=confidence)
    est = table(ests, confidence)
    fitted = est.dropna(subset=["estimate"])
    values = dict(zip(fitted["path"], fitted["estimate"], strict=True))
    try:
        cal = scenario.with_values(values, name=f"{scenario.name} (calibrated)") if values \
            else scenario
    except ScenarioError as exc:  # the data imply inputs outside the model's bounds
        raise ObservedDataError([("(data)", f"the fitted inputs make a scenario the model "
                                  f"refuses: {field}: {msg}") for field, msg in exc.problems],
                                source) from None
    if not replications:
        return Calibration(cal, scenario, est, observed, confidence, source=source)
    seed = root_entropy(seed)
    check = check_frame(cal, observed, replications, seed=seed, executor=executor,
                        progress=progress, source=source)
    return Calibration(cal, scenario, est, observed, confidence, check, seed, source)
