package io.tracking.ingest.ping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.tracking.contract.Violation;

class PingJsonReaderTests {

    private final PingJsonReader reader = new PingJsonReader(3);

    @Test
    void shouldReadEveryFieldOfAPing() {
        PingDraft ping = single("""
                {"driverId":"d-1","latitude":52.5,"longitude":13,"recordedAt":"2025-01-01T12:00:00Z",
                 "accuracyMeters":4.5,"speedMps":0,"headingDegrees":359.9}""");

        assertThat(ping).isEqualTo(new PingDraft("d-1", 52.5, 13.0, Instant.parse("2025-01-01T12:00:00Z"), 4.5,
                0.0, 359.9, java.util.List.of()));
    }

    @Test
    void shouldAcceptAnOffsetInRecordedAtAndNormaliseItToUtc() {
        PingDraft ping = single("{\"recordedAt\":\"2025-01-01T14:00:00+02:00\"}");

        assertThat(ping.recordedAt()).isEqualTo(Instant.parse("2025-01-01T12:00:00Z"));
    }

    @Test
    void shouldTreatNullOptionalFieldsAsAbsent() {
        PingDraft ping = single("{\"accuracyMeters\":null,\"speedMps\":null,\"headingDegrees\":null}");

        assertThat(ping.accuracyMeters()).isNull();
        assertThat(ping.readViolations()).isEmpty();
    }

    @Test
    void shouldReadNonNumericLiteralsAsNumbersSoThatTheRangeRuleNamesTheField() {
        PingDraft ping = single("{\"latitude\":NaN,\"longitude\":-Infinity}");

        assertThat(ping.latitude()).isNaN();
        assertThat(ping.longitude()).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void shouldReportWrongTypesUnknownAndRepeatedFieldsAndKeepReading() {
        PingDraft ping = single("""
                {"driverId":7,"latitude":"52.5","extra":{"deep":[1,2]},"longitude":1,"longitude":2,
                 "recordedAt":1700000000,"speedMps":3}""");

        assertThat(ping.readViolations()).extracting(Violation::field, Violation::rule).containsExactly(
                org.assertj.core.groups.Tuple.tuple("driverId", "type"),
                org.assertj.core.groups.Tuple.tuple("latitude", "type"),
                org.assertj.core.groups.Tuple.tuple("extra", "unknown"),
                org.assertj.core.groups.Tuple.tuple("longitude", "duplicate"),
                org.assertj.core.groups.Tuple.tuple("recordedAt", "type"));
        assertThat(ping.longitude()).isEqualTo(1.0);
        assertThat(ping.speedMps()).isEqualTo(3.0);
    }

    @Test
    void shouldRefuseARecordedAtWithoutZone() {
        assertThat(single("{\"recordedAt\":\"2025-01-01T12:00:00\"}").readViolations())
                .extracting(Violation::rule).containsExactly("format");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"2016-12-31T23:59:60Z", "2016-12-31T23:59:60.5Z", "2016-12-31T23:59:60.999999999Z",
            "2016-12-31T23:59:60+00:00", "2017-01-01T01:59:60+02:00", "2016-12-31t23:59:60z",
            "2025-06-01T12:00:60Z"})
    void shouldRefuseALeapSecondInAnyFormInsteadOfReadingItAsSecond59(String leapSecond) {
        PingDraft ping = single("{\"recordedAt\":\"" + leapSecond + "\"}");

        assertThat(ping.recordedAt()).isNull();
        assertThat(ping.readViolations()).containsExactly(new Violation("recordedAt", "leap-second",
                "must not name a leap second (:60); send 23:59:59.999999 instead"));
    }

    @Test
    void shouldStillCallAMalformedTimeWithSecond60AFormatError() {
        assertThat(single("{\"recordedAt\":\"2016-13-31T23:59:60Z\"}").readViolations())
                .extracting(Violation::rule).containsExactly("format");
        assertThat(single("{\"recordedAt\":\"2016-12-31T23:59:60\"}").readViolations())
                .extracting(Violation::rule).containsExactly("format");
    }

