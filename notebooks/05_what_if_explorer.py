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
# # 5. What-if explorer
#
# Move the sliders and press **Run** to see how the main levers change the path to
# +10,000 trained officers. Each run simulates a few replications of the baseline with
# your values (a few seconds) and redraws the fan chart, with the baseline's median as a
# dashed grey line for comparison.
#
# Every run uses the same seed, so moving a slider shows the effect of that lever, not a
# change of luck. A few replications are enough to see a lever's effect; they are not
# enough to quote a probability — use notebooks 1 and 2 for that.
#
# Without `ipywidgets` (or when the notebook runs non-interactively, as in the tests),
# the last cell draws one static chart with the baseline's values instead.

# %% tags=["parameters"]
# Parameters: the size of this notebook's runs. Lower them for a quicker, rougher answer.
# Papermill can override them (this cell is tagged "parameters"); the test suite sets the
# environment variables to run every notebook in seconds.
import os

REPLICATIONS = int(os.environ.get("HIRINGSIM_NB_REPLICATIONS", 10))  # runs per explorer chart
SMALL = os.environ.get("HIRINGSIM_NB_SMALL", "0") not in ("", "0")  # True: quick-check sizes
SEED = 2017  # root seed of the random numbers: the same seed gives the same results
STATIC = os.environ.get("HIRINGSIM_NB_STATIC", "0") not in ("", "0")  # True: no sliders

# %%
# %matplotlib inline
import pandas as pd

import hiringsim as hs
from hiringsim import plots

print(f"hiringsim {hs.__version__}; bundled scenarios: {', '.join(hs.examples())}")

# %% [markdown]
# ## The levers
#
# Each lever is a dotted path in the baseline scenario, with the slider's range. The
# sliders start at the baseline's values.

# %% tags=["expect-output"]
import matplotlib.pyplot as plt

baseline = hs.example("baseline")
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


# %% [markdown]
# ## The what-if function
#
# `what_if(**values)` builds the variant with `with_values`, runs it and draws the chart.
# The interactive and the static cells below both call it.

# %%
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


# %% [markdown]
# ## Explore
#
# Set the sliders, then press **Run** (each run takes a few seconds). **Reset** puts the
# sliders back to the baseline.

# %% tags=["expect-output"]
from IPython.display import display

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

# %% [markdown]
# **Things to try.** Double the academy seats alone, then double the investigation slots
# alone: which one moves the curve? Then both. Raise the applications per week without
# touching capacity: more applicants only help while there is room to investigate and
# train them. Raise the withdrawal rate: long queues now cost applicants as well as time.
#
# The sliders change the levers only; the uncertain inputs (pass rates, attrition,
# investigation times) stay at the baseline's assumptions. Notebook 3 shows how much
# those matter.
