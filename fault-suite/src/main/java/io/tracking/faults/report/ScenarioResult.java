package io.tracking.faults.report;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import io.tracking.faults.check.LoadBucket;
import io.tracking.faults.check.OutageReport;
import io.tracking.faults.check.QueryReadBack;
import io.tracking.faults.check.Reconciliation;
import io.tracking.faults.load.Connections;

/**
 * The outcome of one scenario: one row of the table, one element of the JSON file.
 *
 * @param name the scenario's name, as given on the command line
 * @param description what the scenario does
 * @param transport how its load reached the ingest service: {@code http} or {@code ws}
 * @param passed nothing lost, nothing duplicated, and every check of the scenario itself held
 * @param durationSeconds from the start of its load to the end of its checks
 * @param driverPrefix the ids of its drivers start with this
 * @param drivers how many drivers it simulated
 * @param sent pings sent (requests made, or frames sent once each: resends after a reconnect not counted)
 * @param accepted pings answered 202
 * @param stored history rows of its drivers
 * @param lost accepted pings not stored
 * @param duplicated pings stored more than once (see {@link Reconciliation#duplicated()})
 * @param connections what the WebSocket load did with its connections (reconnects, pings resent); null over HTTP,
 *        or when the sender did not report them
 * @param outcomes every ping by outcome ({@code http-202}, {@code http-503}, {@code ws-202}, {@code ws-close-1001},
 *        {@code ConnectException}, ...)
 * @param reconciliation the full reconciliation, null when the scenario failed before it
 * @param outage how the ingest service answered during a Kafka outage, for the scenario that stops Kafka
 * @param queryReadBack the query service's answers for the scenario's drivers
 * @param events the fault timeline, seconds since the scenario's load started
 * @param timeline the load in 5-second slices
 * @param notes what is worth knowing at a glance (restart times, error counts)
 * @param failures why the scenario did not pass; empty when it passed
 */
public record ScenarioResult(String name, String description, String transport, boolean passed,
        double durationSeconds, String driverPrefix, int drivers, long sent, long accepted, long stored, long lost,
        long duplicated, @Nullable Connections connections, Map<String, Long> outcomes,
        @Nullable Reconciliation reconciliation, @Nullable OutageReport outage,
        QueryReadBack.@Nullable Result queryReadBack, List<Event> events, List<LoadBucket> timeline, List<String> notes,
        List<String> failures) {

    /** Something that happened during a scenario, {@code atSeconds} after its load started. */
    public record Event(double atSeconds, String what) {
    }
}
