package io.tracking.faults.report;

import java.time.Instant;
import java.util.List;

/**
 * One run of the suite, as written to {@code fault-suite/results/}.
 *
 * @param startedAt wall-clock start of the run
 * @param durationSeconds the whole run, stack start and stop included
 * @param stackStartSeconds how long the local stack took to start
 * @param passed every scenario passed
 * @param settings the load
 * @param scenarios in the order they ran
 */
public record SuiteResult(Instant startedAt, double durationSeconds, double stackStartSeconds, boolean passed,
        Settings settings, List<ScenarioResult> scenarios) {

    /**
     * @param drivers simulated drivers per scenario
     * @param intervalSeconds seconds between two pings of one driver
     * @param minLoadSeconds shortest load of a scenario
     * @param tailSeconds load kept up after a scenario's fault is over
     */
    public record Settings(int drivers, double intervalSeconds, double minLoadSeconds, double tailSeconds) {
    }
}
