# ruff: noqa: E501 -- cell texts are written as they appear in the notebooks (indented here)
"""Write the course notebooks (notebooks/*.ipynb) from the cell texts below.

The notebooks are generated so that their cells stay clean and reviewable: edit this file, run

    python notebooks/make_notebooks.py

and commit both.  The notebooks are written without outputs and with stable cell ids, so a
regeneration changes only what was edited.  ``tests/test_notebooks.py`` checks that the committed
notebooks match this file, executes each of them with small sizes, and checks the committed files
are clean.

Conventions of every notebook:

- the first code cell holds the parameters, tagged ``parameters`` (papermill can override them);
  the sizes come from environment variables that the tests set (``HIRINGSIM_NB_REPLICATIONS``,
  ``HIRINGSIM_NB_SMALL``, ``HIRINGSIM_NB_JOBS``);
- cells tagged ``expect-image`` must show a figure, cells tagged ``expect-output`` must show
  something, when the notebook is executed (the tests check it);
- the bundled scenarios are found by walking up from the working directory to the folder that
  holds ``scenarios/baseline.toml`` (or ``$HIRINGSIM_SCENARIOS``).
"""

from __future__ import annotations

import argparse
import textwrap
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def md(text: str) -> dict:
    return {"cell_type": "markdown", "source": textwrap.dedent(text).strip("\n")}


def code(text: str, *tags: str) -> dict:
    return {"cell_type": "code", "source": textwrap.dedent(text).strip("\n"), "tags": list(tags)}


def build(stem: str, cells: list[dict]) -> nbformat.NotebookNode:
    """A notebook of ``cells`` with stable ids (``<stem>-00``...), no outputs, kernel python3."""
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": dict(KERNELSPEC),
                   "language_info": {"name": "python", "pygments_lexer": "ipython3"}}
    short = stem.split("_")[0]
    for i, c in enumerate(cells):
        cell_id = f"nb{short}-{i:02d}"
        if c["cell_type"] == "markdown":
            cell = nbformat.v4.new_markdown_cell(c["source"], id=cell_id)
        else:
            cell = nbformat.v4.new_code_cell(c["source"], id=cell_id)
            if c["tags"]:
                cell.metadata["tags"] = c["tags"]
        nb.cells.append(cell)
    nbformat.validate(nb)
    return nb


# -- shared cells ---------------------------------------------------------------------------------
def parameters(extra: str = "", replications: int = 200, what: str = "replications of the "
               "scenario") -> dict:
    """The first code cell: sizes from environment variables, overridable by papermill."""
    text = f'''
    # Parameters: the size of this notebook's runs. Lower them for a quicker, rougher answer.
    # Papermill can override them (this cell is tagged "parameters"); the test suite sets the
    # environment variables to run every notebook in seconds.
    import os

    REPLICATIONS = int(os.environ.get("HIRINGSIM_NB_REPLICATIONS", {replications}))  # {what}
    SMALL = os.environ.get("HIRINGSIM_NB_SMALL", "0") not in ("", "0")  # True: quick-check sizes
    SEED = 2017  # root seed of the random numbers: the same seed gives the same results
    '''
    text = textwrap.dedent(text).strip("\n")
    if extra:
        text += "\n" + textwrap.dedent(extra).strip("\n")
    return code(text, "parameters")


SETUP = '''
%matplotlib inline
import os
from pathlib import Path
{pandas}
import hiringsim as hs
from hiringsim import plots


def find_scenarios() -> Path:
    """The repository's scenarios/ folder: $HIRINGSIM_SCENARIOS, or the first folder above the
    working directory that holds scenarios/baseline.toml."""
    if os.environ.get("HIRINGSIM_SCENARIOS"):
        return Path(os.environ["HIRINGSIM_SCENARIOS"]).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / "scenarios" / "baseline.toml").is_file():
            return folder / "scenarios"
    raise FileNotFoundError(f"no scenarios/baseline.toml in {here} or above: start Jupyter "
                            "inside the hiringsim repository, or set HIRINGSIM_SCENARIOS")


SCENARIOS = find_scenarios()
print(f"hiringsim {hs.__version__}; scenarios from {SCENARIOS}")
'''


def setup(pandas: bool = True) -> str:
    return SETUP.replace("{pandas}", "\nimport pandas as pd\n" if pandas else "")


