"""Calibration: do the scenario's rates match what the pipeline actually did?

Observed data is a tidy table of counts per period (format in ``docs/observed-data.md``):
``period_start, period_end, role, measure, stage, value``.  :func:`calibrate` fits, where the
data informs them, with likelihood estimators at day resolution (counts within a period are
spread evenly over its days, or onto the academy's class days where people move only then):

- *applications per week* for each recruiting period: Poisson rate, exact (Garwood) interval;
- *stage pass rate and mean duration*: exits ``passed``/``failed`` are the ``entered`` (or, at a
  resource, ``started``) series convolved with the stage's whole-day duration pmf (shape from
  the scenario: gamma/lognormal keep their cv) and split by the pass rate; Poisson likelihood,
  profile-likelihood intervals.  Only ``passed`` is needed; ``failed`` sharpens both;
- *withdrawal hazards* while waiting for a resource or for a position/class: withdrawals over
  person-days waiting (queue = in - out, from the cumulative counts); exact Poisson interval,
  turned into the weekly probability the scenario uses;
- *academy graduation rate*: graduates by day t over entrants by day t - class length; Wilson;
- *attrition*: separations against the expected separations of the starting staff and of
  each graduate (or hire) cohort under the scenario's tenure bands, all hazards scaled by one
  factor k; profile-likelihood interval for k, mapped to each annual rate.

Headcount and time to hire are not fitted; they are checked: the calibrated scenario is
simulated and every observed series is compared with the simulated 5-95% band
(:meth:`Calibration.check_frame`, :func:`hiringsim.plots.solve.plot_fit`).

Assumptions: the series start when the pipeline starts (the scenario's start: nobody is in a
stage before the first period), counts within a period are spread evenly over its days.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import InputError
from .scenario import Role, Scenario
from .schedules import YEAR, class_starts
from .stats import proportion_ci

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from .model.record import RunRecord

__all__ = ["Calibration", "ObservedDataError", "calibrate", "calibrate_file", "load_observed",
           "observe", "validate_observed"]

COLUMNS = ("period_start", "period_end", "role", "measure", "stage", "value")
#: measure -> (kind, takes a stage)
MEASURES = {
    "applications": ("count", False), "entered": ("count", True), "started": ("count", True),
    "passed": ("count", True), "failed": ("count", True), "withdrew": ("count", True),
    "hires": ("count", False), "academy_entered": ("count", False),
    "academy_graduated": ("count", False), "academy_washed_out": ("count", False),
    "separations": ("count", False), "headcount": ("stock", False),
    "time_to_hire_mean": ("mean", False),
}
OFFER = "offer"  # the stage name of withdrawals while waiting for a position or class
FITTABLE = ("exponential", "gamma", "lognormal")  # duration families with a `mean` to fit
_GRID = 160  # points of a likelihood grid


class ObservedDataError(InputError):
    """Observed data is malformed.  ``problems`` lists ``(field, message)``."""

    what = "observed data"


# -- reading and checking observed data -------------------------------------------------------
def load_observed(path: str | Path) -> pd.DataFrame:
    """Read an observed-data CSV and check it (:func:`validate_observed`)."""
    import csv

    import pandas as pd

    path = Path(path)
    try:
        with open(path, newline="", encoding="utf-8-sig") as fh:
            rows = [r for r in csv.reader(fh, skipinitialspace=True) if r]
    except FileNotFoundError:
        raise ObservedDataError([("(file)", "no such file")], str(path)) from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ObservedDataError([("(file)", f"not a readable CSV table: {exc}")],
                                str(path)) from None
    if not rows:
        raise ObservedDataError([("(file)", "empty file: expected a header line "
                                  f"{','.join(COLUMNS)}")], str(path))
    header = [h.strip() for h in rows[0]]
    bad_header = _header_problems(header)
    if bad_header:
        raise ObservedDataError(bad_header, str(path))
    ragged = [(f"row {i + 2}", f"{len(r)} fields, but the header has {len(header)}")
              for i, r in enumerate(rows[1:]) if len(r) != len(header)]
    if ragged:
        raise ObservedDataError(ragged, str(path))
    frame = pd.DataFrame(rows[1:], columns=header, dtype=object)
    return validate_observed(frame, source=str(path))


def _as_date(v: Any) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if hasattr(v, "to_pydatetime"):
        return v.to_pydatetime().date()
    try:
        return dt.date.fromisoformat(str(v).strip())
    except ValueError:
        return None


def _header_problems(cols: list[str]) -> list[tuple[str, str]]:
    missing = [c for c in COLUMNS if c not in cols and c != "stage"]
    unknown = [c for c in cols if c not in COLUMNS]
    out = []
    if missing:
        out.append(("(header)", f"missing columns: {', '.join(missing)}; the columns are "
                    f"{', '.join(COLUMNS)} (stage may be left out)"))
    if unknown:
        out.append(("(header)", f"unknown columns: {', '.join(unknown)}; the columns are "
                    f"{', '.join(COLUMNS)}"))
    return out


def validate_observed(frame: pd.DataFrame, *, source: str | None = None) -> pd.DataFrame:
    """Check observed data and return it normalised (dates as Timestamps, values as floats,
    ``stage`` "" where none).  Raises :class:`ObservedDataError` naming row and column (rows
    are numbered as lines of the CSV file: the header is line 1)."""
    import pandas as pd

    cols = [str(c).strip() for c in frame.columns]
    out = _header_problems(cols)
    if out:
        raise ObservedDataError(out, source)
    df = frame.copy()
    df.columns = cols
    if "stage" not in df:
        df["stage"] = ""
    if df.empty:
        raise ObservedDataError([("(file)", "no data rows")], source)
    line = np.arange(len(df)) + 2
    bad = np.zeros(len(df), bool)

    def flag(mask, col, msg_of):
        for i in np.nonzero(mask & ~bad)[0]:
            out.append((f"row {line[i]}, column {col}", msg_of(i)))
        bad[mask] = True

    dates = {}
    for col in ("period_start", "period_end"):
        raw = df[col]
        d = pd.to_datetime(raw.astype(str).str.strip(), format="%Y-%m-%d", errors="coerce")
        flag(d.isna().to_numpy(), col,
             lambda i, raw=raw, col=col: f"expected a date like 2017-03-01, got {raw.iloc[i]!r}")
        dates[col] = d
    flag((dates["period_end"] < dates["period_start"]).to_numpy(), "period_end",
         lambda i: f"period ends ({dates['period_end'].iloc[i].date()}) before it starts "
                   f"({dates['period_start'].iloc[i].date()})")
    role = df["role"].astype(str).str.strip()
    flag((role == "").to_numpy(), "role", lambda i: "empty")
    measure = df["measure"].astype(str).str.strip()
    stage = df["stage"].fillna("").astype(str).str.strip()
    known = measure.isin(list(MEASURES)).to_numpy()
    flag(~known, "measure", lambda i: f"unknown measure {measure.iloc[i]!r}; measures: "
         f"{', '.join(MEASURES)}")
    staged = measure.map(lambda m: MEASURES.get(m, ("", False))[1]).to_numpy(bool)
    flag(known & staged & (stage == "").to_numpy(), "stage",
         lambda i: f"{measure.iloc[i]} needs a stage name")
    flag(known & ~staged & (stage != "").to_numpy(), "stage",
         lambda i: f"{measure.iloc[i]} takes no stage (got {stage.iloc[i]!r})")
    flag(((stage == OFFER) & (measure != "withdrew")).to_numpy(), "stage",
         lambda i: f"stage {OFFER!r} only takes 'withdrew'")
    value = pd.to_numeric(df["value"].astype(str).str.strip(), errors="coerce")
    flag(~np.isfinite(value.to_numpy(float)), "value",
         lambda i: f"expected a number, got {df['value'].iloc[i]!r}")
    v = value.to_numpy(float)
    with np.errstate(invalid="ignore"):
        flag(v < 0, "value", lambda i: f"must not be negative, got {v[i]:g}")
        counts = measure.map(lambda m: MEASURES.get(m, ("mean",))[0] != "mean").to_numpy(bool)
        flag(counts & (v != np.round(v)), "value", lambda i: f"{measure.iloc[i]} is a count "
             f"of people: a whole number, got {v[i]:g}")
    if out:
        out.sort(key=lambda p: int(p[0].split(",")[0][4:]))
        raise ObservedDataError(out, source)
    rows = list(zip(line, dates["period_start"].dt.date, dates["period_end"].dt.date, role,
                    measure, stage, v, strict=True))
    norm = pd.DataFrame(rows, columns=["line", *COLUMNS])
    _check_order(norm, out)
    if not out:
        _check_flows(norm, out)
    if out:
        raise ObservedDataError(out, source)
    norm["period_start"] = pd.to_datetime(norm["period_start"])
    norm["period_end"] = pd.to_datetime(norm["period_end"])
    return norm.drop(columns="line")


def _check_order(df: pd.DataFrame, out: list) -> None:
    for (role, measure, stage), g in df.groupby(["role", "measure", "stage"], sort=False):
        prev = None
        for line, d0, d1 in zip(g["line"], g["period_start"], g["period_end"], strict=True):
            if prev is not None and d0 <= prev[1]:
                what = "dates out of order" if d0 < prev[0] else "periods overlap"
                out.append((f"row {line}, column period_start",
                            f"{what}: {role} {measure}{' ' + stage if stage else ''} period "
                            f"{d0}..{d1} does not follow {prev[0]}..{prev[1]} (row {prev[2]})"))
            prev = (d0, d1, line)


def _cum_at(g: tuple, day) -> float | None:
    """Cumulative count through ``day`` when ``day`` ends one of g's periods, else None."""
    ends, cum = g[0], g[1]
    i = int(np.searchsorted(ends, day, side="right"))
    if i == 0 or ends[i - 1] != day:
        return None
    return float(cum[i - 1])


