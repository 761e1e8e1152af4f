package io.tracking.benchmark.scenario;

import java.util.Map;

/** Capacity steps for tests: one that holds every limit, and copies that break one. */
final class CapacitySteps {

    private CapacitySteps() {
    }

    /** A step of {@code drivers} at the fleet's full rate, well within every limit. */
    static CapacityStep held(CapacityTransport transport, int drivers) {
        return new CapacityStep(transport, drivers, drivers / 4.0, 20, 0, 0, 300, 0, 10, drivers / 100, drivers / 100,
                drivers / 50, Map.of(CapacityComponent.INGEST, 0.4, CapacityComponent.POSTGRES, 0.3),
                Map.of(CapacityComponent.INGEST, 400.0), 0.8);
    }

    static CapacityStep withAckP99(CapacityStep step, double ackP99Ms) {
        return new CapacityStep(step.transport(), step.drivers(), step.pingsPerSecond(), ackP99Ms,
                step.failedPings(), step.lostPings(), step.freshnessP99Ms(), step.failedProbes(), step.queryP99Ms(),
                step.queries(), step.streams(), step.events(), step.cores(), step.rssMiB(), step.machineCores());
    }
}
