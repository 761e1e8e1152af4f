package io.tracking.benchmark.scenario;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What one step of the capacity ramp measured.
 *
 * @param transport how the drivers sent their pings
 * @param drivers the fleet
 * @param pingsPerSecond pings acknowledged per second (the simulator's accepted count over its run)
 * @param ackP99Ms the simulator's ping latency, p99 (ws: from the due time to the answer frame; HTTP: the request)
 * @param failedPings pings not acknowledged (refused, failed, timed out)
 * @param lostPings acknowledged pings missing from {@code location_history} once the writer caught up
 * @param freshnessP99Ms from a probe ping's 202 to the query service returning it, p99; NaN without probes
 * @param failedProbes probes not accepted or not queryable in time
 * @param queryP99Ms the customers' latest-position reads, p99 from their due time; NaN without reads
 * @param queries reads answered
 * @param streams order tracking streams held open
 * @param events {@code location} events the streams delivered
 * @param cores CPU used per component during the hold, in cores (CPU seconds per second)
 * @param rssMiB peak resident memory per component so far
 * @param machineCores cores the whole machine was busy during the hold, other work on a shared machine included; NaN
 *        when not readable
 */
record CapacityStep(CapacityTransport transport, int drivers, double pingsPerSecond, double ackP99Ms,
        long failedPings, long lostPings, double freshnessP99Ms, int failedProbes, double queryP99Ms, long queries,
        int streams, long events, Map<CapacityComponent, Double> cores, Map<CapacityComponent, Double> rssMiB,
        double machineCores) {

    CapacityStep {
        cores = copy(cores);
        rssMiB = copy(rssMiB);
    }

    /** The cores the whole stack and the load generator used together. */
    double totalCores() {
        return cores.values().stream().mapToDouble(Double::doubleValue).filter(Double::isFinite).sum();
    }

    /** Cores other work on the machine took during the hold: what the machine used less {@link #totalCores()}. */
    double otherCores() {
        return Math.max(0, machineCores - totalCores());
    }

    /** An unmodifiable copy in the components' order. */
    private static Map<CapacityComponent, Double> copy(Map<CapacityComponent, Double> values) {
        Map<CapacityComponent, Double> copy = new EnumMap<>(CapacityComponent.class);
        copy.putAll(values);
        return Collections.unmodifiableMap(copy);
    }
}
