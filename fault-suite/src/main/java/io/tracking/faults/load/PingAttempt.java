package io.tracking.faults.load;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * One {@code POST /api/v1/locations} of one ping and what became of it.
 *
 * <p>Times are {@link System#nanoTime()} readings of this JVM, comparable with the fault events of the same run:
 * {@code startNanos} just before the request was handed to the HTTP client, {@code endNanos} when its response (or
 * failure) arrived.
 *
 * @param driverId the driver, also the subject of the token that sent it
 * @param recordedAt the ping's {@code recordedAt}, unique per driver: with the driver id, the ping's identity in
 *        {@code location_history}
 * @param latitude what was sent, to compare with what was stored
 * @param longitude what was sent, to compare with what was stored
 * @param startNanos when the request started
 * @param endNanos when its outcome was known
 * @param status the HTTP status, or {@link #NO_RESPONSE} when the request failed without one
 * @param error the failure's exception class when there was no response, else null
 */
public record PingAttempt(String driverId, Instant recordedAt, double latitude, double longitude, long startNanos,
        long endNanos, int status, @Nullable String error) {

    public static final int NO_RESPONSE = 0;

    /** Only 202 means the ingest service handed the ping to Kafka and Kafka acknowledged it. */
    public boolean accepted() {
        return status == 202;
    }

    /** {@code http-<status>} or the exception class, e.g. {@code http-503}, {@code ConnectException}. */
    public String outcome() {
        if (status != NO_RESPONSE) {
            return "http-" + status;
        }
        return error != null ? error : "no-response";
    }
}
