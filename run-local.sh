#!/usr/bin/env bash
# Runs the whole system on this machine with nothing but a JDK (17+) and Maven: a KRaft Kafka broker, PostgreSQL
# and the four services, with their data in .local-stack/. Ctrl-C stops every process it started.
#
#   ./run-local.sh                 build (tests skipped), then start everything on the default ports
#   ./run-local.sh --help          options (other ports, another data directory)
#   SKIP_BUILD=1 ./run-local.sh    start what was built last time
#   JAVA_OPTS=-Dlocalstack.kafka-port=19092 ./run-local.sh    options for the launcher JVM
#   ./run-local.sh --monitoring    also start Prometheus (if `prometheus` is on the PATH) with monitoring/alerts.yml,
#                                  on http://127.0.0.1:9090 (--prometheus-port N), its data deleted on Ctrl-C
#
# Each service's metrics are at <actuator>/prometheus (printed once the stack is up); see monitoring/README.md.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
root="$(pwd)"

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
  echo "Building (mvn -q -B -DskipTests install) ..."
  mvn -q -B -DskipTests install
fi

stack_jar=""
for jar in local-stack/target/local-stack-*.jar; do
  [[ -f "$jar" ]] || continue
  case "$jar" in
    *-sources.jar | *-javadoc.jar | *-tests.jar) ;;
    *) stack_jar="$jar" ;;
  esac
done
if [[ -z "$stack_jar" || ! -d local-stack/target/lib ]]; then
  echo "local-stack/target holds no jar or no lib/: run without SKIP_BUILD=1" >&2
  exit 1
fi

# exec: the JVM receives Ctrl-C itself, and its shutdown hook stops the services, Kafka and PostgreSQL in order
# shellcheck disable=SC2086 # JAVA_OPTS holds several options
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" -Xmx256m -XX:+UseSerialGC ${JAVA_OPTS:-} \
  -Dlogback.configurationFile=io/tracking/localstack/local-stack-logback.xml \
  -cp "$stack_jar:local-stack/target/lib/*" \
  io.tracking.localstack.LocalStackMain up --repo-root "$root" "$@"
