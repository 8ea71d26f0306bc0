# ---
# jupyter:
#   jupytext:
#     notebook_metadata_filter: -jupytext.text_representation.jupytext_version
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 3. What matters? Sensitivity of the baseline
#
# Notebooks 1 and 2 take the inputs as given. Many of them are assumptions. This notebook
# lets six inputs of the baseline vary over plausible ranges — four uncertain facts and
# two levers a planner controls — and measures how much each one moves **net growth of
# trained officers at the deadline**. Two methods:
#
# - **Sobol' indices**: all six inputs vary together; each input's index is the share of
#   the outcome's variation it accounts for.
# - **Tornado chart**: each input alone moves from the low to the high end of its range,
#   the others staying at the baseline.
#
# The same sweep then scales from this laptop to a Dask cluster (section 5). With the
# default sizes it takes about three minutes on two cores.

# %% tags=["parameters"]
# Parameters: the size of this notebook's runs. Lower them for a quicker, rougher answer.
# Papermill can override them (this cell is tagged "parameters"); the test suite sets the
# environment variables to run every notebook in seconds.
import os

REPLICATIONS = int(os.environ.get("HIRINGSIM_NB_REPLICATIONS", 10))  # runs per tornado point
SMALL = os.environ.get("HIRINGSIM_NB_SMALL", "0") not in ("", "0")  # True: quick-check sizes
SEED = 2017  # root seed of the random numbers: the same seed gives the same results
SOBOL_N = 8 if SMALL else 64  # Sobol' base samples (a power of 2): SOBOL_N x 8 runs
OAT_REPLICATIONS = 2 if SMALL else REPLICATIONS
N_JOBS = int(os.environ.get("HIRINGSIM_NB_JOBS", 0)) or None  # processes; None: all cores
STORE_DIR = os.environ.get("HIRINGSIM_NB_STORE")  # folder for sweep stores; None: temporary
DASK_SCHEDULER = os.environ.get("HIRINGSIM_DASK_SCHEDULER")  # e.g. "tcp://10.0.0.5:8786"

# %%
# %matplotlib inline
from pathlib import Path

import hiringsim as hs
from hiringsim import plots

print(f"hiringsim {hs.__version__}; bundled scenarios: {', '.join(hs.examples())}")

# %% [markdown]
# ## 1. The inputs and their ranges
#
# | input | baseline | range | why |
# |---|---|---|---|
# | mean days of a background investigation | 60 | 40 to 120, most likely 60 | ASSUMPTION; investigations overrun far more often than they finish early |
# | officer attrition per year | 5% | 3% to 8% | no ICE figure; Border Patrol 4.3% to 5.5% used as a proxy |
# | applications per week during the surge | 3,000 | 2,000 to 4,500 | response to recruiting campaigns is uncertain |
# | weekly withdrawal while waiting for an offer | 2% | 1% to 4% | ASSUMPTION; long waits lose applicants to other agencies |
# | investigation slots after the April 2018 expansion | 1,500 | 1,000 to 3,000 | **lever**: contract capacity |
# | academy seats per weekly class | 60 | 40 to 120 | **lever**: FLETC space |
#
# Each input is addressed by its dotted path in the scenario file. Every value a design
# can reach is checked against the scenario's rules before anything runs.

# %% tags=["expect-output"]
from hiringsim.sweep import Parameter, Sweep, run_sweep

baseline = hs.example("baseline")
LABELS = {  # dotted path in the scenario: short label for charts
    "roles.officer.stages.background.duration.mean": "investigation days (mean)",
    "roles.officer.attrition.annual_rate": "officer attrition per year",
    "roles.officer.recruiting.0.per_week": "applications per week",
    "roles.officer.offer_withdraw_per_week": "withdrawal per week of waiting",
    "resources.background.changes.0.servers": "investigation slots from Apr 2018",
    "roles.officer.academy.seats": "academy seats per class",
}
parameters = [
    Parameter("roles.officer.stages.background.duration.mean", dist="triangular",
              low=40, mode=60, high=120),
    Parameter("roles.officer.attrition.annual_rate", low=0.03, high=0.08),
    Parameter("roles.officer.recruiting.0.per_week", low=2000, high=4500),
    Parameter("roles.officer.offer_withdraw_per_week", low=0.01, high=0.04),
    Parameter("resources.background.changes.0.servers", low=1000, high=3000),
    Parameter("roles.officer.academy.seats", low=40, high=120),
]
sweep = Sweep(parameters=parameters, base=baseline, design="sobol", n=SOBOL_N,
              replications=1, seed=SEED, name="what_matters",
              outcomes=["growth_at_deadline", "time_to_hire_mean", "cost_per_net_hire"])
sweep

# %% [markdown]
# ## 2. Run the Sobol' design
#
# The design has `SOBOL_N × (6 + 2)` points. Every point runs with the same seed (common
# random numbers), so differences between points come from the inputs, not from chance.
# Results go into a store (one SQLite file) as each point finishes: if the run is
# interrupted, running the same cell again with the same store resumes where it stopped.

# %% tags=["expect-output"]
import tempfile

store_dir = Path(STORE_DIR) if STORE_DIR else Path(tempfile.mkdtemp(prefix="hiringsim-"))
store_dir.mkdir(parents=True, exist_ok=True)
sobol_run = run_sweep(sweep, store=store_dir / f"what_matters_sobol_n{SOBOL_N}.sqlite",
                      n_jobs=N_JOBS)
print(sobol_run)
sobol_run.table().head()