# -- 1. Quickstart --------------------------------------------------------------------------------
def quickstart() -> list[dict]:
    return [
        md('''
        # 1. Quickstart: the EO 13768 baseline

        Executive Order 13768 (25 January 2017) ordered ICE to hire 10,000 additional
        immigration officers, "plus operational and mission support and legal staff". This
        notebook runs the bundled **baseline** scenario — the order as written, with 2017's
        capacity to investigate and train recruits — and answers three questions:

        1. By when does ICE have 10,000 more trained officers than at the start, and how sure
           is that date?
        2. Where do the applicants go: how many apply for each officer hired?
        3. What limits the pace: background investigations or academy seats?

        Run the cells from top to bottom (*Run → Run All Cells*); it takes one to two minutes
        with the default 200 replications. **Every number here depends on the scenario's inputs**;
        some come from public records and some are assumptions, listed in section 2.
        '''),
        parameters(replications=200),
        code(setup()),
        md('''
        ## 1. The scenario

        A scenario is a text file (TOML) that describes the whole pipeline: when recruiting
        starts and how many apply each week; the screening stages with their pass rates and
        durations; background investigations, a scarce capacity shared by every role; the
        academy (how often classes start, seats, length, graduation rate); field onboarding;
        attrition; costs; and how many positions are funded from which date. Loading the file
        checks every value, and displaying it gives a summary.
        '''),
        code('''
        baseline = hs.load_scenario(SCENARIOS / "baseline.toml")
        baseline
        ''', "expect-output"),
        md('''
        How to read it: each role row lists its screening stages with the share who pass and
        the mean number of days; `@background` marks the stage that needs a free
        background-investigation slot (people wait in line for one). Officers then wait for an
        academy class with a free seat. Support and legal staff have no academy; their targets
        are tied to the officer target by ratios: 0.65 support staff per officer added (ICE's
        own estimate of "more than 6,500" for 10,000 officers) and 0.2 legal staff (today's
        ratio of ICE attorneys to deportation officers).
        '''),
        md('''
        ## 2. What is known and what is assumed

        The scenario file cites a public source for every input that has one (OIG and GAO
        reports, agency statements, press reports of them). Where no public figure exists, the
        file says **ASSUMPTION**. Those are the numbers to question first; notebook 3 measures
        how much each of them moves the answer.
        '''),
        code('''
        lines = (SCENARIOS / "baseline.toml").read_text().splitlines()
        assumed = [(number, line.strip()) for number, line in enumerate(lines, 1)
                   if "ASSUMPTION" in line]
        print(f"{len(assumed)} lines of baseline.toml mark an assumption:\\n")
        for number, line in assumed:
            print(f"  line {number:3d}: {line}")
        ''', "expect-output"),
        md('''
        ## 3. Run the simulation

        One *replication* is one possible history: who applies on which day, who passes each
        stage, how long each investigation takes, who leaves and when. Chance differs between
        replications, so we run many and look at the spread. The `seed` fixes the random
        numbers: the same seed gives the same results on any computer, and every result records
        its seed, so any single replication can be replayed.
        '''),
        code('''
        results = hs.simulate(baseline, REPLICATIONS, seed=SEED, progress=True)
        results
        ''', "expect-output"),
        md('''
        This short report is what the command line prints (`hiringsim run
        scenarios/baseline.toml`). Read first: **Reached by the deadline** (the share of
        replications with +10,000 trained officers by 30 September 2022), **Date reached** (the
        dates by which 10%, 50% and 90% of replications have reached it) and **Bottleneck**.
        '''),
        md('''
        ## 4. The summary

        `results.summary()` has one row per indicator. The main ones are below, with two kinds
        of range that answer different questions:

        - **95% CI of the mean**: how precisely the simulation has pinned down the average. It
          narrows as you add replications. It says nothing about whether the inputs are right.
        - **5th to 95th percentile**: how much one possible history differs from another (the
          luck of recruiting and screening). More replications do not narrow it.
        '''),
        code('''
        summary = results.summary()

        def money_m(v):
            return f"${v / 1e6:,.0f} M"


        ROWS = {  # indicator: (label, format)
            "target_by_deadline": ("share of replications with +10,000 by the deadline",
                                   "{:.0%}".format),
            "growth_at_deadline": ("net growth of trained officers at the deadline",
                                   "{:,.0f}".format),
            "growth_at_end": (f"net growth of trained officers on {baseline.end:%d %b %Y}",
                              "{:,.0f}".format),
            "time_to_hire_mean": ("mean time to hire, officers (days)", "{:,.0f}".format),
            "applicants_per_hire": ("applications per officer hired", "{:,.1f}".format),
            "background_wait_mean": ("mean wait for a background investigation (days)",
                                     "{:,.0f}".format),
            "cost_hiring": ("hiring cost of all roles, payroll excluded", money_m),
            "cost_per_net_hire": ("hiring cost per net hire", "${:,.0f}".format),
        }


        def summary_row(kpi, label, fmt):
            s = summary.loc[kpi]
            spread = ("yes or no in each replication" if kpi == "target_by_deadline"
                      else f"{fmt(s['p5'])} to {fmt(s['p95'])}")
            return {"indicator": label, "mean": fmt(s["mean"]),
                    "95% CI of the mean": f"{fmt(s['ci_low'])} to {fmt(s['ci_high'])}",
                    "5th to 95th percentile": spread}


        pd.DataFrame([summary_row(k, *v) for k, v in ROWS.items()]).set_index("indicator")
        ''', "expect-output"),
        md('''
        ## 5. Growth against the target: the fan chart

        The chart follows the number of trained officers (in field onboarding or on duty) above
        the 6,000 at the start. The line is the median replication; the dark band holds the
        middle half of the replications and the light band 90% of them. The dashed line is the
        +10,000 target, the dotted line the deadline: 30 September 2022, the end of FY2022, five
        years as ICE planned (OIG-18-42). Where the band crosses the target line right of the
        deadline, the target is reached late.
        '''),
        code('''
        ax = plots.plot_fan(results)
        ''', "expect-image"),
        code('''
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
        ''', "expect-output"),
        md('''
        ## 6. The funnel: where the applicants go

        Each bar is a stage, in order, as long as the number who entered it (mean per
        replication), split into those who passed, failed, withdrew while waiting, or were
        still in the stage when the run ended. *Offer* is the wait for a funded position and an
        academy seat; people who wait too long take other jobs. OIG projected about 50
        applicants per ICE officer hired (OIG-17-98-SR); the baseline's pass rates are
        assumptions chosen to match that figure, so the match is by construction, not a test of
        the model.
        '''),
        code('''
        ax = plots.plot_funnel(results)
        ''', "expect-image"),
        md('''
        ## 7. The bottleneck

        Two capacities are scarce: background-investigation slots (shared by officers, support
        and legal staff) and academy seats. The chart shows how much of each was in use during
        the surge (until the target is reached); the one used most is the **bottleneck**. A
        capacity in use close to 100% of the time makes people queue; adding to a capacity that
        is far from full changes little.
        '''),
        code('''
        ax = plots.plot_resources(results)
        ''', "expect-image"),
        code('''
        name = results.bottleneck()
        share = (results.kpis["bottleneck"] == name).mean()
        use = results.resources.groupby("resource")[["utilization_surge", "utilization"]].mean()
        print(f"Bottleneck: {name} in {share:.0%} of replications.")
        for resource, u in use.iterrows():
            print(f"  {resource}: {u['utilization_surge']:.0%} in use until the target is reached, "
                  f"{u['utilization']:.0%} over the whole run")
        print(f"Mean wait for a background investigation: "
              f"{summary.loc['background_wait_mean', 'mean']:,.0f} days; academy seats left empty "
              f"over the whole run: {summary.loc['empty_seats', 'mean']:,.0f}.")
        ''', "expect-output"),
        md('''
        When does the investigation capacity bind? The next chart follows the share of
        investigation slots in use week by week (blue) and the number of candidates waiting for
        one (orange, right-hand scale). The step in April 2018 is the planned expansion.
        '''),
        code('''
        ax = plots.plot_utilization(results, resource="background")
        ''', "expect-image"),
        md('''
        ## 8. Where the people are, day by day

        The stacked chart counts the officers and candidates in each state at the end of every
        day (mean over replications): screening stages in blue, the wait for an investigator in
        orange, the wait for a position or a class in yellow, then academy, field onboarding and
        on duty. Thick orange or yellow layers are queues: people who have passed what they can
        and are waiting for capacity.
        '''),
        code('''
        ax = plots.plot_pipeline(results)
        ''', "expect-image"),
        md('''
        ## 9. Time to hire

        Days from application to entry on duty (the first day at the academy), pooled over all
        officers hired in all replications. Long waits matter twice: they delay the target, and
        applicants who wait too long withdraw (GAO-18-487: long hiring times lose applicants to
        other agencies).
        '''),
        code('''
        ax = plots.plot_time_to_hire(results)
        ''', "expect-image"),
        code('''
        tth = summary.loc["time_to_hire_mean", "mean"]
        print(f"Mean time to hire in the baseline: {tth:,.0f} days. Published for ICE deportation "
              "officers: 212 days (FY2015) and 173 days (2017), in years without a surge.")
        ''', "expect-output"),
        md('''
        ## What next

        - **Notebook 2** compares plans for the same order: all at once or in phases.
        - **Notebook 3** measures which uncertain input matters most.
        - **Notebook 4** shows how to write your own scenario, and to save and reload results.
        - **Notebook 5** has sliders for the main levers.

        Useful one-liners: `plots.dashboard(results, path="baseline.png")` saves a one-page
        summary; `results.save("runs/baseline")` keeps the results; `results.kpis` is a table
        with one row per replication (and its seed) for your own analysis.
        '''),
    ]


