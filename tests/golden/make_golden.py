"""Write the golden file that pins behaviour: ``python tests/golden/make_golden.py``.

Only rerun this on purpose (a deliberate change of behaviour), and say why in the commit.
Pinned: the KPI, funnel, resource and fiscal tables of every shipped scenario (fast mode, seed
2017, 3 replications) and of the test scenarios in both modes (seed 11, 2 replications).
Floats are stored with ``repr`` round-trip precision, so the comparison is bit for bit.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE.parent))

from golden_cases import CASES, tables  # noqa: E402


def main() -> None:
    out = {}
    for key, (path, mode, seed, reps) in CASES.items():
        out[key] = tables(ROOT / path, mode=mode, seed=seed, replications=reps)
        print(key, "done", flush=True)
    (HERE / "golden.json").write_text(json.dumps(out, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
