#!/usr/bin/env bash
# Runs a command-line tool of sim-core's test tree (package org.sgdobservatory.sim.tools) on sim-core's test
# classpath (ND4J's CPU backend), so it needs no other module: sim-core-tool.sh <SimpleClassName> [args...].
# Used by run-rmsprop-table.sh, run-rmsprop-table-benchmark.sh and run-rmsprop-reshuffling-study.sh.
# SKIP_BUILD=1 reuses the compiled classes; MVN_FLAGS (e.g. -o) is passed to Maven; JAVA_OPTS adds JVM options.
# WITH_PROVENANCE=1 passes the tool --provenance "sim-core VERSION, commit HASH" (marked when sim-core's sources
# have uncommitted changes) ahead of the other arguments.
set -euo pipefail
cd "$(dirname "$0")/.."
tool=$1
shift
if [[ "${WITH_PROVENANCE:-0}" == 1 ]]; then
  version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -1)
  commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
  if [[ -n "$(git status --porcelain -- sim-core/src/main/java sim-core/src/test/java 2>/dev/null)" ]]; then
    commit="$commit+uncommitted-changes"
  fi
  set -- --provenance "sim-core $version, commit $commit" "$@"
fi
cp_file=sim-core/target/rmsprop-tools.classpath
if [[ "${SKIP_BUILD:-0}" != 1 || ! -f "$cp_file" ]]; then
  # shellcheck disable=SC2086
  mvn -q -B ${MVN_FLAGS:-} -pl sim-core -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile="$PWD/$cp_file" -Dmdep.includeScope=test >&2
fi
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"
# shellcheck disable=SC2086
exec java ${JAVA_OPTS:--Xmx4g} -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "sim-core/target/test-classes:sim-core/target/classes:$(cat "$cp_file")" \
  "org.sgdobservatory.sim.tools.$tool" "$@"
