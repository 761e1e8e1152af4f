package io.tracking.ingest.ping;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.tracking.contract.UtcInstants;
import io.tracking.contract.Violation;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.TokenStreamContext;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.core.json.JsonReadFeature;

/**
 * Reads ping request bodies token by token, checking the JSON type of every field itself.
 *
 * <p>Whole-body problems (malformed JSON, nesting deeper than {@value #MAX_NESTING_DEPTH}, wrong envelope, too
 * many pings) throw {@link InvalidBodyException}. Problems of one ping (wrong type, unknown or repeated field) are
 * recorded in its {@link PingDraft#readViolations()} and reading goes on with the next field, so that a batch
 * reports every ping separately. {@code NaN} and {@code Infinity} literals are read as numbers on purpose: the
 * range rules then refuse them naming the field, instead of a bare syntax error.
 *
 * <p>Unknown fields are refused (rule {@code unknown}) rather than ignored: a misspelt optional field such as
 * {@code accuracy} would otherwise be dropped without the app ever noticing. New fields are added to the service
 * before apps send them.
 */
final class PingJsonReader {

    /** Deepest nesting accepted; a batch needs 3 levels, the margin is for unknown fields that are then refused. */
    static final int MAX_NESTING_DEPTH = 16;

    static final int MAX_NAME_LENGTH = 256;

    private static final String ITEM = "$";

    static final String LEAP_SECOND_MESSAGE = "must not name a leap second (:60); send 23:59:59.999999 instead";

