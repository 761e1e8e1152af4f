package io.tracking.query.live;

import java.time.Duration;
import java.time.Instant;

/**
 * Durations fit to record in a latency timer, whatever two clocks say. {@code Timer.record(Duration)} converts to
 * nanoseconds and throws past about 292 years, and a negative value (the ingest clock ahead of this one) is no
 * latency at all: an instant from a record, or a clock set wrong, must neither end the reader nor skew a histogram
 * by centuries.
 */
final class Elapsed {

    /** The longest latency recorded; anything longer is recorded as this (one hour: far past any alert). */
    static final Duration MAX = Duration.ofHours(1);

    private Elapsed() {
    }

    /** {@code to - from}, clamped to [0, {@link #MAX}]. Never throws. */
    static Duration between(Instant from, Instant to) {
        // Duration.between cannot overflow for any two Instants (its seconds fit a long); only toNanos could
        Duration elapsed = Duration.between(from, to);
        if (elapsed.isNegative()) {
            return Duration.ZERO;
        }
        return elapsed.compareTo(MAX) > 0 ? MAX : elapsed;
    }
}
