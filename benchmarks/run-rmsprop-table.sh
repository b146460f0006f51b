#!/usr/bin/env bash
# Regenerates sim-core's RMSProp stationary-variance table
# (sim-core/src/main/resources/org/sgdobservatory/sim/theory/rmsprop-stationary-table.txt) with sim-core's own
# simulator, then validates its interpolation against fresh simulations and writes the measured error bound into
# the table's metadata (RmsPropTableGenerator, in sim-core's test tree; see sim-core/RMSPROP_TABLE.md).
# Run from anywhere; extra arguments go to the generator, e.g.
#   benchmarks/run-rmsprop-table.sh                             # the shipped table: seed 20250601
#   benchmarks/run-rmsprop-table.sh --quick --out /tmp/t.txt    # a coarse smoke run (a few minutes)
#   benchmarks/run-rmsprop-table.sh --reuse-nodes FILE          # keep FILE's nodes, redo omission + validation
# Progress goes to stderr. SKIP_BUILD=1 reuses the compiled classes; MVN_FLAGS (e.g. -o) is passed to Maven.
# Rebuild sim-core afterwards so that its jar carries the new table.
set -euo pipefail
cd "$(dirname "$0")/.."
WITH_PROVENANCE=1 exec benchmarks/sim-core-tool.sh RmsPropTableGenerator "$@"
