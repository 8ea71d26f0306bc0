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
# # 4. Build your own scenario
#
# A plan is a scenario file. Rather than copying the whole baseline, a new file can say
# `extends = "<another file>"` and list only what it changes. This notebook:
#
# 1. writes a scenario that extends the bundled baseline and changes three numbers;
# 2. makes variants in Python without writing files (`with_values`);
# 3. shows what the validation errors look like for a typo and an impossible value;
# 4. runs the new scenario against the baseline, saves the results and reloads them;
# 5. uses the levers real surges pulled: inputs that change on a date, entry channels,
#    vetting that overlaps training, and a pipeline already running at the start.
#
# Files are written to a temporary folder, so the notebook leaves nothing behind.

# %% tags=["parameters"]
# Parameters: the size of this notebook's runs. Lower them for a quicker, rougher answer.
# Papermill can override them (this cell is tagged "parameters"); the test suite sets the
# environment variables to run every notebook in seconds.
import os

REPLICATIONS = int(os.environ.get("HIRINGSIM_NB_REPLICATIONS", 50))  # replications of each scenario
SMALL = os.environ.get("HIRINGSIM_NB_SMALL", "0") not in ("", "0")  # True: quick-check sizes
SEED = 2017  # root seed of the random numbers: the same seed gives the same results

# %%
# %matplotlib inline
from pathlib import Path

import pandas as pd

import hiringsim as hs
from hiringsim import plots

print(f"hiringsim {hs.__version__}; bundled scenarios: {', '.join(hs.examples())}")

# %% [markdown]
# ## 1. A scenario file that extends the baseline
#
# Two ways to change a value, both shown below:
#
# - **a table** with the same headings as the baseline (`[roles.officer.academy]`):
#   tables merge key by key, so only the keys you write change. Lists (such as
#   `changes`) are replaced whole.
# - **a `[set]` table** of dotted paths: the shortest way to change one number deep
#   inside the file. Stages are addressed by name (`stages.background`), lists by
#   position (`changes.0` is the first change).
#
# `extends` is a path relative to the new file; here it is the absolute path of the
# bundled baseline, because the new file lives in a temporary folder.

# %% tags=["expect-output"]
import tempfile

workdir = Path(tempfile.mkdtemp(prefix="hiringsim-"))
BASELINE_FILE = hs.example_path("baseline").as_posix()
my_file = workdir / "bigger_academy.toml"
my_file.write_text(f"""\
# A bigger academy and faster investigations, otherwise the EO 13768 baseline.
extends = "{BASELINE_FILE}"
name = "bigger_academy"
description = "Baseline, 100 academy seats from Oct 2017, 2,000 investigation slots from Apr 2018."

[roles.officer.academy]
changes = [{{ from = 2017-10-01, seats = 100 }}]   # ASSUMPTION: FLETC finds the space

[set]
"resources.background.changes.0.servers" = 2000       # ASSUMPTION: a larger contract
"roles.officer.stages.background.duration.mean" = 50  # ASSUMPTION: faster cases
""")
print(my_file.read_text())

# %% tags=["expect-output"]
baseline = hs.example("baseline")
mine = hs.load_scenario(my_file)
mine

# %% [markdown]
# `Scenario.get` reads any value by its dotted path, which makes it easy to check what
# changed:

# %% tags=["expect-output"]
PATHS = ["roles.officer.academy.seats", "roles.officer.academy.changes",
         "resources.background.changes.0.servers",
         "roles.officer.stages.background.duration.mean",
         "roles.officer.recruiting.0.per_week"]
pd.DataFrame({"baseline": [baseline.get(p) for p in PATHS],
              mine.name: [mine.get(p) for p in PATHS]}, index=PATHS)

# %% [markdown]
# ## 2. Variants in Python: `with_values`
#
# A scenario never changes once loaded. `with_values` returns a new, validated scenario
# with the given dotted paths replaced — the same paths as in `[set]`. This is how sweeps
# and the explorer in notebook 5 build their variants.

# %% tags=["expect-output"]
variant = mine.with_values({"roles.officer.recruiting.0.per_week": 4000,
                            "roles.officer.offer_withdraw_per_week": 0.01},
                           name="bigger_academy_more_recruits")
print(variant)
print("applications per week:", mine.get("roles.officer.recruiting.0.per_week"), "->",
      variant.get("roles.officer.recruiting.0.per_week"))

# %% [markdown]
# ## 3. What the validation errors look like
#
# Every value is checked when a scenario is loaded, and all problems are reported at once,
# each with the file, the dotted field, the bad value and what would be valid. A typo is
# never silently ignored. The examples: a misspelt key in a file, a misspelt stage name
# in Python, and two impossible values at once (a pass rate above 100% and a negative
# number of investigation slots).

# %% tags=["expect-output"]
typo_file = workdir / "typo.toml"
typo_file.write_text(f"""\
extends = "{BASELINE_FILE}"
name = "typo"

[roles.officer.academy]
seat = 100          # should be: seats
""")
try:
    hs.load_scenario(typo_file)
except hs.ScenarioError as error:
    print(error)

# %% tags=["expect-output"]
for values in ({"roles.officer.stages.backgrund.pass_rate": 0.6},
               {"roles.officer.stages.background.pass_rate": 1.4,
                "resources.background.servers": -50}):
    try:
        baseline.with_values(values)
    except hs.ScenarioError as error:
        print(error, end="\n\n")
        print("as data:", error.problems, end="\n\n")

