package io.tracking.benchmark.scenario;

/**
 * A scenario that cannot run on this machine for want of something outside the project (the seed design's
 * consumer or Node.js): the run notes why and goes on, and it does not count as a failure, since nothing of the
 * system was measured wrong.
 */
public final class ScenarioUnavailable extends Exception {

    private static final long serialVersionUID = 1L;

    public ScenarioUnavailable(String reason) {
        super(reason, null, false, false);
    }
}
