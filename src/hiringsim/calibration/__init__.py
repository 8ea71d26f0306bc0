"""Calibration: do the scenario's rates match what the pipeline actually did?

Observed data is a tidy table of counts per period (format in ``docs/observed-data.md``;
:mod:`.observed` reads and checks it).  :func:`calibrate` fits, where the data informs them,
with likelihood estimators at day resolution (counts within a period are spread evenly over its
days, or onto the academy's class days where people move only then), one module per family,
all with the signature ``estimate(data, role, *, confidence) -> list[Estimate]``
(:data:`.fit.ESTIMATORS`):

- :mod:`.applications`: applications per week for each recruiting period (Poisson rate, exact
  Garwood interval);
- :mod:`.stages`: stage pass rates and mean durations or service times (exits as the inflow
  convolved with the duration, Poisson likelihood, profile-likelihood intervals);
- :mod:`.withdrawals`: withdrawal hazards while waiting for a resource or for a position/class
  (withdrawals over person-days waiting; exact Poisson interval);
- :mod:`.graduation`: academy graduation rate (Wilson);
- :mod:`.attrition`: one factor on all of a role's attrition hazards (profile likelihood).

Headcount and time to hire are not fitted; they are checked (:mod:`.check`): the calibrated
scenario is simulated and every observed series is compared with the simulated 5-95% band
(:meth:`Calibration.coverage`, :func:`hiringsim.plots.solve.plot_fit`).  :mod:`.result` holds
the :class:`Calibration`.  :func:`observe` (from :mod:`hiringsim.measures.observed`) turns a run
into data of this format, to rehearse a calibration.

Assumptions: the series start when the pipeline starts (the scenario's start: nobody is in a
stage before the first period), counts within a period are spread evenly over its days.
"""

from __future__ import annotations

from ..measures.observed import observe
from .fit import ESTIMATORS, calibrate
from .observed import (
    ObservedDataError,
    load_observed,
    observed_json_schema,
    validate_observed,
)
from .result import Calibration

__all__ = ["ESTIMATORS", "Calibration", "ObservedDataError", "calibrate", "load_observed",
           "observe", "observed_json_schema", "validate_observed"]
