#!/usr/bin/env bash
# Measures how well "RMSProp's i.i.d. variance times SGD's reshuffling factor" predicts RMSProp under per-epoch
# reshuffling, against sim-core's finite-data simulation, over a grid of (K, lr h/sigma) (RmsPropReshufflingStudy
# in sim-core's test tree), and prints a Markdown table. Extra arguments go to the study, e.g.
#   benchmarks/run-rmsprop-reshuffling-study.sh --k 4,20 --a 0.01,0.1
set -euo pipefail
cd "$(dirname "$0")/.."
exec benchmarks/sim-core-tool.sh RmsPropReshufflingStudy "$@"
