package io.tracking.benchmark.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a step must stay within for its fleet to count as carried (issue 19's targets): every ping acknowledged within
 * {@code ackP99Ms} at the 99th percentile and none failed, queryable within {@code freshnessP99Ms}, customers'
 * position reads answered within {@code queryP99Ms}, and no acknowledged ping missing from PostgreSQL. The pings must
 * also have gone out on time: with HTTP the simulator takes a fix late when all its requests are in flight, and its
 * latency runs from the send, so a service slower than the fleet shows in the rate falling behind the fleet's
 * ({@code minRateShare}) rather than in the ack p99.
 *
 * @param ackP99Ms the simulator's ping latency, p99
 * @param minRateShare the share of the fleet's rate (one ping per driver per interval) the pings must reach
 * @param freshnessP99Ms from a probe ping's 202 to the query service returning it, p99
 * @param queryP99Ms the customers' latest-position reads, p99
 */
record CapacityLimits(double ackP99Ms, double minRateShare, double freshnessP99Ms, double queryP99Ms) {

    static final CapacityLimits TARGETS = new CapacityLimits(100, 0.9, 2_000, 50);

    /** The limits {@code step} broke, each with the measured value; empty when it held. */
    List<String> broken(CapacityStep step) {
        List<String> broken = new ArrayList<>();
        if (step.ackP99Ms() > ackP99Ms) {
            broken.add(exceeded("ack p99", step.ackP99Ms(), ackP99Ms));
        }
        double fleetRate = step.drivers() / (double) CapacityRamp.PING_INTERVAL.toSeconds();
        if (step.pingsPerSecond() < minRateShare * fleetRate) {
            broken.add(String.format(Locale.ROOT, "%,.0f pings/s < %.0f %% of the fleet's %,.0f",
                    step.pingsPerSecond(), minRateShare * 100, fleetRate));
        }
        if (step.failedPings() > 0) {
            broken.add(String.format(Locale.ROOT, "%,d pings failed (not acknowledged)", step.failedPings()));
        }
        if (step.lostPings() > 0) {
            broken.add(String.format(Locale.ROOT, "%,d acknowledged pings never stored", step.lostPings()));
        }
        if (step.failedProbes() > 0) {
            broken.add(String.format(Locale.ROOT, "%d freshness probes not queryable in time", step.failedProbes()));
        } else if (!(step.freshnessP99Ms() <= freshnessP99Ms)) {
            broken.add(exceeded("freshness p99", step.freshnessP99Ms(), freshnessP99Ms));
        }
        if (!(step.queryP99Ms() <= queryP99Ms)) {
            broken.add(exceeded("query p99", step.queryP99Ms(), queryP99Ms));
        }
        return broken;
    }

    /** Why a latency broke its limit: above it, not measured (NaN) or with requests left unanswered (infinite). */
    private static String exceeded(String name, double value, double limit) {
        if (Double.isNaN(value)) {
            return name + " not measured";
        }
        return Double.isInfinite(value) ? name + ": requests unanswered"
                : String.format(Locale.ROOT, "%s %.0f ms > %.0f ms", name, value, limit);
    }
}
