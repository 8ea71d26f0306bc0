"""Derive the FY2017 pipeline of scenarios/strategies/running_start.toml from the model itself.

    python benchmarks/derive_running_start.py [--replications 20]

No public source counts ICE's hiring pipeline in early 2017, so the running start is the
pipeline the baseline's own inputs imply under the hiring ICE was doing before the order:
replacement hiring only.  The baseline's inputs are run from 1 March 2015 to 28 February 2017
with (ASSUMPTION) the recruiting rates the baseline uses for replacement hiring after the
deadline (officers 900, support 150, legal 40 applications a week), positions frozen at the
headcount on board (no growth), one investigator pool of 1,000, and the academy's weekly
class; the mean count in each state at the end of 28 February 2017 (over the replications) is
the pipeline on 1 March 2017.  Academy classes are kept by start date with the expected
trainees still in class at the start (filled x (1 - washout share so far)).  Prints the TOML
tables to paste into the strategy file.
"""

from __future__ import annotations

import argparse
import datetime as dt

import numpy as np

import hiringsim
from hiringsim.model.record import stocks
from hiringsim.replication import run_replication

START = dt.date(2015, 3, 1)
END = dt.date(2017, 2, 28)
#: ASSUMPTION: pre-order replacement recruiting, the baseline's own post-deadline rates
REPLACEMENT = {"officer": 900, "support": 150, "legal": 40}


def warm(sc: hiringsim.Scenario) -> hiringsim.Scenario:
    """The baseline's inputs over the two years before the order, replacement hiring only."""
    values = {"start": START, "end": END, "target.deadline": END,
              "roles.officer.positions": [{"from": START, "growth": 0}],
              "roles.officer.academy.first_class": dt.date(2015, 3, 2),
              "resources.background.changes": []}
    for role, per_week in REPLACEMENT.items():
        values[f"roles.{role}.recruiting"] = [{"from": START, "per_week": per_week}]
        if sc.role(role).ratio is not None:
            values[f"roles.{role}.follows"] = "authorized"  # no growth: hold the headcount
    return sc.with_values(values, name="pre_order_replacement")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--replications", type=int, default=20)
    ap.add_argument("--seed", type=int, default=2017)
    args = ap.parse_args()
    base = hiringsim.load_scenario(hiringsim.example_path("baseline"))
    sc = warm(base)
    ends: dict[tuple[str, str], list[float]] = {}
    filled: dict[int, list[int]] = {}
    for rep in range(args.replications):
        rec = run_replication(sc, seed=args.seed, replication=rep)
        for role, states in stocks(rec).items():
            for state, series in states.items():
                ends.setdefault((role, state), []).append(float(series[-1]))
        log = rec.classes["officer"]
        for day, count in zip(log.day, log.filled, strict=True):
            filled.setdefault(int(day), []).append(int(count))
    ac = base.role("officer").academy
    assert ac is not None
    for role in base.roles:
        mean = {s: float(np.mean(v)) for (r, s), v in ends.items() if r == role.name}
        stages = {}
        for s in role.stages:
            stages[s.name] = round(mean[s.name])
            if s.resource is not None:
                stages[f"{s.name}_queue"] = round(mean[f"{s.name}:queue"])
        print(f"[roles.{role.name}.pipeline]")
        print("stages = { " + ", ".join(f"{k} = {v}" for k, v in stages.items() if v) + " }")
        print(f"waiting = {round(mean['offer_wait'])}")
        print(f"onboarding = {round(mean['onboarding'])}")
        if role.academy is not None:
            days = sc.days
            rows = []
            for day, counts in sorted(filled.items()):
                elapsed = days - day
                if 0 < elapsed < ac.length_days:
                    still = np.mean(counts) * (1 - (1 - ac.graduation_rate) * elapsed
                                               / ac.length_days)
                    if round(still):
                        rows.append((sc.start + dt.timedelta(days=day), round(still)))
            print("classes = [")
            for start, k in rows:
                print(f"  {{ start = {start}, trainees = {k} }},")
            print("]")
            print(f"# academy in all: {sum(k for _, k in rows)} "
                  f"(simulated mean {mean['academy']:.0f})")
        print(f"# on duty at the end: {mean['on_duty']:.0f}\n")


if __name__ == "__main__":
    main()
