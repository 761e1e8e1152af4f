package io.tracking.faults.scenario;

import java.util.List;

import io.tracking.faults.load.PingAttempt;
import io.tracking.faults.load.Transport;

/**
 * One fault, injected while the load runs. The {@link ScenarioRunner} starts the load, calls {@link #inject} once the
 * drivers are being accepted, keeps the load up for a while after it returns, waits for PostgreSQL to hold what was
 * accepted and reconciles; the scenario adds its own checks and puts the stack back as it found it.
 */
public interface Scenario {

    /** The name on the command line and in the table. */
    String name();

    /** One line on what the scenario does. */
    String description();

    /** How its load reaches the ingest service. */
    default Transport transport() {
        return Transport.HTTP;
    }

    /** Before the load starts (e.g. a second writer). */
    default void prepare(ScenarioContext context) throws Exception {
    }

    /** The fault, during the load; returns when the fault is over (the part it affected may still be recovering). */
    void inject(ScenarioContext context) throws Exception;

    /** Checks of its own, once the load is over and the store settled; reports through the context. */
    default void check(ScenarioContext context, List<PingAttempt> attempts) {
    }

    /** Leaves the stack as the scenario found it; runs even when the scenario failed. */
    default void restore(ScenarioContext context) throws Exception {
    }
}
