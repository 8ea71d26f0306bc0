"""The words match the files: the baseline's description says what its numbers do, the files it
cites exist, and the command line's help gives the real defaults."""

from __future__ import annotations

import re
from pathlib import Path

import hiringsim

ROOT = Path(__file__).resolve().parents[1]


def test_baseline_description_says_when_positions_are_funded():
    """The description dates the funding as the file does (1 March 2017), not 'FY2018'."""
    sc = hiringsim.example("baseline")
    officer = sc.role("officer")
    assert officer.positions is not None
    first = officer.positions[0].start
    assert "FY2018" not in sc.description
    assert f"{first.day} {first:%B %Y}" in " ".join(sc.description.split())


def test_baseline_cites_only_files_in_the_repository():
    """Every file path the baseline's comments name exists in the repository."""
    text = hiringsim.example_path("baseline").read_text()
    paths = re.findall(r"\b[\w.-]+(?:/[\w.-]+)+\.(?:md|toml|csv|py|json)\b", text)
    assert paths  # it does name its sweep file
    for p in paths:
        assert (ROOT / p).exists(), f"baseline.toml cites {p}, not in the repository"