# -- 2. All at once or in phases ------------------------------------------------------------------
def strategies() -> list[dict]:
    return [
        md('''
        # 2. All at once or in phases?

        On 21 February 2017 DHS published questions and answers on the order. One of them:
        *"Will the hiring be completed all at once or in phases?"* The answer: *"ICE is working
        on implementing a hiring plan."*

        This notebook compares five plans for the same order, each a scenario file in
        `scenarios/`: the **baseline** (every position funded at once, 2017 capacity), two
        plans that fund positions **in phases** at the same capacity, and two that **add
        capacity**. It answers, for each plan: when is +10,000 net reached, how likely by the
        deadline, at what cost per net hire, and do support and legal staff keep pace. The
        conclusion at the end is written by the code from the numbers shown, so it stays true
        when you change the inputs.

        With the default 100 replications of each plan it takes two to three minutes on two
        cores.
        '''),
        parameters(replications=100, what="replications of each plan", extra='''
        N_JOBS = int(os.environ.get("HIRINGSIM_NB_JOBS", 0)) or None  # processes; None: all cores
        SURE = 0.9  # "sure enough" of the deadline: a probability of at least 90%
        '''),
        code(setup()),
        md('''
        ## 1. The plans

        The table lists each plan's own description and the fields of its file that differ from
        the baseline. Plans that change only `roles.officer.positions` (how many officer
        positions are funded from which date) answer the question as DHS put it: the same
        recruiting and capacity, funded all at once or in phases. Plans that also change
        investigation slots (`resources.background`), academy seats or recruiting test a
        different idea: that capacity, not funding, sets the pace.
        '''),
        code('''
        NAMES = ["baseline", "surge", "even_phases", "agency_plan", "capacity_first"]
        scenarios = {"baseline": hs.load_scenario(SCENARIOS / "baseline.toml")}
        for name in NAMES[1:]:
            scenarios[name] = hs.load_scenario(SCENARIOS / "strategies" / f"{name}.toml")
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
        ''', "expect-output"),
        code('''
        print("Funding all at once:", "baseline")
        print("Funding in phases, same capacity:", ", ".join(phased) or "none")
        print("Adding capacity or recruiting:", ", ".join(more_capacity) or "none")
        ''', "expect-output"),
        md('''
        ## 2. Run the plans with common random numbers

        All five plans run with the same seed. Replication 7 of every plan then sees the same
        applicants arriving on the same days, with the same luck at each stage, wherever the
        plans do not differ. The difference between two plans in replication 7 is then due to
        the plans, not to chance, and a few replications measure it precisely. This is called
        *common random numbers*; section 5 shows how much it sharpens the comparison.
        '''),
        code('''
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=N_JOBS) as pool:
            comparison = hs.compare(scenarios, REPLICATIONS, seed=SEED, executor=pool,
                                    progress=True)
        comparison
        ''', "expect-output"),
        md('''
        ## 3. Growth over time

        Each line is a plan's median replication; the shaded band around it holds 90% of its
        replications. The dashed line is the +10,000 target, the dotted line the deadline.
        '''),
        code('''
        ax = plots.plot_strategies(comparison)
        ''', "expect-image"),
        md('''
        ## 4. When is +10,000 reached, and how surely?

        For each plan, the curve rises at the date each replication first reaches +10,000 net
        trained officers: its height at the deadline is the probability of meeting the deadline.
        A curve that stops below 100% means some replications had not reached the target when
        the run ended (30 September 2024). The table gives the same information in numbers.
        '''),
        code('''
        ax = plots.plot_time_to_target(comparison)
        ''', "expect-image"),
        code('''
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
        ''', "expect-output"),
        md('''
        ## 5. Paired differences against the baseline

        Each row is a plan minus the baseline, replication by replication, averaged:

        - **days to +10,000**: negative means the plan reaches the target sooner;
        - **officers at the deadline**: positive means more net growth by 30 September 2022;
        - **cost per net hire**: positive means each net hire costs more.

        The *paired* interval uses common random numbers; the *unpaired* interval treats the
        same replications as if the plans had been run with different random numbers.
        When the paired interval is much narrower, the comparison is sharper at no extra cost.
        Pairing helps most for plans that differ from the baseline in one respect; plans that
        change many things at once drift apart sooner, and pairing helps less.
        An interval that excludes zero means the simulation has settled the sign of the
        difference — for these inputs.
        '''),
        code('''
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
        ''', "expect-output"),
        md('''
        ## 6. What it costs

        Bars stack the mean cost of each category from March 2017 to September 2024: recruiting
        (advertising per application), screening (per candidate at each stage), academy (per
        trainee), incentives, investigation capacity, and the payroll of the new hires. The
        label above each bar gives the **hiring cost per net hire**: everything but payroll,
        divided by the net growth of all three roles at the end of the run. Most unit costs are
        assumptions (see the scenario file); compare plans with each other rather than reading
        the dollar amounts as a budget.
        '''),
        code('''
        ax = plots.plot_costs(comparison)
        ''', "expect-image"),
        md('''
        ## 7. Do support and legal staff keep pace?

        The order asks for mission-support and legal staff alongside the officers. The scenario
        ties their targets to officers: 0.65 support and 0.2 legal staff per officer added. The
        table gives, at the deadline, how many of each were added per officer added. A ratio
        at or above the plan means they keep pace (or run ahead while officers are still in the
        academy); below it, they lag. The chart shows support-staff growth for each plan.
        '''),
        code('''
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
        ''', "expect-output"),
        code('''
        ax = plots.plot_strategies(comparison, role="support")
        ''', "expect-image"),
        md('''
        ## 8. Conclusion

        The next cell writes the conclusion from the results above: which plans meet the
        deadline with at least 90% probability (`SURE`), what funding in phases changes
        compared with funding everything at once, what the plans that add capacity gain and
        what they cost, and whether support and legal staff keep pace. Paired intervals are
        quoted where the claim is a difference between plans.
        '''),
        code('''
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
            print(textwrap.fill(" ".join(text.split()), 100), end="\\n\\n")


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
        ''', "expect-output"),
        md('''
        ## 9. Caveats: what this does and does not show

        - **Inputs are partly assumptions.** Many inputs have no public figure: pass rates,
          investigation case times and slot counts, academy seats beyond ~40 a class, attrition
          of ICE officers (a Border Patrol proxy is used), withdrawal rates, most unit costs.
          They are marked `ASSUMPTION` in `scenarios/baseline.toml` and the strategy files.
        - **Simulation noise is small; input uncertainty is not.** The intervals above measure
          only the chance variation between replications, for the inputs as given. At this
          scale (hundreds of thousands of applicants) that variation is small. How much the
          answer moves when the assumed inputs move is measured in notebook 3; it is much
          larger.
        - **What is modelled**: the pipeline from application to duty and the capacities that
          limit it. Not modelled: appropriations that fall short of the request (Congress
          funded far fewer positions in FY2018 than requested), policy changes in the middle
          of the surge, or recruiting that falls as standards or pay change.
        '''),
        code('''
        files = [SCENARIOS / "baseline.toml", *sorted((SCENARIOS / "strategies").glob("*.toml"))]
        count = sum(line.count("ASSUMPTION") for f in files for line in f.read_text().splitlines())
        g = summaries["baseline"].loc["growth_at_deadline"]
        spread = comparison.kpis.groupby("strategy")["growth_at_deadline"].mean()
        print(f"Inputs marked ASSUMPTION in the baseline and strategy files: {count}.")
        print(f"Simulation noise: the baseline's mean growth at the deadline is known to within "
              f"±{(g['ci_high'] - g['ci_low']) / 2:,.0f} officers (95% CI, {g['n']:.0f} "
              f"replications); the plans differ by up to {spread.max() - spread.min():,.0f}.")
        ''', "expect-output"),
    ]


