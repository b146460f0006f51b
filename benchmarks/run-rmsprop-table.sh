#!/usr/bin/env bash
# Regenerates sim-core's RMSProp stationary-variance table
# (sim-core/src/main/resources/org/sgdobservatory/sim/theory/rmsprop-stationary-table.txt) with sim-core's own
# simulator, then validates its interpolation against fresh simulations and writes the measured error bound into
# the table's metadata. The generator (org.sgdobservatory.sim.tools.RmsPropTableGenerator) lives in sim-core's
# test tree and runs on sim-core's test classpath (ND4J's CPU backend), so it needs no other module.
# Run from anywhere; extra arguments go to the generator, e.g.
#   benchmarks/run-rmsprop-table.sh                             # the shipped table: seed 20250601
#   benchmarks/run-rmsprop-table.sh --quick --out /tmp/t.txt    # a coarse smoke run (a few minutes)
#   benchmarks/run-rmsprop-table.sh --reuse-nodes FILE          # keep FILE's nodes, redo omission + validation
# Progress goes to stderr. SKIP_BUILD=1 reuses the compiled classes; MVN_FLAGS (e.g. -o) is passed to Maven.
# Rebuild sim-core afterwards so that its jar carries the new table.
set -euo pipefail
cd "$(dirname "$0")/.."
cp_file=sim-core/target/rmsprop-tools.classpath
if [[ "${SKIP_BUILD:-0}" != 1 || ! -f "$cp_file" ]]; then
  # shellcheck disable=SC2086
  mvn -q -B ${MVN_FLAGS:-} -pl sim-core -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile="$PWD/$cp_file" -Dmdep.includeScope=test >&2
fi
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
if [[ -n "$(git status --porcelain -- sim-core/src/main/java sim-core/src/test/java 2>/dev/null)" ]]; then
  commit="$commit+uncommitted-changes"
fi
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
exec java -Xmx4g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "sim-core/target/test-classes:sim-core/target/classes:$(cat "$cp_file")" \
  org.sgdobservatory.sim.tools.RmsPropTableGenerator --provenance "sim-core $version, commit $commit" "$@"