def _check_flows(df: pd.DataFrame, out: list) -> None:
    """People cannot leave a stage before entering it: cumulative outflows <= inflows."""
    rules = [("entered", ("passed", "failed")), ("entered", ("started", "withdrew")),
             ("started", ("passed", "failed")),
             ("academy_entered", ("academy_graduated", "academy_washed_out")),
             ("hires", ("academy_graduated", "academy_washed_out"))]
    groups = {}
    for key, g in df.groupby(["role", "measure", "stage"], sort=False):
        ends = g["period_end"].to_numpy("datetime64[D]")
        groups[key] = (ends, np.cumsum(g["value"].to_numpy(float)), g["line"].to_numpy())
    keys = sorted({(r, s) for r, _m, s in groups})
    for role, stage in keys:
        for src, outs in rules:
            g_in = groups.get((role, src, stage))
            names = [m for m in outs if (role, m, stage) in groups]
            if g_in is None or not names:
                continue
            g_out = [groups[(role, m, stage)] for m in names]
            for ends, _cum, lines in g_out:
                for day, line in zip(ends, lines, strict=True):
                    parts = [_cum_at(h, day) for h in g_out]
                    entered = _cum_at(g_in, day)
                    if entered is None or any(x is None for x in parts):
                        continue
                    if sum(parts) > entered:
                        out.append((f"row {line}, column value",
                                    f"{role}{' ' + stage if stage else ''}: by "
                                    f"{day.astype(object)}, {' + '.join(names)} = "
                                    f"{sum(parts):g} exceeds {src} = {entered:g}"))
                        break


# -- the observation operator: a run record -> observed measures --------------------------------
_FLOW = {"applications": ("applications",), "hires": ("eod",), "academy_entered": ("eod",),
         "academy_graduated": ("academy:graduate",), "academy_washed_out": ("academy:washout",),
         "separations": ("onboarding:leave", "duty:leave", "initial:leave")}
_STAGE_FLOW = {"entered": "enter", "started": "start", "passed": "pass", "failed": "fail",
               "withdrew": "withdraw"}


