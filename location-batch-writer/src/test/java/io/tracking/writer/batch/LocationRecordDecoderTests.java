package io.tracking.writer.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import io.tracking.contract.LocationUpdate;
import io.tracking.writer.batch.LocationRecordDecoder.Decoded;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LocationRecordDecoderTests {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00Z");
    private static final Instant CUTOFF = NOW.minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.DAYS);

    private final LocationRecordDecoder decoder = new LocationRecordDecoder(Duration.ofDays(1).toMillis());
    private final String driverId = "driver-" + UUID.randomUUID();

    @Test
    void shouldDecodeAValidUpdate() {
        Decoded decoded = decode(driverId, """
                {"driverId":"%s","latitude":12.9716,"longitude":77.5946,"recordedAt":"2026-03-10T11:59:58.123456Z",
                 "receivedAt":"2026-03-10T11:59:59Z","accuracyMeters":4.5,"speedMps":null}""".formatted(driverId));

        assertThat(decoded.rejection()).isNull();
        LocationUpdate update = decoded.update();
        assertThat(update).isNotNull();
        assertThat(update.driverId()).isEqualTo(driverId);
        assertThat(update.latitude()).isEqualTo(12.9716);
        assertThat(update.recordedAt()).isEqualTo(Instant.parse("2026-03-10T11:59:58.123456Z"));
        assertThat(update.accuracyMeters()).isEqualTo(4.5);
        assertThat(update.speedMps()).isNull();
        assertThat(update.headingDegrees()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            "2026-03-10T11:59:58Z"                | 2026-03-10T11:59:58Z
            "2026-03-10T11:59:58.1Z"              | 2026-03-10T11:59:58.100Z
            "2026-03-10T11:59:58.123456000Z"      | 2026-03-10T11:59:58.123456Z
            "2026-03-10T12:59:58.5+01:00"         | 2026-03-10T11:59:58.500Z
            1773143998                            | 2026-03-10T11:59:58Z
            1773143998.25                         | 2026-03-10T11:59:58.250Z
            """)
    void shouldReadTheInstantFormatsJacksonWrites(String json, String expected) {
        Decoded decoded = decode(driverId, valid(driverId).replace("\"2026-03-10T11:59:58.123456Z\"", json));

        assertThat(decoded.update()).isNotNull();
        assertThat(decoded.update().recordedAt()).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            "2026-13-10T11:59:58Z"
            "2026-02-30T11:59:58Z"
            "2026-03-10T24:00:00Z"
            true
            """)
    void shouldRejectImpossibleInstants(String json) {
        Rejection rejection = decode(driverId, valid(driverId).replace("\"2026-03-10T11:59:58.123456Z\"", json))
                .rejection();

        assertThat(rejection).isNotNull();
        assertThat(rejection.reason()).isEqualTo(Rejection.UNDECODABLE);
        assertThat(rejection.field()).isEqualTo("recordedAt");
    }

    @Test
    void shouldRejectTrailingContentAndNotEchoUnknownNames() {
        assertThat(decode(driverId, valid(driverId) + "{}").rejection())
                .extracting(Rejection::reason).isEqualTo(Rejection.UNDECODABLE);
        Rejection rejection = decode(driverId, valid(driverId).replace("{", "{\"secret-12.97\":[1,")).rejection();
        assertThat(rejection).isNotNull();
        assertThat(rejection.field()).isEqualTo("value");
    }

    @Test
    void shouldIgnoreUnknownFields() {
        Decoded decoded = decode(driverId, valid(driverId).replace("{", "{\"battery\":87,"));

        assertThat(decoded.update()).isNotNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            not json at all                                  | value    | json
            [1,2,3]                                          | value    | json
            {"driverId":"d1","latitude":"north"}             | latitude | json
            {"driverId":"d1","latitude":12.9,"longitude":77.6,"recordedAt":"yesterday","receivedAt":"2026-03-10T11:59:59Z"} | recordedAt | json
            """)
    void shouldRejectUndecodableValues(String json, String field, String rule) {
        Rejection rejection = decode("d1", json).rejection();

        assertThat(rejection).isNotNull();
        assertThat(rejection.reason()).isEqualTo(Rejection.UNDECODABLE);
        assertThat(rejection.field()).isEqualTo(field);
        assertThat(rejection.rule()).isEqualTo(rule);
        assertThat(rejection.message()).doesNotContain("north").doesNotContain("yesterday");
    }

    @Test
    void shouldRejectAMissingLatitudeInsteadOfStoringZero() {
        String json = valid(driverId).replace("\"latitude\":12.9716,", "");

        Rejection rejection = decode(driverId, json).rejection();

        assertThat(rejection).isNotNull();
        assertThat(rejection.reason()).isEqualTo(Rejection.UNDECODABLE);
    }

    @Test
    void shouldRejectARecordWithoutValue() {
        Rejection rejection = decoder.decode(utf8(driverId), null, CUTOFF, NOW).rejection();

        assertThat(rejection).isNotNull();
        assertThat(rejection.reason()).isEqualTo(Rejection.UNDECODABLE);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            "latitude":12.9716      | "latitude":91.5       | latitude       | range
            "longitude":77.5946     | "longitude":-180.5    | longitude      | range
            "accuracyMeters":4.5    | "accuracyMeters":-1   | accuracyMeters | range
            "receivedAt":"2026-03-10T11:59:59Z" | "receivedAt":null | receivedAt | required
            """)
    void shouldRejectUpdatesBreakingTheContractRules(String from, String to, String field, String rule) {
        Rejection rejection = decode(driverId, valid(driverId).replace(from, to)).rejection();

        assertThat(rejection).isNotNull();
        assertThat(rejection.reason()).isEqualTo(Rejection.INVALID);
        assertThat(rejection.field()).isEqualTo(field);
        assertThat(rejection.rule()).isEqualTo(rule);
        assertThat(rejection.message()).doesNotContain("91.5").doesNotContain("-180.5");
    }

    @Test
    void shouldRejectAnInvalidDriverId() {
        String badId = "o'brien";

        Rejection rejection = decode(badId, valid(badId)).rejection();

        assertThat(rejection).isNotNull();
        assertThat(rejection.reason()).isEqualTo(Rejection.INVALID);
        assertThat(rejection.field()).isEqualTo("driverId");
    }

    @Test
    void shouldRejectAKeyThatIsNotTheDriverId() {
        assertThat(decode("someone-else", valid(driverId)).rejection())
                .extracting(Rejection::reason).isEqualTo(Rejection.KEY_MISMATCH);
        assertThat(decoder.decode(null, utf8(valid(driverId)), CUTOFF, NOW).rejection())
                .extracting(Rejection::reason).isEqualTo(Rejection.KEY_MISMATCH);
    }

    @Test
    void shouldRejectPingsOlderThanTheRetention() {
        String json = valid(driverId).replace("2026-03-10T11:59:58.123456Z", CUTOFF.minusMillis(1).toString());

        assertThat(decode(driverId, json).rejection()).extracting(Rejection::reason).isEqualTo(Rejection.EXPIRED);
        assertThat(decode(driverId, valid(driverId).replace("2026-03-10T11:59:58.123456Z", CUTOFF.toString()))
                .update()).isNotNull();
    }

    @Test
    void shouldRejectPingsTooFarInTheFuture() {
        String json = valid(driverId).replace("2026-03-10T11:59:58.123456Z", "2026-03-12T12:00:00Z");

        assertThat(decode(driverId, json).rejection()).extracting(Rejection::reason).isEqualTo(Rejection.FUTURE);
    }

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource(delimiter = '|', textBlock = """
            "+300000000-01-01T00:00:00Z"   | recordedAt
            9300000000000000               | recordedAt
            -9300000000000000              | recordedAt
            -1                             | recordedAt
            "1999-12-31T23:59:59.999999Z"  | recordedAt
            "2100-01-01T00:00:00Z"         | recordedAt
            "-5000-01-01T00:00:00Z"        | receivedAt
            "+300000000-01-01T00:00:00Z"   | receivedAt
            9300000000000000               | receivedAt
            "2100-01-01T00:00:00Z"         | receivedAt
            "+999999999-12-31T23:59:59-18:00" | recordedAt
            """)
    void shouldRejectTimesOutsideTheContractsRangeAsInvalid(String json, String field) {
        Rejection rejection = decode(driverId, withTime(field, json)).rejection();

        assertThat(rejection).isNotNull();
        assertThat(rejection.reason()).isEqualTo(Rejection.INVALID);
        assertThat(rejection.field()).isEqualTo(field);
        assertThat(rejection.rule()).isEqualTo("range");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            1e30
            -1e30
            1e400
            1e1000000000
            -1e1000000000
            1e-1000000000
            99999999999999999999999999999999
            18446744075482695614
            -18446744071936407618
            1773143998.0000000001
            "2016-12-31T23:59:60Z"
            "2016-12-31T23:59:60.5Z"
            "2016-12-31T23:59:60.5+01:00"
            "2016-12-31t23:59:60z"
            ""
            """)
    void shouldRejectNumbersAndTimesNoInstantCanHoldExactlyAsUndecodable(String json) {
        // 18446744075482695614 is 2^64 + 1773143998: keeping its low 64 bits would read 2026-03-10T11:59:58Z
        for (String field : new String[] {"recordedAt", "receivedAt"}) {
            Rejection rejection = decode(driverId, withTime(field, json)).rejection();

            assertThat(rejection).as(field).isNotNull();
            assertThat(rejection.reason()).isEqualTo(Rejection.UNDECODABLE);
            assertThat(rejection.field()).isEqualTo(field);
        }
    }

    @Test
    void shouldRejectARecordedAtFinerThanMicroseconds() {
        Rejection rejection = decode(driverId, withTime("recordedAt", "\"2026-03-10T11:59:58.123456789Z\""))
                .rejection();

        assertThat(rejection).isNotNull();
        assertThat(rejection.reason()).isEqualTo(Rejection.INVALID);
        assertThat(rejection.rule()).isEqualTo("precision");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            "latitude":1e400
            "latitude":-1e400
            "latitude":99999999999999999999999999999999
            "longitude":1e308
            "speedMps":1e30
            "headingDegrees":720
            """)
    void shouldRejectHugeCoordinatesAsInvalid(String replacement) {
        String field = replacement.substring(1, replacement.indexOf('"', 1));
        String json = valid(driverId).replaceFirst("\"" + field + "\":[^,}]*", replacement);

        Rejection rejection = decode(driverId, json).rejection();

        assertThat(rejection).isNotNull();
        assertThat(rejection.reason()).isEqualTo(Rejection.INVALID);
        assertThat(rejection.field()).isEqualTo(field);
    }

    @Test
    void shouldRejectEveryTruncationOfAValidValue() {
        byte[] json = utf8(valid(driverId));
        for (int length = 0; length < json.length; length++) {
            Decoded decoded = decoder.decode(utf8(driverId), Arrays.copyOf(json, length), CUTOFF, NOW);

            assertThat(decoded.rejection()).as("first %d bytes", length).isNotNull();
            assertThat(decoded.rejection().reason()).isEqualTo(Rejection.UNDECODABLE);
        }
    }

    @ParameterizedTest(name = "depth {0}")
    @ValueSource(ints = {600, 5_000, 200_000})
    void shouldRejectDeeplyNestedJson(int depth) {
        String deep = "[".repeat(depth) + "]".repeat(depth);
        String nestedObjects = "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);

        for (String json : List.of(deep, nestedObjects, valid(driverId).replace("{", "{\"x\":" + deep + ","),
                valid(driverId).replace("{", "{\"x\":" + nestedObjects + ","))) {
            Rejection rejection = decode(driverId, json).rejection();

            assertThat(rejection).isNotNull();
            assertThat(rejection.reason()).isEqualTo(Rejection.UNDECODABLE);
            assertThat(rejection.field()).isEqualTo("value");
        }
    }

    @Test
    void shouldRejectValuesThatAreNotUtf8() {
        byte[] json = utf8(valid(driverId));
        byte[] brokenId = json.clone();
        int at = valid(driverId).indexOf(driverId);
        brokenId[at] = (byte) 0xC3;
        brokenId[at + 1] = (byte) 0x28;
        byte[] latin1 = valid("dr\u00e9").getBytes(StandardCharsets.ISO_8859_1);

        for (byte[] value : List.of(brokenId, latin1)) {
            Decoded decoded = decoder.decode(utf8(driverId), value, CUTOFF, NOW);

            assertThat(decoded.update()).isNull();
            assertThat(decoded.rejection()).isNotNull();
            assertThat(decoded.rejection().reason()).isIn(Rejection.UNDECODABLE, Rejection.INVALID);
        }
    }

    @Test
    void shouldReadJsonInUtf16AsTheSamePing() {
        // JSON's own encoding detection (RFC 4627), which Jackson applies: the same ping, not a different one
        Decoded decoded = decoder.decode(utf8(driverId), valid(driverId).getBytes(StandardCharsets.UTF_16), CUTOFF,
                NOW);

        assertThat(decoded.update()).isEqualTo(decode(driverId, valid(driverId)).update());
    }

    @Test
    void shouldAnswerForRandomBytesWithoutThrowing() {
        Random random = new Random(20261128L);
        for (int i = 0; i < 20_000; i++) {
            byte[] key = random.nextInt(4) == 0 ? null : randomBytes(random, random.nextInt(80));
            byte[] value = random.nextInt(50) == 0 ? null : randomBytes(random, random.nextInt(400));
            if (value != null && random.nextBoolean()) {
                // mostly valid JSON with a few bytes flipped reaches deeper into the reader than pure noise
                value = utf8(valid(driverId));
                for (int flip = 0; flip < 1 + random.nextInt(3); flip++) {
                    value[random.nextInt(value.length)] = (byte) random.nextInt(256);
                }
            }

            Decoded decoded = decoder.decode(key, value, CUTOFF, NOW);

            assertThat(decoded.update() == null).as("exactly one outcome").isNotEqualTo(decoded.rejection() == null);
        }
    }

    @Test
    void shouldTurnAnyFaultOfTheReaderIntoAnUndecodableRejectionNamingNoValue() {
        List<LocationRecordDecoder.Reader> faulty = List.of(
                json -> {
                    throw new IllegalStateException("lat 12.9716 lon 77.5946");
                },
                json -> {
                    throw new ArithmeticException("long overflow");
                },
                json -> {
                    throw new StackOverflowError();
                });
        for (LocationRecordDecoder.Reader reader : faulty) {
            Rejection rejection = new LocationRecordDecoder(Duration.ofDays(1).toMillis(), reader)
                    .decode(utf8(driverId), utf8(valid(driverId)), CUTOFF, NOW).rejection();

            assertThat(rejection).isNotNull();
            assertThat(rejection.reason()).isEqualTo(Rejection.UNDECODABLE);
            assertThat(rejection.field()).isEqualTo("value");
            assertThat(rejection.message()).doesNotContain("12.97").doesNotContain("overflow");
        }
    }

    @Test
    void shouldRejectNullEmptyNonAsciiAndLookAlikeKeysAsKeyMismatch() {
        byte[] value = utf8(valid(driverId));
        byte[] nonAscii = utf8(driverId);
        nonAscii[0] = (byte) 0xC3;
        for (byte[] key : Arrays.asList(null, new byte[0], nonAscii, new byte[] {(byte) 0xC3, (byte) 0x28},
                utf8(driverId + " "), utf8(driverId.toUpperCase(java.util.Locale.ROOT)),
                driverId.getBytes(StandardCharsets.UTF_16), utf8(driverId.substring(1)))) {
            Rejection rejection = decoder.decode(key, value, CUTOFF, NOW).rejection();

            assertThat(rejection).isNotNull();
            assertThat(rejection.reason()).isEqualTo(Rejection.KEY_MISMATCH);
        }
    }

    private String withTime(String field, String json) {
        String valid = valid(driverId);
        String current = field.equals("recordedAt") ? "\"2026-03-10T11:59:58.123456Z\"" : "\"2026-03-10T11:59:59Z\"";
        return valid.replace("\"" + field + "\":" + current, "\"" + field + "\":" + json);
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private Decoded decode(String key, String json) {
        return decoder.decode(utf8(key), utf8(json), CUTOFF, NOW);
    }

    private static String valid(String driverId) {
        return """
                {"driverId":"%s","latitude":12.9716,"longitude":77.5946,"recordedAt":"2026-03-10T11:59:58.123456Z",\
                "receivedAt":"2026-03-10T11:59:59Z","accuracyMeters":4.5,"speedMps":3.2,"headingDegrees":90.0}"""
                .formatted(driverId);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
