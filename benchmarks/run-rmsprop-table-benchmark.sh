#!/usr/bin/env bash
# Times the RMSProp table's predictions against the group simulation they replace (256 chains x 600 steps) for
# 10^4, 10^5 and 10^6 parameters, in alternating rounds of one JVM (RmsPropTableBenchmark in sim-core's test
# tree), and prints a Markdown table. Extra arguments go to the benchmark, e.g.
#   benchmarks/run-rmsprop-table-benchmark.sh                          # 3 rounds; 10^6 simulated 60 steps, scaled
#   benchmarks/run-rmsprop-table-benchmark.sh --full-up-to 1000000     # the whole 600 steps at 10^6 too (slow)
# The simulation of 10^6 parameters holds 2 GB of states natively and 2 GB of RMSProp state on the heap.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_OPTS="${JAVA_OPTS:--Xmx6g -Dorg.bytedeco.javacpp.maxbytes=12g -Dorg.bytedeco.javacpp.maxphysicalbytes=20g}"
exec benchmarks/sim-core-tool.sh RmsPropTableBenchmark "$@"