def _measures(role: Role) -> list[tuple[str, str]]:
    out = [("applications", "")]
    for s in role.stages:
        out += [("entered", s.name)]
        if s.resource is not None:
            out += [("started", s.name), ("withdrew", s.name)]
        out += [("passed", s.name), ("failed", s.name)]
    out += [("withdrew", OFFER), ("hires", "")]
    if role.academy is not None:
        out += [("academy_entered", ""), ("academy_graduated", ""), ("academy_washed_out", "")]
    return out + [("separations", ""), ("headcount", ""), ("time_to_hire_mean", "")]


def _aggregate(rec: RunRecord, role: Role, measure: str, stage: str, d0, d1) -> np.ndarray:
    """One observed series of a run over periods ``[d0[i], d1[i]]`` (day indices)."""
    f = rec.flows[role.name]
    if measure == "headcount":
        from .model.record import stocks

        st = stocks(rec)[role.name]
        return (st["onboarding"] + st["on_duty"])[d1].astype(float)
    if measure == "time_to_hire_mean":
        h = rec.hires[role.name]
        eod, tth = h["eod"], h["eod"] - h["application"]
        out = np.full(len(d0), np.nan)
        for i, (a, b) in enumerate(zip(d0, d1, strict=True)):
            m = (eod >= a) & (eod < b + 1)
            if m.any():
                out[i] = tth[m].mean()
        return out
    if measure in _STAGE_FLOW:
        names = ("offer:withdraw",) if stage == OFFER else (f"{stage}:{_STAGE_FLOW[measure]}",)
    else:
        names = _FLOW[measure]
    daily = sum(f[n] for n in names)
    cum = np.concatenate([[0], np.cumsum(daily)])
    return (cum[d1 + 1] - cum[d0]).astype(float)


def observe(record: RunRecord, *, period_days: int = 7) -> pd.DataFrame:
    """What an agency would have recorded of one run: every measure of every role over
    consecutive periods of ``period_days`` from the scenario start (a partial last period is
    left out), in the observed-data format.  Useful to test a calibration set-up."""
    import pandas as pd

    sc = record.scenario
    n = sc.days // period_days
    d0 = np.arange(n) * period_days
    d1 = d0 + period_days - 1
    starts = pd.to_datetime(sc.start) + pd.to_timedelta(d0, unit="D")
    ends = pd.to_datetime(sc.start) + pd.to_timedelta(d1, unit="D")
    frames = []
    for role in sc.roles:
        for measure, stage in _measures(role):
            v = _aggregate(record, role, measure, stage, d0, d1)
            frames.append(pd.DataFrame({"period_start": starts, "period_end": ends,
                                        "role": role.name, "measure": measure, "stage": stage,
                                        "value": v}))
    df = pd.concat(frames, ignore_index=True)
    return df[df["value"].notna()].reset_index(drop=True)


# -- series at day resolution -------------------------------------------------------------------
@dataclass
class _Series:
    d0: np.ndarray
    d1: np.ndarray
    v: np.ndarray

    @property
    def first(self) -> int:
        return int(self.d0[0])

    @property
    def last(self) -> int:
        return int(self.d1[-1])

    @property
    def contiguous(self) -> bool:
        return bool(np.all(self.d0[1:] == self.d1[:-1] + 1))

    def daily(self, days: int, on: np.ndarray | None = None) -> np.ndarray:
        """Counts spread evenly over each period's days, or over its days in ``on``."""
        out = np.zeros(days)
        for a, b, v in zip(self.d0, self.d1, self.v, strict=True):
            hit = on[(on >= a) & (on <= b)] if on is not None else ()
            if len(hit):
                out[hit] += v / len(hit)
            else:
                out[a:b + 1] += v / (b - a + 1)
        return out

    def within(self, last: int) -> _Series:
        keep = self.d1 <= last
        return _Series(self.d0[keep], self.d1[keep], self.v[keep])


class _Data:
    def __init__(self, sc: Scenario, obs: pd.DataFrame):
        self.sc = sc
        self.days = sc.days
        self.groups = {}
        start = np.datetime64(sc.start, "D")
        for key, g in obs.groupby(["role", "measure", "stage"], sort=False):
            d0 = (g["period_start"].to_numpy("datetime64[D]") - start).astype(int)
            d1 = (g["period_end"].to_numpy("datetime64[D]") - start).astype(int)
            keep = (d0 >= 0) & (d1 < sc.days)
            if keep.any():
                self.groups[key] = _Series(d0[keep], d1[keep], g["value"].to_numpy(float)[keep])

    def get(self, role: str, measure: str, stage: str = "") -> _Series | None:
        return self.groups.get((role, measure, stage))


# -- likelihood helpers -----------------------------------------------------------------------
def _chi2(confidence: float) -> float:
    from statistics import NormalDist

    return NormalDist().inv_cdf(0.5 + confidence / 2) ** 2


def _profile_interval(grid: np.ndarray, prof: np.ndarray, confidence: float):
    """Estimate and likelihood-ratio interval from a profile log-likelihood on a grid."""
    i = int(np.nanargmax(prof))
    dev = 2 * (prof[i] - prof)
    cut = _chi2(confidence)
    ok = dev <= cut
    lo_i = i
    while lo_i > 0 and ok[lo_i - 1]:
        lo_i -= 1
    hi_i = i
    while hi_i < len(grid) - 1 and ok[hi_i + 1]:
        hi_i += 1

    def cross(a, b):  # linear interpolation of the deviance crossing between grid a and b
        da, db = dev[a], dev[b]
        if not np.isfinite(db) or db == da:
            return grid[a]
        return grid[a] + (cut - da) / (db - da) * (grid[b] - grid[a])

    lo = cross(lo_i, lo_i - 1) if lo_i > 0 else grid[0]
    hi = cross(hi_i, hi_i + 1) if hi_i < len(grid) - 1 else grid[-1]
    edge = lo_i == 0 or hi_i == len(grid) - 1
    return float(grid[i]), float(lo), float(hi), edge


def _poisson_ci(k: float, confidence: float) -> tuple[float, float]:
    """Exact (Garwood) interval for a Poisson mean given a count k."""
    from scipy.special import gammaincinv

    a = 1 - confidence
    lo = 0.0 if k == 0 else gammaincinv(k, a / 2)
    return float(lo), float(gammaincinv(k + 1, 1 - a / 2))


