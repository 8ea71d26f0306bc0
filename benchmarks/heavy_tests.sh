#!/usr/bin/env bash
# The statistical checks left out of the default test run for time (pytest marker "heavy"): the
# fast-against-reference comparison of lever combinations (channels with dated changes, channels
# with overlapping vetting, a running pipeline with both), about 2 minutes on 2 cores; and the
# calibration's coverage over 200 simulated data sets (every fitted input's 90% interval covers
# the truth 85-95% of the time), about 1-2 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
python -m pytest -m heavy tests/test_model_equivalence.py tests/test_calibrate_uncertainty.py "$@"
