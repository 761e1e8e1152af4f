#!/usr/bin/env bash
# Re-derives trip events from PostgreSQL with other parameters and prints how they differ from what the service
# emitted (order_trip_events): = same, ~ moved (event time differs), + added, - missing.
#
#   trip-event-service/replay.sh --order o-123 --dwell 30s --arrive-radius 60
#   trip-event-service/replay.sh --from 2026-12-07T08:00:00Z --to 2026-12-07T12:00:00Z --exit-radius 150
#   trip-event-service/replay.sh --help
#
# Database: $DATABASE_URL, $DATABASE_USERNAME, $DATABASE_PASSWORD (as the services), or --database-url/-user/-password.
# Runs what `mvn -pl trip-event-service -am package -DskipTests` built (target/ and target/lib/).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

jar=""
for candidate in "$here"/target/trip-event-service-*.jar; do
  case "$candidate" in
    *-exec.jar | *-sources.jar | *-javadoc.jar | *-tests.jar) ;;
    *) jar="$candidate" ;;
  esac
done
if [[ -z "$jar" || ! -d "$here/target/lib" ]]; then
  echo "replay: build first: mvn -pl trip-event-service -am package -DskipTests" >&2
  exit 2
fi

exec java -cp "$jar:$here/target/lib/*" io.tracking.trips.replay.ReplayCommand "$@"
