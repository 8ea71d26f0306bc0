"""Everything that turns a run record into numbers a planner reads.

One module per table: growth and the target (:mod:`.growth`), hires and time to hire
(:mod:`.hires`), the funnel (:mod:`.funnel`), scarce capacity (:mod:`.capacity`), costs
(:mod:`.costs`: the one daily computation; :mod:`.cost_table`: by fiscal year, role and line),
fiscal years (:mod:`.fiscal`), observed-data series (:mod:`.observed`) and
dated outcomes of sweeps (:mod:`.dated`); :mod:`.summary` assembles the tables into the compact
summary of one replication that workers send back.  Measures read only the run-record contract
(:mod:`hiringsim.model.record`, :mod:`hiringsim.model.names`, the kinds' rows) and the
scenario's schedules, never a simulation mode's internals.
"""
