"""What a solve found: :class:`SolveResult` (the answer, runners-up, frontier, every screened
setting), its plain-text report, and saving it to a folder."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..scenario import Scenario
from ..stats import proportion_ci
from .spec import Lever

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .problem import Problem

__all__ = ["ACCEPTS", "Candidate", "SolveResult", "evaluations_frame", "pareto", "runners_up",
           "side_by_side", "stopping_rule"]


@dataclass(frozen=True)
class Candidate:
    """A lever setting with its cost and probability (fresh, verified replications)."""

    values: dict[str, float]
    cost: float
    probability: float
    ci_low: float
    ci_high: float
    n: int
    screen_probability: float
    screen_n: int
    verified: bool
    scenario: Scenario = field(repr=False)


@dataclass(frozen=True, eq=False)
class SolveResult:
    """What :func:`solve` found.  ``best`` is None only when nothing could be verified."""

    best: Candidate | None
    feasible: bool
    message: str
    runners_up: pd.DataFrame
    frontier: pd.DataFrame
    evaluations: pd.DataFrame
    probability: float
    confidence: float
    levers: tuple[Lever, ...]
    cost_kind: str
    method: str
    seed: int
    verify_seed: int
    replications: int
    verify_replications: int
    total_replications: int
    elapsed_s: float
    #: what ``cost`` measures (the frontier's axis): money, or the lever's setting
    cost_label: str = "cost (USD)"
    #: whether the "cost" is the lever's own setting (solve_one), not money
    cost_is_setting: bool = False
    #: "uncertain" (every replication draws the scenario's uncertain inputs) or "fixed"
    inputs: str = "uncertain"
    #: what the probabilities are over: "with input uncertainty (10 inputs)", "fixed inputs ..."
    inputs_label: str = ""
    #: the answer's setting and labelled cost in one line (the side-by-side table)
    answer: str = ""
    #: the same solve with fixed inputs (same seeds), when input uncertainty was drawn
    fixed: SolveResult | None = None
    #: what verification passes on: "estimate" or "bound" (its one-sided lower bound)
    accept: str = "estimate"

    def report(self) -> str:
        """A plain-text report (what the command line prints): the answer in a planner's words
        first, then how it was found."""
        from ..labels import input_label

        def named(values: dict[str, Any]) -> str:
            return "; ".join(f"{input_label(k)} = {v}" for k, v in values.items())

        cost = self.answer.split("; ", 1)[1] if "; " in self.answer else ""
        if self.best is None:
            first = "Answer: no setting was found"
        else:
            first = ("Answer: " if self.feasible else
                     "Answer: none reaches the goal; the best achievable is ")
            first += named(self.best.values) + (f" ({cost})" if cost else "")
        lines = [first, "", self.message, "",
                 f"method {self.method}; cost: {self.cost_kind}; {len(self.evaluations)} "
                 f"settings screened with up to {self.replications} replications (seed "
                 f"{self.seed}), verification with up to {self.verify_replications} fresh "
                 f"replications (seed {self.verify_seed}; passing on "
                 f"{ACCEPTS[self.accept].format(conf=self.confidence)}); "
                 f"{self.total_replications} replications in {self.elapsed_s:.1f} s",
                 stopping_rule(self.confidence, self.accept)]
        if self.best is not None:
            head = "setting:" if self.feasible else "best achievable setting:"
            lines += ["", head] + [f"  {k} = {v}  ({input_label(k)})"
                                   for k, v in self.best.values.items()]
        if self.fixed is not None:
            lines += ["", "the answer with and without input uncertainty:",
                      *side_by_side([self, self.fixed]),
                      "", f"ignoring input uncertainty: {self.fixed.message}"]
        failed = self.evaluations[self.evaluations["verified"].eq(False)]
        if self.best is not None:
            for lv in self.levers:
                failed = failed[failed[lv.path] != self.best.values[lv.path]]
        if len(failed):
            lines += ["", "screened as plausible, rejected on fresh replications:"]
            for _, r in failed.iterrows():
                vals = ", ".join(f"{lv.path} = {r[lv.path]}" for lv in self.levers)
                lines.append(f"  {vals}: {r['verified_probability']:.3f} "
                             f"[{r['verified_low']:.3f}, {r['verified_high']:.3f}], "
                             f"{r['verified_n']} replications")
        if len(self.runners_up):
            cols = [lv.path for lv in self.levers] + ["cost", "probability", "ci_low", "ci_high"]
            lines += ["", "runners-up (screening estimates):",
                      self.runners_up[cols].to_string(index=False)]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.report()

    def __repr__(self) -> str:
        return f"<SolveResult feasible={self.feasible}: {self.message.splitlines()[0]}>"

    def to_dict(self) -> dict[str, Any]:
        best = None
        if self.best is not None:
            b = self.best
            best = {"values": b.values, "cost": b.cost, "probability": b.probability,
                    "ci_low": b.ci_low, "ci_high": b.ci_high, "n": b.n,
                    "screen_probability": b.screen_probability, "screen_n": b.screen_n,
                    "verified": b.verified}
        return {"feasible": self.feasible, "message": self.message, "best": best,
                "probability": self.probability, "confidence": self.confidence,
                "cost_kind": self.cost_kind, "cost_label": self.cost_label,
                "accept": self.accept,
                "inputs": self.inputs, "inputs_label": self.inputs_label, "answer": self.answer,
                "fixed": None if self.fixed is None else self.fixed.to_dict(),
                "method": self.method, "seed": self.seed,
                "verify_seed": self.verify_seed, "replications": self.replications,
                "verify_replications": self.verify_replications,
                "total_replications": self.total_replications, "elapsed_s": self.elapsed_s,
                "levers": [{"path": lv.path, **lv.to_dict()} for lv in self.levers]}

    def save(self, path: str | Path) -> Path:
        """Write result.json, evaluations.csv, frontier.csv and runners_up.csv to a folder."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "result.json").write_text(json.dumps(self.to_dict(), indent=1, default=str))
        for name in ("evaluations", "frontier", "runners_up"):
            getattr(self, name).to_csv(path / f"{name}.csv", index=False)
        return path


