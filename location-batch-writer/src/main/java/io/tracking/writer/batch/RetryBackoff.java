package io.tracking.writer.batch;

import java.time.Duration;

/** Exponential back-off with a ceiling; not thread-safe. */
final class RetryBackoff {

    private final long initialNanos;
    private final long maxNanos;
    private final double multiplier;
    private long nextNanos;

    RetryBackoff(Duration initial, Duration max, double multiplier) {
        this.initialNanos = initial.toNanos();
        this.maxNanos = Math.max(initialNanos, max.toNanos());
        this.multiplier = multiplier;
        this.nextNanos = initialNanos;
    }

    /** The delay before the next attempt; each call makes the following one longer, up to the ceiling. */
    long nextDelayNanos() {
        long delay = nextNanos;
        nextNanos = (long) Math.min(maxNanos, nextNanos * multiplier);
        return delay;
    }

    void reset() {
        nextNanos = initialNanos;
    }
}