    private final JsonFactory factory = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxNameLength(MAX_NAME_LENGTH)
                    .build())
            .build();

    private final int maxBatchSize;

    PingJsonReader(int maxBatchSize) {
        this.maxBatchSize = maxBatchSize;
    }

    SinglePing readSingle(byte[] body) {
        JsonParser parser = factory.createParser(ObjectReadContext.empty(), body);
        try (parser) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new InvalidBodyException(ITEM, first == null ? "required" : "type",
                        "must be a JSON object holding one ping");
            }
            PingDraft ping = readPing(parser, null);
            expectEnd(parser);
            return new SinglePing(ping);
        } catch (JacksonException e) {
            throw unreadable(parser, e);
        }
    }

    PingBatch readBatch(byte[] body) {
        JsonParser parser = factory.createParser(ObjectReadContext.empty(), body);
        try (parser) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new InvalidBodyException(ITEM, first == null ? "required" : "type",
                        "must be a JSON object with a pings array");
            }
            List<PingDraft> pings = null;
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!"pings".equals(name)) {
                    throw new InvalidBodyException(name, "unknown", "is not a field of a batch; only pings is");
                }
                if (pings != null) {
                    throw new InvalidBodyException("pings", "duplicate", "must appear at most once");
                }
                if (value != JsonToken.START_ARRAY) {
                    throw new InvalidBodyException("pings", "type", "must be an array of ping objects");
                }
                pings = readPings(parser);
            }
            if (pings == null) {
                throw new InvalidBodyException("pings", "required", "must be present");
            }
            if (pings.isEmpty()) {
                throw new InvalidBodyException("pings", "size", "must hold 1 to " + maxBatchSize + " pings");
            }
            expectEnd(parser);
            return new PingBatch(pings);
        } catch (JacksonException e) {
            throw unreadable(parser, e);
        }
    }

    private List<PingDraft> readPings(JsonParser parser) {
        List<PingDraft> pings = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (pings.size() == maxBatchSize) {
                // Stop before reading the rest: an oversized batch is refused whole.
                throw new InvalidBodyException("pings", "size", "must hold 1 to " + maxBatchSize + " pings");
            }
            if (token == JsonToken.START_OBJECT) {
                pings.add(readPing(parser, null));
            } else {
                parser.skipChildren();
                pings.add(new PingDraft(null, null, null, null, null, null, null,
                        List.of(new Violation(ITEM, "type", "must be a JSON object"))));
            }
        }
        return pings;
    }

    /**
     * Reads one WebSocket frame of {@code GET /api/v1/locations/stream}: one ping with {@code seq} beside its fields,
     * or {@code {"seq":n,"pings":[...]}}, under the same rules as the request bodies. Never throws for bad input: a
     * frame that cannot be read comes back with its violation, and with its {@code seq} when that was read first.
     */
    PingFrame readFrame(byte[] frame) {
        FrameEnvelope envelope = new FrameEnvelope();
        JsonParser parser = factory.createParser(ObjectReadContext.empty(), frame);
        try (parser) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw new InvalidBodyException(ITEM, first == null ? "required" : "type",
                        "must be a JSON object: one ping with seq, or seq and pings");
            }
            PingDraft ping = readPing(parser, envelope);
            expectEnd(parser);
            List<PingDraft> pings = envelope.pings;
            if (pings == null) {
                return new PingFrame(envelope.seq, false, List.of(ping), null);
            }
            if (!ping.readViolations().isEmpty() || ping.driverId() != null || ping.latitude() != null
                    || ping.longitude() != null || ping.recordedAt() != null || ping.accuracyMeters() != null
                    || ping.speedMps() != null || ping.headingDegrees() != null) {
                throw new InvalidBodyException(ITEM, "unknown", "a batch frame holds only seq and pings");
            }
            if (pings.isEmpty()) {
                throw new InvalidBodyException("pings", "size", "must hold 1 to " + maxBatchSize + " pings");
            }
            return new PingFrame(envelope.seq, true, pings, null);
        } catch (InvalidBodyException e) {
            return new PingFrame(envelope.seq, envelope.pings != null, List.of(), e.violation());
        } catch (JacksonException e) {
            return new PingFrame(envelope.seq, envelope.pings != null, List.of(), unreadable(parser, e).violation());
        }
    }

    /** The members of a frame beside the ping fields: {@code seq}, and {@code pings} in a batch frame. */
    private final class FrameEnvelope {

        @Nullable Long seq;
        @Nullable List<PingDraft> pings;
        private boolean seqSeen;

        /** Whether {@code name} is an envelope member (then read here); the parser stands on its value. */
        boolean claims(String name, JsonToken value, JsonParser parser) {
            if ("seq".equals(name)) {
                if (seqSeen) {
                    throw new InvalidBodyException("seq", "duplicate", "must appear at most once");
                }
                seqSeen = true;
                if (value != JsonToken.VALUE_NUMBER_INT || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                        || parser.getLongValue() < 0) {
                    throw new InvalidBodyException("seq", "type", "must be an integer from 0 to 2^63-1");
                }
                seq = parser.getLongValue();
                return true;
            }
            if ("pings".equals(name)) {
                if (pings != null) {
                    throw new InvalidBodyException("pings", "duplicate", "must appear at most once");
                }
                if (value != JsonToken.START_ARRAY) {
                    throw new InvalidBodyException("pings", "type", "must be an array of ping objects");
                }
                pings = readPings(parser);
                return true;
            }
            return false;
        }
    }

    /**
     * Reads one ping object; the parser stands on its START_OBJECT and is left on its END_OBJECT. With an
     * {@code envelope} (a WebSocket frame) the envelope's members are read by it instead of being unknown fields.
     */
    private static PingDraft readPing(JsonParser parser, @Nullable FrameEnvelope envelope) {
        String driverId = null;
        Double latitude = null;
        Double longitude = null;
        Instant recordedAt = null;
        Double accuracy = null;
        Double speed = null;
        Double heading = null;
        List<Violation> violations = null;
        int seen = 0;
        while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (envelope != null && envelope.claims(name, value, parser)) {
                continue;
            }
            int field = fieldBit(name);
            Violation violation = null;
            if (field == 0) {
                violation = new Violation(name, "unknown", "is not a field of a ping");
            } else if ((seen & field) != 0) {
                violation = new Violation(name, "duplicate", "must appear at most once");
            } else {
                seen |= field;
                if (value != JsonToken.VALUE_NULL) {
                    switch (field) {
                        case DRIVER_ID -> {
                            if (value == JsonToken.VALUE_STRING) {
                                driverId = parser.getString();
                            } else {
                                violation = new Violation(name, "type", "must be a string");
                            }
                        }
                        case RECORDED_AT -> {
                            if (value == JsonToken.VALUE_STRING) {
                                String text = parser.getString();
                                if (namesLeapSecond(text)) {
                                    violation = new Violation(name, "leap-second", LEAP_SECOND_MESSAGE);
                                } else {
                                    recordedAt = parseInstant(text);
                                    if (recordedAt == null) {
                                        violation = new Violation(name, "format", "must be an ISO-8601 instant "
                                                + "with a zone, e.g. 2024-05-01T12:00:00Z");
                                    }
                                }
                            } else {
                                violation = new Violation(name, "type", "must be an ISO-8601 instant string");
                            }
                        }
                        default -> {
                            if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
                                double number = parser.getDoubleValue();
                                switch (field) {
                                    case LATITUDE -> latitude = number;
                                    case LONGITUDE -> longitude = number;
                                    case ACCURACY -> accuracy = number;
                                    case SPEED -> speed = number;
                                    default -> heading = number;
                                }
                            } else {
                                violation = new Violation(name, "type", "must be a JSON number");
                            }
                        }
                    }
                }
            }
            if (violation != null) {
                parser.skipChildren();
                if (violations == null) {
                    violations = new ArrayList<>(2);
                }
                violations.add(violation);
            }
        }
        return new PingDraft(driverId, latitude, longitude, recordedAt, accuracy, speed, heading,
                violations == null ? List.of() : violations);
    }

    private static final int DRIVER_ID = 1;
    private static final int LATITUDE = 1 << 1;
    private static final int LONGITUDE = 1 << 2;
    private static final int RECORDED_AT = 1 << 3;
    private static final int ACCURACY = 1 << 4;
    private static final int SPEED = 1 << 5;
    private static final int HEADING = 1 << 6;

    private static int fieldBit(String name) {
        return switch (name) {
            case "driverId" -> DRIVER_ID;
            case "latitude" -> LATITUDE;
            case "longitude" -> LONGITUDE;
            case "recordedAt" -> RECORDED_AT;
            case "accuracyMeters" -> ACCURACY;
            case "speedMps" -> SPEED;
            case "headingDegrees" -> HEADING;
            default -> 0;
        };
    }

    /**
     * The instant {@code text} names, all its fraction digits kept (up to nanoseconds: whether they may be that fine is
     * the contract's {@code precision} rule, not the reader's business); {@code null} when it is not an ISO-8601
     * instant with a zone. Never called with a leap second, see {@link #namesLeapSecond}.
     */
    private static @Nullable Instant parseInstant(String text) {
        Instant utc = UtcInstants.parseUtc(text);
        if (utc != null) {
            return utc;
        }
        try {
            // ISO_INSTANT: UTC 'Z' or an explicit offset; a local time without zone is ambiguous and refused.
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * Whether {@code text} is an ISO-8601 instant but for naming second 60, with or without fraction, {@code Z} or an
     * offset. {@code Instant.parse} reads {@code 23:59:60} as {@code 23:59:59}: such a ping would be answered 202 and
     * then stored as one with the real {@code :59} fix of that driver. Any second 60 is caught, whatever its hour,
     * so that the client learns the rule rather than a bare format error.
     */
    static boolean namesLeapSecond(String text) {
        int t = text.indexOf('T');
        if (t < 0) {
            t = text.indexOf('t');
        }
        // date 'T' HH ':' mm ':' ss: the seconds are the two characters after the second colon
        if (t < 0 || text.length() < t + 9 || !text.startsWith(":60", t + 6)) {
            return false;
        }
        return parseInstant(text.substring(0, t + 7) + "59" + text.substring(t + 9)) != null;
    }

    private static void expectEnd(JsonParser parser) {
        if (parser.nextToken() != null) {
            throw new InvalidBodyException(ITEM, "syntax", "must hold exactly one JSON value");
        }
    }

    private static InvalidBodyException unreadable(JsonParser parser, JacksonException e) {
        String where = path(parser.streamReadContext());
        if (e instanceof StreamConstraintsException) {
            return new InvalidBodyException(where, "limits",
                    "must nest at most " + MAX_NESTING_DEPTH + " levels deep and keep field names under "
                            + MAX_NAME_LENGTH + " characters");
        }
        // The parser's own message would quote the offending input; the field and rule are enough.
        return new InvalidBodyException(where, "syntax", "must be well-formed JSON");
    }

    /** Where the parser stands, e.g. {@code pings[3].latitude}; {@code $} for the document itself. */
    static String path(@Nullable TokenStreamContext context) {
        StringBuilder path = new StringBuilder();
        for (TokenStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            String segment;
            if (c.inArray()) {
                segment = "[" + Math.max(c.getCurrentIndex(), 0) + "]";
            } else if (c.currentName() != null) {
                segment = "." + c.currentName();
            } else {
                continue;
            }
            path.insert(0, segment);
        }
        if (path.isEmpty()) {
            return ITEM;
        }
        return path.charAt(0) == '.' ? path.substring(1) : path.toString();
    }
}
