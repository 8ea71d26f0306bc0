"""The sweep package's public namespace and its light import."""

from __future__ import annotations

import subprocess
import sys

import hiringsim.sweep as sweep


def test_all_is_sorted_and_complete():
    """__all__ is sorted, every name exists, and no other public name leaks out."""
    assert sweep.__all__ == sorted(sweep.__all__)
    assert sweep.__all__ == ["Parameter", "ScenarioModel", "Sweep", "SweepError", "SweepResult",
                             "SweepRunError", "load_sweep", "open_sweep", "run_sweep",
                             "sweep_json_schema"]
    for name in sweep.__all__:
        assert getattr(sweep, name) is not None


def test_import_is_light():
    """Importing hiringsim.sweep loads neither scipy, pandas, matplotlib nor dask."""
    code = ("import sys, hiringsim.sweep; "
            "print(sorted(m for m in ('scipy', 'pandas', 'matplotlib', 'dask', 'distributed', "
            "'tqdm') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
