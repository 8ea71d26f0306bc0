"""The result of a calibration: the calibrated scenario, its estimates, ranges for sweeps, the
simulation check and the files a calibration is kept in."""

from __future__ import annotations

import dataclasses
import os
from concurrent.futures import Executor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..rng import root_entropy
from .check import check_frame

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ..parameters import Parameter
    from ..scenario import Scenario

__all__ = ["Calibration"]


@dataclass(frozen=True, eq=False)
class Calibration:
    """A calibrated scenario, the estimate behind each fitted value and a simulation check.

    ``scenario`` is the calibrated scenario and ``base`` the one calibrated; ``estimates`` has
    one row per fitted value (path, parameter, role, stage, base, estimate, low, high, n,
    method, note, dispersion, distribution: see :mod:`.uncertainty`; rows with no estimate
    are inputs not fitted, the note says why); ``observed`` is the validated data;
    ``check_frame`` (None without a check) sets every observed period against the simulated
    5-95% band, with the check's ``seed``.

    Examples
    --------
    >>> cal = hiringsim.calibrate(scenario, "observed.csv", seed=1)  # doctest: +SKIP
    >>> cal.ranges()["roles.officer.stages.screen.pass_rate"]  # doctest: +SKIP
    (0.47, 0.53)
    >>> print(cal.fragment())  # doctest: +SKIP
    [uncertain."roles.officer.stages.screen.pass_rate"]
    dist = "beta"
    ...
    """

    scenario: Scenario
    base: Scenario
    estimates: pd.DataFrame
    observed: pd.DataFrame
    confidence: float
    check_frame: pd.DataFrame | None = None
    seed: int | None = None
    #: the observed data's file, when read from one (named in the fragment's notes)
    source: str | None = None

    def fragment(self) -> str:
        """The fitted inputs as a scenario fragment of uncertain inputs: one
        ``[uncertain."<path>"]`` table each with its distribution (``estimates``'
        ``distribution``) and a note (source, method, interval, dispersion); inputs the data
        do not identify are named in comments, kept at the scenario's values."""
        from .fragment import fragment_text

        return fragment_text(self)

    def save_fragment(self, path: str | Path) -> Path:
        """Write :meth:`fragment` to ``path``; return it."""
        path = Path(path)
        path.write_text(self.fragment())
        return path

    def uncertain_toml(self, base_path: str | Path | None = None) -> str:
        """The calibration as one scenario file a planner runs: ``extends`` the base file,
        ``set``s each fitted value to its estimate (the central value, what
        ``inputs="fixed"`` runs: :meth:`to_toml`'s scenario) and declares each fitted input
        uncertain with its distribution (the :meth:`fragment`'s tables, what every replication
        draws from by default).  ``base_path`` as it should be written (relative to where the
        file will live); default: the base's source."""
        body = self.to_toml(base_path).split("\n", 1)[1]  # extends, name, [set] estimates
        return (f"# {self.base.name} calibrated to observed data, with input uncertainty: "
                "each fitted value is set to its\n# estimate (intervals in comments) and "
                "drawn from its distribution in every replication\n"
                + body + "\n" + self.fragment())

    def save_scenario(self, path: str | Path, *, base_path: str | Path | None = None) -> Path:
        """Write :meth:`uncertain_toml` to ``path`` (a ``.toml`` scenario file); return it.
        ``base_path`` defaults to the base's source relative to ``path``'s folder."""
        path = Path(path)
        if base_path is None and self.base.source is not None:
            base_path = os.path.relpath(Path(self.base.source).resolve(), path.parent.resolve())
        path.write_text(self.uncertain_toml(base_path))
        return path

    def report(self) -> str:
        """The fitted inputs (estimate, interval, dispersion, distribution) and the inputs not
        fitted with the reason (e.g. a tenure band: not identified), as text."""
        from .fragment import report_text

        return report_text(self)

    def ranges(self) -> dict[str, tuple[float, float]]:
        """``{path: (low, high)}`` of every fitted value, for a sweep's parameter ranges."""
        est = self.estimates.dropna(subset=["estimate"])
        return {p: (float(lo), float(hi)) for p, lo, hi in
                zip(est["path"], est["low"], est["high"], strict=True)}

    def sweep_parameters(self) -> list[Parameter]:
        """The ranges as :class:`hiringsim.sweep.Parameter` values (uniform low..high)."""
        from ..parameters import Parameter

        return [Parameter(p, low=lo, high=hi) for p, (lo, hi) in self.ranges().items()
                if hi > lo]

    def check(self, replications: int = 20, *, seed: int | None = None,
              executor: Executor | None = None, progress: bool | None = None) -> Calibration:
        """This calibration with its check redone: the calibrated scenario simulated
        ``replications`` times and every observed series set against the simulated bands.

        ``seed=None`` draws a fresh root seed, recorded in ``seed``.
        """
        seed = root_entropy(seed)
        frame = check_frame(self.scenario, self.observed, replications, seed=seed,
                            executor=executor, progress=progress)
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
            lines.append(f"{_toml_str(str(r.path))} = {r.estimate:.8g}  # [{r.low:.6g}, "
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
        """Write estimates.csv, calibrated.toml, ranges.toml, uncertain.toml (the
        :meth:`fragment`), calibrated_uncertain.toml (:meth:`uncertain_toml`), report.txt and
        (if checked) check.csv and coverage.csv to a folder; return the folder."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        self.estimates.to_csv(path / "estimates.csv", index=False)
        if base_path is None and self.base.source is not None:
            base_path = os.path.relpath(Path(self.base.source).resolve(), path.resolve())
        (path / "calibrated.toml").write_text(self.to_toml(base_path))
        (path / "ranges.toml").write_text(self.ranges_toml())
        self.save_fragment(path / "uncertain.toml")
        self.save_scenario(path / "calibrated_uncertain.toml", base_path=base_path)
        (path / "report.txt").write_text(self.report())
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
