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
# # 2. All at once or in phases?
#
# On 21 February 2017 DHS published questions and answers on the order. One of them:
# *"Will the hiring be completed all at once or in phases?"* The answer: *"ICE is working
# on implementing a hiring plan."*
#
# This notebook compares five plans for the same order, each a scenario file in
# `scenarios/`: the **baseline** (every position funded at once, 2017 capacity), two
# plans that fund positions **in phases** at the same capacity, and two that **add
# capacity**. It answers, for each plan: when is +10,000 net reached, how likely by the
# deadline, at what cost per net hire, and do support and legal staff keep pace. The
# conclusion at the end is written by the code from the numbers shown, so it stays true
# when you change the inputs.
#
# With the default 100 replications of each plan it takes two to three minutes on two
# cores.

# %% tags=["parameters"]
# Parameters: the size of this notebook's runs. Lower them for a quicker, rougher answer.
# Papermill can override them (this cell is tagged "parameters"); the test suite sets the
# environment variables to run every notebook in seconds.
import os

REPLICATIONS = int(os.environ.get("HIRINGSIM_NB_REPLICATIONS", 100))  # replications of each plan
SMALL = os.environ.get("HIRINGSIM_NB_SMALL", "0") not in ("", "0")  # True: quick-check sizes
SEED = 2017  # root seed of the random numbers: the same seed gives the same results
N_JOBS = int(os.environ.get("HIRINGSIM_NB_JOBS", 0)) or None  # processes; None: all cores
SURE = 0.9  # "sure enough" of the deadline: a probability of at least 90%

# %%
# %matplotlib inline
import pandas as pd

import hiringsim as hs
from hiringsim import plots

print(f"hiringsim {hs.__version__}; bundled scenarios: {', '.join(hs.examples())}")

# %% [markdown]
# ## 1. The plans
#
# The table lists each plan's own description and the fields of its file that differ from
# the baseline. Plans that change only `roles.officer.positions` (how many officer
# positions are funded from which date) answer the question as DHS put it: the same
# recruiting and capacity, funded all at once or in phases. Plans that also change
# investigation slots (`resources.background`), academy seats or recruiting test a
# different idea: that capacity, not funding, sets the pace.

# %% tags=["expect-output"]
NAMES = ["baseline", "surge", "even_phases", "agency_plan", "capacity_first"]
scenarios = {name: hs.example(name) for name in NAMES}
baseline = scenarios["baseline"]


# what each plan changes: Scenario.diff lists the inputs that differ, with labels and values
changes = {name: baseline.diff(sc) for name, sc in scenarios.items()}
parts = {name: {".".join(p.split(".")[:3]) for p in d["path"]} for name, d in changes.items()}
funding_only = [n for n in NAMES if parts[n] <= {"roles.officer.positions"}]
phased = [n for n in funding_only if n != "baseline"]
more_capacity = [n for n in NAMES if n not in funding_only]
pd.set_option("display.max_colwidth", None)
pd.DataFrame({"description": [scenarios[n].description for n in NAMES],
              "inputs changed from the baseline": [", ".join(sorted(
                  {d.split(":")[0] for d in changes[n]["label"]})) or "-" for n in NAMES]},
             index=pd.Index(NAMES, name="plan"))

# %% tags=["expect-output"]
print("Funding all at once:", "baseline")
print("Funding in phases, same capacity:", ", ".join(phased) or "none")
print("Adding capacity or recruiting:", ", ".join(more_capacity) or "none")

# %% [markdown]
# ## 2. Run the plans with common random numbers
#
# All five plans run with the same seed. Replication 7 of every plan then sees the same
# applicants arriving on the same days, with the same luck at each stage, wherever the
# plans do not differ. The difference between two plans in replication 7 is then due to
# the plans, not to chance, and a few replications measure it precisely. This is called
# *common random numbers*; section 5 shows how much it sharpens the comparison.

# %% tags=["expect-output"]
from concurrent.futures import ProcessPoolExecutor

with ProcessPoolExecutor(max_workers=N_JOBS) as pool:
    comparison = hs.compare(scenarios, REPLICATIONS, seed=SEED, executor=pool,
                            progress=True)
comparison

# %% [markdown]
# Every input of each plan that differs from the baseline, with both values
# (`comparison.inputs_table()`; `scenario.diff(other)` gives the same for two scenarios):

# %% tags=["expect-output"]
comparison.inputs_table("baseline")

# %% [markdown]
# ## 3. Growth over time
#
# Each line is a plan's median replication; the shaded band around it holds 90% of its
# replications. The dashed line is the +10,000 target, the dotted line the deadline.

# %% tags=["expect-image"]
ax = plots.plot_strategies(comparison)

# %% [markdown]
# ## 4. When is +10,000 reached, and how surely?
#
# For each plan, the curve rises at the date each replication first reaches +10,000 net
# trained officers: its height at the deadline is the probability of meeting the deadline.
# A curve that stops below 100% means some replications had not reached the target when
# the run ended (30 September 2024). The table gives the same information in numbers.

