"""Design points: full grid, Latin hypercube, Sobol' (Saltelli A/B/AB) and one-at-a-time.

A design is a list of :class:`Point` in a fixed order (``point_id`` 0, 1, ...), each tagged with
its ``block`` and ``sample`` so that analyses can find their structure again:

- grid: block ``grid``; lhs: block ``lhs``; sample = row number;
- sobol: blocks ``A``, ``B`` and ``AB0`` .. ``AB{d-1}`` (matrix A with column i taken from B),
  sample = row j of the ``n`` base samples;
- oat: block ``base`` (sample 0), then ``low`` and ``high`` with sample = parameter index.

The design depends only on the sweep (its seed included): scrambling draws from a stream derived
from the sweep seed and a fixed tag, apart from the replication streams the model uses.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import numpy as np

    from .spec import Sweep

__all__ = ["Point", "design_points", "unit_design"]

#: entropy tag that separates the design's scrambling stream from the replications' streams
_DESIGN_TAG = 0x53574545  # "SWEE"


@dataclass(frozen=True)
class Point:
    """One design point: its id, where it sits in the design, and the parameter values."""

    point_id: int
    block: str
    sample: int
    values: dict[str, Any]


def _design_rng(seed: int) -> np.random.Generator:
    import numpy as np

    return np.random.default_rng(np.random.SeedSequence([seed, _DESIGN_TAG]))


def unit_design(sweep: Sweep) -> tuple[list[tuple[str, int]], np.ndarray]:
    """Blocks and unit-cube samples (rows in [0, 1)^d) of an ``lhs`` or ``sobol`` design."""
    import numpy as np
    from scipy.stats import qmc

    d = len(sweep.parameters)
    rng = _design_rng(sweep.seed)
    n = sweep.n
    if sweep.design == "lhs":
        assert n is not None, "an lhs design requires n (sweep.checks)"
        u = qmc.LatinHypercube(d=d, rng=rng).random(n)
        return [("lhs", j) for j in range(n)], u
    if sweep.design == "sobol":
        assert n is not None, "a sobol design requires n (sweep.checks)"
        # one 2d-dimensional Sobol' sequence split into A and B (Saltelli et al. 2010, sec. 5),
        # as scipy.stats.sobol_indices does; n is a power of 2 so the sequence stays balanced.
        m = int(n).bit_length() - 1
        ab = qmc.Sobol(d=2 * d, scramble=True, rng=rng).random_base2(m)
        a, b = ab[:, :d], ab[:, d:]
        blocks = [("A", j) for j in range(n)] + [("B", j) for j in range(n)]
        mats = [a, b]
        for i in range(d):
            abi = a.copy()
            abi[:, i] = b[:, i]
            mats.append(abi)
            blocks += [(f"AB{i}", j) for j in range(n)]
        return blocks, np.vstack(mats)
    raise ValueError(f"{sweep.design} is not a sampled design")


def design_points(sweep: Sweep) -> list[Point]:
    """All design points of a sweep, in order."""
    params = sweep.parameters
    names = [p.path for p in params]
    if sweep.design == "grid":
        combos = itertools.product(*(p.grid_values() for p in params))
        return [Point(i, "grid", i, dict(zip(names, c, strict=True)))
                for i, c in enumerate(combos)]
    if sweep.design == "oat":
        triples = []
        for p in params:
            base_value = None
            if sweep.base is not None:
                base_value = sweep.base.get(p.path)
            triples.append(p.oat_values(base_value))
        nominal = {n: t[1] for n, t in zip(names, triples, strict=True)}
        points = [Point(0, "base", 0, dict(nominal))]
        for i, (name, (lo, _mid, hi)) in enumerate(zip(names, triples, strict=True)):
            points.append(Point(len(points), "low", i, {**nominal, name: lo}))
            points.append(Point(len(points), "high", i, {**nominal, name: hi}))
        return points
    blocks, u = unit_design(sweep)
    cols = [p.from_unit(u[:, k]) for k, p in enumerate(params)]
    points = []
    for i, (block, sample) in enumerate(blocks):
        values = {n: _py(c[i]) for n, c in zip(names, cols, strict=True)}
        points.append(Point(i, block, sample, values))
    return points


def _py(x: Any) -> Any:
    """A plain Python scalar (numpy scalars do not belong in stores or scenarios)."""
    return x.item() if hasattr(x, "item") else x
