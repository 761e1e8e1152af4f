package io.tracking.writer.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import io.tracking.contract.LocationUpdate;
import io.tracking.writer.batch.LocationRecordDecoder.Decoded;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
            "2026-03-10T11:59:58.123456789Z"      | 2026-03-10T11:59:58.123456789Z
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
