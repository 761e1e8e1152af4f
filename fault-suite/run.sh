#!/usr/bin/env bash
# The fault-scenario suite: one local stack (Kafka, PostgreSQL, the three service jars) on free ports, simulated
# drivers pinging the ingest API (over HTTP; writer-kill-ws and service-restarts-ws over its Netty WebSocket stream),
# and per scenario one fault: writer SIGKILLs, a PostgreSQL outage, a Kafka outage, service restarts, two writers with one killed,
# poison records from an outside producer. Prints the table, writes JSON to fault-suite/results/, exits non-zero
# when a ping was lost or duplicated or a scenario's own check failed.
#
#   fault-suite/run.sh                              build (tests skipped), then run every scenario
#   fault-suite/run.sh --no-build kafka-outage      run one scenario on what was built last time
#   fault-suite/run.sh --no-build --help            options (load, directories)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"

build=1
args=()
for arg in "$@"; do
  if [[ "$arg" == "--no-build" ]]; then
    build=0
  else
    args+=("$arg")
  fi
done

if (( build )); then
  echo "Building (mvn -q -B -DskipTests install) ..." >&2
  (cd "$root" && mvn -q -B -DskipTests install)
  # until the root pom lists this module, build it on its own (it needs the modules installed above)
  if ! grep -q '<module>fault-suite</module>' "$root/pom.xml"; then
    mvn -q -B -DskipTests -f "$here/pom.xml" install
  fi
fi

suite_jar=""
for jar in "$here"/target/fault-suite-*.jar; do
  case "$jar" in
    *-sources.jar | *-javadoc.jar | *-tests.jar) ;;
    *) suite_jar="$jar" ;;
  esac
done
if [[ -z "$suite_jar" || ! -f "$suite_jar" || ! -d "$here/target/lib" ]]; then
  echo "fault-suite/target holds no jar or no lib/: run without --no-build" >&2
  exit 1
fi

# exec: Ctrl-C reaches the JVM, whose shutdown hook stops the services, Kafka and PostgreSQL in order
exec java -Xmx512m -XX:+UseSerialGC \
  -cp "$suite_jar:$here/target/lib/*" \
  io.tracking.faults.FaultSuiteMain --repo-root "$root" ${args[@]+"${args[@]}"}
