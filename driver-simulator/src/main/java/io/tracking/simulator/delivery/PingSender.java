package io.tracking.simulator.delivery;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.tracking.simulator.fleet.Ping;

/**
 * Sends one request's worth of pings (one ping, or one driver's batch) without blocking. The future never
 * completes exceptionally: failures are counted in the {@link SendOutcome}.
 */
public interface PingSender extends AutoCloseable {

    CompletableFuture<SendOutcome> send(List<Ping> pings);

    /** Pushes out anything buffered, so that waiting for the outstanding futures does not wait for a linger. */
    default void flush() {
    }

    @Override
    void close();
}