#: what verification passes on, in words (``accept``)
ACCEPTS = {"estimate": "the fresh estimate",
           "bound": "the fresh one-sided {conf:.0%} Wilson lower bound"}


def stopping_rule(confidence: float, accept: str = "estimate") -> str:
    """The sequential stopping rule in words (the report's second line)."""
    from .sequential import BELOW_SCREEN, LOOK, VERIFY_LOOKS

    alpha = (1 - confidence) / VERIFY_LOOKS
    futility = ("" if accept != "bound" else
                "; a setting is also set aside at a look where its upper bound is under the "
                "least estimate that passes at the cap (futility: it cannot make a setting "
                "pass)")
    return (f"stopping rule: screening looks every {LOOK} replications and stops where a "
            f"one-sided Wilson bound decides (below the goal at {1 - BELOW_SCREEN:.1%}, above "
            f"it at {confidence:.0%}) or the estimate at the cap can no longer change side; "
            f"fresh replications run in {VERIFY_LOOKS} looks, stopped early only where a "
            f"one-sided Wilson bound at {1 - alpha:.2%} decides (an early stop wrong with "
            f"probability at most {1 - confidence:.0%}) or the accept rule's outcome can no "
            f"longer change{futility}; near the goal they run to the cap")


def side_by_side(results: list[SolveResult]) -> list[str]:
    """One labelled line per result: its inputs, setting, labelled cost and fresh probability."""
    width = max(len(r.inputs_label) for r in results)
    out = []
    for r in results:
        b = r.best
        p = ("no answer" if b is None else
             f"P = {b.probability:.3f} [{b.ci_low:.3f}, {b.ci_high:.3f}], {b.n} fresh "
             "replications" + ("" if r.feasible else " (best achievable; goal not reached)"))
        out.append(f"  {r.inputs_label + ':':<{width + 1}} {r.answer}; {p}")
    return out


def evaluations_frame(pb: Problem, verified: dict) -> pd.DataFrame:
    """Every screened setting (lever columns first), cheapest first, with its fresh runs."""
    import pandas as pd

    rows = []
    for idx, ev in pb.cache.items():
        _, lo, hi = proportion_ci(ev.successes, ev.n, pb.confidence)
        v = verified.get(idx)
        vp = vl = vh = math.nan
        if v is not None:
            vp, vl, vh = proportion_ci(sum(r[0] for r in v[1]), len(v[1]), pb.confidence)
        rows.append({**ev.values, "cost": ev.cost, "probability": ev.p, "ci_low": lo,
                     "ci_high": hi, "n": ev.n, "reaches_goal": ev.p >= pb.goal,
                     "plausible": pb.upper(ev) >= pb.goal,
                     "growth_at_deadline": ev.mean(1), "cost_total": ev.mean(2),
                     "verified_probability": vp, "verified_low": vl, "verified_high": vh,
                     "verified_n": len(v[1]) if v else 0,
                     "verified": (bool(v[0]) if v else None)})
    df = pd.DataFrame(rows)
    df = df.sort_values(["cost", "probability"], ascending=[True, False], ignore_index=True)
    paths = [x.path for x in pb.user_levers]
    return df[paths + [c for c in df.columns if c not in paths]]


def pareto(df: pd.DataFrame) -> pd.DataFrame:
    """Settings that no other setting beats on both cost (lower) and probability (higher)."""
    keep, best_p = [], -1.0
    for i, row in df.sort_values(["cost", "probability"], ascending=[True, False]).iterrows():
        if row["probability"] > best_p:
            keep.append(i)
            best_p = row["probability"]
    return df.loc[keep].reset_index(drop=True)


def runners_up(evals: pd.DataFrame, best: Candidate, levers: tuple[Lever, ...], *,
               feasible: bool, n: int) -> pd.DataFrame:
    """The next settings that reach the goal (screening estimates), cheapest first;
    ``dominated``: every lever at least as high (in its helpful direction) as the answer's."""
    import numpy as np

    is_best = np.ones(len(evals), bool)
    for lv in levers:
        is_best &= evals[lv.path].to_numpy() == best.values[lv.path]
    ru = evals[evals["reaches_goal"] & ~is_best].copy() if feasible else evals.iloc[:0].copy()
    dominated = np.ones(len(ru), bool)
    for lv in levers:
        dominated &= (lv.sign * (ru[lv.path] - best.values[lv.path]) >= 0).to_numpy()
    ru["dominated"] = dominated
    return ru.head(n).reset_index(drop=True)
