"""Shared test configuration: the hypothesis profiles.

``ci`` (the default) is derandomized, so every run tries the same examples and a failure is
reproducible from the seed printed by hypothesis; no deadline, because the per-applicant
reference mode's run time varies with the generated scenario.  Set ``HYPOTHESIS_PROFILE=thorough``
for a longer local search.
"""

from __future__ import annotations

import os
import sys

import pytest
from hypothesis import HealthCheck, Phase, settings

# -- compiled bytecode is kept (``__pycache__``, ignored by git) ---------------------------------
# The suite starts about a hundred Python processes (two workers, every command-line run, every
# notebook's kernel).  With ``PYTHONDONTWRITEBYTECODE`` set, as on the machines this project runs
# on, each one compiles hiringsim's modules from source again, and each worker compiles and
# rewrites the assertions of every test module again (collection: 8.4 s of CPU against 4.3 s
# with the cache).  Test processes and those they start write and reuse the cache instead.
sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

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


# -- on two worker processes (pytest-xdist, ``-n 2 --dist loadgroup`` in pyproject.toml) ----------
#: work units that take longest, started first so that neither worker is left with a long one at
#: the end (longest processing time first): each executed notebook, then each scenario of the
#: fast-against-reference comparison (its module fixture), each a unit of its own
LONG_FIRST = ("test_notebook_runs_top_to_bottom", "test_fast_and_reference_agree_in_distribution",
              "test_binding_scenario_exercises_every_limit", "test_every_record_conserves_people")
NOTEBOOK_ORDER = ("06", "07", "03", "02", "04", "05", "01")


def _unit(item: pytest.Item) -> tuple[int, str]:
    """(rank, name) of the item's work unit: a test module, or a long test's own unit."""
    name = getattr(item, "originalname", item.name)
    params = getattr(getattr(item, "callspec", None), "params", {})
    if name == LONG_FIRST[0]:
        stem = params["path"].stem
        rank = NOTEBOOK_ORDER.index(stem[:2]) if stem[:2] in NOTEBOOK_ORDER else 9
        static = "-static" if params.get("env") else ""
        return rank, f"notebook-{stem}{static}"  # no "]" or "@": xdist splits names at them
    if name in LONG_FIRST[1:]:
        return 10, f"equivalence-{params['kpi_frames']}"
    return 20, item.nodeid.split("::")[0]


@pytest.hookimpl(hookwrapper=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]):
    """Each test module is one unit of work for pytest-xdist (its module fixtures are built
    once, as with ``--dist loadscope``), except the long tests of LONG_FIRST; once pytest has
    ordered the items (fixtures), the long units are moved to the front, in LONG_FIRST's order."""
    for item in items:  # before xdist's own hook, which reads the marks
        item.add_marker(pytest.mark.xdist_group(_unit(item)[1]))
    yield
    items.sort(key=lambda item: _unit(item)[0])

