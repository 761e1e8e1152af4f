package io.tracking.benchmark.scenario;

import java.util.List;
import java.util.Optional;

/**
 * One row of the capacity ramp: the steps measured for one transport, judged against the limits.
 *
 * @param transport how the drivers sent their pings
 * @param steps the steps measured, in ramp order; the ramp stops after the first that broke a limit (the smoke mode
 *        runs them all)
 * @param limits what a step must stay within to count as held
 */
record CapacityRow(CapacityTransport transport, List<CapacityStep> steps, CapacityLimits limits) {

    CapacityRow {
        steps = List.copyOf(steps);
    }

    /** The first step that broke a limit. */
    Optional<CapacityStep> firstBroken() {
        return steps.stream().filter(step -> !limits.broken(step).isEmpty()).findFirst();
    }

    /** The largest fleet carried: the last step before the first broken one. */
    Optional<CapacityStep> held() {
        int end = firstBroken().map(steps::indexOf).orElse(steps.size());
        return end == 0 ? Optional.empty() : Optional.of(steps.get(end - 1));
    }
}
