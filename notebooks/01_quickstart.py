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
# # 1. Quickstart: the EO 13768 baseline
#
# Executive Order 13768 (25 January 2017) ordered ICE to hire 10,000 additional
# immigration officers, "plus operational and mission support and legal staff". This
# notebook runs the bundled **baseline** scenario — the order as written, with 2017's
# capacity to investigate and train recruits — and answers three questions:
#
# 1. By when does ICE have 10,000 more trained officers than at the start, and how sure
#    is that date?
# 2. Where do the applicants go: how many apply for each officer hired?
# 3. What limits the pace: background investigations or academy seats?
#
# Run the cells from top to bottom (*Run → Run All Cells*); it takes one to two minutes
# with the default 200 replications. **Every number here depends on the scenario's inputs**;
# some come from public records and some are assumptions, listed in section 2.

# %% tags=["parameters"]
# Parameters: the size of this notebook's runs. Lower them for a quicker, rougher answer.
# Papermill can override them (this cell is tagged "parameters"); the test suite sets the
# environment variables to run every notebook in seconds.
import os

REPLICATIONS = int(os.environ.get("HIRINGSIM_NB_REPLICATIONS", 200))  # replications of the scenario
SMALL = os.environ.get("HIRINGSIM_NB_SMALL", "0") not in ("", "0")  # True: quick-check sizes
SEED = 2017  # root seed of the random numbers: the same seed gives the same results

# %%
# %matplotlib inline
import hiringsim as hs
from hiringsim import plots

print(f"hiringsim {hs.__version__}; bundled scenarios: {', '.join(hs.examples())}")

# %% [markdown]
# ## 1. The scenario
#
# A scenario is a text file (TOML) that describes the whole pipeline: when recruiting
# starts and how many apply each week; the screening stages with their pass rates and
# durations; background investigations, a scarce capacity shared by every role; the
# academy (how often classes start, seats, length, graduation rate); field onboarding;
# attrition; costs; and how many positions are funded from which date. Loading the file
# checks every value, and displaying it gives a summary.

# %% tags=["expect-output"]
baseline = hs.example("baseline")
baseline

# %% [markdown]
# How to read it: each role row lists its screening stages with the share who pass and
# the mean number of days; `@background` marks the stage that needs a free
# background-investigation slot (people wait in line for one). Officers then wait for an
# academy class with a free seat. Support and legal staff have no academy; their targets
# are tied to the officer target by ratios: 0.65 support staff per officer added (ICE's
# own estimate of "more than 6,500" for 10,000 officers) and 0.2 legal staff (today's
# ratio of ICE attorneys to deportation officers).

# %% [markdown]
# ## 2. What is known and what is assumed
#
# The scenario file cites a public source for every input that has one (OIG and GAO
# reports, agency statements, press reports of them). Where no public figure exists, the
# file says **ASSUMPTION**. Those are the numbers to question first; notebook 3 measures
# how much each of them moves the answer.

# %% tags=["expect-output"]
lines = hs.example_path("baseline").read_text().splitlines()
assumed = [(number, line.strip()) for number, line in enumerate(lines, 1)
           if "ASSUMPTION" in line]
print(f"{len(assumed)} lines of baseline.toml mark an assumption:\n")
for number, line in assumed:
    print(f"  line {number:3d}: {line}")

# %% [markdown]
# ## 3. Run the simulation
#
# One *replication* is one possible history: who applies on which day, who passes each
# stage, how long each investigation takes, who leaves and when. Chance differs between
# replications, so we run many and look at the spread. The `seed` fixes the random
# numbers: the same seed gives the same results on any computer, and every result records
# its seed, so any single replication can be replayed.

# %% tags=["expect-output"]
results = hs.simulate(baseline, REPLICATIONS, seed=SEED, progress=True)
results

# %% [markdown]
# This short report is what the command line prints (`hiringsim run
# scenarios/baseline.toml`). Read first: **Reached by the deadline** (the share of
# replications with +10,000 trained officers by 30 September 2022), **Date reached** (the
# dates by which 10%, 50% and 90% of replications have reached it) and **Bottleneck**.

# %% [markdown]
# ## 4. The summary
#
# `results.summary()` has one row per indicator (numbers); `results.summary_table()` shows
# the main ones as a planner reads them, with two kinds of range that answer different
# questions:
#
# - **95% CI of the mean**: how precisely the simulation has pinned down the average. It
#   narrows as you add replications. It says nothing about whether the inputs are right.
# - **5th to 95th percentile**: how much one possible history differs from another (the
#   luck of recruiting and screening). More replications do not narrow it.

# %% tags=["expect-output"]
summary = results.summary()  # every indicator, as numbers (used below)
results.summary_table()  # the main ones, as a planner reads them

