#!/usr/bin/env bash
# Measures RMSProp under per-epoch reshuffling against "the i.i.d. table value times SGD's reshuffling factor at
# the mean-field rate", over a grid of (K, lr h/sigma) at rho = 0.95, against sim-core's finite-data simulation,
# and writes the correction that sim-core's RmsPropReshuffling interpolates (RmsPropReshufflingStudy in sim-core's
# test tree; see sim-core/RMSPROP_TABLE.md). Prints Markdown tables; progress on stderr. E.g.
#   benchmarks/run-rmsprop-reshuffling-study.sh --write \
#     sim-core/src/main/resources/org/sgdobservatory/sim/theory/rmsprop-reshuffling-correction.txt
# The finite-data path allocates native memory per step; the JVM's native budget is capped below.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_OPTS="${JAVA_OPTS:--Xmx3g -Dorg.bytedeco.javacpp.maxbytes=3g -Dorg.bytedeco.javacpp.maxphysicalbytes=7g}"
WITH_PROVENANCE=1 exec benchmarks/sim-core-tool.sh RmsPropReshufflingStudy "$@"
