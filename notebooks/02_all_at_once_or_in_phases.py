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


def flatten(value, prefix=""):
    """Dotted path -> value; lists of named tables (stages) are entered by name."""
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list) and value and all(
            isinstance(v, dict) and "name" in v for v in value):
        items = ((v["name"], v) for v in value)
    else:
        return {prefix[:-1]: value}
    out = {}
    for key, v in items:
        out.update(flatten(v, f"{prefix}{key}."))
    return out


base_fields = flatten(baseline.to_dict())
changes = {}
for name, sc in scenarios.items():
    fields = flatten(sc.to_dict())
    changes[name] = sorted(k for k in base_fields.keys() | fields.keys()
                           if k not in ("name", "description")
                           and base_fields.get(k) != fields.get(k))
funding_only = [n for n in NAMES if set(changes[n]) <= {"roles.officer.positions"}]
phased = [n for n in funding_only if n != "baseline"]
more_capacity = [n for n in NAMES if n not in funding_only]
pd.set_option("display.max_colwidth", None)
pd.DataFrame({"description": [scenarios[n].description for n in NAMES],
              "changes from the baseline": [", ".join(changes[n]) or "-" for n in NAMES]},
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
def date_or_not(row):
    return f"{row['date']:%b %Y}" if row["reached"] else "not reached"


rows = []
for name, res in comparison.results.items():
    p = res.summary().loc["target_by_deadline"]
    dates = res.target_dates((0.1, 0.5, 0.9)).set_index("quantile")
    rows.append({"plan": name,
                 "P(+10,000 by the deadline)": f"{p['mean']:.0%}",
                 "95% CI": f"{p['ci_low']:.0%} to {p['ci_high']:.0%}",
                 "10% of replications by": date_or_not(dates.loc[0.1]),
                 "median date": date_or_not(dates.loc[0.5]),
                 "90% of replications by": date_or_not(dates.loc[0.9])})
pd.DataFrame(rows).set_index("plan")

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
DIFF_KPIS = {"target_day": ("days to +10,000", "{:+,.0f}".format),
             "growth_at_deadline": ("officers at the deadline", "{:+,.0f}".format),
             "cost_per_net_hire": ("cost per net hire (US$)", "{:+,.0f}".format)}
diff = comparison.differences("baseline", kpis=list(DIFF_KPIS))
rows = []
for _, d in diff.iterrows():
    label, fmt = DIFF_KPIS[d["kpi"]]
    paired = d["ci_high"] - d["ci_low"]
    unpaired = d["unpaired_high"] - d["unpaired_low"]
    rows.append({"plan": d["strategy"], "difference in": label, "mean": fmt(d["mean"]),
                 "paired 95% CI": f"{fmt(d['ci_low'])} to {fmt(d['ci_high'])}",
                 "unpaired 95% CI": f"{fmt(d['unpaired_low'])} to {fmt(d['unpaired_high'])}",
                 "paired width / unpaired width":
                     f"{paired / unpaired:.0%}" if unpaired > 0 else "-",
                 "replications": int(d["n"])})
pd.DataFrame(rows).set_index(["plan", "difference in"])

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
rows = []
for name, res in comparison.results.items():
    s = res.summary()
    row = {"plan": name}
    for role in ("support", "legal"):
        planned = res.scenario.role(role).ratio
        ratio = s.loc[f"{role}_ratio_at_deadline", "mean"]
        row[f"{role} per officer added"] = f"{ratio:.2f}"
        row[f"{role}: planned"] = f"{planned:g}"
        row[f"{role} added by the deadline"] = (
            f"{s.loc[f'{role}_growth_at_deadline', 'mean']:,.0f}")
    rows.append(row)
pd.DataFrame(rows).set_index("plan")

# %% tags=["expect-image"]
ax = plots.plot_strategies(comparison, role="support")

# %% [markdown]
# ## 8. Conclusion
#
# The next cell writes the conclusion from the results above: which plans meet the
# deadline with at least 90% probability (`SURE`), what funding in phases changes
# compared with funding everything at once, what the plans that add capacity gain and
# what they cost, and whether support and legal staff keep pace. Paired intervals are
# quoted where the claim is a difference between plans.

# %% tags=["expect-output"]
import math
import textwrap

MATERIAL = 0.01  # cost differences under 1% of the baseline's count as "about the same"
deadline = baseline.target.deadline
summaries = {n: r.summary() for n, r in comparison.results.items()}
d = comparison.differences("baseline").set_index(["strategy", "kpi"])


def prob(n):
    return summaries[n].loc["target_by_deadline", "mean"]


def cost(n):
    return summaries[n].loc["cost_per_net_hire", "mean"]


def median_date(n):
    row = comparison.results[n].target_dates((0.5,)).iloc[0]
    return row["date"] if row["reached"] else None


def when(n):
    m = median_date(n)
    return f"{m:%B %Y}" if m is not None else "not reached in most replications"


def sign(n, kpi):
    """+1 or -1 when the paired 95% CI of plan n minus the baseline excludes zero, else 0."""
    r = d.loc[(n, kpi)]
    if r["n"] < 2 or not math.isfinite(r["ci_low"]):
        return 0
    return 1 if r["ci_low"] > 0 else -1 if r["ci_high"] < 0 else 0


def cost_effect(n):
    """'more', 'less' or 'about the same' hiring cost per net hire than the baseline."""
    rel = d.loc[(n, "cost_per_net_hire"), "mean"] / cost("baseline")
    s = sign(n, "cost_per_net_hire")
    return "about the same" if s == 0 or abs(rel) < MATERIAL else "more" if s > 0 else "less"


def detail(n):
    return (f"median {when(n)}, ${cost(n):,.0f} per net hire, "
            f"{cost(n) / cost('baseline') - 1:+.0%} against the baseline")


def paragraph(text):
    print(textwrap.fill(" ".join(text.split()), 100), end="\n\n")


# 1. the deadline
sure = [n for n in NAMES if prob(n) >= SURE]
paragraph(f"Deadline {deadline:%d %B %Y}. Share of replications with +10,000 trained "
          "officers by then: " + "; ".join(f"{n} {prob(n):.0%}" for n in NAMES) + ".")

# 2. all at once or in phases, at the same capacity
for n in phased:
    days, grow = d.loc[(n, "target_day")], d.loc[(n, "growth_at_deadline")]
    dcost = d.loc[(n, "cost_per_net_hire"), "mean"]
    if days["n"] > 0 and math.isfinite(days["mean"]):
        timing = (f"reaches +10,000 {abs(days['mean']):,.0f} days "
                  f"{'later' if days['mean'] > 0 else 'sooner'} than funding every "
                  f"position at once (paired 95% CI {days['ci_low']:+,.0f} to "
                  f"{days['ci_high']:+,.0f} days)")
    else:
        timing = "cannot be timed against the baseline (the target is not always reached)"
    text = (f"{n} {timing}; it has {abs(grow['mean']):,.0f} "
            f"{'fewer' if grow['mean'] < 0 else 'more'} officers at the deadline, and its "
            f"hiring cost per net hire is ${abs(dcost):,.0f} "
            f"{'higher' if dcost > 0 else 'lower'} ({dcost / cost('baseline'):+.1%}).")
    total = d.loc[(n, "cost_total"), "mean"]
    payroll = d.loc[(n, "cost_payroll"), "mean"]
    if abs(payroll) >= 0.8 * abs(total) and payroll * total > 0:
        text += (f" Its total cost to {baseline.end:%B %Y} is ${abs(total) / 1e6:,.0f} M "
                 f"{'higher' if total > 0 else 'lower'}, ${abs(payroll) / 1e6:,.0f} M of it "
                 f"payroll: {'more' if payroll > 0 else 'fewer'} people are paid in the "
                 "early years, which is not a difference in the cost of hiring.")
    paragraph(text)

# 3. the plans that meet the deadline
if sure:
    fastest, cheapest = min(sure, key=median_date), min(sure, key=cost)
    paragraph(f"At least {SURE:.0%} sure of the deadline: {', '.join(sure)}. The fastest is "
              f"{fastest} ({detail(fastest)})"
              + ("; it is also the cheapest of them." if cheapest == fastest else
                 f"; the cheapest of them is {cheapest} ({detail(cheapest)})."))
else:
    best = max(NAMES, key=prob)
    paragraph(f"No plan is at least {SURE:.0%} sure of the deadline; the most likely to meet "
              f"it is {best} ({prob(best):.0%}).")

# 4. support and legal staff
for role in ("support", "legal"):
    planned = baseline.role(role).ratio
    ratios = {n: summaries[n].loc[f"{role}_ratio_at_deadline", "mean"] for n in NAMES}
    behind = [n for n in NAMES if ratios[n] < planned]
    ahead = [n for n in NAMES if ratios[n] > 1.1 * planned]
    paragraph(f"{role.capitalize()} staff per officer added, at the deadline: "
              + ", ".join(f"{n} {r:.2f}" for n, r in ratios.items())
              + f" (planned {planned:g}). "
              + (f"They lag the officers in {', '.join(behind)}." if behind
                 else "They keep pace in every plan.")
              + (f" In {', '.join(ahead)} they are more than 10% ahead of plan: hired "
                 "before the officers they are to support." if ahead else ""))

# 5. the answer
funding_sure = [n for n in funding_only if n in sure]
if sure and not funding_sure:
    answer = ("with the baseline's investigation and academy capacity, neither funding "
              "every position at once nor funding in phases meets the deadline; only plans "
              "that add capacity early do (" + ", ".join(sure) + "). Capacity, and the "
              "recruiting to fill it, sets the pace, not the timing of funding.")
elif funding_sure:
    answer = "funding alone meets the deadline here: " + ", ".join(funding_sure) + "."
else:
    answer = f"no plan compared here is {SURE:.0%} sure of the deadline."
later = [n for n in phased if sign(n, "target_day") > 0]
if phased and len(later) == len(phased):
    effects = {n: cost_effect(n) for n in phased}
    answer += " Funding in phases reaches the target later than funding all at once"
    if set(effects.values()) == {"about the same"}:
        answer += (f", at about the same hiring cost per net hire (within {MATERIAL:.0%}): "
                   "if the positions can be funded, fund them at once.")
    elif set(effects.values()) == {"more"}:
        answer += " and costs more per net hire: if the positions can be funded, fund them "
        answer += "at once."
    else:
        answer += "; per net hire it costs " + ", ".join(
            f"{e} ({n})" for n, e in effects.items()) + "."
elif phased:
    answer += " Funding in phases does not clearly delay the target in every phased plan."
paragraph("Answer: " + answer)

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
g = summaries["baseline"].loc["growth_at_deadline"]
spread = comparison.kpis.groupby("strategy")["growth_at_deadline"].mean()
print(f"Inputs marked ASSUMPTION in the baseline and strategy files: {count}.")
print(f"Simulation noise: the baseline's mean growth at the deadline is known to within "
      f"±{(g['ci_high'] - g['ci_low']) / 2:,.0f} officers (95% CI, {g['n']:.0f} "
      f"replications); the plans differ by up to {spread.max() - spread.min():,.0f}.")
