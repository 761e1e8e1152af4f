#!/usr/bin/env bash
# The benchmark command: starts the whole stack on free ports in a temporary directory (Kafka, PostgreSQL and the
# three service jars), measures every figure 3 times and prints one table; results.json, table.md and chart.svg
# go to benchmark/results/<timestamp>/.
#
#   benchmark/run.sh [--quick | --full | --smoke] [--no-build] [--no-wrk] [--runs N] [--only a,b] [--output DIR]
#                    [--seed-consumer DIR]
#
# --quick (default) stays under 3 minutes on two cores, --full (a million pings for the drain figures) under 15,
# --smoke (CI: every scenario once, tiny sizes) under 90 s, not counting the build. --no-build skips
# `mvn -q -B -DskipTests install`. --no-wrk (or BENCHMARK_NO_WRK=1) measures as if wrk were not installed. The exit
# status is 1 when a scenario failed or produced no figure. --help lists every option.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD=true
SMOKE=false
NO_WRK=false
case "${BENCHMARK_NO_WRK:-}" in 1 | true | TRUE | True) NO_WRK=true ;; esac
ARGS=()
for arg in "$@"; do
  case "$arg" in
    --no-build) BUILD=false; continue ;;
    --smoke) SMOKE=true ;;
    --no-wrk) NO_WRK=true ;;
  esac
  ARGS+=("$arg")
done

if [[ "$NO_WRK" == true ]]; then
  echo "note: wrk turned off (--no-wrk or BENCHMARK_NO_WRK=1): the Java generators measure every HTTP figure" >&2
elif ! command -v wrk >/dev/null 2>&1 && [[ ! -x /usr/bin/wrk ]]; then
  echo "note: wrk is not installed (apt-get install -y wrk); the Java generators measure every HTTP figure" \
       "(single pings: the simulator; query figures: an open loop at a fixed rate)" >&2
fi
if ! command -v node >/dev/null 2>&1; then
  echo "note: node is not installed; the seed design's consumer cannot be measured (a missing figure: exit" \
       "status 1)" >&2
fi

if [[ "$BUILD" == true ]]; then
  echo "Building (mvn -q -B -DskipTests install) ..." >&2
  (cd "$ROOT" && mvn -q -B -DskipTests install)
  # until the root POM lists this module, build it on its own
  if ! grep -q '<module>benchmark</module>' "$ROOT/pom.xml"; then
    mvn -q -B -DskipTests -f "$ROOT/benchmark/pom.xml" package
  fi
fi

JAR="$(ls "$ROOT"/benchmark/target/benchmark-*.jar 2>/dev/null | grep -v -e '-sources' -e '-javadoc' | head -n 1 || true)"
if [[ -z "$JAR" || ! -d "$ROOT/benchmark/target/lib" ]]; then
  echo "error: the benchmark is not built; run benchmark/run.sh without --no-build" >&2
  exit 1
fi

# the JDK of JAVA_HOME when set (the stack's JVMs run on the same one), else the java on the PATH
JAVA="java"
if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then
  JAVA="$JAVA_HOME/bin/java"
fi

JVM_OPTIONS=(-Xms256m -Xmx1g)
if [[ "$SMOKE" == true ]]; then
  # C1 only, as the services' JVMs in the smoke mode: less CPU compiling on two cores; its figures only prove a run
  JVM_OPTIONS+=(-XX:TieredStopAtLevel=1)
fi

# the capacity scenario holds one WebSocket per simulated driver: a descriptor in the benchmark JVM and one in the
# ingest service, which inherits this limit; 100,000 drivers need about 102,000, so raise the soft limit of open
# files to 262,144 where allowed, else as far as the hard limit goes (the scenario leaves out the steps beyond it)
WANTED_FILES=262144
ulimit -n "$WANTED_FILES" 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
FILES="$(ulimit -n)"
if [[ "$FILES" != unlimited && "$FILES" -lt "$WANTED_FILES" ]] \
    && [[ " ${ARGS[*]-} " != *" --only "* || " ${ARGS[*]-} " == *capacity* ]]; then
  echo "note: open files limited to $FILES (ulimit -Hn): the capacity scenario's WebSocket ramp stops below" \
       "that many drivers" >&2
fi

cd "$ROOT"
exec "$JAVA" "${JVM_OPTIONS[@]}" -Dlocalstack.repository-root="$ROOT" \
  -cp "$JAR:$ROOT/benchmark/target/lib/*" io.tracking.benchmark.BenchmarkMain ${ARGS[@]+"${ARGS[@]}"}
