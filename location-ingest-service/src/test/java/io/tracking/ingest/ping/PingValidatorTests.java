package io.tracking.ingest.ping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.tracking.contract.LocationUpdate;
import io.tracking.contract.Violation;

class PingValidatorTests {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    private final PingValidator validator = new PingValidator(Duration.ofSeconds(30), Duration.ofHours(24));

    @Test
    void shouldTurnAValidPingIntoAnUpdateReceivedNow() {
        CheckedPing checked = validator.check(draft("d-1", 1.0, 2.0, NOW.minusSeconds(5)), NOW);

        assertThat(checked.update()).isEqualTo(
                new LocationUpdate("d-1", 1.0, 2.0, NOW.minusSeconds(5), NOW, null, null, null));
        assertThat(checked.violations()).isEmpty();
    }

    @Test
    void shouldAcceptTheEdgesOfTheTimeWindow() {
        assertThat(validator.check(draft("d", 0.0, 0.0, NOW.plusSeconds(30)), NOW).isValid()).isTrue();
        assertThat(validator.check(draft("d", 0.0, 0.0, NOW.minus(Duration.ofHours(24))), NOW).isValid()).isTrue();
    }

    @Test
    void shouldRefusePingsFromTooFarInTheFutureOrPast() {
        assertThat(validator.check(draft("d", 0.0, 0.0, NOW.plusSeconds(31)), NOW).violations())
                .containsExactly(new Violation("recordedAt", "future",
                        "must be at most 30 s ahead of the server clock"));
        assertThat(validator.check(draft("d", 0.0, 0.0, NOW.minus(Duration.ofHours(24)).minusMillis(1)), NOW)
                .violations())
                .containsExactly(new Violation("recordedAt", "too-old", "must be at most 24 h old"));
    }

    @Test
    void shouldReportMissingFieldsAndContractRulesInFieldOrder() {
        PingDraft draft = new PingDraft(null, 95.0, null, null, -1.0, 101.0, 360.0,
                List.of(new Violation("colour", "unknown", "is not a field of a ping")));

        assertThat(validator.check(draft, NOW).violations())
                .extracting(Violation::field, Violation::rule)
                .containsExactly(
                        tuple("driverId", "required"),
                        tuple("latitude", "range"),
                        tuple("longitude", "required"),
                        tuple("recordedAt", "required"),
                        tuple("accuracyMeters", "range"),
                        tuple("speedMps", "range"),
                        tuple("headingDegrees", "range"),
                        tuple("colour", "unknown"));
    }

    @Test
    void shouldNotReportAFieldTwiceWhenTheReaderAlreadyDid() {
        PingDraft draft = new PingDraft("d", null, 1.0, NOW, null, null, null,
                List.of(new Violation("latitude", "type", "must be a JSON number")));

        assertThat(validator.check(draft, NOW).violations()).extracting(Violation::rule).containsExactly("type");
    }

    @Test
    void shouldRefuseADriverIdThatBreaksThePattern() {
        assertThat(validator.check(draft("a b", 0.0, 0.0, NOW), NOW).violations())
                .extracting(Violation::field, Violation::rule).containsExactly(tuple("driverId", "pattern"));
        assertThat(validator.check(draft("x".repeat(65), 0.0, 0.0, NOW), NOW).isValid()).isFalse();
    }

    @Test
    void shouldRefuseARecordedAtFinerThanMicrosecondsRatherThanStoreItRounded() {
        Instant nanos = NOW.minusSeconds(5).plusNanos(123_456_789);

        assertThat(validator.check(draft("d", 0.0, 0.0, nanos), NOW).violations())
                .containsExactly(new Violation("recordedAt", "precision",
                        "must not be finer than microseconds (at most 6 fraction digits)"));
    }

    @Test
    void shouldPublishAMicrosecondRecordedAtUnchanged() {
        Instant micros = NOW.minusSeconds(5).plusNanos(123_456_000);

        assertThat(validator.check(draft("d", 0.0, 0.0, micros), NOW).update().recordedAt()).isEqualTo(micros);
    }

    @Test
    void shouldStampReceivedAtAtTheMicrosecondsThatAreStored() {
        Instant serverClock = NOW.plusNanos(987_654_321);

        LocationUpdate update = validator.check(draft("d", 0.0, 0.0, NOW), serverClock).update();

        assertThat(update.receivedAt()).isEqualTo(NOW.plusNanos(987_654_000));
    }

    private static PingDraft draft(String driverId, Double latitude, Double longitude, Instant recordedAt) {
        return new PingDraft(driverId, latitude, longitude, recordedAt, null, null, null, List.of());
    }
}
