package io.tracking.query.trip;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import io.tracking.contract.LocationUpdateRules;
import io.tracking.contract.trip.EtaUpdate;
import io.tracking.contract.trip.PingRef;
import io.tracking.contract.trip.TripEvent;
import io.tracking.contract.trip.TripEvidence;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads records of the trip topics, whatever their bytes: a record is either a {@link TripEvent} or
 * {@link EtaUpdate} that keeps the contract (the JSON schemas {@code trip-event.schema.json} and
 * {@code order-eta.schema.json}), or a {@link Rejected} naming why not. Never throws for a record's content, so one
 * bad record cannot stop a reader. Checked beyond data binding: required members present, ids of the id rule, the
 * record key equal to the order id, an event id that is {@code orderId/type/n}, the stop the type implies, no
 * negative or non-finite figure. Unknown members are ignored, and never stored: what is stored and shown is the
 * record written back from its fields.
 */
final class TripRecords {

    /** The record breaks the contract. {@code reason} is {@code unreadable} (not JSON of the shape) or {@code invalid}. */
    static final class Rejected extends Exception {

        private static final long serialVersionUID = 1L;

        private final String reason;

        Rejected(String reason) {
            super(reason, null, false, false);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    private static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T00:00:00Z");

    private final JsonMapper json;

    TripRecords(JsonMapper json) {
        this.json = json.rebuild()
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    TripEvent event(byte @Nullable [] key, byte @Nullable [] value) throws Rejected {
        TripEvent event = read(value, TripEvent.class);
        check(event.eventId() != null && event.type() != null && isStorable(event.at())
                && isStorable(event.detectedAt()) && event.evidence() != null);
        checkIds(key, event.orderId(), event.driverId());
        String prefix = event.orderId() + "/" + event.type() + "/";
        check(event.eventId().startsWith(prefix) && isCount(event.eventId().substring(prefix.length())));
        check(event.stop() == event.type().stop());
        check(isValid(event.evidence()));
        return event;
    }

    EtaUpdate eta(byte @Nullable [] key, byte @Nullable [] value) throws Rejected {
        EtaUpdate eta = read(value, EtaUpdate.class);
        checkIds(key, eta.orderId(), eta.driverId());
        check(eta.stop() != null && isStorable(eta.at()) && isStorable(eta.computedAt())
                && eta.basedOnRecordedAt() != null);
        check(eta.seconds() >= 0 && isFigure(eta.distanceMeters()));
        return eta;
    }

    private <T> T read(byte @Nullable [] value, Class<T> type) throws Rejected {
        if (value == null) {
            throw new Rejected("unreadable");
        }
        try {
            T read = json.readValue(value, type);
            if (read == null) {
                throw new Rejected("unreadable");
            }
            return read;
        } catch (JacksonException | IllegalArgumentException | StackOverflowError e) {
            // IllegalArgumentException: a record's compact constructor refusing a null list, say
            throw new Rejected("unreadable");
        }
    }

    private static void checkIds(byte @Nullable [] key, @Nullable String orderId, @Nullable String driverId)
            throws Rejected {
        check(LocationUpdateRules.isValidDriverId(orderId) && LocationUpdateRules.isValidDriverId(driverId)
                && key != null && Arrays.equals(key, orderId.getBytes(StandardCharsets.UTF_8)));
    }

    private static boolean isValid(TripEvidence evidence) {
        if (evidence.pings() == null) {
            return false;
        }
        for (PingRef ping : evidence.pings()) {
            if (ping == null || !LocationUpdateRules.isValidDriverId(ping.driverId()) || ping.recordedAt() == null
                    || ping.partition() < 0 || ping.offset() < 0) {
                return false;
            }
        }
        return isOptionalFigure(evidence.distanceMeters()) && isOptionalFigure(evidence.accuracyMeters())
                && isOptionalFigure(evidence.dwellSeconds()) && isOptionalFigure(evidence.etaSeconds());
    }

    private static boolean isOptionalFigure(@Nullable Double value) {
        return value == null || isFigure(value);
    }

    private static boolean isFigure(double value) {
        return Double.isFinite(value) && value >= 0;
    }

    /** A positive decimal count without sign or leading zero, as in an event id. */
    private static boolean isCount(String text) {
        return !text.isEmpty() && text.length() <= 9 && text.charAt(0) != '0'
                && text.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static void check(boolean valid) throws Rejected {
        if (!valid) {
            throw new Rejected("invalid");
        }
    }

    /**
     * Whether {@code at} can be stored as a {@code timestamptz}, whose range is far narrower than Instant's: a record
     * the table refuses would otherwise fail its batch again and again.
     */
    private static boolean isStorable(@Nullable Instant at) {
        return at != null && at.isAfter(EARLIEST) && at.isBefore(LATEST);
    }
}