# -- 3. What matters ------------------------------------------------------------------------------
def what_matters() -> list[dict]:
    return [
        md('''
        # 3. What matters? Sensitivity of the baseline

        Notebooks 1 and 2 take the inputs as given. Many of them are assumptions. This notebook
        lets six inputs of the baseline vary over plausible ranges — four uncertain facts and
        two levers a planner controls — and measures how much each one moves **net growth of
        trained officers at the deadline**. Two methods:

        - **Sobol' indices**: all six inputs vary together; each input's index is the share of
          the outcome's variation it accounts for.
        - **Tornado chart**: each input alone moves from the low to the high end of its range,
          the others staying at the baseline.

        The same sweep then scales from this laptop to a Dask cluster (section 5). With the
        default sizes it takes about three minutes on two cores.
        '''),
        parameters(replications=10, what="runs per tornado point", extra='''
        SOBOL_N = 8 if SMALL else 64  # Sobol' base samples (a power of 2): SOBOL_N x 8 runs
        OAT_REPLICATIONS = 2 if SMALL else REPLICATIONS
        N_JOBS = int(os.environ.get("HIRINGSIM_NB_JOBS", 0)) or None  # processes; None: all cores
        STORE_DIR = os.environ.get("HIRINGSIM_NB_STORE")  # folder for sweep stores; None: temporary
        DASK_SCHEDULER = os.environ.get("HIRINGSIM_DASK_SCHEDULER")  # e.g. "tcp://10.0.0.5:8786"
        '''),
        code(setup(pandas=False)),
        md('''
        ## 1. The inputs and their ranges

        | input | baseline | range | why |
        |---|---|---|---|
        | mean days of a background investigation | 60 | 40 to 120, most likely 60 | ASSUMPTION; investigations overrun far more often than they finish early |
        | officer attrition per year | 5% | 3% to 8% | no ICE figure; Border Patrol 4.3% to 5.5% used as a proxy |
        | applications per week during the surge | 3,000 | 2,000 to 4,500 | response to recruiting campaigns is uncertain |
        | weekly withdrawal while waiting for an offer | 2% | 1% to 4% | ASSUMPTION; long waits lose applicants to other agencies |
        | investigation slots after the April 2018 expansion | 1,500 | 1,000 to 3,000 | **lever**: contract capacity |
        | academy seats per weekly class | 60 | 40 to 120 | **lever**: FLETC space |

        Each input is addressed by its dotted path in the scenario file. Every value a design
        can reach is checked against the scenario's rules before anything runs.
        '''),
        code('''
        from hiringsim.sweep import Parameter, Sweep, run_sweep

        baseline = hs.load_scenario(SCENARIOS / "baseline.toml")
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
        ''', "expect-output"),
        md('''
        ## 2. Run the Sobol' design

        The design has `SOBOL_N × (6 + 2)` points. Every point runs with the same seed (common
        random numbers), so differences between points come from the inputs, not from chance.
        Results go into a store (one SQLite file) as each point finishes: if the run is
        interrupted, running the same cell again with the same store resumes where it stopped.
        '''),
        code('''
        import tempfile

        store_dir = Path(STORE_DIR) if STORE_DIR else Path(tempfile.mkdtemp(prefix="hiringsim-"))
        store_dir.mkdir(parents=True, exist_ok=True)
        sobol_run = run_sweep(sweep, store=store_dir / f"what_matters_sobol_n{SOBOL_N}.sqlite",
                              n_jobs=N_JOBS)
        print(sobol_run)
        sobol_run.table().head()
        ''', "expect-output"),
        md('''
        ## 3. Sobol' indices

        For each input, two numbers between 0 and 1:

        - **first order (S1)**: the share of the outcome's variation explained by this input
          alone;
        - **total order (ST)**: the share it takes part in, alone or through its interplay with
          the others. An input with ST near zero can be fixed at any value in its range without
          changing the answer.

        The whiskers show 95% bootstrap intervals. With a small design (`SOBOL_N = 8`) they are
        wide and the ranking is rough; the default 64 usually separates the inputs that matter
        most from the rest.
        '''),
        code('''
        def labelled(frame):
            out = frame.assign(parameter=frame["parameter"].map(LABELS))
            out.attrs.update(frame.attrs)
            return out


        sobol = sobol_run.sobol("growth_at_deadline")
        ax = plots.plot_sobol(labelled(sobol))
        ''', "expect-image"),
        code('''
        sobol.assign(parameter=sobol["parameter"].map(LABELS)).round(2).set_index("parameter")
        ''', "expect-output"),
        md('''
        ## 4. Tornado chart: one input at a time

        The same inputs, but each one alone at the low and the high end of its range (for the
        investigation time: its 5% and 95% quantiles), the others at the baseline: `2 × 6 + 1`
        points. Each bar shows how far the outcome swings. Easier to read than Sobol' indices,
        but blind to interplay between inputs.
        '''),
        code('''
        oat = sweep.replace(design="oat", n=None, replications=OAT_REPLICATIONS)
        oat_run = run_sweep(oat, store=store_dir / f"what_matters_oat_r{OAT_REPLICATIONS}.sqlite",
                            n_jobs=N_JOBS)
        tornado = oat_run.tornado("growth_at_deadline")
        ax = plots.plot_tornado(labelled(tornado))
        ''', "expect-image"),
        md('''
        The scatter below shows the outcome at every Sobol' design point against the input
        that matters most. The spread at a given value is the effect of the other inputs; where
        the red line levels off, more of this input stops helping because something else
        limits the pace.
        '''),
        code('''
        top = sobol["parameter"].iloc[0]
        ax = plots.plot_outcome_vs_parameter(sobol_run, "growth_at_deadline", top)
        ''', "expect-image"),
        code('''
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
            print(textwrap.fill(line, 100), end="\\n\\n")
        ''', "expect-output"),
        md('''
        **How to read this.** Inputs with a large total-order index are where better information
        pays off (for uncertain facts) or where a decision changes the outcome (for levers). An
        uncertain input that matters deserves a real estimate before the plan is fixed; a lever
        that matters is a candidate for the plan.
        The ranges in section 1 are themselves judgements: a wider range makes an input look
        more important.

        ## 5. Scaling the same sweep to a Dask cluster

        A sweep runs on any `concurrent.futures` executor. On one machine it uses a process
        pool (`n_jobs`). For thousands of runs, point it at a
        [Dask](https://distributed.dask.org) cluster — install the extra with
        `pip install -e ".[dask]"` — either by the scheduler's address:

        ```python
        run_sweep(sweep.replace(n=1024, replications=2), store="runs/what_matters.sqlite",
                  scheduler="tcp://scheduler-host:8786")
        ```

        or through a `Client` you already have (for example from a Kubernetes or HPC
        deployment):

        ```python
        from distributed import Client

        client = Client("tcp://scheduler-host:8786")
        run_sweep(sweep, store="runs/what_matters.sqlite", executor=client.get_executor())
        ```

        The results are the same as on a laptop: each run depends only on its inputs, the seed
        and the replication number, never on which worker ran it. The store stays on the
        machine running the notebook; an interrupted cluster run resumes from it. From the
        command line: `hiringsim sweep scenarios/sweeps/baseline_uncertainty.toml --scheduler
        tcp://scheduler-host:8786`.

        The cell below runs a larger design on the cluster named by the environment variable
        `HIRINGSIM_DASK_SCHEDULER`, and does nothing when it is not set.
        '''),
        code('''
        if DASK_SCHEDULER:
            big = sweep.replace(n=4 * SOBOL_N, replications=2)
            big_store = store_dir / f"what_matters_sobol_n{4 * SOBOL_N}_r2.sqlite"
            big_run = run_sweep(big, store=big_store, scheduler=DASK_SCHEDULER)
            ax = plots.plot_sobol(labelled(big_run.sobol("growth_at_deadline")))
        else:
            print("HIRINGSIM_DASK_SCHEDULER is not set: no cluster run (see the code above).")
        ''', "expect-output"),
    ]