def _family(spec: dict) -> tuple[str, float] | None:
    if isinstance(spec, dict) and spec.get("dist") in FITTABLE:
        return spec["dist"], float(spec.get("cv", 1.0))
    return None


def _pmfs(spec: dict, means: np.ndarray, n: int, service: bool) -> np.ndarray:
    """Whole-day exit-lag pmfs (rows: means) of a stage duration.

    Stages without a resource move in whole days (lag = round(D)); service at a resource
    starts at a uniform time of day and lasts D (lag = floor(U + D)).
    """
    from scipy.special import gammainc, ndtr

    fam = _family(spec)
    j = np.arange(n, dtype=float)
    if fam is None:  # the scenario's own distribution, no mean to vary
        from .distributions import distribution_from_spec

        dist = distribution_from_spec(spec)
        if not service:
            pmf = np.zeros(n)
            p = dist.day_pmf()[:n]
            pmf[:len(p)] = p
            return pmf[None, :]
        xs = np.linspace(0, n + 1, 40 * (n + 1) + 1)
        cdf = np.array([dist.cdf(x) for x in xs])
        g = np.concatenate([[0], np.cumsum((cdf[1:] + cdf[:-1]) / 2 * np.diff(xs))])
        big = np.interp(np.arange(-1, n + 1), xs, g, left=0.0)
        return np.clip(big[2:] - 2 * big[1:-1] + big[:-2], 0, None)[None, :]
    kind, cv = fam
    m = np.asarray(means, float)[:, None]
    if kind in ("exponential", "gamma"):
        shape = 1.0 if kind == "exponential" else 1.0 / cv**2
        scale = m / shape

        def cdf(x):
            return gammainc(shape, x / scale)

        def partial(x):  # E[D; D <= x]
            return m * gammainc(shape + 1, x / scale)
    else:
        s = math.sqrt(math.log1p(cv**2))
        mu = np.log(m) - s**2 / 2

        def cdf(x):
            return ndtr((np.log(np.maximum(x, 1e-300)) - mu) / s) * (x > 0)

        def partial(x):
            return m * ndtr((np.log(np.maximum(x, 1e-300)) - mu - s**2) / s) * (x > 0)
    if not service:
        edges = cdf(np.maximum(j + 0.5, 0))
        return np.diff(np.concatenate([np.zeros((len(m), 1)), edges], axis=1), axis=1)
    x = np.arange(-1, n + 1, dtype=float)
    xp = np.maximum(x, 0)
    g = np.where(x > 0, xp * cdf(xp) - partial(xp), 0.0)  # G(x) = integral of the cdf
    return np.clip(g[:, 2:] - 2 * g[:, 1:-1] + g[:, :-2], 0, None)


def _convolve(x: np.ndarray, kernels: np.ndarray, days: int) -> np.ndarray:
    """Rows: x convolved with each kernel row, first ``days`` values."""
    n = 1 << int(math.ceil(math.log2(days + kernels.shape[1])))
    fx = np.fft.rfft(x, n)
    return np.fft.irfft(fx[None, :] * np.fft.rfft(kernels, n, axis=1), n, axis=1)[:, :days]


def _period_sums(daily: np.ndarray, s: _Series) -> np.ndarray:
    cum = np.concatenate([np.zeros((daily.shape[0], 1)), np.cumsum(daily, axis=1)], axis=1)
    return cum[:, s.d1 + 1] - cum[:, s.d0]


# -- estimators ---------------------------------------------------------------------------------
@dataclass
class _Est:
    path: str
    parameter: str
    role: str
    stage: str
    base: float
    estimate: float
    low: float
    high: float
    n: float
    method: str
    note: str = ""


