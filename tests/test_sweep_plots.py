"""Sensitivity plots: return their Axes, with a title, labelled axes and a legend."""

from __future__ import annotations

import math

import matplotlib
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402

from hiringsim.plots.sensitivity import (  # noqa: E402
    plot_outcome_vs_parameter,
    plot_sobol,
    plot_tornado,
)
from hiringsim.sweep import Parameter, Sweep, run_sweep  # noqa: E402
from hiringsim.sweep.toys import ishigami, noisy_linear  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def sobol_result(tmp_path_factory):
    sweep = Sweep(parameters=[Parameter(f"x{i}", low=-math.pi, high=math.pi) for i in (1, 2, 3)],
                  outcomes=["y"], design="sobol", n=64, seed=3)
    return run_sweep(sweep, store=tmp_path_factory.mktemp("p") / "s.sqlite", evaluate=ishigami,
                     n_jobs=1, progress=False)


@pytest.fixture(scope="module")
def oat_result(tmp_path_factory):
    sweep = Sweep(parameters=[Parameter("a", low=0.0, high=1.0),
                              Parameter("b", low=-2.0, high=5.0)],
                  outcomes=["y"], design="oat", replications=2, seed=1)
    return run_sweep(sweep, store=tmp_path_factory.mktemp("p") / "o.sqlite",
                     evaluate=noisy_linear, n_jobs=1, progress=False)


def _labelled(ax, n_legend):
    assert ax.get_title() and ax.get_xlabel() and ax.get_ylabel()
    legend = ax.get_legend()
    assert legend is not None and len(legend.get_texts()) == n_legend


def test_plot_sobol(sobol_result):
    """plot_sobol draws S1 and ST bars per parameter, with a legend of the two."""
    indices = sobol_result.sobol("y", n_resamples=200)
    ax = plot_sobol(indices)
    _labelled(ax, 2)
    assert "y" in ax.get_title()
    assert [t.get_text() for t in ax.get_yticklabels()] == list(indices["parameter"])
    assert len(ax.patches) == 2 * 3


def test_plot_tornado_uses_given_axes(oat_result):
    """plot_tornado draws on the Axes it is given and returns it."""
    _fig, ax = plt.subplots()
    tornado = oat_result.tornado("y")
    assert plot_tornado(tornado, ax=ax) is ax
    _labelled(ax, 3)
    assert ax.get_yticklabels()[0].get_text().startswith("b")   # largest swing on top
    assert len(ax.patches) == 2 * 2


def test_plot_outcome_vs_parameter(sobol_result, oat_result):
    """Outcome against a parameter: design points, plus decile means when there are many."""
    ax = plot_outcome_vs_parameter(sobol_result, "y", "x1")
    _labelled(ax, 2)
    ax = plot_outcome_vs_parameter(oat_result, "y", "a")    # 2 replications: dots too
    _labelled(ax, 2)
    with pytest.raises(KeyError, match="no parameter 'zz'"):
        plot_outcome_vs_parameter(oat_result, "y", "zz")