# -- 4. Build your own scenario -------------------------------------------------------------------
def own_scenario() -> list[dict]:
    return [
        md('''
        # 4. Build your own scenario

        A plan is a scenario file. Rather than copying the whole baseline, a new file can say
        `extends = "<another file>"` and list only what it changes. This notebook:

        1. writes a scenario that extends the bundled baseline and changes three numbers;
        2. makes variants in Python without writing files (`with_values`);
        3. shows what the validation errors look like for a typo and an impossible value;
        4. runs the new scenario against the baseline, saves the results and reloads them.

        Files are written to a temporary folder, so the notebook leaves nothing behind.
        '''),
        parameters(replications=50, what="replications of each scenario"),
        code(setup()),
        md('''
        ## 1. A scenario file that extends the baseline

        Two ways to change a value, both shown below:

        - **a table** with the same headings as the baseline (`[roles.officer.academy]`):
          tables merge key by key, so only the keys you write change. Lists (such as
          `changes`) are replaced whole.
        - **a `[set]` table** of dotted paths: the shortest way to change one number deep
          inside the file. Stages are addressed by name (`stages.background`), lists by
          position (`changes.0` is the first change).

        `extends` is a path relative to the new file; here it is the absolute path of the
        bundled baseline, because the new file lives in a temporary folder.
        '''),
        code('''
        import tempfile

        workdir = Path(tempfile.mkdtemp(prefix="hiringsim-"))
        BASELINE_FILE = (SCENARIOS / "baseline.toml").as_posix()
        my_file = workdir / "bigger_academy.toml"
        my_file.write_text(f"""\\
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
        ''', "expect-output"),
        code('''
        baseline = hs.load_scenario(SCENARIOS / "baseline.toml")
        mine = hs.load_scenario(my_file)
        mine
        ''', "expect-output"),
        md('''
        `Scenario.get` reads any value by its dotted path, which makes it easy to check what
        changed:
        '''),
        code('''
        PATHS = ["roles.officer.academy.seats", "roles.officer.academy.changes",
                 "resources.background.changes.0.servers",
                 "roles.officer.stages.background.duration.mean",
                 "roles.officer.recruiting.0.per_week"]
        pd.DataFrame({"baseline": [baseline.get(p) for p in PATHS],
                      mine.name: [mine.get(p) for p in PATHS]}, index=PATHS)
        ''', "expect-output"),
        md('''
        ## 2. Variants in Python: `with_values`

        A scenario never changes once loaded. `with_values` returns a new, validated scenario
        with the given dotted paths replaced — the same paths as in `[set]`. This is how sweeps
        and the explorer in notebook 5 build their variants.
        '''),
        code('''
        variant = mine.with_values({"roles.officer.recruiting.0.per_week": 4000,
                                    "roles.officer.offer_withdraw_per_week": 0.01},
                                   name="bigger_academy_more_recruits")
        print(variant)
        print("applications per week:", mine.get("roles.officer.recruiting.0.per_week"), "->",
              variant.get("roles.officer.recruiting.0.per_week"))
        ''', "expect-output"),
        md('''
        ## 3. What the validation errors look like

        Every value is checked when a scenario is loaded, and all problems are reported at once,
        each with the file, the dotted field, the bad value and what would be valid. A typo is
        never silently ignored. The examples: a misspelt key in a file, a misspelt stage name
        in Python, and two impossible values at once (a pass rate above 100% and a negative
        number of investigation slots).
        '''),
        code('''
        typo_file = workdir / "typo.toml"
        typo_file.write_text(f"""\\
        extends = "{BASELINE_FILE}"
        name = "typo"

        [roles.officer.academy]
        seat = 100          # should be: seats
        """)
        try:
            hs.load_scenario(typo_file)
        except hs.ScenarioError as error:
            print(error)
        ''', "expect-output"),
        code('''
        for values in ({"roles.officer.stages.backgrund.pass_rate": 0.6},
                       {"roles.officer.stages.background.pass_rate": 1.4,
                        "resources.background.servers": -50}):
            try:
                baseline.with_values(values)
            except hs.ScenarioError as error:
                print(error, end="\\n\\n")
                print("as data:", error.problems, end="\\n\\n")
        ''', "expect-output"),
        md('''
        ## 4. Run it, save the results, load them back

        The new scenario runs against the baseline with common random numbers (notebook 2), so
        the difference is the effect of the changes, not of chance.
        '''),
        code('''
        comparison = hs.compare({"baseline": baseline, mine.name: mine}, REPLICATIONS, seed=SEED)
        ax = plots.plot_strategies(comparison)
        ''', "expect-image"),
        code('''
        comparison.differences("baseline", kpis=["target_day", "target_by_deadline",
                                                   "growth_at_deadline", "cost_per_net_hire"]
                               ).round(2)
        ''', "expect-output"),
        md('''
        `save` writes a folder: tables as Parquet (readable by pandas, R, Excel add-ins and
        most data tools), the daily counts as a compressed NumPy file, and `meta.json` with the
        complete scenario, the seed, the mode and the hiringsim version. `Results.load` reads it
        back with everything needed for the charts and reports — the scenario file is not
        needed any more.
        '''),
        code('''
        results = comparison.results[mine.name]
        folder = results.save(workdir / "results" / mine.name)
        for f in sorted(folder.iterdir()):
            print(f"{f.name:18s} {f.stat().st_size / 1024:8.1f} kB")
        ''', "expect-output"),
        code('''
        loaded = hs.Results.load(folder)
        assert loaded.kpis.equals(results.kpis) and loaded.scenario == results.scenario
        print(f"Reloaded: {loaded!r}")
        loaded
        ''', "expect-output"),
        code('''
        ax = plots.plot_fan(loaded)
        ''', "expect-image"),
        md('''
        Any single replication can be replayed from its seed and number, for example to look
        at an unusual one: `hs.run(loaded.scenario, seed=loaded.seed, replication=3)`.

        **Keep your scenario files with the results**: a scenario's comments are where its
        assumptions are written down. Mark every number without a source `ASSUMPTION`, as the
        bundled files do, so that readers know what to question.
        '''),
    ]


