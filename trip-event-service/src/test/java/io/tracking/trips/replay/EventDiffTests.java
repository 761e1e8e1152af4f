package io.tracking.trips.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import io.tracking.contract.trip.Stop;
import io.tracking.contract.trip.TripEvent;
import io.tracking.contract.trip.TripEventType;
import io.tracking.contract.trip.TripEvidence;
import io.tracking.trips.replay.ReplayRepository.EmittedEvent;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

class EventDiffTests {

    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void shouldMatchEventsByIdAndTellSameMovedAddedAndMissing() {
        List<EmittedEvent> emitted = List.of(
                new EmittedEvent("o-1/DRIVER_ASSIGNED/1", TripEventType.DRIVER_ASSIGNED, T0),
                new EmittedEvent("o-1/ARRIVED_AT_PICKUP/1", TripEventType.ARRIVED_AT_PICKUP, T0.plusSeconds(300)),
                new EmittedEvent("o-1/LEFT_PICKUP/1", TripEventType.LEFT_PICKUP, T0.plusSeconds(600)));
        List<TripEvent> replayed = List.of(
                event("o-1/DRIVER_ASSIGNED/1", TripEventType.DRIVER_ASSIGNED, T0),
                event("o-1/ARRIVED_AT_PICKUP/1", TripEventType.ARRIVED_AT_PICKUP, T0.plusSeconds(310)),
                event("o-1/ARRIVED_AT_PICKUP/2", TripEventType.ARRIVED_AT_PICKUP, T0.plusSeconds(700)));

        List<EventDiff> diffs = EventDiff.compare(emitted, replayed);

        assertThat(diffs).extracting(EventDiff::eventId, EventDiff::kind).containsExactly(
                Tuple.tuple("o-1/DRIVER_ASSIGNED/1", EventDiff.Kind.SAME),
                Tuple.tuple("o-1/ARRIVED_AT_PICKUP/1", EventDiff.Kind.MOVED),
                Tuple.tuple("o-1/LEFT_PICKUP/1", EventDiff.Kind.MISSING),
                Tuple.tuple("o-1/ARRIVED_AT_PICKUP/2", EventDiff.Kind.ADDED));
        assertThat(diffs.get(1).describe("o-1")).startsWith("  ~ ARRIVED_AT_PICKUP/1").endsWith("(+10.0s)");
        assertThat(diffs.get(2).describe("o-1")).startsWith("  - LEFT_PICKUP/1").doesNotContain("replayed");
        assertThat(diffs.get(3).describe("o-1")).startsWith("  + ARRIVED_AT_PICKUP/2").doesNotContain("emitted");
    }

    private static TripEvent event(String eventId, TripEventType type, Instant at) {
        return new TripEvent(eventId, "o-1", "d-1", type, Stop.PICKUP, at, at, TripEvidence.none());
    }
}
