"""What a planner reads: HTML displays for notebooks and readable tables and sentences.

``Scenario._repr_html_``, ``Results._repr_html_`` and ``Comparison._repr_html_`` render here,
and the readable tables (``Results.summary_table``, ``Comparison.table``,
``Comparison.differences_table``) and the written conclusion (``Comparison.conclusion``) are
built here, every number named by :mod:`hiringsim.labels` and written by its formats
(thousands, percentages, $M, calendar dates; never ``7.18e+04``).

This package sits low in the layers (scenarios and results import it lazily): it imports only
:mod:`hiringsim.labels` and calls methods of the objects it is given.
"""

from __future__ import annotations

from .comparison import comparison_html, comparison_table, conclusion, differences_table
from .results import results_html, summary_table
from .scenario import scenario_html

__all__ = ["comparison_html", "comparison_table", "conclusion", "differences_table",
           "results_html", "scenario_html", "summary_table"]