# -- 5. What-if explorer --------------------------------------------------------------------------
def explorer() -> list[dict]:
    return [
        md('''
        # 5. What-if explorer

        Move the sliders and press **Run** to see how the main levers change the path to
        +10,000 trained officers. Each run simulates a few replications of the baseline with
        your values (a few seconds) and redraws the fan chart, with the baseline's median as a
        dashed grey line for comparison.

        Every run uses the same seed, so moving a slider shows the effect of that lever, not a
        change of luck. A few replications are enough to see a lever's effect; they are not
        enough to quote a probability — use notebooks 1 and 2 for that.

        Without `ipywidgets` (or when the notebook runs non-interactively, as in the tests),
        the last cell draws one static chart with the baseline's values instead.
        '''),
        parameters(replications=10, what="runs per explorer chart", extra='''
        STATIC = os.environ.get("HIRINGSIM_NB_STATIC", "0") not in ("", "0")  # True: no sliders
        '''),
        code(setup()),
        md('''
        ## The levers

        Each lever is a dotted path in the baseline scenario, with the slider's range. The
        sliders start at the baseline's values.
        '''),
        code('''
        import matplotlib.pyplot as plt

        baseline = hs.load_scenario(SCENARIOS / "baseline.toml")
        LEVERS = {  # name: (label, dotted path, low, high, step)
            "slots_start": ("investigation slots, 2017", "resources.background.servers",
                            500, 3000, 100),
            "slots_2018": ("investigation slots from Apr 2018",
                           "resources.background.changes.0.servers", 500, 4000, 100),
            "seats": ("academy seats per weekly class", "roles.officer.academy.seats",
                      20, 200, 10),
            "applications": ("applications per week", "roles.officer.recruiting.0.per_week",
                             1000, 8000, 250),
            "withdrawal": ("weekly withdrawal while waiting for an offer",
                           "roles.officer.offer_withdraw_per_week", 0.0, 0.10, 0.005),
        }
        DEFAULTS = {name: type(step)(baseline.get(path))  # whole numbers for whole-number steps
                    for name, (_, path, _, _, step) in LEVERS.items()}
        reference = hs.simulate(baseline, REPLICATIONS, seed=SEED, progress=False)
        reference_median = reference.bands(quantiles=(0.5,))[0.5]
        pd.DataFrame({"lever": [v[0] for v in LEVERS.values()],
                      "scenario path": [v[1] for v in LEVERS.values()],
                      "baseline": list(DEFAULTS.values())}, index=list(LEVERS))
        ''', "expect-output"),
        md('''
        ## The what-if function

        `what_if(**values)` builds the variant with `with_values`, runs it and draws the chart.
        The interactive and the static cells below both call it.
        '''),
        code('''
        def what_if(**values):
            """Run the baseline with the given lever values and draw its fan chart."""
            values = {**DEFAULTS, **values}
            if values == DEFAULTS:  # the baseline itself: already run
                results = reference
            else:
                scenario = baseline.with_values({LEVERS[k][1]: v for k, v in values.items()},
                                                name="what-if")
                results = hs.simulate(scenario, REPLICATIONS, seed=SEED, progress=False)
            ax = plots.plot_fan(results)
            ax.plot(reference_median.index, reference_median.to_numpy(), color="0.35", ls="--",
                    lw=1.5, label="baseline median")
            ax.legend(loc="upper left", fontsize="small", framealpha=0.95)
            changed = [f"{LEVERS[k][0]} {DEFAULTS[k]:g} -> {v:g}" for k, v in values.items()
                       if v != DEFAULTS[k]]
            ax.set_title("What if: " + ("; ".join(changed) if changed else "baseline values"),
                         fontsize="medium")
            plt.show()
            s = results.summary()
            median = results.target_dates((0.5,)).iloc[0]
            print(f"+{baseline.target.growth:,} by {baseline.target.deadline:%d %b %Y} in "
                  f"{s.loc['target_by_deadline', 'mean']:.0%} of {REPLICATIONS} replications; "
                  "median date reached: "
                  + (f"{median['date']:%b %Y}" if median["reached"] else "not reached")
                  + f"; hiring cost per net hire ${s.loc['cost_per_net_hire', 'mean']:,.0f}.")
            return results
        '''),
        md('''
        ## Explore

        Set the sliders, then press **Run** (each run takes a few seconds). **Reset** puts the
        sliders back to the baseline.
        '''),
        code('''
        try:
            import ipywidgets as widgets
        except ImportError:  # the notebooks extra is not installed
            widgets = None

        if widgets is not None and not STATIC:
            sliders = {}
            for name, (label, _, low, high, step) in LEVERS.items():
                kind = widgets.IntSlider if isinstance(step, int) else widgets.FloatSlider
                sliders[name] = kind(value=DEFAULTS[name], min=low, max=high, step=step,
                                     description=label, continuous_update=False,
                                     style={"description_width": "300px"},
                                     layout=widgets.Layout(width="640px"))
            run_button = widgets.Button(description="Run", button_style="primary", icon="play")
            reset_button = widgets.Button(description="Reset", icon="undo")
            chart = widgets.Output()

            def on_run(_button):
                with chart:
                    chart.clear_output(wait=True)
                    try:
                        what_if(**{name: s.value for name, s in sliders.items()})
                    except hs.ScenarioError as error:
                        print(error)

            def on_reset(_button):
                for name, s in sliders.items():
                    s.value = DEFAULTS[name]
                on_run(None)

            run_button.on_click(on_run)
            reset_button.on_click(on_reset)
            display(widgets.VBox([*sliders.values(), widgets.HBox([run_button, reset_button]),
                                  chart]))
            on_run(None)  # the first chart: the baseline's values
        else:
            print("Static chart (widgets unavailable or HIRINGSIM_NB_STATIC set): "
                  "baseline values. Change them in the call below and re-run the cell.")
            what_if()  # for example: what_if(seats=120, slots_2018=3000)
        ''', "expect-output"),
        md('''
        **Things to try.** Double the academy seats alone, then double the investigation slots
        alone: which one moves the curve? Then both. Raise the applications per week without
        touching capacity: more applicants only help while there is room to investigate and
        train them. Raise the withdrawal rate: long queues now cost applicants as well as time.

        The sliders change the levers only; the uncertain inputs (pass rates, attrition,
        investigation times) stay at the baseline's assumptions. Notebook 3 shows how much
        those matter.
        '''),
    ]


