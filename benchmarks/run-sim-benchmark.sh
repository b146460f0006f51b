#!/usr/bin/env bash
# Builds the benchmark jar and prints the side-by-side table of chain-steps per second for sim-core,
# the plain scalar Java loop and NumPy (BENCHMARKS.md). Run from anywhere; extra arguments go to the
# benchmark, e.g.
#   benchmarks/run-sim-benchmark.sh                    # 3 alternating rounds, ~2 s per measurement
#   benchmarks/run-sim-benchmark.sh --quick            # 1 round, ~0.5 s per measurement
#   benchmarks/run-sim-benchmark.sh --breakdown        # plus the per-operation cost of one sim-core step
#   OMP_NUM_THREADS=1 benchmarks/run-sim-benchmark.sh  # ND4J on one thread (as the scalar loop and NumPy)
# SKIP_BUILD=1 reuses benchmarks/target/benchmarks.jar; MVN_FLAGS (e.g. -o) is passed to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  # shellcheck disable=SC2086
  mvn -q -B ${MVN_FLAGS:-} -pl benchmarks -am -DskipTests package
fi
# The NumPy child process is started with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE removed from its
# environment (by SimBenchmark); ND4J's start-up INFO lines are silenced (the table prints its backend).
exec java -Xmx4g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -jar benchmarks/target/benchmarks.jar --numpy benchmarks/numpy/sgd_baseline.py "$@"
