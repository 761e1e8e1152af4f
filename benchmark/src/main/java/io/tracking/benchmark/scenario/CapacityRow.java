package io.tracking.benchmark.scenario;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One row of the capacity ramp: the steps measured for one transport, judged against the limits.
 *
 * @param transport how the drivers sent their pings
 * @param steps the steps measured, kept in order of fleet size (the ramp's refinement measures sizes between two it
 *        measured before); the ramp stops growing at the first that broke a limit (the smoke mode runs them all)
 * @param limits what a step must stay within to count as held
 */
record CapacityRow(CapacityTransport transport, List<CapacityStep> steps, CapacityLimits limits) {

    CapacityRow {
        steps = steps.stream().sorted(Comparator.comparingInt(CapacityStep::drivers)).toList();
    }

    /** The smallest fleet that broke a limit: the bound on what the machine carries. */
    Optional<CapacityStep> firstBroken() {
        return steps.stream().filter(step -> !limits.broken(step).isEmpty()).findFirst();
    }

    /** The largest fleet carried: the largest step below the smallest broken one. */
    Optional<CapacityStep> held() {
        int end = firstBroken().map(steps::indexOf).orElse(steps.size());
        return end == 0 ? Optional.empty() : Optional.of(steps.get(end - 1));
    }
}