# %% [markdown]
# ## 3. Sobol' indices
#
# For each input, two numbers between 0 and 1:
#
# - **first order (S1)**: the share of the outcome's variation explained by this input
#   alone;
# - **total order (ST)**: the share it takes part in, alone or through its interplay with
#   the others. An input with ST near zero can be fixed at any value in its range without
#   changing the answer.
#
# The whiskers show 95% bootstrap intervals. With a small design (`SOBOL_N = 8`) they are
# wide and the ranking is rough; the default 64 usually separates the inputs that matter
# most from the rest.

# %% tags=["expect-image"]
def labelled(frame):
    out = frame.assign(parameter=frame["parameter"].map(LABELS))
    out.attrs.update(frame.attrs)
    return out


sobol = sobol_run.sobol("growth_at_deadline")
ax = plots.plot_sobol(labelled(sobol))

# %% tags=["expect-output"]
sobol.assign(parameter=sobol["parameter"].map(LABELS)).round(2).set_index("parameter")

# %% [markdown]
# ## 4. Tornado chart: one input at a time
#
# The same inputs, but each one alone at the low and the high end of its range (for the
# investigation time: its 5% and 95% quantiles), the others at the baseline: `2 × 6 + 1`
# points. Each bar shows how far the outcome swings. Easier to read than Sobol' indices,
# but blind to interplay between inputs.

# %% tags=["expect-image"]
oat = sweep.replace(design="oat", n=None, replications=OAT_REPLICATIONS)
oat_run = run_sweep(oat, store=store_dir / f"what_matters_oat_r{OAT_REPLICATIONS}.sqlite",
                    n_jobs=N_JOBS)
tornado = oat_run.tornado("growth_at_deadline")
ax = plots.plot_tornado(labelled(tornado))

# %% [markdown]
# The scatter below shows the outcome at every Sobol' design point against the input
# that matters most. The spread at a given value is the effect of the other inputs; where
# the red line levels off, more of this input stops helping because something else
# limits the pace.

# %% tags=["expect-image"]
top = sobol["parameter"].iloc[0]
ax = plots.plot_outcome_vs_parameter(sobol_run, "growth_at_deadline", top)

# %% tags=["expect-output"]
import textwrap

first, second = sobol.iloc[0], sobol.iloc[1]
swing = tornado.set_index("parameter")["swing"]
reps = oat_run.outcomes[oat_run.outcomes["point_id"] == 0]["growth_at_deadline"]
noise = reps.std(ddof=1) if len(reps) > 1 else float("nan")
table = sobol_run.table()
lines = [
    f"Net growth at the deadline ranges from {table['growth_at_deadline'].min():,.0f} to "
    f"{table['growth_at_deadline'].max():,.0f} officers over the {len(table)} design "
    f"points (the target is {baseline.target.growth:,}).",
    f"The input that matters most is {LABELS[first['parameter']]} (total-order index "
    f"{first['ST']:.2f}, 95% interval {first['ST_low']:.2f} to {first['ST_high']:.2f}), "
    f"then {LABELS[second['parameter']]} ({second['ST']:.2f}, {second['ST_low']:.2f} to "
    f"{second['ST_high']:.2f})"
    + ("; their intervals overlap, so the order of the two is not settled at this size."
       if first["ST_low"] <= second["ST_high"] else "."),
    f"Moving one input alone across its range swings the outcome by up to "
    f"{swing.max():,.0f} officers ({LABELS[swing.idxmax()]}); one replication's chance "
    f"variation at the baseline is about {noise:,.0f} officers (standard deviation).",
]
for line in lines:
    print(textwrap.fill(line, 100), end="\n\n")

# %% [markdown]
# **How to read this.** Inputs with a large total-order index are where better information
# pays off (for uncertain facts) or where a decision changes the outcome (for levers). An
# uncertain input that matters deserves a real estimate before the plan is fixed; a lever
# that matters is a candidate for the plan.
# The ranges in section 1 are themselves judgements: a wider range makes an input look
# more important.
#
# ## 5. Scaling the same sweep to a Dask cluster
#
# A sweep runs on any `concurrent.futures` executor. On one machine it uses a process
# pool (`n_jobs`). For thousands of runs, point it at a
# [Dask](https://distributed.dask.org) cluster — install the extra with
# `pip install -e ".[dask]"` — either by the scheduler's address:
#
# ```python
# run_sweep(sweep.replace(n=1024, replications=2), store="runs/what_matters.sqlite",
#           scheduler="tcp://scheduler-host:8786")
# ```
#
# or through a `Client` you already have (for example from a Kubernetes or HPC
# deployment):
#
# ```python
# from distributed import Client
#
# client = Client("tcp://scheduler-host:8786")
# run_sweep(sweep, store="runs/what_matters.sqlite", executor=client.get_executor())
# ```
#
# The results are the same as on a laptop: each run depends only on its inputs, the seed
# and the replication number, never on which worker ran it. The store stays on the
# machine running the notebook; an interrupted cluster run resumes from it. From the
# command line: `hiringsim sweep scenarios/sweeps/baseline_uncertainty.toml --scheduler
# tcp://scheduler-host:8786`.
#
# The cell below runs a larger design on the cluster named by the environment variable
# `HIRINGSIM_DASK_SCHEDULER`, and does nothing when it is not set.

# %% tags=["expect-output"]
if DASK_SCHEDULER:
    big = sweep.replace(n=4 * SOBOL_N, replications=2)
    big_store = store_dir / f"what_matters_sobol_n{4 * SOBOL_N}_r2.sqlite"
    big_run = run_sweep(big, store=big_store, scheduler=DASK_SCHEDULER)
    ax = plots.plot_sobol(labelled(big_run.sobol("growth_at_deadline")))
else:
    print("HIRINGSIM_DASK_SCHEDULER is not set: no cluster run (see the code above).")
