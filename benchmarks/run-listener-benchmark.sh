#!/usr/bin/env bash
# Builds the benchmark jar and prints, as Markdown tables, what the observatory listener costs (BENCHMARKS.md,
# sections 3 to 6): overhead per training iteration against no listener, DL4J's StatsListener and
# ScoreIterationListener, measured in alternation; probes as a fraction of an epoch; the predictor's RmsProp
# simulation; memory. Run from anywhere; extra arguments go to the benchmark, e.g.
#   benchmarks/run-listener-benchmark.sh                 # 7 alternating rounds of ~1.5 s (~25 min)
#   benchmarks/run-listener-benchmark.sh --quick         # 3 rounds of ~0.4 s, fewer sizes (~6 min)
#   benchmarks/run-listener-benchmark.sh --sections overhead --networks wide
#   benchmarks/run-listener-benchmark.sh --sections overhead --networks wide --into-window 1000   # later in the window
#   benchmarks/run-listener-benchmark.sh --full-memory   # also every parameter of the wide MLP tracked (~650 MB of heap)
# ND4J runs on one thread (OMP_NUM_THREADS=1 unless set), as the project's tests and CLI do.
# SKIP_BUILD=1 reuses benchmarks/target/benchmarks.jar; MVN_FLAGS (e.g. -o) is passed to Maven.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${SKIP_BUILD:-0}" != 1 ]]; then
  # shellcheck disable=SC2086
  mvn -q -B ${MVN_FLAGS:-} -pl benchmarks -am -DskipTests package >&2
fi
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
# JavaCPP's native limits are raised above the heap (ND4J allocates natively; the statistics are on the heap).
exec java -Xmx6g -Dorg.bytedeco.javacpp.maxbytes=12g -Dorg.bytedeco.javacpp.maxphysicalbytes=20g \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp benchmarks/target/benchmarks.jar org.sgdobservatory.benchmarks.ListenerBenchmark "$@"
