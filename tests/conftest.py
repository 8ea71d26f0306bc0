"""Shared test configuration: the hypothesis profiles.

``ci`` (the default) is derandomized, so every run tries the same examples and a failure is
reproducible from the seed printed by hypothesis; no deadline, because the per-applicant
reference mode's run time varies with the generated scenario.  Set ``HYPOTHESIS_PROFILE=thorough``
for a longer local search.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings

settings.register_profile(
    "ci",
    deadline=None,
    max_examples=40,
    derandomize=True,
    database=None,
    print_blob=True,
    # no "explain" phase: it re-runs failing examples many times (slow with the reference mode)
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough",
    deadline=None,
    max_examples=500,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
