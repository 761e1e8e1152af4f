package io.tracking.query.live;

import java.time.Instant;

/**
 * SSE event ids of {@code location} events: the position's {@code recordedAt} as microseconds since the epoch,
 * the precision of {@code timestamptz}. A ping is identified by (driver, recordedAt), and positions go out in
 * increasing {@code recordedAt}, so an id says exactly where a client stands.
 */
final class EventIds {

    private EventIds() {
    }

    static long of(Instant recordedAt) {
        return Math.addExact(Math.multiplyExact(recordedAt.getEpochSecond(), 1_000_000L),
                recordedAt.getNano() / 1_000);
    }

    static Instant toInstant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
