"""What breaks the plan: scenario discovery over a plan's uncertain inputs (PRIM).

Each replication of a scenario with uncertain inputs draws its inputs (:mod:`hiringsim.draws`)
and then either reaches the target by the deadline or misses it (``target_by_deadline``, 0/1).
:func:`discover` asks which ranges of the drawn inputs hold the misses: it runs the Patient Rule
Induction Method (Friedman and Fisher 1999) as kept by the EMA Workbench
(``ema_workbench.analysis.prim``; Kwakkel 2017), peeling the box that holds every run down to a
box where the case of interest is dense, then pasting back.

For each box on the peeling trajectory: **coverage** (the share of all cases of interest that
fall inside the box) and **density** (the share of runs inside the box that are cases of
interest). The chosen box is the one with the greatest coverage whose density is at least
``density`` (0.8 by default); when no box is that dense, the densest. Its limits are given for
every input (restricted or not), with the input's range over the runs, its label and unit, and
the quasi-p-value EMA gives each restriction (a binomial test: could a box this dense arise
without the restriction? small is good).

The EMA Workbench is an optional dependency (``pip install "hiringsim[discover]"``): it brings
scikit-learn, statsmodels, SALib and seaborn, and takes seconds to import, so it is imported
when :func:`discover` is called, never with ``import hiringsim``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np
    import pandas as pd

    from .results import Results

__all__ = ["CASES", "Discovery", "discover", "discover_frame", "format_limit"]

#: the case of interest: the runs that miss the target by the deadline, or those that reach it
CASES = ("miss", "reach")

#: the trajectory's columns (one row per box, the first holding every run)
TRAJECTORY_COLUMNS = ["box", "coverage", "density", "mass", "runs", "cases", "restricted"]

#: the chosen box's columns (one row per input; restricted inputs first)
LIMIT_COLUMNS = ["input", "label", "unit", "low", "high", "range_low", "range_high",
                 "restricted", "p_value"]

#: the quasi-p-value above which a restriction is called weak in the text
WEAK = 0.05

_INSTALL = ('scenario discovery needs the EMA Workbench: pip install "hiringsim[discover]" '
            "(or pip install ema_workbench)")


@dataclass(frozen=True)
class Discovery:
    """A PRIM box that holds the case of interest, and the peeling trajectory it came from.

    ``trajectory``: one row per box (:data:`TRAJECTORY_COLUMNS`); ``limits``: the chosen box's
    limits per input (:data:`LIMIT_COLUMNS`); ``chosen``: the chosen box's row in the
    trajectory; ``case``: "miss" or "reach"; ``runs`` and ``cases``: how many runs, how many of
    them cases of interest; ``scenario``: the plan's name ("" for a bare frame).
    """

    trajectory: pd.DataFrame
    limits: pd.DataFrame
    chosen: int
    case: str
    runs: int
    cases: int
    density_asked: float
    scenario: str = ""

    @property
    def coverage(self) -> float:
        """The chosen box's coverage: the share of all cases of interest inside it."""
        return float(self.trajectory["coverage"].iloc[self.chosen])

    @property
    def density(self) -> float:
        """The chosen box's density: the share of runs inside it that are cases of interest."""
        return float(self.trajectory["density"].iloc[self.chosen])

    @property
    def restricted(self) -> pd.DataFrame:
        """The chosen box's limits on the inputs it restricts (the rule a planner reads)."""
        return self.limits[self.limits["restricted"]].reset_index(drop=True)

    def rule(self) -> str:
        """The box as a sentence: 'the plan misses when <input> is above x and <input> is
        below y: 87% of misses (coverage); 92% of runs in the box miss (density)'."""
        verb = "misses" if self.case == "miss" else "reaches the target"
        runs_verb = "miss" if self.case == "miss" else "reach it"
        plural = "misses" if self.case == "miss" else "runs that reach it"
        plan = f"{self.scenario} " if self.scenario else "the plan "
        if self.cases == 0:
            return f"{plan}never {'misses' if self.case == 'miss' else 'reaches the target'} " \
                   f"in {self.runs} runs: nothing to discover"
        parts = [_condition(r) for r in _records(self.restricted)]
        when = " and ".join(parts) if parts else "whatever the inputs (no box restricts any)"
        dense = "" if self.density >= self.density_asked else \
            f" (no box reaches the density asked, {self.density_asked:.0%}: the densest)"
        return (f"{plan}{verb} when {when}: {self.coverage:.0%} of {plural} (coverage), "
                f"{self.density:.0%} of runs in the box {runs_verb} (density){dense}; "
                f"{self.cases} of {self.runs} runs {runs_verb}")

    def table(self) -> pd.DataFrame:
        """The chosen box's restricted inputs as text a planner reads: input, unit, box,
        range over the runs, p-value."""
        import pandas as pd

        rows = [{"input": r["label"], "unit": r["unit"],
                 "box": f"{format_limit(r['input'], r['low'])} to "
                        f"{format_limit(r['input'], r['high'])}",
                 "range in the runs": f"{format_limit(r['input'], r['range_low'])} to "
                                      f"{format_limit(r['input'], r['range_high'])}",
                 "p-value": "-" if math.isnan(r["p_value"]) else f"{r['p_value']:.2g}"}
                for r in _records(self.restricted)]
        return pd.DataFrame(rows, columns=["input", "unit", "box", "range in the runs",
                                           "p-value"])

    def text(self) -> str:
        """The rule, the table of the chosen box and the trajectory's steps, as text."""
        head = f"What makes the plan {'miss' if self.case == 'miss' else 'reach'} the " \
               f"target (PRIM, {self.runs} runs)"
        traj = self.trajectory
        steps = traj.iloc[sorted({0, self.chosen, len(traj) - 1})]
        lines = [head, "", self.rule(), ""]
        if len(self.restricted):
            lines += [self.table().to_string(index=False), ""]
            weak = self.restricted[~(self.restricted["p_value"] <= WEAK)]["label"].tolist()
            if weak:
                lines += [f"Weak restrictions (p-value above {WEAK}: a box as dense could arise "
                          f"without them): {'; '.join(weak)}.", ""]
        lines.append("Peeling trajectory (box: coverage, density, runs in the box, inputs "
                     "restricted):")
        lines += [f"  box {r['box']:>3}{' (chosen)' if r['box'] == self.chosen else '':9} "
                  f"{r['coverage']:5.0%} {r['density']:5.0%} {r['runs']:6} {r['restricted']:3}"
                  for r in _records(steps)]
        return "\n".join(lines)


