"""Analyses: Sobol' indices against Ishigami, one-at-a-time tornado, tables, SALib problems."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from hiringsim.sweep import Parameter, Sweep, SweepError, run_sweep
from hiringsim.sweep.analysis import sobol_indices_ci
from hiringsim.sweep.toys import ishigami, ishigami_indices, noisy_linear

PI = math.pi


def _ishigami_sweep(n: int, seed: int) -> Sweep:
    return Sweep(parameters=[Parameter(f"x{i}", low=-PI, high=PI) for i in (1, 2, 3)],
                 outcomes=["y"], design="sobol", n=n, seed=seed)


def test_ishigami_indices_through_a_sweep(tmp_path):
    """Sobol' indices of Ishigami (a=7, b=0.1) from a stored sweep: within 0.05 of the exact
    values (S1 .314 .442 0; ST .558 .442 .244) and inside their 95% intervals (n = 1024)."""
    result = run_sweep(_ishigami_sweep(1024, seed=2017), store=tmp_path / "ish.sqlite",
                       evaluate=ishigami, n_jobs=1, progress=False)
    got = result.sobol("y").set_index("parameter").loc[["x1", "x2", "x3"]]
    s1, st = ishigami_indices()
    assert s1 == pytest.approx([0.3139, 0.4424, 0.0], abs=1e-3)
    assert st == pytest.approx([0.5576, 0.4424, 0.2437], abs=1e-3)
    np.testing.assert_allclose(got["S1"], s1, atol=0.05)
    np.testing.assert_allclose(got["ST"], st, atol=0.05)
    assert ((got["S1_low"] <= s1) & (np.array(s1) <= got["S1_high"])).all()
    assert ((got["ST_low"] <= st) & (np.array(st) <= got["ST_high"])).all()
    assert list(result.sobol("y")["parameter"]) == ["x1", "x2", "x3"]   # sorted by ST


def test_sobol_intervals_are_reproducible_and_shrink():
    """Bootstrap intervals are seeded (same seed, same bounds) and narrow as n grows."""
    def indices(n):
        pts = _ishigami_sweep(n, seed=5)
        from hiringsim.sweep.design import design_points

        y = np.array([ishigami(p.values)["y"] for p in design_points(pts)])
        return sobol_indices_ci(y[:n], y[n:2 * n], y[2 * n:].reshape(3, n), ["x1", "x2", "x3"],
                                seed=5, n_resamples=300)

    a, b, big = indices(256), indices(256), indices(2048)
    pd.testing.assert_frame_equal(a, b)
    width = (a["ST_high"] - a["ST_low"]).mean()
    assert (big["ST_high"] - big["ST_low"]).mean() < 0.5 * width
    assert ((a["S1_low"] <= a["S1"]) & (a["S1"] <= a["S1_high"])).all()


def test_constant_output_has_zero_indices():
    """A model that ignores its inputs gets indices and intervals of exactly zero."""
    n = 16
    out = sobol_indices_ci(np.ones(n), np.ones(n), np.ones((2, n)), ["a", "b"])
    assert (out[["S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high"]] == 0).all().all()


def test_tornado_swings_with_common_random_numbers(tmp_path):
    """With common random numbers, a one-at-a-time swing of y = sum + noise is exactly the
    parameter's own swing: the noise cancels between points."""
    sweep = Sweep(parameters=[Parameter("a", low=0.0, high=1.0), Parameter("b", low=-5.0, high=5.0),
                              Parameter("c", values=[2, 3, 7])],
                  outcomes=["y", "one"], design="oat", replications=3, seed=9)
    result = run_sweep(sweep, store=tmp_path / "oat.sqlite", evaluate=noisy_linear, n_jobs=1,
                       progress=False)
    t = result.tornado("y")
    assert list(t["parameter"]) == ["b", "c", "a"]
    np.testing.assert_allclose(t["outcome_high"] - t["outcome_low"],
                               t["value_high"] - t["value_low"], atol=1e-9)
    np.testing.assert_allclose(t["swing"], [10.0, 5.0, 1.0], atol=1e-9)
    assert (t["value_base"] == [0.0, 3, 0.5]).all()
    assert (result.tornado("one")["swing"] == 0).all()
    with pytest.raises(SweepError, match="need design = \"sobol\""):
        result.sobol("y")


