package io.tracking.contract;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The one reader of the contract's JSON, shared by every consumer of {@link Topics#LOCATION_UPDATES} so that they
 * agree on what a record is: a value one of them refuses, none of them accepts. Strict where data binding is
 * lenient: no string for a number, no empty string for null, no leap second folded into {@code :59}, no huge epoch
 * number wrapped into a plausible instant. Total: whatever the bytes, it returns an update or throws
 * {@link MalformedException}, never another exception. It does not apply {@link LocationUpdateRules}; callers do.
 *
 * <p>Built on Jackson's streaming parser: the batch writer decodes every record on one thread, and data binding plus
 * {@code DateTimeFormatter} parsing of the two instants were its largest cost.
 * Accepts what the producers' Jackson mapper writes: numbers as JSON numbers, instants as ISO-8601 strings (UTC
 * {@code Z} on the fast path, any offset otherwise) or epoch seconds. Unknown fields are skipped; a missing or null
 * latitude or longitude is an error, never 0.0.
 */
public final class LocationUpdateReader {

    /** The record cannot be read as a location update; {@code field} names the culprit or is {@code value}. */
    public static final class MalformedException extends Exception {

        private static final long serialVersionUID = 1L;

        private final String field;

        MalformedException(String field) {
            super(null, null, false, false);
            this.field = field;
        }

        /** The JSON field at fault, or {@code value} for the record as a whole; never the rejected value. */
        public String field() {
            return field;
        }
    }

    private final JsonFactory factory = new JsonFactory();

    /** Reads one record value; thread-safe. */
    public LocationUpdate read(byte[] json) throws MalformedException {
        try {
            return readStrictly(json);
        } catch (RuntimeException | StackOverflowError e) {
            // a parser bug or a structure deeper than the stack: unreadable, whatever it was
            throw new MalformedException("value");
        }
    }

    private LocationUpdate readStrictly(byte[] json) throws MalformedException {
        String driverId = null;
        double latitude = Double.NaN;
        double longitude = Double.NaN;
        boolean hasLatitude = false;
        boolean hasLongitude = false;
        Instant recordedAt = null;
        Instant receivedAt = null;
        Double accuracy = null;
        Double speed = null;
        Double heading = null;
        String field = "value";
        try (JsonParser parser = factory.createParser(ObjectReadContext.empty(), json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new MalformedException("value");
            }
            for (String name = parser.nextName(); name != null; name = parser.nextName()) {
                field = name;
                JsonToken token = parser.nextToken();
                switch (name) {
                    case "driverId" -> driverId = text(parser, token, name);
                    case "latitude" -> {
                        latitude = number(parser, token, name);
                        hasLatitude = true;
                    }
                    case "longitude" -> {
                        longitude = number(parser, token, name);
                        hasLongitude = true;
                    }
                    case "recordedAt" -> recordedAt = instant(parser, token, name);
                    case "receivedAt" -> receivedAt = instant(parser, token, name);
                    case "accuracyMeters" -> accuracy = nullableNumber(parser, token, name);
                    case "speedMps" -> speed = nullableNumber(parser, token, name);
                    case "headingDegrees" -> heading = nullableNumber(parser, token, name);
                    default -> {
                        // an unknown name is not echoed in a rejection
                        field = "value";
                        parser.skipChildren();
                    }
                }
            }
            field = "value";
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new MalformedException("value");
            }
        } catch (JacksonException e) {
            throw new MalformedException(field);
        }
        if (!hasLatitude) {
            throw new MalformedException("latitude");
        }
        if (!hasLongitude) {
            throw new MalformedException("longitude");
        }
        // null driverId, recordedAt or receivedAt are reported by LocationUpdateRules with their rule
        return new LocationUpdate(driverId, latitude, longitude, recordedAt, receivedAt, accuracy, speed, heading);
    }

    private static @Nullable String text(JsonParser parser, JsonToken token, String field) throws MalformedException {
        if (token == JsonToken.VALUE_STRING) {
            return parser.getString();
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        throw new MalformedException(field);
    }

    private static double number(JsonParser parser, JsonToken token, String field) throws MalformedException {
        if (token == JsonToken.VALUE_NUMBER_FLOAT || token == JsonToken.VALUE_NUMBER_INT) {
            return parser.getDoubleValue();
        }
        throw new MalformedException(field);
    }

    private static @Nullable Double nullableNumber(JsonParser parser, JsonToken token, String field)
            throws MalformedException {
        return token == JsonToken.VALUE_NULL ? null : number(parser, token, field);
    }

    private static @Nullable Instant instant(JsonParser parser, JsonToken token, String field)
            throws MalformedException {
        try {
            if (token == JsonToken.VALUE_STRING) {
                return parseInstant(parser.getString());
            }
            if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                return epochSeconds(parser.getDecimalValue());
            }
            if (token == JsonToken.VALUE_NULL) {
                return null;
            }
        } catch (DateTimeException | ArithmeticException e) {
            throw new MalformedException(field);
        }
        throw new MalformedException(field);
    }

    /**
     * Epoch seconds with an optional fraction, as Jackson reads a numeric {@code Instant}, converted exactly: a
     * number with more than 19 integer digits or finer than nanoseconds is refused rather than wrapped or rounded
     * into a plausible instant ({@code BigDecimal.longValue()} keeps only the low 64 bits).
     */
    static Instant epochSeconds(BigDecimal number) {
        BigDecimal seconds = number.stripTrailingZeros();
        // checked before any conversion: 1e1000000000 would otherwise expand into a billion-digit integer
        if (seconds.scale() > 9 || seconds.precision() - seconds.scale() > 19) {
            throw new ArithmeticException("not an epoch second with at most nine fraction digits");
        }
        BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
        int nanos = seconds.subtract(whole).movePointRight(9).intValueExact();
        return Instant.ofEpochSecond(whole.longValueExact(), nanos);
    }

    /**
     * {@code yyyy-MM-ddTHH:mm:ss[.fraction]Z} the fast way ({@link UtcInstants}); anything else the slow way, which
     * refuses a leap second ({@code :60}) with a {@link DateTimeException}: {@code Instant} has none, and reading it
     * as {@code :59} would make two distinct fixes one ping.
     */
    static Instant parseInstant(String text) {
        Instant utc = UtcInstants.parseUtc(text);
        return utc != null ? utc : OffsetDateTime.parse(text).toInstant();
    }
}
