"""The scenarios shipped with hiringsim, by name: the EO 13768 baseline, its four strategies,
sensitivity sweeps, solve files and a fragment of uncertain inputs (``inputs/``, which a scenario
takes with ``uncertain_inputs``).

They are package data (``hiringsim/scenarios/``), so they work in any install, without a
checkout of the repository.  A name is the file's path under that folder, with or without
``.toml`` (``"strategies/surge"``); ``"baseline"`` and a strategy's stem (``"surge"``) are short
forms.  :func:`example` loads a scenario; sweep and solve files are read from
:func:`example_path` by :func:`hiringsim.sweep.load_sweep` and :func:`hiringsim.load_solve`.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .scenario import Scenario

__all__ = ["example", "example_path", "examples"]

#: folders under scenarios/ whose files are scenarios (the others hold sweep, solve and
#: uncertain-inputs files)
_SCENARIO_FOLDERS = ("", "strategies")
#: folder whose files may also be named by their stem alone
_SHORT_FOLDER = "strategies"


def _root() -> Path:
    root = importlib.resources.files("hiringsim") / "scenarios"
    if not isinstance(root, Path):  # e.g. imported from a zip file
        raise RuntimeError(f"hiringsim's scenarios are not files on disk ({root!r}); "
                           "install hiringsim normally (pip install hiringsim)")
    return root


def _files() -> dict[str, Path]:
    """Canonical name (path under scenarios/ without .toml) -> file, sorted by name."""
    root = _root()
    return {path.relative_to(root).with_suffix("").as_posix(): path
            for path in sorted(root.rglob("*.toml"))}


def examples() -> list[str]:
    """The names of the shipped scenario, sweep, solve and uncertain-inputs files.

    Returns
    -------
    list of str
        Each file's path under ``hiringsim/scenarios/`` without ``.toml``, sorted:
        ``"baseline"``, ``"inputs/..."``, ``"solve/..."``, ``"strategies/..."``,
        ``"sweeps/..."``.  A strategy can
        also be named by its stem alone (``"surge"``), and any name may end in ``.toml``.

    Examples
    --------
    >>> import hiringsim
    >>> hiringsim.examples()[:2]
    ['baseline', 'inputs/officer_uncertainty']
    >>> "strategies/surge" in hiringsim.examples()
    True
    """
    return list(_files())


def _canonical(name: str, files: dict[str, Path]) -> str:
    key = name.removesuffix(".toml").strip("/")
    if key in files:
        return key
    short = f"{_SHORT_FOLDER}/{key}"
    if "/" not in key and short in files:
        return short
    raise ValueError(f"no shipped example named {name!r}; valid names: {', '.join(files)} "
                     f"(a strategy also by its stem, e.g. 'surge'; '.toml' is optional)")


def example_path(name: str) -> Path:
    """The file of a shipped scenario, sweep, solve or uncertain-inputs file.

    Parameters
    ----------
    name : str
        One of :func:`examples` (``"baseline"``, ``"strategies/surge"``,
        ``"sweeps/baseline_uncertainty"``, ``"solve/seats_needed"``), a strategy's stem
        (``"surge"``), with or without ``.toml``.

    Returns
    -------
    pathlib.Path
        The installed file.  Files that build on the baseline (``extends``, ``base``) name it
        by a relative path, so they load from here as they do from a checkout.

    Raises
    ------
    ValueError
        If no shipped file has that name; the message lists the valid names.

    Examples
    --------
    >>> import hiringsim
    >>> hiringsim.example_path("surge").name
    'surge.toml'
    >>> spec = hiringsim.load_solve(hiringsim.example_path("solve/seats_needed"))
    """
    files = _files()
    return files[_canonical(name, files)]


def example(name: str) -> Scenario:
    """Load a shipped scenario: the baseline or one of its strategies.

    Parameters
    ----------
    name : str
        ``"baseline"``, a strategy's stem (``"surge"``, ``"even_phases"``, ``"agency_plan"``,
        ``"capacity_first"``) or its path (``"strategies/surge"``), with or without ``.toml``.

    Returns
    -------
    Scenario
        The validated scenario, as :func:`hiringsim.load_scenario` reads it from
        :func:`example_path`.

    Raises
    ------
    ValueError
        If ``name`` is not a shipped file (the message lists the valid names), or names a sweep
        or solve file or a fragment of uncertain inputs, which are not scenarios (use
        :func:`example_path` for those).

    Examples
    --------
    >>> import hiringsim
    >>> baseline = hiringsim.example("baseline")
    >>> surge = hiringsim.example("surge")
    >>> results = hiringsim.simulate(baseline, 10, seed=2017)  # doctest: +SKIP
    """
    files = _files()
    key = _canonical(name, files)
    folder = key.rpartition("/")[0]
    if folder not in _SCENARIO_FOLDERS:
        if folder == "inputs":
            raise ValueError(f"{name!r} is a fragment of uncertain inputs, not a scenario: a "
                             f"scenario file takes it with uncertain_inputs = \"<its path>\" "
                             f"(hiringsim.example_path({name!r}))")
        raise ValueError(f"{name!r} is a {folder.rstrip('s')} file, not a scenario: pass "
                         f"hiringsim.example_path({name!r}) to the function that reads it")
    from .scenario import load_scenario

    return load_scenario(files[key])