# %% tags=["expect-image"]
ax = plots.plot_time_to_target(comparison)


# %% tags=["expect-output"]
comparison.table(["target_by_deadline", "target_date", "growth_at_deadline"])

# %% [markdown]
# ## 5. Paired differences against the baseline
#
# Each row is a plan minus the baseline, replication by replication, averaged:
#
# - **days to +10,000**: negative means the plan reaches the target sooner;
# - **officers at the deadline**: positive means more net growth by 30 September 2022;
# - **cost per net hire**: positive means each net hire costs more.
#
# The *paired* interval uses common random numbers; the *unpaired* interval treats the
# same replications as if the plans had been run with different random numbers.
# When the paired interval is much narrower, the comparison is sharper at no extra cost.
# Pairing helps most for plans that differ from the baseline in one respect; plans that
# change many things at once drift apart sooner, and pairing helps less.
# An interval that excludes zero means the simulation has settled the sign of the
# difference — for these inputs.

# %% tags=["expect-output"]
comparison.differences_table("baseline", kpis=["target_day", "growth_at_deadline",
                                               "cost_per_net_hire"])

# %% [markdown]
# ## 6. What it costs
#
# Bars stack the mean cost of each category from March 2017 to September 2024: recruiting
# (advertising per application), screening (per candidate at each stage), academy (per
# trainee), incentives, investigation capacity, and the payroll of the new hires. The
# label above each bar gives the **hiring cost per net hire**: everything but payroll,
# divided by the net growth of all three roles at the end of the run. Most unit costs are
# assumptions (see the scenario file); compare plans with each other rather than reading
# the dollar amounts as a budget.

# %% tags=["expect-image"]
ax = plots.plot_costs(comparison)

# %% [markdown]
# ## 7. Do support and legal staff keep pace?
#
# The order asks for mission-support and legal staff alongside the officers. The scenario
# ties their targets to officers: 0.65 support and 0.2 legal staff per officer added. The
# table gives, at the deadline, how many of each were added per officer added. A ratio
# at or above the plan means they keep pace (or run ahead while officers are still in the
# academy); below it, they lag. The chart shows support-staff growth for each plan.

# %% tags=["expect-output"]
comparison.table([f"{role}_{what}_at_deadline" for role in ("support", "legal")
                  for what in ("ratio", "growth")])

# %% tags=["expect-image"]
ax = plots.plot_strategies(comparison, role="support")

# %% [markdown]
# ## 8. Conclusion
#
# `comparison.conclusion()` writes the conclusion from the results above: which plans
# meet the deadline with at least 90% probability (`SURE`), how each plan differs from
# funding everything at once (the baseline) in timing, growth and cost per net hire, and
# whether support and legal staff keep pace. A difference is stated only when its paired
# interval excludes zero, so the text stays true when you change the inputs.

# %% tags=["expect-output"]
print(comparison.conclusion(sure=SURE, baseline="baseline"))

sure = [n for n in NAMES
        if comparison.results[n].summary().loc["target_by_deadline", "mean"] >= SURE]
print()
print(f"Plans that change only the funding and are at least {SURE:.0%} sure of the deadline: "
      + (", ".join(n for n in funding_only if n in sure) or "none")
      + "; plans that add capacity or recruiting and are: "
      + (", ".join(n for n in more_capacity if n in sure) or "none") + ".")

# %% [markdown]
# ## 9. Caveats: what this does and does not show
#
# - **Inputs are partly assumptions.** Many inputs have no public figure: pass rates,
#   investigation case times and slot counts, academy seats beyond ~40 a class, attrition
#   of ICE officers (a Border Patrol proxy is used), withdrawal rates, most unit costs.
#   They are marked `ASSUMPTION` in `scenarios/baseline.toml` and the strategy files.
# - **Simulation noise is small; input uncertainty is not.** The intervals above measure
#   only the chance variation between replications, for the inputs as given. At this
#   scale (hundreds of thousands of applicants) that variation is small. How much the
#   answer moves when the assumed inputs move is measured in notebook 3; it is much
#   larger.
# - **What is modelled**: the pipeline from application to duty and the capacities that
#   limit it. Not modelled: appropriations that fall short of the request (Congress
#   funded far fewer positions in FY2018 than requested), policy changes in the middle
#   of the surge, or recruiting that falls as standards or pay change.

# %% tags=["expect-output"]
files = [hs.example_path(name) for name in NAMES]  # the baseline and the strategy files
count = sum(line.count("ASSUMPTION") for f in files for line in f.read_text().splitlines())
g = comparison.results["baseline"].summary().loc["growth_at_deadline"]
spread = comparison.kpis.groupby("strategy")["growth_at_deadline"].mean()
print(f"Inputs marked ASSUMPTION in the baseline and strategy files: {count}.")
print(f"Simulation noise: the baseline's mean growth at the deadline is known to within "
      f"±{(g['ci_high'] - g['ci_low']) / 2:,.0f} officers (95% CI, {g['n']:.0f} "
      f"replications); the plans differ by up to {spread.max() - spread.min():,.0f}.")
