package io.tracking.faults.load;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One ping sent to the ingest service and what became of it: one {@code POST /api/v1/locations}, or one frame on the
 * driver's WebSocket connection (sent again after a reconnect if the dropped connection left it unanswered).
 *
 * <p>Times are {@link System#nanoTime()} readings of this JVM, comparable with the fault events of the same run:
 * {@code startNanos} just before the ping was handed to the transport, {@code endNanos} when its answer (or
 * failure) arrived.
 *
 * @param driverId the driver, also the subject of the token that sent it
 * @param recordedAt the ping's {@code recordedAt}, unique per driver: with the driver id, the ping's identity in
 *        {@code location_history}
 * @param latitude what was sent, to compare with what was stored
 * @param longitude what was sent, to compare with what was stored
 * @param startNanos when it was handed to the transport
 * @param endNanos when its outcome was known
 * @param transport how it was sent
 * @param status the status it was answered (the HTTP status, or the status in the WebSocket answer frame, which is
 *        the one the REST endpoint would give), or {@link #NO_RESPONSE} when no answer came
 * @param error what went wrong when no answer came (the exception class, or how the connection closed), else null
 */
public record PingAttempt(String driverId, Instant recordedAt, double latitude, double longitude, long startNanos,
        long endNanos, Transport transport, int status, @Nullable String error) {

    public static final int NO_RESPONSE = 0;

    /** Only 202 means the ingest service handed the ping to Kafka and Kafka acknowledged it. */
    public boolean accepted() {
        return status == 202;
    }

    /**
     * {@code <transport>-<status>}, or what went wrong: e.g. {@code http-503}, {@code ws-202},
     * {@code ConnectException}, {@code ws-close-1001}.
     */
    public String outcome() {
        if (status != NO_RESPONSE) {
            return transport.label() + "-" + status;
        }
        return error != null ? error : "no-response";
    }
}