# %% [markdown]
# ## 5. Growth against the target: the fan chart
#
# The chart follows the number of trained officers (in field onboarding or on duty) above
# the 6,000 at the start. The line is the median replication; the dark band holds the
# middle half of the replications and the light band 90% of them. The dashed line is the
# +10,000 target, the dotted line the deadline: 30 September 2022, the end of FY2022, five
# years as ICE planned (OIG-18-42). Where the band crosses the target line right of the
# deadline, the target is reached late.

# %% tags=["expect-image"]
ax = plots.plot_fan(results)

# %% tags=["expect-output"]
t = baseline.target
p = summary.loc["target_by_deadline"]
when = results.target_dates((0.1, 0.5, 0.9)).set_index("quantile")


def by(q):
    row = when.loc[q]
    return f"{row['date']:%d %b %Y}" if row["reached"] else "not by the end of the run"


g = summary.loc["growth_at_deadline"]
print(f"+{t.growth:,} trained officers by {t.deadline:%d %b %Y}: reached in {p['mean']:.0%} "
      f"of {results.replications} replications (95% CI {p['ci_low']:.0%} to "
      f"{p['ci_high']:.0%}).")
print(f"Date reached: 10% of replications by {by(0.1)}, half by {by(0.5)}, 90% by {by(0.9)}.")
print(f"Net growth at the deadline: {g['mean']:,.0f} officers on average "
      f"({g['mean'] / t.growth:.0%} of the target).")

# %% [markdown]
# ## 6. The funnel: where the applicants go
#
# Each bar is a stage, in order, as long as the number who entered it (mean per
# replication), split into those who passed, failed, withdrew while waiting, or were
# still in the stage when the run ended. *Offer* is the wait for a funded position and an
# academy seat; people who wait too long take other jobs. OIG projected about 50
# applicants per ICE officer hired (OIG-17-98-SR); the baseline's pass rates are
# assumptions chosen to match that figure, so the match is by construction, not a test of
# the model.

# %% tags=["expect-image"]
ax = plots.plot_funnel(results)

# %% [markdown]
# ## 7. The bottleneck
#
# Two capacities are scarce: background-investigation slots (shared by officers, support
# and legal staff) and academy seats. The chart shows how much of each was in use during
# the surge (until the target is reached); the one used most is the **bottleneck**. A
# capacity in use close to 100% of the time makes people queue; adding to a capacity that
# is far from full changes little.

# %% tags=["expect-image"]
ax = plots.plot_resources(results)

# %% tags=["expect-output"]
name = results.bottleneck()
share = (results.kpis["bottleneck"] == name).mean()
use = results.resources.groupby("resource")[["utilization_surge", "utilization"]].mean()
print(f"Bottleneck: {hs.labels.capacity_label(name)} in {share:.0%} of replications.")
for resource, u in use.iterrows():
    print(f"  {hs.labels.capacity_label(resource)}: {u['utilization_surge']:.0%} in use until "
          f"the target is reached, {u['utilization']:.0%} over the whole run")
print(f"Mean wait for a background investigation: "
      f"{summary.loc['background_wait_mean', 'mean']:,.0f} days; academy seats left empty "
      f"over the whole run: {summary.loc['empty_seats', 'mean']:,.0f}.")

# %% [markdown]
# When does the investigation capacity bind? The next chart follows the share of
# investigation slots in use week by week (blue) and the number of candidates waiting for
# one (orange, right-hand scale). The step in April 2018 is the planned expansion.

# %% tags=["expect-image"]
ax = plots.plot_utilization(results, resource="background")

# %% [markdown]
# ## 8. Where the people are, day by day
#
# The stacked chart counts the officers and candidates in each state at the end of every
# day (mean over replications): screening stages in blue, the wait for an investigator in
# orange, the wait for a position or a class in yellow, then academy, field onboarding and
# on duty. Thick orange or yellow layers are queues: people who have passed what they can
# and are waiting for capacity.

# %% tags=["expect-image"]
ax = plots.plot_pipeline(results)

# %% [markdown]
# ## 9. Time to hire
#
# Days from application to entry on duty (the first day at the academy), pooled over all
# officers hired in all replications. Long waits matter twice: they delay the target, and
# applicants who wait too long withdraw (GAO-18-487: long hiring times lose applicants to
# other agencies).

# %% tags=["expect-image"]
ax = plots.plot_time_to_hire(results)

# %% tags=["expect-output"]
tth = summary.loc["time_to_hire_mean", "mean"]
print(f"Mean time to hire in the baseline: {tth:,.0f} days. Published for ICE deportation "
      "officers: 212 days (FY2015) and 173 days (2017), in years without a surge.")

# %% [markdown]
# ## What next
#
# - **Notebook 2** compares plans for the same order: all at once or in phases.
# - **Notebook 3** measures which uncertain input matters most.
# - **Notebook 4** shows how to write your own scenario, and to save and reload results.
# - **Notebook 5** has sliders for the main levers.
#
# Useful one-liners: `plots.dashboard(results, path="baseline.png")` saves a one-page
# summary; `results.save("runs/baseline")` keeps the results; `results.kpis` is a table
# with one row per replication (and its seed) for your own analysis.