def _fit_stage(data: _Data, sc: Scenario, role: Role, k: int, conf: float) -> list[_Est]:
    s = role.stages[k]
    src = "started" if s.resource is not None else "entered"
    x = data.get(role.name, src, s.name)
    passed = data.get(role.name, "passed", s.name)
    failed = data.get(role.name, "failed", s.name)
    out: list[_Est] = []
    if x is None or passed is None:
        return out
    base = f"roles.{role.name}.stages.{s.name}"
    if not x.contiguous or x.first > min(passed.first, failed.first if failed else 1 << 30):
        return [_Est(f"{base}.pass_rate", "pass rate", role.name, s.name, s.pass_rate,
                     math.nan, math.nan, math.nan, 0, "not fitted",
                     f"the {src} series must be contiguous and start first")]
    outs = [o.within(x.last) for o in (passed, failed) if o is not None]
    spec = sc.get(f"{base}.duration")
    fam = _family(spec)
    if s.resource is not None:
        if failed is not None:
            return _fit_service(x, outs, sc.days, base, s, role, fam, conf)
        fam = None  # starts follow departures in a busy queue: no timing fit without failed
    horizon = max(o.last for o in outs) + 1
    n_lag = horizon
    if fam is not None:
        mean0 = float(spec["mean"])
        means = mean0 * np.exp(np.linspace(math.log(1 / 6), math.log(6), _GRID))
        n_lag = min(horizon, int(6 * mean0 * (1 + 6 * fam[1])) + 10)
    else:  # the scenario's duration, not fitted
        means = np.array([float(spec["mean"])]) if _family(spec) else np.array([math.nan])
    xd = x.daily(horizon)
    from scipy.special import xlogy

    def grid_ll(ps, means):
        """Log-likelihood on a (pass rate, mean) grid, and the expected exits per day."""
        kern = _pmfs(spec, means, n_lag, service=s.resource is not None)
        y = _convolve(xd, kern, horizon)  # expected exits per day, per mean
        ll = np.zeros((len(ps), len(means)))
        for o, share in zip(outs, (ps, 1 - ps), strict=False):
            X = np.maximum(_period_sums(y, o), 1e-12)  # (mean, period)
            a = (o.v[None, :] * np.log(X)).sum(axis=1)
            ll += xlogy(o.v.sum(), share) + a[None, :] - share * X.sum(axis=1)[None, :]
        return ll, y

    # a coarse grid, then a fine one around the coarse intervals
    ps = np.linspace(0, 1, 401)[:, None]
    ll, y = grid_ll(ps, means)
    _, p_lo, p_hi, _ = _profile_interval(ps[:, 0], ll.max(axis=1), conf)
    step = 1 / 400
    ps = np.linspace(max(p_lo - 2 * step, 0), min(p_hi + 2 * step, 1), 401)[:, None]
    edge = False
    if fam is not None:
        _, m_lo, m_hi, edge = _profile_interval(means, ll.max(axis=0), conf)
        r = (means[1] / means[0]) ** 2
        means = np.geomspace(max(m_lo / r, means[0]), min(m_hi * r, means[-1]), 121)
    ll, y = grid_ll(ps, means)
    n_exit = sum(float(o.v.sum()) for o in outs)
    # quasi-Poisson: given the entrants, exit counts are less variable than Poisson; scale the
    # deviance of the timing parameter by the Pearson dispersion at the estimate
    i_p, i_m = np.unravel_index(int(np.argmax(ll)), ll.shape)
    if len(outs) == 2 and np.array_equal(outs[0].d0, outs[1].d0) and np.array_equal(
            outs[0].d1, outs[1].d1):  # the timing lives in the exits (passed + failed)
        both = _Series(outs[0].d0, outs[0].d1, outs[0].v + outs[1].v)
        pairs = [(both, 1.0)]
    else:
        pairs = list(zip(outs, (ps[i_p, 0], 1 - ps[i_p, 0]), strict=False))
    pearson, k_obs = 0.0, -2
    for o, share in pairs:
        mu = np.maximum(share * _period_sums(y[i_m:i_m + 1], o)[0], 1e-9)
        pearson += float(((o.v - mu) ** 2 / mu).sum())
        k_obs += len(o.v)
    phi = min(max(pearson / max(k_obs, 1), 0.2), 10.0)
    how = "Poisson likelihood of " + " and ".join(
        m for m, o in (("passed", passed), ("failed", failed)) if o is not None) + \
        f" given {src} convolved with the duration (profile likelihood)"
    p_hat, p_lo, p_hi, _ = _profile_interval(ps[:, 0], ll.max(axis=1), conf)
    out.append(_Est(f"{base}.pass_rate", "pass rate", role.name, s.name, s.pass_rate, p_hat,
                    p_lo, p_hi, n_exit, how))
    if fam is not None:
        m_hat, m_lo, m_hi, edge = _profile_interval(means, ll.max(axis=0) / phi, conf)
        out.append(_Est(f"{base}.duration.mean", "mean duration (days)", role.name, s.name,
                        mean0, m_hat, m_lo, m_hi, n_exit,
                        how + f"; {fam[0]} shape kept; quasi-Poisson dispersion {phi:.2f}",
                        "interval reaches the search range (x/6..x6)" if edge else ""))
    elif s.resource is not None:
        out[-1].note = "service time not fitted: give 'failed' counts too"
    return out


def _fit_service(x: _Series, outs: list[_Series], days: int, base: str, s, role: Role, fam,
                 conf: float) -> list[_Est]:
    """A stage at a resource: pass rate from passed / (passed + failed); mean service from
    person-days in service over completions (Little's law; the exponential MLE with those
    still in service censored), interval from a gamma with shape completions / cv^2."""
    from scipy.special import gammaincinv

    passed, failed = outs
    last = min(x.last, passed.last, failed.last)
    passed, failed = passed.within(last), failed.within(last)
    n_p, n_f = float(passed.v.sum()), float(failed.v.sum())
    out = []
    if n_p + n_f > 0:
        p, lo, hi = proportion_ci(n_p, n_p + n_f, conf)
        out.append(_Est(f"{base}.pass_rate", "pass rate", role.name, s.name, s.pass_rate, p,
                        lo, hi, n_p + n_f, "passed / (passed + failed) (Wilson)"))
    if fam is None or n_p + n_f == 0:
        return out
    q = np.cumsum(x.within(last).daily(days)) - np.cumsum(passed.daily(days)) - np.cumsum(
        failed.daily(days))
    q = np.maximum(q[: last + 1], 0)
    area = float(((np.concatenate([[0], q[:-1]]) + q) / 2).sum())
    n = n_p + n_f
    m = area / n
    a = n / fam[1] ** 2
    alpha = 1 - conf
    out.append(_Est(f"{base}.duration.mean", "mean service time (days)", role.name, s.name,
                    float(s.duration.mean), m, m * a / gammaincinv(a, 1 - alpha / 2),
                    m * a / gammaincinv(a, alpha / 2), n,
                    f"{area:,.0f} person-days in service / {n:.0f} completions (Little's "
                    f"law; gamma interval, {fam[0]} cv {fam[1]:g} kept)"))
    return out


def _waiting_hazard(data: _Data, role: str, inflow, outflows, withdrew, days, conf,
                    on=None):
    """(rate per day, low, high, withdrawals, person-days) from cumulative counts."""
    series = [inflow, *outflows, withdrew]
    last = min(s.last for s in series)
    first = min(s.first for s in series)
    if not all(s.contiguous for s in series) or inflow.first > first:
        return None
    q = np.cumsum(inflow.within(last).daily(days))
    for s, place in zip([*outflows, withdrew], [*on, None], strict=True):
        q = q - np.cumsum(s.within(last).daily(days, place))
    q = np.maximum(q[: last + 1], 0)
    exposure = float(((np.concatenate([[0], q[:-1]]) + q) / 2).sum())
    w = float(withdrew.within(last).v.sum())
    if exposure <= 0:
        return None
    lo, hi = _poisson_ci(w, conf)
    return w / exposure, lo / exposure, hi / exposure, w, exposure


def _weekly(rate: float) -> float:
    return float(-np.expm1(-7 * rate))


