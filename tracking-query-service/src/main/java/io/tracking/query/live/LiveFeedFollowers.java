package io.tracking.query.live;

import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Every {@link LiveFeedProgress} of the live reader behind one, each call guarded. A follower that throws has
 * missed something it was told, so what it knows can no longer be trusted: the call is counted and logged (by
 * class only), every follower is reset, and the reader reports its positions again as after a start
 * ({@link #mustStart()}). A follower's failure never reaches the reader's loop nor the other followers.
 *
 * <p>Used on the reader's thread only.
 */
final class LiveFeedFollowers implements LiveFeedProgress {

    private static final Logger log = LoggerFactory.getLogger(LiveFeedFollowers.class);
    private static final long WARN_EVERY_NANOS = 10_000_000_000L;

    private final List<LiveFeedProgress> followers;
    private final Counter failures;
    private boolean startOver;
    private long startOvers;
    private long nextWarnNanos = System.nanoTime();
    private long unlogged;

    LiveFeedFollowers(List<LiveFeedProgress> followers, MeterRegistry meters) {
        this.followers = List.copyOf(followers);
        this.failures = Counter.builder("tracking.query.live.follower.failures")
                .description("Calls to a follower of the live reader's progress that threw; all followers restarted")
                .register(meters);
    }

    boolean isEmpty() {
        return followers.isEmpty();
    }

    /** Whether the followers must be told where reading starts (again) before the next poll. */
    boolean mustStart() {
        return startOver;
    }

    /** How many times the followers were started over so far: the token of {@link #startReported}. */
    long startOvers() {
        return startOvers;
    }

    /**
     * The followers were told where reading starts ({@link #started} for every partition), after {@link #startOvers()}
     * answered {@code seen}; a start-over in between (a follower threw) keeps {@link #mustStart()} set.
     */
    void startReported(long seen) {
        if (startOvers == seen) {
            startOver = false;
        }
    }

    /** What the followers were told no longer holds: reset them; they learn the new start before the next poll. */
    void startOver() {
        reset();
        startOvers++;
        startOver = true;
    }

    @Override
    public void started(int partition, long position) {
        for (LiveFeedProgress follower : followers) {
            try {
                follower.started(partition, position);
            } catch (RuntimeException e) {
                failed(follower, e);
            }
        }
    }

    @Override
    public void read(String driverId, int partition, long offset) {
        for (LiveFeedProgress follower : followers) {
            try {
                follower.read(driverId, partition, offset);
            } catch (RuntimeException e) {
                failed(follower, e);
            }
        }
    }

    @Override
    public void skipped(int partition, long offset) {
        for (LiveFeedProgress follower : followers) {
            try {
                follower.skipped(partition, offset);
            } catch (RuntimeException e) {
                failed(follower, e);
            }
        }
    }

    @Override
    public void reached(Map<Integer, Long> positions) {
        for (LiveFeedProgress follower : followers) {
            try {
                follower.reached(positions);
            } catch (RuntimeException e) {
                failed(follower, e);
            }
        }
    }

    @Override
    public void reset() {
        for (LiveFeedProgress follower : followers) {
            try {
                follower.reset();
            } catch (RuntimeException e) {
                // nothing more to do for it than resetting it again at the next start
                failures.increment();
                log.warn("Live reader: follower {} failed to reset: {}", follower.getClass().getSimpleName(),
                        e.getClass().getName());
            }
        }
    }

    private void failed(LiveFeedProgress follower, RuntimeException e) {
        failures.increment();
        long now = System.nanoTime();
        if (now - nextWarnNanos >= 0) {
            // the exception's class only: a message might quote what the follower was given
            log.warn("Live reader: follower {} threw {}; restarting every follower ({} more failures unlogged)",
                    follower.getClass().getSimpleName(), e.getClass().getName(), unlogged);
            nextWarnNanos = now + WARN_EVERY_NANOS;
            unlogged = 0;
        } else {
            unlogged++;
        }
        startOver();
    }
}
