package io.tracking.trips.replay;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tracking.contract.trip.TripEvent;
import io.tracking.trips.replay.ReplayRepository.EmittedEvent;
import org.jspecify.annotations.Nullable;

/**
 * How one event compares between what was emitted and what the replay derived, matched by event id (deterministic:
 * order, type and n): the same, moved (another event time), added (only the replay derives it) or missing (only
 * emitted).
 */
record EventDiff(String eventId, Kind kind, @Nullable Instant emittedAt, @Nullable Instant replayedAt) {

    enum Kind {
        SAME("="), MOVED("~"), ADDED("+"), MISSING("-");

        final String symbol;

        Kind(String symbol) {
            this.symbol = symbol;
        }
    }

    /** The differences, in event-time order. */
    static List<EventDiff> compare(List<EmittedEvent> emitted, List<TripEvent> replayed) {
        Map<String, Instant> replayedAt = new LinkedHashMap<>();
        replayed.forEach(event -> replayedAt.putIfAbsent(event.eventId(), event.at()));
        List<EventDiff> diffs = new ArrayList<>();
        for (EmittedEvent event : emitted) {
            Instant replay = replayedAt.remove(event.eventId());
            Kind kind = replay == null ? Kind.MISSING : replay.equals(event.at()) ? Kind.SAME : Kind.MOVED;
            diffs.add(new EventDiff(event.eventId(), kind, event.at(), replay));
        }
        replayedAt.forEach((eventId, at) -> diffs.add(new EventDiff(eventId, Kind.ADDED, null, at)));
        diffs.sort(Comparator.comparing(EventDiff::time).thenComparing(EventDiff::eventId));
        return diffs;
    }

    /** The event's time: emitted if it was, else replayed. */
    Instant time() {
        return emittedAt != null ? emittedAt : replayedAt;
    }

    /** One line of the report, without the order id (the heading names it). */
    String describe(String orderId) {
        String name = eventId.startsWith(orderId + "/") ? eventId.substring(orderId.length() + 1) : eventId;
        StringBuilder line = new StringBuilder("  ").append(kind.symbol).append(' ')
                .append(String.format("%-24s", name));
        if (emittedAt != null) {
            line.append(" emitted ").append(emittedAt);
        }
        if (replayedAt != null) {
            line.append(" replayed ").append(replayedAt);
        }
        if (kind == Kind.MOVED) {
            Duration shift = Duration.between(emittedAt, replayedAt);
            line.append(" (").append(shift.isNegative() ? "" : "+").append(shift.toMillis() / 1000.0).append("s)");
        }
        return line.toString();
    }
}