# %% [markdown]
# ## 4. Run it, save the results, load them back
#
# The new scenario runs against the baseline with common random numbers (notebook 2), so
# the difference is the effect of the changes, not of chance.

# %% tags=["expect-image"]
comparison = hs.compare({"baseline": baseline, mine.name: mine}, REPLICATIONS, seed=SEED)
ax = plots.plot_strategies(comparison)

# %% tags=["expect-output"]
comparison.differences("baseline", kpis=["target_day", "target_by_deadline",
                                           "growth_at_deadline", "cost_per_net_hire"]
                       ).round(2)

# %% [markdown]
# `save` writes a folder: tables as Parquet (readable by pandas, R, Excel add-ins and
# most data tools), the daily counts as a compressed NumPy file, and `meta.json` with the
# complete scenario, the seed, the mode and the hiringsim version. `Results.load` reads it
# back with everything needed for the charts and reports — the scenario file is not
# needed any more.

# %% tags=["expect-output"]
results = comparison.results[mine.name]
folder = results.save(workdir / "results" / mine.name)
for f in sorted(folder.iterdir()):
    print(f"{f.name:18s} {f.stat().st_size / 1024:8.1f} kB")

# %% tags=["expect-output"]
loaded = hs.Results.load(folder)
assert loaded.kpis.equals(results.kpis) and loaded.scenario == results.scenario
print(f"Reloaded: {loaded!r}")
loaded

# %% tags=["expect-image"]
ax = plots.plot_fan(loaded)

# %% [markdown]
# Any single replication can be replayed from its seed and number, for example to look
# at an unusual one: `hs.run_replication(loaded.scenario, seed=loaded.seed, replication=3)`.
#
# **Keep your scenario files with the results**: a scenario's comments are where its
# assumptions are written down. Mark every number without a source `ASSUMPTION`, as the
# bundled files do, so that readers know what to question.

# %% [markdown]
# ## 5. The levers of a real surge
#
# Agencies that surged did more than fund positions. In 2025 ICE shortened its academy,
# sent experienced applicants to a short course instead of the academy, and started people
# before every check was done; and any plan that starts today starts with a pipeline
# already running. Each is a few lines of a scenario file:
#
# - **A change on a date** (`[[changes]]`): any stage, academy, onboarding, attrition or
#   cost input from a date. A change applies to the people who reach what it changes from
#   that date (a stage by the day they enter it, the academy by the class's start date);
#   a new `every_days` restarts the class cycle (3.5 = twice a week).
# - **Entry channels** (`[[roles.officer.channels]]`): experienced officers, rehired
#   retirees or transfers, each with its own recruiting, screening and path (the academy,
#   a shorter course, or straight to onboarding), all counting toward the target.
# - **Vetting that overlaps training** (`tentative_from = "background"`): candidates start
#   the academy while the investigation runs; those who fail are removed after entry.
# - **A running start** (`[roles.officer.pipeline]`): people already in each stage,
#   waiting, in classes and in onboarding on the first day.
#
# A file with a dated change, written like the one in section 1:

# %% tags=["expect-output"]
short_file = workdir / "short_academy_2019.toml"
short_file.write_text(f"""\
extends = "{BASELINE_FILE}"
name = "short_academy_2019"

[[changes]]
from = 2019-10-01
note = "8-week academy, twice a week, 60% graduate (ICE's 2025 program)"

[changes.set]
"roles.officer.academy.length_days" = 56
"roles.officer.academy.every_days" = 3.5       # twice a week
"roles.officer.academy.graduation_rate" = 0.6
""")
import datetime as dt  # noqa: E402

from hiringsim.schedules import class_starts  # noqa: E402 (the academy's class days)

short = hs.load_scenario(short_file)
class_days = [short.start + dt.timedelta(days=d)
              for d in class_starts(short, short.role("officer"))]
around = [d for d in class_days if dt.date(2019, 9, 10) <= d <= dt.date(2019, 10, 20)]
print("academy classes around the change:", ", ".join(f"{d:%a %d %b %Y}" for d in around))

# %% [markdown]
# The four shipped strategies that use these levers on the EO 13768 baseline, each
# commented with what it represents and where its numbers come from, run against the
# baseline with common random numbers:

# %% tags=["expect-image"]
levers = {"baseline": baseline}
for name in ("experienced_first", "short_academy", "vetting_while_training", "running_start"):
    levers[name] = hs.example(f"strategies/{name}")
lever_comparison = hs.compare(levers, REPLICATIONS, seed=SEED)
ax = plots.plot_strategies(lever_comparison)

# %% tags=["expect-output"]
lever_comparison.summary()

# %% [markdown]
# **Entry channels** show in the funnel (a `channel` column: each channel's own stages,
# and `all` for the role's totals) and in hires by channel per fiscal year:

# %% tags=["expect-output"]
experienced = lever_comparison.results["experienced_first"]
funnel = experienced.funnel
funnel[(funnel["role"] == "officer")]

# %% tags=["expect-image"]
ax = plots.plot_channels(experienced)

# %% [markdown]
# **Vetting while training** has two sides: candidates enter the academy sooner (time to
# hire falls), but those whose investigation fails are removed after entry, and the seats
# and money spent on them are lost:

# %% tags=["expect-output"]
overlap = lever_comparison.results["vetting_while_training"].kpis
overlap[["time_to_hire_mean", "removals_after_entry", "offer_failures", "cost_removed",
         "growth_at_deadline"]].describe().loc[["mean", "min", "max"]].round(1)