    @Test
    void shouldKeepEveryFractionDigitSoThatThePrecisionRuleCanJudgeThem() {
        assertThat(single("{\"recordedAt\":\"2025-01-01T12:00:00.123456789Z\"}").recordedAt())
                .isEqualTo(Instant.parse("2025-01-01T12:00:00Z").plusNanos(123_456_789));
        assertThat(single("{\"recordedAt\":\"2025-01-01T12:00:59.999999Z\"}").recordedAt())
                .isEqualTo(Instant.parse("2025-01-01T12:00:59.999999Z"));
    }

    @Test
    void shouldRejectAnItemThatIsNotAnObjectButKeepTheOthers() {
        PingBatch batch = batch("{\"pings\":[{\"latitude\":1},[1,[2]],\"x\"]}");

        assertThat(batch.pings()).hasSize(3);
        assertThat(batch.pings().get(0).latitude()).isEqualTo(1.0);
        assertThat(batch.pings().get(1).readViolations()).containsExactly(
                new Violation("$", "type", "must be a JSON object"));
        assertThat(batch.pings().get(2).readViolations()).extracting(Violation::rule).containsExactly("type");
    }

    @Test
    void shouldRefuseABatchWithMoreThanTheMaximumNumberOfPings() {
        expectInvalidBatch("{\"pings\":[{},{},{},{}]}", "pings", "size");
    }

    @Test
    void shouldRefuseBadBatchEnvelopes() {
        expectInvalidBatch("{\"pings\":[]}", "pings", "size");
        expectInvalidBatch("{}", "pings", "required");
        expectInvalidBatch("{\"pings\":{}}", "pings", "type");
        expectInvalidBatch("{\"pings\":[{}],\"more\":1}", "more", "unknown");
        expectInvalidBatch("{\"pings\":[{}],\"pings\":[{}]}", "pings", "duplicate");
        expectInvalidBatch("[]", "$", "type");
        expectInvalidBatch("", "$", "required");
    }

    @Test
    void shouldNameWhereMalformedJsonBreaks() {
        expectInvalidBatch("{\"pings\":[{\"latitude\":1},{\"longitude\": tru}]}", "pings[1].longitude", "syntax");
        expectInvalidSingle("{\"driverId\":\"a\"", "driverId", "syntax");
        expectInvalidSingle("{} {}", "$", "syntax");
    }

    @Test
    void shouldRefuseDeepNestingWithoutOverflowingTheStack() {
        String deep = "{\"x\":" + "[".repeat(100_000) + "]".repeat(100_000) + "}";

        InvalidBodyException exception = invalidSingle(deep);

        assertThat(exception.violation().rule()).isEqualTo("limits");
        assertThat(exception.violation().field()).startsWith("x[0][0]");
    }

    private PingDraft single(String json) {
        return reader.readSingle(json.getBytes(StandardCharsets.UTF_8)).ping();
    }

    private PingBatch batch(String json) {
        return reader.readBatch(json.getBytes(StandardCharsets.UTF_8));
    }

    private InvalidBodyException invalidSingle(String json) {
        return org.assertj.core.api.Assertions.catchThrowableOfType(InvalidBodyException.class, () -> single(json));
    }

    private void expectInvalidSingle(String json, String field, String rule) {
        assertThat(invalidSingle(json).violation()).extracting(Violation::field, Violation::rule)
                .containsExactly(field, rule);
    }

    private void expectInvalidBatch(String json, String field, String rule) {
        assertThatExceptionOfType(InvalidBodyException.class).isThrownBy(() -> batch(json))
                .satisfies(e -> assertThat(e.violation()).extracting(Violation::field, Violation::rule)
                        .containsExactly(field, rule));
    }
}
