package io.tracking.faults.load;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

import org.jspecify.annotations.Nullable;

import io.tracking.simulator.fleet.Ping;

/**
 * Sends one ping to the ingest service and says what it was answered: the part of the {@link LoadDriver} that
 * differs between transports. The pacing of the drivers and the accounting of the attempts are the load driver's,
 * the same for every transport, so that the figures of an HTTP and a WebSocket run of a scenario compare.
 */
public interface PingChannel extends AutoCloseable {

    Transport transport();

    /**
     * Sends {@code ping} once, as far as the caller sees: a transport that resends after a reconnect still answers
     * once. The future never completes exceptionally and always completes, at the latest after the request timeout.
     */
    CompletableFuture<Answer> send(Ping ping);

    /**
     * Readies what {@code driverId} needs before the load starts (a token, say), so that this CPU does not compete
     * with the first seconds of load.
     */
    default void prepare(String driverId) {
    }

    /** The connection figures of a transport that holds connections, once it is closed; empty for HTTP. */
    default Optional<Connections> connections() {
        return Optional.empty();
    }

    /** Ends the connections this channel holds; called once, when no ping is in flight any more. */
    @Override
    void close();

    /**
     * What the service answered to one ping.
     *
     * @param status the status it answered (HTTP response status, or the {@code status} of the WebSocket answer
     *        frame, which is the one the REST endpoint would give), or {@link PingAttempt#NO_RESPONSE}
     * @param error what went wrong when there was no answer (an exception class, or how the connection closed)
     */
    record Answer(int status, @Nullable String error) {

        public static Answer status(int status) {
            return new Answer(status, null);
        }

        public static Answer failed(String error) {
            return new Answer(PingAttempt.NO_RESPONSE, error);
        }

        /** Named by its innermost meaningful exception class, e.g. {@code ConnectException}. */
        public static Answer failed(Throwable failure) {
            Throwable cause = failure;
            while ((cause instanceof CompletionException || cause instanceof ExecutionException)
                    && cause.getCause() != null) {
                cause = cause.getCause();
            }
            return failed(cause.getClass().getSimpleName());
        }
    }
}
