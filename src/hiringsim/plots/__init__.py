"""Plots of hiringsim results: growth against the target, the pipeline, capacity, costs,
sensitivity, what breaks the plan.

Every function takes its data first, keyword-only options after, ``ax=None`` (a new figure),
returns the Axes (``dashboard`` returns a Figure) and never calls ``plt.show()``.
``import hiringsim.plots`` does not import matplotlib; each function imports it when called.
"""

from __future__ import annotations

from ._common import save_figure
from .capacity import plot_resources, plot_utilization
from .channels import plot_channels
from .costs import plot_costs, plot_fiscal_costs
from .dashboard import dashboard
from .discovery import plot_discovery, plot_discovery_box
from .growth import plot_fan, plot_strategies, plot_time_to_target
from .instructors import plot_instructors
from .milestones import plot_milestones
from .pipeline import plot_funnel, plot_pipeline, plot_time_to_hire
from .sensitivity import (
    plot_outcome_vs_parameter,
    plot_outcome_vs_parameters,
    plot_sobol,
    plot_tornado,
)
from .solve import plot_fit, plot_fit_report, plot_frontier

__all__ = [
    "dashboard",
    "plot_channels",
    "plot_costs",
    "plot_discovery",
    "plot_discovery_box",
    "plot_fan",
    "plot_fiscal_costs",
    "plot_fit",
    "plot_fit_report",
    "plot_frontier",
    "plot_funnel",
    "plot_instructors",
    "plot_milestones",
    "plot_outcome_vs_parameter",
    "plot_outcome_vs_parameters",
    "plot_pipeline",
    "plot_resources",
    "plot_sobol",
    "plot_strategies",
    "plot_time_to_hire",
    "plot_time_to_target",
    "plot_tornado",
    "plot_utilization",
    "save_figure",
]