def _fit_withdrawals(data: _Data, sc: Scenario, role: Role, conf: float) -> list[_Est]:
    out = []
    days = sc.days
    for s in role.stages:
        if s.resource is None:
            continue
        got = [data.get(role.name, m, s.name) for m in ("entered", "started", "withdrew")]
        if any(g is None for g in got):
            continue
        r = _waiting_hazard(data, role.name, got[0], [got[1]], got[2], days, conf, on=[None])
        if r is not None:
            out.append(_Est(f"roles.{role.name}.stages.{s.name}.withdraw_per_week",
                            "withdrawal probability per week waiting", role.name, s.name,
                            s.withdraw_per_week, _weekly(r[0]), _weekly(r[1]), _weekly(r[2]),
                            r[3], f"withdrawals / {r[4]:,.0f} person-days in the queue "
                            "(exact Poisson)"))
    last = role.stages[-1].name
    got = [data.get(role.name, "passed", last), data.get(role.name, "hires"),
           data.get(role.name, "withdrew", OFFER)]
    if role.academy is not None and got[1] is None:
        got[1] = data.get(role.name, "academy_entered")
    if all(g is not None for g in got):
        on = np.asarray(class_starts(sc, role.academy)) if role.academy else None
        r = _waiting_hazard(data, role.name, got[0], [got[1]], got[2], days, conf, on=[on])
        if r is not None:
            out.append(_Est(f"roles.{role.name}.offer_withdraw_per_week",
                            "withdrawal probability per week waiting for a position/class",
                            role.name, OFFER, role.offer_withdraw_per_week, _weekly(r[0]),
                            _weekly(r[1]), _weekly(r[2]), r[3],
                            f"withdrawals / {r[4]:,.0f} person-days on the waiting list "
                            "(exact Poisson)"))
    return out


def _fit_applications(data: _Data, sc: Scenario, role: Role, conf: float) -> list[_Est]:
    apps = data.get(role.name, "applications")
    if apps is None:
        return []
    out = []
    periods = list(role.recruiting)
    for i, per in enumerate(periods):
        lo = max(sc.day(per.start), 0)
        hi = sc.day(periods[i + 1].start) if i + 1 < len(periods) else sc.days
        keep = (apps.d0 >= lo) & (apps.d1 < hi)
        if not keep.any():
            continue
        n = float(apps.v[keep].sum())
        t = float((apps.d1[keep] - apps.d0[keep] + 1).sum())
        a, b = _poisson_ci(n, conf)
        skipped = int(((apps.d1 >= lo) & (apps.d0 < hi)).sum() - keep.sum())
        out.append(_Est(f"roles.{role.name}.recruiting.{i}.per_week",
                        f"applications per week from {per.start}", role.name, "",
                        per.per_week, 7 * n / t, 7 * a / t, 7 * b / t, n,
                        f"applications / {t:.0f} days (exact Poisson)",
                        f"{skipped} periods straddling a rate change left out" if skipped
                        else ""))
    return out


def _fit_academy(data: _Data, sc: Scenario, role: Role, conf: float) -> list[_Est]:
    ac = role.academy
    ent = data.get(role.name, "academy_entered") or data.get(role.name, "hires")
    grad = data.get(role.name, "academy_graduated")
    if ac is None or ent is None or grad is None or not ent.contiguous:
        return []
    on = np.asarray(class_starts(sc, ac))
    grad = grad.within(min(grad.last, ent.last + ac.length_days))
    if len(grad.v) == 0:
        return []
    t = grad.last  # graduates by day t are the entrants by day t - length (classes start
    cut = t - ac.length_days  # at the start of a day and last length_days)
    n = float(np.cumsum(ent.daily(sc.days, on))[cut]) if cut >= 0 else 0.0
    g = float(grad.v.sum())
    n = round(n)
    if n <= 0 or g > n:
        return []
    p, lo, hi = proportion_ci(g, n, conf)
    return [_Est(f"roles.{role.name}.academy.graduation_rate", "academy graduation rate",
                 role.name, "academy", ac.graduation_rate, p, lo, hi, n,
                 f"graduates by day {t} / entrants by day {cut} (Wilson)")]


def _fit_attrition(data: _Data, sc: Scenario, role: Role, conf: float) -> list[_Est]:
    sep = data.get(role.name, "separations")
    if role.academy is not None:
        inflow = data.get(role.name, "academy_graduated")
        on = np.asarray(class_starts(sc, role.academy)) + role.academy.length_days
        offset = 0.0
    else:
        inflow, on, offset = data.get(role.name, "hires"), None, 0.5
    if sep is None or inflow is None or not inflow.contiguous:
        return []
    att = role.attrition
    days = sc.days
    h_long = -math.log1p(-att.annual_rate)
    bands = [(b.until_years, -math.log1p(-b.annual_rate)) for b in att.bands]
    if h_long == 0 and all(h == 0 for _, h in bands):
        h_long, bands = 1.0, []  # nothing to scale: fit the hazard itself
    sep = sep.within(inflow.last)

    def cumhaz(tau_years):
        out = np.zeros_like(tau_years)
        start = 0.0
        for until, h in bands:
            out += h * np.clip(tau_years - start, 0, until - start)
            start = until
        return out + h_long * np.clip(tau_years - start, 0, None)

    t_end = np.arange(days) + 1.0  # end of each day
    lag = np.maximum(np.arange(days) + 1.0 - offset, 0) / YEAR
    z = inflow.daily(days, on)
    hz = cumhaz(lag)[None, :]

    def loglik(ks):
        ks = ks[:, None]
        init = role.initial * -np.expm1(-ks * h_long * t_end / YEAR)
        cum = init + _convolve(z, -np.expm1(-ks * hz), days)
        daily = np.diff(np.concatenate([np.zeros((len(ks), 1)), cum], axis=1), axis=1)
        exp_ = np.maximum(_period_sums(daily, sep), 1e-12)
        return (sep.v[None, :] * np.log(exp_) - exp_).sum(axis=1)

    ks = np.geomspace(0.05, 20, 2 * _GRID)
    _, lo, hi, edge = _profile_interval(ks, loglik(ks), conf)
    r = (ks[1] / ks[0]) ** 2
    ks = np.geomspace(max(lo / r, ks[0]), min(hi * r, ks[-1]), 121)
    k, lo, hi, _ = _profile_interval(ks, loglik(ks), conf)
    paths = [("annual_rate", att.annual_rate, h_long)] + [
        (f"bands.{i}.annual_rate", b.annual_rate, h) for i, (b, (_, h)) in
        enumerate(zip(att.bands, bands, strict=True))]
    src = "graduate" if role.academy is not None else "hire"
    out = []
    for sub, base, h in paths:
        def rate(f, h=h):
            return float(-np.expm1(-f * h))

        out.append(_Est(f"roles.{role.name}.attrition.{sub}", "annual attrition"
                        + (f" ({sub.split('.')[0]} {sub.split('.')[1]})" if "." in sub else ""),
                        role.name, "", base, rate(k), rate(lo), rate(hi), float(sep.v.sum()),
                        f"separations vs starting staff and {src} cohorts under the "
                        f"scenario's tenure bands, hazards scaled by one factor "
                        f"(k = {k:.3g} [{lo:.3g}, {hi:.3g}], profile likelihood)",
                        "interval reaches the search range" if edge else ""))
    return out