def format_limit(path: str, value: float) -> str:
    """An input's value to three significant figures: '9.12%', '118', '$85,000'."""
    from .labels import format_input, input_unit

    if input_unit(path) == "%":
        return f"{value * 100:.3g}%"
    return format_input(path, float(f"{value:.3g}"))


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def _condition(r: dict[str, Any]) -> str:
    lo, hi = format_limit(r["input"], r["low"]), format_limit(r["input"], r["high"])
    if r["low"] > r["range_low"] and r["high"] < r["range_high"]:
        return f"{r['label']} is {lo} to {hi}"
    if r["low"] > r["range_low"]:
        return f"{r['label']} is above {lo}"
    return f"{r['label']} is below {hi}"


def _prim_module() -> Any:
    import warnings

    try:
        with warnings.catch_warnings():  # "ipyparallel not installed", at import
            warnings.simplefilter("ignore")
            from ema_workbench.analysis import prim
    except ImportError as e:  # pragma: no cover - the extra is in the test install
        raise ImportError(_INSTALL) from e
    return prim


def discover_frame(x: pd.DataFrame, y: np.ndarray | pd.Series, *, case: str = "miss",
                   density: float = 0.8, peel_alpha: float = 0.05, paste_alpha: float = 0.05,
                   mass_min: float = 0.05, scenario: str = "") -> Discovery:
    """PRIM on a design ``x`` (one column per input, named by its dotted path; one row per
    run) and a 0/1 outcome ``y`` (1: the target reached by the deadline). ``case`` says which
    runs are of interest: "miss" (y == 0) or "reach" (y == 1)."""
    import warnings

    import numpy as np
    import pandas as pd

    from .labels import input_label, input_unit

    if case not in CASES:
        raise ValueError(f"case: must be one of {', '.join(CASES)}, got {case!r}")
    if not 0 < density <= 1:
        raise ValueError(f"density: must be in (0, 1], got {density}")
    if not 0 < peel_alpha < 1 or not 0 < paste_alpha < 1 or not 0 < mass_min < 1:
        raise ValueError("peel_alpha, paste_alpha and mass_min: must be in (0, 1)")
    outcome = np.asarray(y, dtype=float)
    if len(outcome) != len(x) or len(x) == 0:
        raise ValueError(f"x and y: need the same number of runs (> 0), got {len(x)} and "
                         f"{len(outcome)}")
    if not np.isin(outcome, (0.0, 1.0)).all():
        raise ValueError("y: must be 0/1 (target reached by the deadline)")
    interest = (outcome == 0) if case == "miss" else (outcome == 1)
    design = x.reset_index(drop=True).astype(float)
    varied = [c for c in design.columns if design[c].nunique() > 1]
    runs, cases = len(design), int(interest.sum())
    if cases == 0 or not varied:
        box = pd.DataFrame([{"box": 0, "coverage": float(cases > 0), "density": cases / runs,
                             "mass": 1.0, "runs": runs, "cases": cases, "restricted": 0}],
                           columns=TRAJECTORY_COLUMNS)
        limits = _limits(design, design.agg(["min", "max"]), {}, input_label, input_unit)
        return Discovery(box, limits, 0, case, runs, cases, density, scenario)
    prim = _prim_module()
    # y is 0/1: threshold 0.5 makes the cases of interest y == 1 and accepts any box holding
    # one; the box is chosen below from the whole trajectory
    with warnings.catch_warnings():  # pandas' deprecations inside the kept implementation
        warnings.simplefilter("ignore")
        p = prim.Prim(design[varied], interest.astype(float), threshold=0.5,
                      peel_alpha=peel_alpha, paste_alpha=paste_alpha, mass_min=mass_min)
        found = p.find_box()
    pt = found.peeling_trajectory
    trajectory = pd.DataFrame({"box": np.arange(len(pt)),
                               "coverage": pt["coverage"].to_numpy(float),
                               "density": pt["density"].to_numpy(float),
                               "mass": pt["mass"].to_numpy(float),
                               "runs": pt["n"].to_numpy(int), "cases": pt["k"].to_numpy(int),
                               "restricted": pt["res_dim"].to_numpy(int)},
                              columns=TRAJECTORY_COLUMNS)
    cov, den = trajectory["coverage"].to_numpy(), trajectory["density"].to_numpy()
    dense = den >= density - 1e-12
    # the first box of the greatest coverage among the dense enough, else the densest
    chosen = int(np.argmax(np.where(dense, cov, -1.0)) if dense.any() else np.argmax(den))
    limits = _limits(design, found.box_lims[chosen], found.qp[chosen], input_label, input_unit)
    return Discovery(trajectory, limits, chosen, case, runs, cases, density, scenario)


