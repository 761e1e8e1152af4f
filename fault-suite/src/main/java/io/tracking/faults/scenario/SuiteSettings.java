package io.tracking.faults.scenario;

import java.time.Duration;

/**
 * The load every scenario runs under.
 *
 * @param drivers simulated drivers per scenario, each with its own id and token
 * @param interval between two pings of one driver
 * @param minLoad shortest load of a scenario
 * @param tail load kept up after a scenario's fault is over, so that the system is seen working again
 * @param settleTimeout how long PostgreSQL may take, after the load, to hold every accepted ping
 * @param partitions partitions of the location topic (the stack's, and the second writer's setting)
 * @param warmUp load on the fresh stack before the first scenario, not judged
 * @param startupTimeout how long a service may take to become ready (a shared machine can be very slow)
 */
public record SuiteSettings(int drivers, Duration interval, Duration minLoad, Duration tail, Duration settleTimeout,
        int partitions, Duration warmUp, Duration startupTimeout) {
}
