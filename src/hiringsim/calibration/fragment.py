"""A calibration as text: the uncertain-inputs fragment of a scenario, and a readable report.

The fragment has one ``[uncertain."<path>"]`` table per fitted input (its distribution, see
:mod:`.uncertainty`, and a ``note`` saying where it came from, how, its interval and its
dispersion); an input the data do not identify (a tenure band's attrition rate) is not in it,
and a comment says why, with the range the data would accept, to be set by judgement.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .result import Calibration

__all__ = ["fragment_text", "report_text", "toml_str"]


def toml_str(text: str) -> str:
    """A TOML basic string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def _origin(cal: Calibration) -> str:
    obs = cal.observed
    span = (f"{obs['period_start'].min():%Y-%m-%d}..{obs['period_end'].max():%Y-%m-%d}"
            if len(obs) else "no periods")
    return f"{cal.source or 'observed data'}, {span}"


def _unfitted(cal: Calibration):
    """Rows whose value is not fitted but whose note says why (not identified, not fitted)."""
    est = cal.estimates
    return est[est["estimate"].isna() & (est["note"] != "")]


def fragment_text(cal: Calibration) -> str:
    """The fitted inputs' distributions as scenario ``[uncertain."<path>"]`` tables."""
    conf = f"{cal.confidence:.0%}"
    lines = [f"# Uncertain inputs calibrated from {_origin(cal)} to scenario "
             f"{toml_str(cal.base.name)}.",
             "# Each distribution is what the data say about the input (sampling error), "
             "widened by",
             "# the Pearson dispersion of its fitted series (model misspecification, "
             "quasi-likelihood).", ""]
    for r in cal.estimates.dropna(subset=["estimate"]).to_dict("records"):
        if r["distribution"] is None:
            continue
        note = (f"calibrated from {_origin(cal)}: {r['method']}; {conf} interval "
                f"[{r['low']:.4g}, {r['high']:.4g}], estimate {r['estimate']:.4g} (scenario "
                f"{r['base']:.4g}, n {r['n']:.0f})" + (f"; {r['note']}" if r["note"] else ""))
        lines += [f"[uncertain.{toml_str(str(r['path']))}]", *r["distribution"].toml(),
                  f"note = {toml_str(note)}", ""]
    for r in _unfitted(cal).to_dict("records"):
        lines += [f"# {r['path']}: {r['note']}"]
        rng = _accepted_range(str(r["note"]))
        if rng is not None:
            lines += ["# to vary it by judgement, e.g. over the range the data accept:",
                      f"# [uncertain.{toml_str(str(r['path']))}]", '# dist = "uniform"',
                      f"# low = {rng[0]:.4g}", f"# high = {rng[1]:.4g}"]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _accepted_range(note: str) -> tuple[float, float] | None:
    """The 'rates from x to y' range a not-identified note gives, if any."""
    import re

    m = re.search(r"rates from ([0-9.e+-]+) to ([0-9.e+-]+)", note)
    if not m:
        return None
    lo, hi = float(m.group(1)), float(m.group(2))
    return (lo, hi) if math.isfinite(lo) and math.isfinite(hi) and hi > lo else None


def report_text(cal: Calibration) -> str:
    """Every fitted input with its estimate, interval, distribution and dispersion, then the
    inputs not fitted (not identified, or missing data) and why."""
    est = cal.estimates
    fitted = est.dropna(subset=["estimate"])
    conf = f"{cal.confidence:.0%}"
    w = max([len(str(p)) for p in fitted["path"]] + [4])
    lines = [f"Calibration of {cal.base.name!r} to {_origin(cal)}: {len(fitted)} inputs fitted "
             f"({conf} intervals; distributions for uncertain inputs, dispersion = Pearson "
             "chi-square / df counted in them)", "",
             f"{'path':<{w}}  {'scenario':>9}  {'estimate':>9}  {conf + ' interval':>21}  "
             f"{'phi':>5}  distribution"]
    for r in fitted.to_dict("records"):
        lines.append(f"{r['path']:<{w}}  {r['base']:>9.4g}  {r['estimate']:>9.4g}  "
                     f"[{r['low']:>9.4g}, {r['high']:>9.4g}]  {r['dispersion']:>5.2f}  "
                     f"{r['distribution']!r}" + (f"  ({r['note']})" if r["note"] else ""))
    unfitted = _unfitted(cal)
    if len(unfitted):
        lines += ["", "Not fitted:"]
        lines += [f"{r['path']}: {r['note']}" for r in unfitted.to_dict("records")]
    return "\n".join(lines) + "\n"