def test_table_averages_replications(tmp_path):
    """table(): one row per point, parameter values and outcome means over replications."""
    sweep = Sweep(parameters=[Parameter("a", low=0.0, high=1.0), Parameter("k", values=[1, 2])],
                  outcomes=["y", "count"], design="lhs", n=6, replications=4, seed=3)
    result = run_sweep(sweep, store=tmp_path / "t.sqlite", evaluate=noisy_linear, n_jobs=1,
                       progress=False)
    table = result.table()
    assert list(table.columns) == ["a", "k", "y", "count"]
    assert table.index.name == "point_id" and len(table) == 6
    manual = result.outcomes.groupby("point_id")[["y", "count"]].mean()
    pd.testing.assert_frame_equal(table[["y", "count"]], manual)
    assert list(result.outcomes.columns) == ["point_id", "replication", "seed", "y", "count"]
    assert (result.outcomes["seed"] == 3).all() and len(result.outcomes) == 24


def _nan_model(values, seed, replication):
    return {"y": math.nan if values["a"] > 0.5 else values["a"]}


def test_nan_outcomes_need_fill(tmp_path):
    """Sobol' on an outcome with NaN (a target never reached) explains itself; fill= fixes it."""
    sweep = Sweep(parameters=[Parameter("a", low=0.0, high=1.0), Parameter("b", low=0.0, high=1.0)],
                  outcomes=["y"], design="sobol", n=8, seed=1)
    result = run_sweep(sweep, store=tmp_path / "nan.sqlite", evaluate=_nan_model, n_jobs=1,
                       progress=False)
    assert result.table()["y"].isna().any()
    with pytest.raises(SweepError, match="'y' is NaN at .* pass fill="):
        result.sobol("y")
    filled = result.sobol("y", fill=2.0, n_resamples=100).set_index("parameter")
    assert filled.loc["a", "ST"] > 0.5 and filled.loc["b", "ST"] == 0


def test_salib_problem_export():
    """problem() follows SALib's conventions for each kind of parameter."""
    from hiringsim.sweep.analysis import salib_problem

    params = [Parameter("u", low=0, high=2), Parameter("t", dist="triangular", low=1, mode=2,
                                                        high=5),
              Parameter("n", dist="normal", mean=1, sd=0.5),
              Parameter("tn", dist="normal", mean=1, sd=0.5, low=0),
              Parameter("ln", dist="lognormal", mean=math.exp(0.5), cv=math.sqrt(math.e - 1))]
    got = salib_problem(params)
    assert got["num_vars"] == 5 and got["names"] == ["u", "t", "n", "tn", "ln"]
    assert got["dists"] == ["unif", "triang", "norm", "truncnorm", "lognorm"]
    assert got["bounds"][:4] == [[0.0, 2.0], [1.0, 5.0, 0.25], [1.0, 0.5],
                                 [0.0, math.inf, 1.0, 0.5]]
    assert got["bounds"][4] == pytest.approx([0.0, 1.0])     # ln x ~ N(0, 1)
    assert salib_problem([Parameter("u", low=0, high=2)]) == {
        "num_vars": 1, "names": ["u"], "bounds": [[0.0, 2.0]]}
    with pytest.raises(ValueError, match="discrete list"):
        salib_problem([Parameter("c", values=[1, 2])])
    with pytest.warns(UserWarning, match="without its truncation"):
        got = salib_problem([Parameter("ln", dist="lognormal", mean=1.0, cv=0.2, high=3.0)])
    assert got["dists"] == ["lognorm"]