def _limits(design: pd.DataFrame, box: pd.DataFrame, qp: dict[str, list[float]],
            input_label: Any, input_unit: Any) -> pd.DataFrame:
    import pandas as pd

    rows = []
    for c in design.columns:
        lo, hi = float(design[c].min()), float(design[c].max())
        blo, bhi = (float(box[c].iloc[0]), float(box[c].iloc[1])) if c in box else (lo, hi)
        ps = [v for v in qp.get(c, []) if v >= 0]
        rows.append({"input": c, "label": input_label(c) if "." in c else c,
                     "unit": input_unit(c) if "." in c else "number", "low": blo, "high": bhi,
                     "range_low": lo, "range_high": hi,
                     "restricted": bool(blo > lo or bhi < hi),
                     "p_value": max(ps) if ps else float("nan")})
    f = pd.DataFrame(rows, columns=LIMIT_COLUMNS)
    return f.sort_values("restricted", ascending=False, kind="stable").reset_index(drop=True)


def discover(results: Results, *, case: str = "miss", outcome: str = "target_by_deadline",
             density: float = 0.8, peel_alpha: float = 0.05, paste_alpha: float = 0.05,
             mass_min: float = 0.05) -> Discovery:
    """What breaks the plan: the PRIM box of uncertain-input ranges that holds the runs that
    miss the target by the deadline (``case="miss"``, the default) or, for a plan that mostly
    misses, those that reach it (``case="reach"``).

    ``results`` come from :func:`hiringsim.simulate` on a scenario with uncertain inputs
    (``[uncertain."<path>"]``; 200 replications or more for a box worth reading); ``outcome``
    is a 0/1 KPI column of ``results.kpis`` (1: reached). ``density``: the least share of the
    case of interest in the chosen box; ``peel_alpha``, ``paste_alpha``, ``mass_min``: PRIM's
    (the share of runs peeled or pasted per step; the smallest box, as a share of runs).
    Needs the EMA Workbench (``pip install "hiringsim[discover]"``).
    """
    inputs = results.inputs
    if inputs.empty:
        raise ValueError(f"{results.scenario.name}: no uncertain inputs were drawn (declare "
                         "[uncertain.\"<path>\"] in the scenario, and run without "
                         "--fixed-inputs); discovery needs them")
    kpis = results.kpis
    if outcome not in kpis.columns:
        raise ValueError(f"outcome: {outcome!r} is not a KPI column")
    x = inputs.pivot_table(index=["scenario", "replication"], columns="input", values="value",
                           aggfunc="first")
    x.columns.name = None
    y = kpis.set_index(["scenario", "replication"])[outcome].reindex(x.index)
    return discover_frame(x, y.to_numpy(float), case=case, density=density,
                          peel_alpha=peel_alpha, paste_alpha=paste_alpha, mass_min=mass_min,
                          scenario=results.scenario.name)