# -- the result -----------------------------------------------------------------------------
#: valid domain of each fitted field, for clipping estimates and ranges
def _domain(path: str) -> tuple[float, float]:
    if path.endswith(("pass_rate", "graduation_rate")):
        return 0.0, 1.0
    if path.endswith(("withdraw_per_week", "annual_rate")):
        return 0.0, 0.999
    if path.endswith("duration.mean"):
        return 1e-3, math.inf
    return 0.0, math.inf


@dataclass(frozen=True, eq=False)
class Calibration:
    """A calibrated scenario, the estimate behind each fitted value and a simulation check."""

    scenario: Scenario
    base: Scenario
    estimates: pd.DataFrame
    observed: pd.DataFrame
    confidence: float
    check_frame: pd.DataFrame | None = None
    seed: int | None = None

    def ranges(self) -> dict[str, tuple[float, float]]:
        """``{path: (low, high)}`` of every fitted value, for a sweep's parameter ranges."""
        est = self.estimates.dropna(subset=["estimate"])
        return {p: (float(lo), float(hi)) for p, lo, hi in
                zip(est["path"], est["low"], est["high"], strict=True)}

    def sweep_parameters(self) -> list:
        """The ranges as :class:`hiringsim.sweep.Parameter` values (uniform low..high)."""
        from .sweep import Parameter

        return [Parameter(p, low=lo, high=hi) for p, (lo, hi) in self.ranges().items()
                if hi > lo]

    def check(self, replications: int = 20, *, seed: int = 0, executor=None) -> Calibration:
        """This calibration with its check redone: the calibrated scenario simulated
        ``replications`` times and every observed series set against the simulated bands."""
        frame = _check_frame(self.scenario, self.observed, replications, seed, executor)
        return dataclasses.replace(self, check_frame=frame, seed=seed)

    def coverage(self) -> pd.DataFrame:
        """Per observed series: share of periods inside the simulated 5-95% band."""
        if self.check_frame is None:
            raise ValueError("no simulation check; use calibration.check(replications)")
        f = self.check_frame
        return (f.groupby(["role", "measure", "stage"], sort=False)["inside"].mean()
                .rename("share_inside").reset_index())

    def to_toml(self, base_path: str | Path | None = None) -> str:
        """The calibrated scenario as a scenario file: ``extends`` the base file and ``set``s
        each fitted value (with its interval as a comment).  ``base_path`` as it should be
        written (relative to where the file will live); default: the base's source."""
        base = base_path if base_path is not None else self.base.source
        if base is None:
            raise ValueError("the base scenario has no file; give base_path")
        lines = [f"# {self.base.name} calibrated to observed data ({self.confidence:.0%} "
                 "intervals in comments)", f"extends = {_toml_str(Path(base).as_posix())}",
                 f"name = {_toml_str(self.scenario.name)}", "", "[set]"]
        for r in self.estimates.dropna(subset=["estimate"]).itertuples():
            lines.append(f"{_toml_str(r.path)} = {r.estimate:.8g}  # [{r.low:.6g}, "
                         f"{r.high:.6g}], base {r.base:.6g}, n {r.n:.0f}")
        return "\n".join(lines) + "\n"

    def ranges_toml(self) -> str:
        """The fitted intervals as sweep-file parameter tables (uniform low..high)."""
        out = []
        for p, (lo, hi) in self.ranges().items():
            if hi > lo:
                out += [f"[parameters.{_toml_str(p)}]", f"low = {lo:.6g}", f"high = {hi:.6g}",
                        ""]
        return "\n".join(out)

    def save(self, path: str | Path, *, base_path: str | Path | None = None) -> Path:
        """Write estimates.csv, calibrated.toml, ranges.toml and (if checked) check.csv and
        coverage.csv to a folder."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        self.estimates.to_csv(path / "estimates.csv", index=False)
        if base_path is None and self.base.source is not None:
            import os

            base_path = os.path.relpath(Path(self.base.source).resolve(), path.resolve())
        (path / "calibrated.toml").write_text(self.to_toml(base_path))
        (path / "ranges.toml").write_text(self.ranges_toml())
        if self.check_frame is not None:
            self.check_frame.to_csv(path / "check.csv", index=False)
            self.coverage().to_csv(path / "coverage.csv", index=False)
        return path

    def __repr__(self) -> str:
        n = int(self.estimates["estimate"].notna().sum())
        return (f"<Calibration of {self.base.name!r}: {n} values fitted at "
                f"{self.confidence:.0%}, check: "
                f"{'none' if self.check_frame is None else 'simulated'}>")


def _toml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _check_frame(sc: Scenario, obs: pd.DataFrame, replications: int, seed: int,
                 executor) -> pd.DataFrame:
    import pandas as pd

    data = _Data(sc, obs)
    keys = [k for k in data.groups if k[0] in {r.name for r in sc.roles}]
    recs = _runs(sc, seed, replications, executor, keys, data)
    rows = []
    for i, key in enumerate(keys):
        s = data.groups[key]
        sims = np.stack([r[i] for r in recs])  # (replication, period)
        cum = np.nancumsum(sims, axis=1)
        with warnings.catch_warnings():  # periods without hires have no mean time to hire
            warnings.simplefilter("ignore", RuntimeWarning)
            q = np.nanquantile(sims, [0.05, 0.5, 0.95], axis=0)
            qc = np.nanquantile(cum, [0.05, 0.5, 0.95], axis=0)
        start = pd.Timestamp(sc.start)
        rows.append(pd.DataFrame({
            "role": key[0], "measure": key[1], "stage": key[2],
            "period_start": start + pd.to_timedelta(s.d0, unit="D"),
            "period_end": start + pd.to_timedelta(s.d1, unit="D"),
            "observed": s.v, "sim_low": q[0], "sim_median": q[1], "sim_high": q[2],
            "cum_low": qc[0], "cum_median": qc[1], "cum_high": qc[2],
            "inside": (s.v >= q[0]) & (s.v <= q[2])}))
    return pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()


def _run_series(sc: Scenario, seed: int, reps: list[int], keys, periods) -> list:
    from .replication import run

    out = []
    for r in reps:
        rec = run(sc, seed=seed, replication=r)
        out.append([_aggregate(rec, sc.role(k[0]), k[1], k[2], d0, d1)
                    for k, (d0, d1) in zip(keys, periods, strict=True)])
    return out


def _runs(sc, seed, replications, executor, keys, data) -> list:
    periods = [(data.groups[k].d0, data.groups[k].d1) for k in keys]
    reps = list(range(replications))
    if executor is None:
        return _run_series(sc, seed, reps, keys, periods)
    futs = [executor.submit(_run_series, sc, seed, reps[i:i + 4], keys, periods)
            for i in range(0, len(reps), 4)]
    return [row for f in futs for row in f.result()]


def _check_scenario(sc: Scenario, obs: pd.DataFrame, source: str | None) -> None:
    out = []
    roles = {r.name: r for r in sc.roles}
    for (role, measure, stage), g in obs.groupby(["role", "measure", "stage"], sort=False):
        where = f"{role} {measure}{' ' + stage if stage else ''}"
        r = roles.get(role)
        if r is None:
            out.append((where, f"no role {role!r} in scenario {sc.name!r}; roles: "
                        f"{', '.join(roles)}"))
            continue
        if stage and stage != OFFER:
            st = next((s for s in r.stages if s.name == stage), None)
            if st is None:
                out.append((where, f"role {role!r} has no stage {stage!r}; stages: "
                            f"{', '.join(s.name for s in r.stages)}"))
            elif measure in ("started", "withdrew") and st.resource is None:
                out.append((where, f"stage {stage!r} has no resource, so no {measure}"))
        if measure.startswith("academy_") and r.academy is None:
            out.append((where, f"role {role!r} has no academy"))
        first, last = g["period_start"].min().date(), g["period_end"].max().date()
        if first < sc.start or last > sc.end:
            out.append((where, f"periods {first}..{last} reach outside the scenario's "
                        f"{sc.start}..{sc.end}"))
    if out:
        raise ObservedDataError(out, source)


def calibrate(scenario: Scenario, observed: pd.DataFrame | str | Path, *,
              confidence: float = 0.95, replications: int = 20, seed: int = 0,
              executor=None) -> Calibration:
    """Fit the scenario's rates to observed data (see the module docstring) and return a
    :class:`Calibration`: the calibrated scenario, ``estimates`` (path, estimate, low, high,
    n, method, ...), ``ranges()`` for sweeps and, with ``replications`` > 0, a simulation
    check of every observed series (``check_frame``; plot with
    :func:`hiringsim.plots.solve.plot_fit`)."""
    import pandas as pd

    if not isinstance(scenario, Scenario):
        raise TypeError(f"scenario must be a hiringsim Scenario, got {type(scenario).__name__}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence!r}")
    source = None
    if isinstance(observed, str | Path):
        source = str(observed)
        observed = load_observed(observed)
    else:
        observed = validate_observed(observed)
    _check_scenario(scenario, observed, source)
    data = _Data(scenario, observed)
    ests: list[_Est] = []
    for role in scenario.roles:
        ests += _fit_applications(data, scenario, role, confidence)
        for k in range(len(role.stages)):
            ests += _fit_stage(data, scenario, role, k, confidence)
        ests += _fit_withdrawals(data, scenario, role, confidence)
        ests += _fit_academy(data, scenario, role, confidence)
        ests += _fit_attrition(data, scenario, role, confidence)
    est = pd.DataFrame([dataclasses.asdict(e) for e in ests],
                       columns=[f.name for f in dataclasses.fields(_Est)])
    for i, row in est.iterrows():
        lo, hi = _domain(row["path"])
        for col in ("estimate", "low", "high"):
            if row[col] == row[col]:
                est.loc[i, col] = min(max(row[col], lo), hi)
    fitted = est.dropna(subset=["estimate"])
    values = dict(zip(fitted["path"], fitted["estimate"], strict=True))
    cal = scenario.with_values(values, name=f"{scenario.name} (calibrated)") if values \
        else scenario
    check = _check_frame(cal, observed, replications, seed, executor) if replications else None
    return Calibration(cal, scenario, est, observed, confidence, check,
                       seed if replications else None)


def calibrate_file(scenario: str | Path, observed: str | Path, *,
                   out: str | Path | None = None, replications: int = 20, seed: int = 0,
                   confidence: float = 0.95, executor=None) -> Calibration:
    """Calibrate a scenario file to an observed-data CSV (what ``hiringsim calibrate`` runs);
    with ``out``, write :meth:`Calibration.save`'s files and ``fit_report.png`` there."""
    from .scenario import load_scenario

    cal = calibrate(load_scenario(scenario), observed, confidence=confidence,
                    replications=replications, seed=seed, executor=executor)
    if out is not None:
        folder = cal.save(out)
        if cal.check_frame is not None and not cal.check_frame.empty:
            import matplotlib

            matplotlib.use("Agg", force=False)
            import matplotlib.pyplot as plt

            from .plots.solve import plot_fit_report

            axes = plot_fit_report(cal)
            fig = axes.ravel()[0].figure
            fig.savefig(folder / "fit_report.png", dpi=110)
            plt.close(fig)
    return cal
