package io.tracking.simulator.delivery;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

import org.jspecify.annotations.Nullable;

import io.tracking.simulator.fleet.Ping;

/**
 * Sends one request's worth of pings (one ping, or one driver's batch) without blocking. The future never
 * completes exceptionally: failures are counted in the {@link SendOutcome}.
 */
public interface PingSender extends AutoCloseable {

    CompletableFuture<SendOutcome> send(List<Ping> pings);

    /**
     * Where a driver's pings are best timed, if this sender has such a place: an executor on which {@link #send}
     * of that driver's pings starts without handing them to another thread. It serves the sender's own work too, so
     * what runs there must not block. Null: the sender has no such place.
     */
    default @Nullable ScheduledExecutorService timerFor(String driverId) {
        return null;
    }

    /** Pushes out anything buffered, so that waiting for the outstanding futures does not wait for a linger. */
    default void flush() {
    }

    @Override
    void close();
}
