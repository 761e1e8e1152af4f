package io.tracking.faults.check;

import java.time.Instant;

import io.tracking.faults.load.PingAttempt;
import io.tracking.faults.load.Transport;

/** Attempts for tests: times in whole seconds of a fictitious nanoTime clock. */
final class Attempts {

    static final Instant T0 = Instant.parse("2026-01-01T10:00:00.000Z");

    private Attempts() {
    }

    static PingAttempt accepted(String driverId, int second, double latitude, double longitude) {
        return new PingAttempt(driverId, T0.plusSeconds(second), latitude, longitude, 0, 1, Transport.HTTP, 202,
                null);
    }

    static PingAttempt answered(String driverId, int second, int status) {
        return new PingAttempt(driverId, T0.plusSeconds(second), 12.9, 77.5, 0, 1, Transport.HTTP, status, null);
    }

    static PingAttempt failed(String driverId, int second, String error) {
        return new PingAttempt(driverId, T0.plusSeconds(second), 12.9, 77.5, 0, 1, Transport.HTTP,
                PingAttempt.NO_RESPONSE, error);
    }

    static StoredPing stored(String driverId, int second, double latitude, double longitude) {
        return new StoredPing(driverId, T0.plusSeconds(second), latitude, longitude);
    }

    /** A request between {@code fromSecond} and {@code toSecond} of the nanoTime clock. */
    static PingAttempt timed(double fromSecond, double toSecond, int status) {
        return new PingAttempt("d-1", T0, 1.0, 2.0, nanos(fromSecond), nanos(toSecond), Transport.HTTP,
                status, status == PingAttempt.NO_RESPONSE ? "HttpTimeoutException" : null);
    }

    static long nanos(double seconds) {
        return (long) (seconds * 1e9);
    }
}
