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
# # 6. What it takes: working backwards from the deadline
#
# The first five notebooks ask *what happens if*. A planner's harder questions run the other
# way:
#
# 1. **What must we change to be 90% sure** of +10,000 trained officers by 30 September
#    2022, at the least cost? (`hiringsim.solve`)
# 2. **Do the scenario's rates match what our pipeline actually did?** Fit them to
#    observed counts, with intervals (`hiringsim.calibrate`).
#
# Goal seeking screens candidate settings with the same random numbers for all of them
# (common random numbers), then verifies the cheapest plausible one on *fresh*
# replications and states its probability with an interval — so the answer is not an
# artefact of lucky draws.

# %% tags=["parameters"]
# Parameters: the size of this notebook's runs. Lower them for a quicker, rougher answer.
# Papermill can override them (this cell is tagged "parameters"); the test suite sets the
# environment variables to run every notebook in seconds.
import os

REPLICATIONS = int(os.environ.get("HIRINGSIM_NB_REPLICATIONS", 40))  # runs per candidate setting
SMALL = os.environ.get("HIRINGSIM_NB_SMALL", "0") not in ("", "0")  # True: quick-check sizes
SEED = 2017  # root seed of the random numbers: the same seed gives the same results
VERIFY = 8 if SMALL else 200  # fresh replications that verify the answer
STEP = 16 if SMALL else 2      # seats are searched in steps of this size

# %%
# %matplotlib inline
import pandas as pd

import hiringsim as hs
from hiringsim import plots

print(f"hiringsim {hs.__version__}; bundled scenarios: {', '.join(hs.examples())}")

# %% [markdown]
# ## 1. How many academy seats are needed?
#
# The baseline runs one 60-seat class a week and reaches +10,000 about eight months late
# (notebook 1). `solve_one` searches the seats per weekly class between 40 and 96 for the
# least value that makes the target by the deadline at least 90% likely. The
# search assumes more seats never hurt (a monotone bisection).

# %% tags=["expect-output"]
base = hs.example("baseline")
seats = hs.solve_one(base, "roles.officer.academy.seats", low=40, high=96, step=STEP,
                     probability=0.9, replications=REPLICATIONS,
                     verify_replications=VERIFY, seed=SEED)
print(seats.report())

# %% tags=["expect-image"]
ax = plots.plot_frontier(seats)

# %% [markdown]
# **How to read it.** Each grey point is a setting screened on the same replications; the
# star is the answer with the interval from its fresh replications; the dashed line is the
# 90% goal. A setting just below the answer that *screened* as plausible but failed on fresh
# replications is listed in the report: that is the verification doing its job.

# %% tags=["expect-output"]
best = seats.best
verdict = "is" if seats.feasible else "is NOT"
print(f"Answer: {best.values} -- P(+10,000 by the deadline) {best.probability:.0%} "
      f"(95% interval {best.ci_low:.0%} to {best.ci_high:.0%}, {best.n} fresh replications). "
      f"The 90% goal {verdict} reached within the searched range.")

# %% [markdown]
# ## 2. Two levers with costs: seats or investigators?
#
# `scenarios/solve/investigators_and_seats.toml` lets the search trade seats per class
# against background-investigation slots from April 2018, each with a cost per unit above
# the baseline (ASSUMPTIONS written in the file). The file runs from the command line too:
# `hiringsim solve scenarios/solve/investigators_and_seats.toml`.

# %% tags=["expect-output"]
spec = hs.load_solve(hs.example_path("solve/investigators_and_seats"))
two = hs.solve(spec, replications=REPLICATIONS, verify_replications=VERIFY, seed=SEED)
print(two.report())

# %% [markdown]
# ## 3. Calibration: do the rates match what happened?
#
# An agency would use its own counts (the CSV format is in `docs/observed-data.md`). Here
# we rehearse: a "true" pipeline whose officers' background pass rate (0.60) and support
# staff attrition (9% a year) differ from the baseline's assumptions (0.70 and 7%) produces
# two years of monthly counts; `calibrate` fits the baseline to them. If it works, the 95%
# intervals cover the true values (in about 19 of 20 rehearsals with different seeds).

# %% tags=["expect-output"]
truth = {"roles.officer.stages.background.pass_rate": 0.60,
         "roles.support.attrition.annual_rate": 0.09}
record = hs.run_replication(base.with_values(truth), seed=SEED)
observed = hs.observe(record, period_days=30)
observed = observed[pd.to_datetime(observed["period_end"]) <= "2019-03-01"]
print(f"{len(observed):,} observed rows, e.g.:")
observed.head()

# %% tags=["expect-output"]
cal = hs.calibrate(base, observed, replications=4 if SMALL else 20, seed=SEED)
est = cal.estimates.set_index("path")
for path, value in truth.items():
    row = est.loc[path]
    inside = row["low"] <= value <= row["high"]
    print(f"{path}: estimate {row['estimate']:.3f}, 95% interval {row['low']:.3f} to "
          f"{row['high']:.3f}; truth {value} is {'inside' if inside else 'OUTSIDE'}")

# %% tags=["expect-image"]
axes = plots.plot_fit_report(cal)

# %% [markdown]
# The fit report draws each observed series (dots) over the calibrated scenario's
# simulation (median and 5–95% band). `cal.ranges()` turns the intervals into ranges a
# sensitivity sweep can take, `cal.fragment()` gives each fitted input's distribution as the
# scenario's uncertain inputs, and `cal.to_toml()` writes a scenario file that `extends`
# the baseline and `set`s the fitted values.
#
# **Caveats.** Calibration fits what the data informs (rates, mean durations,
# withdrawals, and the long-run attrition rate; a tenure band's rate is *not identified*
# by separations and stays at the scenario's value, as `cal.report()` says); it assumes
# the counts start with the
# scenario and are spread evenly within each period. Goal seeking answers within the
# searched bounds and at the stated unit costs, which are assumptions to replace with the
# agency's own.

# %% tags=["expect-output"]
print({path: tuple(round(v, 4) for v in bounds) for path, bounds in cal.ranges().items()
       if path in truth})