# -- 6. What it takes -----------------------------------------------------------------------------
def what_it_takes() -> list[dict]:
    return [
        md('''
        # 6. What it takes: working backwards from the deadline

        The first five notebooks ask *what happens if*. A planner's harder questions run the other
        way:

        1. **What must we change to be 90% sure** of +10,000 trained officers by 30 September
           2022, at the least cost? (`hiringsim.solve`)
        2. **Do the scenario's rates match what our pipeline actually did?** Fit them to
           observed counts, with intervals (`hiringsim.calibrate`).

        Goal seeking screens candidate settings with the same random numbers for all of them
        (common random numbers), then verifies the cheapest plausible one on *fresh*
        replications and states its probability with an interval — so the answer is not an
        artefact of lucky draws.
        '''),
        parameters('''
        VERIFY = 20 if SMALL else 200  # fresh replications that verify the answer
        STEP = 8 if SMALL else 2       # seats are searched in steps of this size
        ''', replications=40, what="screening replications per candidate setting"),
        code(setup()),
        md('''
        ## 1. How many academy seats are needed?

        The baseline runs one 60-seat class a week and reaches +10,000 about eight months late
        (notebook 1). `solve_one` searches the seats per weekly class between 40 and 96 for the
        least value that makes the target by the deadline at least 90% likely. The
        search assumes more seats never hurt (a monotone bisection).
        '''),
        code('''
        base = hs.load_scenario(SCENARIOS / "baseline.toml")
        seats = hs.solve_one(base, "roles.officer.academy.seats", low=40, high=96, step=STEP,
                             probability=0.9, replications=REPLICATIONS,
                             verify_replications=VERIFY, seed=SEED)
        print(seats.report())
        ''', "expect-output"),
        code('''
        ax = plots.plot_frontier(seats)
        ''', "expect-image"),
        md('''
        **How to read it.** Each grey point is a setting screened on the same replications; the
        star is the answer with the interval from its fresh replications; the dashed line is the
        90% goal. A setting just below the answer that *screened* as plausible but failed on fresh
        replications is listed in the report: that is the verification doing its job.
        '''),
        code('''
        best = seats.best
        verdict = "is" if seats.feasible else "is NOT"
        print(f"Answer: {best.values} -- P(+10,000 by the deadline) {best.probability:.0%} "
              f"(95% interval {best.ci_low:.0%} to {best.ci_high:.0%}, {best.n} fresh replications). "
              f"The 90% goal {verdict} reached within the searched range.")
        ''', "expect-output"),
        md('''
        ## 2. Two levers with costs: seats or investigators?

        `scenarios/solve/investigators_and_seats.toml` lets the search trade seats per class
        against background-investigation slots from April 2018, each with a cost per unit above
        the baseline (ASSUMPTIONS written in the file). The file runs from the command line too:
        `hiringsim solve scenarios/solve/investigators_and_seats.toml`.
        '''),
        code('''
        spec = hs.load_solve(SCENARIOS / "solve" / "investigators_and_seats.toml")
        two = hs.solve(spec, replications=REPLICATIONS, verify_replications=VERIFY, seed=SEED)
        print(two.report())
        ''', "expect-output"),
        md('''
        ## 3. Calibration: do the rates match what happened?

        An agency would use its own counts (the CSV format is in `docs/observed-data.md`). Here
        we rehearse: a "true" pipeline whose officers' background pass rate (0.60) and support
        staff attrition (9% a year) differ from the baseline's assumptions (0.70 and 7%) produces
        two years of monthly counts; `calibrate` fits the baseline to them. If it works, the 95%
        intervals cover the true values (in about 19 of 20 rehearsals with different seeds).
        '''),
        code('''
        truth = {"roles.officer.stages.background.pass_rate": 0.60,
                 "roles.support.attrition.annual_rate": 0.09}
        record = hs.run(base.with_values(truth), seed=SEED)
        observed = hs.observe(record, period_days=30)
        observed = observed[pd.to_datetime(observed["period_end"]) <= "2019-03-01"]
        print(f"{len(observed):,} observed rows, e.g.:")
        observed.head()
        ''', "expect-output"),
        code('''
        cal = hs.calibrate(base, observed, replications=4 if SMALL else 20, seed=SEED)
        est = cal.estimates.set_index("path")
        for path, value in truth.items():
            row = est.loc[path]
            inside = row["low"] <= value <= row["high"]
            print(f"{path}: estimate {row['estimate']:.3f}, 95% interval {row['low']:.3f} to "
                  f"{row['high']:.3f}; truth {value} is {'inside' if inside else 'OUTSIDE'}")
        ''', "expect-output"),
        code('''
        axes = plots.plot_fit_report(cal)
        ''', "expect-image"),
        md('''
        The fit report draws each observed series (dots) over the calibrated scenario's
        simulation (median and 5–95% band). `cal.ranges()` turns the intervals into ranges a
        sensitivity sweep can take, and `cal.to_toml()` writes a scenario file that `extends`
        the baseline and `set`s the fitted values.

        **Caveats.** Calibration fits what the data informs (rates, mean durations,
        withdrawals, and attrition as *one factor on all of a role's rates*, tenure bands
        included — a change to one band only is not what it fits); it assumes the counts start with the
        scenario and are spread evenly within each period. Goal seeking answers within the
        searched bounds and at the stated unit costs, which are assumptions to replace with the
        agency's own.
        '''),
        code('''
        print({path: tuple(round(v, 4) for v in bounds) for path, bounds in cal.ranges().items()
               if path in truth})
        ''', "expect-output"),
    ]


NOTEBOOKS = {
    "01_quickstart": quickstart,
    "02_all_at_once_or_in_phases": strategies,
    "03_what_matters": what_matters,
    "04_build_your_own_scenario": own_scenario,
    "05_what_if_explorer": explorer,
    "06_what_it_takes": what_it_takes,
}


def write_all(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for stem, cells in NOTEBOOKS.items():
        path = folder / f"{stem}.ipynb"
        nbformat.write(build(stem, cells()), path)
        out.append(path)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE,
                        help="folder to write to (default: this script's folder)")
    args = parser.parse_args(argv)
    for path in write_all(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
