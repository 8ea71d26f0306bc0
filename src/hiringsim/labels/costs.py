"""Labels of the cost table: its lines and the pseudo-role of shared costs."""

from __future__ import annotations

from .base import Label

__all__ = ["COST_COLUMNS", "COST_LINES", "SHARED_ROLE", "cost_line_label", "cost_role_label"]

#: the cost lines (measures.costs.LINES) as a planner names them, short
COST_LINES = {
    "recruiting": "recruiting",
    "screening": "screening",
    "academy": "academy",
    "incentives": "incentives",
    "payroll": "payroll",
    "resources": "shared resources",
}
#: what each line holds and when it is charged (table headers, chart legends)
_LONG = {
    "recruiting": "recruiting (per application)",
    "screening": "screening (per person at a stage's start; investigations at service start)",
    "academy": "academy (per trainee at the class's start)",
    "incentives": "hiring incentives (per hire)",
    "payroll": "payroll of new hires",
    "resources": "shared resources (per server-year: investigators and other shared capacity)",
}
#: the pseudo-role of costs shared by roles (measures.costs.SHARED)
SHARED_ROLE = "(shared)"

#: the columns of the cost table per replication (Results.fiscal_costs) and of its summary
COST_COLUMNS = {
    "line": Label("cost line", "text"),
    **{line: Label(f"{text} cost", "$") for line, text in _LONG.items()},
}


def cost_line_label(line: str, *, long: bool = False) -> str:
    """'resources' -> 'shared resources'; ``long``: with what it holds and when it is
    charged.  One set of names for every chart, table and report."""
    return (_LONG if long else COST_LINES).get(line, line.replace("_", " "))


def cost_role_label(role: str) -> str:
    """A role's name, or 'shared resources' for the pseudo-role of shared costs."""
    return "shared resources" if role == SHARED_ROLE else role
