"""The simulation model, in two implementations that the tests check against each other.

Layout: :mod:`.names` (the vocabulary of a run record), :mod:`.record` (the run-record contract
that measures read), :mod:`.kinds` (one module per stage kind and entry kind: each provides its
record names, its fast-mode step, its reference-mode process and its funnel and capacity rows),
:mod:`.fast` and :mod:`.reference` (the two modes, which only orchestrate the kinds),
:mod:`.queue` (the exact FIFO queue), :mod:`.sampling` and :mod:`.workforce` (draws and the life
of a hire after training, shared by the kinds), :mod:`.running` and :mod:`.running_ref` (a
pipeline already running at the start: the rule and the fast mode, the reference processes).

Model conventions (documented in the README, "The model"):

- Time is in days from the scenario start; day ``d`` is the interval [d, d+1).  Applications
  arrive as a Poisson process whose rate is constant within each day (seasonal and answering
  pay as :mod:`hiringsim.scenario.market` states); from a finite pool, a binomial count a day
  of those left in it, each at a uniform time in the day (:mod:`.pool`).
- Stages without a resource last a whole number of days: the duration drawn from the stage's
  distribution, rounded to the nearest day (``Distribution.day_pmf``).  A candidate therefore
  keeps the time of day at which they applied until they reach a resource.
- Service at a resource lasts the continuous drawn duration; candidates wait first-come
  first-served and withdraw after an exponential patience (the weekly hazard turned into a rate).
  When servers are removed, the ones that become free soonest retire (no service is cut short).
- Academy classes start at the start of their day; trainees who wash out leave at a uniformly
  distributed time within the class.
- Attrition: annual rate r is the constant hazard -ln(1 - r) per year (tenure bands piecewise).
- A role's ``pipeline`` puts people in its states at time 0 (the record's opening stocks); they
  go on like everybody else (:mod:`.running`).
"""
