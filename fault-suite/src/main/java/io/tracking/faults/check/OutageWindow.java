package io.tracking.faults.check;

import io.tracking.faults.load.PingAttempt;

/**
 * The time a dependency was certainly gone, as {@link System#nanoTime()} readings: from the moment it was confirmed
 * dead to the moment its restart began.
 *
 * <p>Only a request that started and ended inside the window saw nothing but the outage. One that started before
 * (and may have been acknowledged by the broker just before it went) or ended after (and may have reached the
 * restarted broker) straddles an edge, and any answer is legitimate for it.
 */
public record OutageWindow(long fromNanos, long toNanos) {

    public OutageWindow {
        if (toNanos < fromNanos) {
            throw new IllegalArgumentException("An outage window ends after it starts");
        }
    }

    /** Started at or after the start of the window and ended at or before its end. */
    public boolean contains(PingAttempt attempt) {
        return attempt.startNanos() >= fromNanos && attempt.endNanos() <= toNanos;
    }

    /** Overlaps the window without lying inside it. */
    public boolean straddles(PingAttempt attempt) {
        return !contains(attempt) && attempt.startNanos() <= toNanos && attempt.endNanos() >= fromNanos;
    }

    public double seconds() {
        return (toNanos - fromNanos) / 1e9;
    }
}
