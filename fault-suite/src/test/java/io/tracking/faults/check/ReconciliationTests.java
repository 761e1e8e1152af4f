package io.tracking.faults.check;

import static io.tracking.faults.check.Attempts.accepted;
import static io.tracking.faults.check.Attempts.answered;
import static io.tracking.faults.check.Attempts.failed;
import static io.tracking.faults.check.Attempts.stored;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import io.tracking.faults.load.PingAttempt;

class ReconciliationTests {

    private final List<PingAttempt> attempts = List.of(
            accepted("d-1", 1, 12.1, 77.1),
            accepted("d-1", 2, 12.2, 77.2),
            accepted("d-2", 1, 13.1, 78.1),
            answered("d-2", 2, 503));

    private final List<StoredPing> latestOk = List.of(stored("d-1", 2, 12.2, 77.2), stored("d-2", 1, 13.1, 78.1));

    @Test
    void shouldCountNothingWhenEveryAcceptedPingIsStoredExactlyOnce() {
        Reconciliation result = Reconciliation.of(attempts, List.of(
                stored("d-1", 1, 12.1, 77.1), stored("d-1", 2, 12.2, 77.2), stored("d-2", 1, 13.1, 78.1)), latestOk);

        assertThat(result.sent()).isEqualTo(4);
        assertThat(result.accepted()).isEqualTo(3);
        assertThat(result.stored()).isEqualTo(3);
        assertThat(result.lost()).isZero();
        assertThat(result.duplicated()).isZero();
        assertThat(result.latestMismatches()).isZero();
        assertThat(result.clean()).isTrue();
    }

    @Test
    void shouldCountAnAcceptedPingWithoutHistoryRowAsLost() {
        Reconciliation result = Reconciliation.of(attempts, List.of(
                stored("d-1", 2, 12.2, 77.2), stored("d-2", 1, 13.1, 78.1)), latestOk);

        assertThat(result.lost()).isEqualTo(1);
        assertThat(result.lostSample()).containsExactly("d-1@2026-01-01T10:00:01Z");
        assertThat(result.duplicated()).isZero();
        assertThat(result.clean()).isFalse();
    }

    @Test
    void shouldNotCountARefusedPingThatWasNotStored() {
        Reconciliation result = Reconciliation.of(List.of(answered("d-1", 1, 503), failed("d-1", 2,
                "ConnectException")), List.of(), List.of());

        assertThat(result.sent()).isEqualTo(2);
        assertThat(result.accepted()).isZero();
        assertThat(result.lost()).isZero();
        assertThat(result.duplicated()).isZero();
        assertThat(result.clean()).isTrue();
    }

    @Nested
    class RowsBeyondTheAcceptedPings {

        @Test
        void shouldReportAStoredPingThatWasAnswered503WithoutFailingIt() {
            Reconciliation result = Reconciliation.of(attempts, List.of(stored("d-1", 1, 12.1, 77.1),
                    stored("d-1", 2, 12.2, 77.2), stored("d-2", 1, 13.1, 78.1), stored("d-2", 2, 12.9, 77.5)),
                    latestOk);

            assertThat(result.storedUnaccepted()).isEqualTo(1);
            assertThat(result.unacceptedByOutcome()).isEqualTo(Map.of("http-503", 1L));
            assertThat(result.duplicated()).isZero();
            assertThat(result.mismatched()).isZero();
            assertThat(result.lost()).isZero();
        }

        @Test
        void shouldNameTheRefusedAttemptsWhosePingWasStoredAnyway() {
            PingAttempt refused = answered("d-2", 2, 503);

            assertThat(Reconciliation.storedButRefused(List.of(accepted("d-1", 1, 12.1, 77.1), refused,
                    answered("d-2", 3, 503)), List.of(stored("d-1", 1, 12.1, 77.1), stored("d-2", 2, 12.9, 77.5))))
                    .containsExactly(refused);
        }

        @Test
        void shouldFailAStoredPingThatNoClientEverSent() {
            Reconciliation result = Reconciliation.of(attempts, List.of(stored("d-1", 1, 12.1, 77.1),
                    stored("d-1", 2, 12.2, 77.2), stored("d-2", 1, 13.1, 78.1), stored("d-3", 9, 1.0, 2.0)), latestOk);

            assertThat(result.storedUnaccepted()).isZero();
            assertThat(result.mismatched()).isEqualTo(1);
            assertThat(result.duplicated()).isZero();
            assertThat(result.clean()).isFalse();
        }

        @Test
        void shouldFailAStoredPingWhoseCoordinatesDifferFromWhatWasAccepted() {
            Reconciliation result = Reconciliation.of(attempts, List.of(stored("d-1", 1, 12.1, 77.1),
                    stored("d-1", 2, 12.2, 77.20000001), stored("d-2", 1, 13.1, 78.1)), latestOk);

            assertThat(result.mismatched()).isEqualTo(1);
            assertThat(result.duplicated()).isZero();
            assertThat(result.clean()).isFalse();
            assertThat(result.lost()).isZero();
        }

        @Test
        void shouldCountASecondRowForTheSameKey() {
            Reconciliation result = Reconciliation.of(attempts, List.of(stored("d-1", 1, 12.1, 77.1),
                    stored("d-1", 1, 12.1, 77.1), stored("d-1", 2, 12.2, 77.2), stored("d-2", 1, 13.1, 78.1)),
                    latestOk);

            assertThat(result.duplicateRows()).isEqualTo(1);
            assertThat(result.duplicated()).isEqualTo(1);
            assertThat(result.stored()).isEqualTo(4);
        }
    }

    @Nested
    class LatestPosition {

        private final List<StoredPing> history = List.of(
                stored("d-1", 1, 12.1, 77.1), stored("d-1", 2, 12.2, 77.2), stored("d-2", 1, 13.1, 78.1));

        @Test
        void shouldExpectTheNewestAcceptedPingByRecordedAtNotByArrival() {
            // the newer fix was answered first: the latest position is still the one recorded last
            List<PingAttempt> overtaken = List.of(accepted("d-1", 2, 12.2, 77.2), accepted("d-1", 1, 12.1, 77.1),
                    accepted("d-2", 1, 13.1, 78.1));

            Reconciliation result = Reconciliation.of(overtaken, history, latestOk);

            assertThat(result.latestMismatches()).isZero();
        }

        @Test
        void shouldExpectANewerPingThatWasRefusedButStoredAnywayWithoutCountingItTwice() {
            List<PingAttempt> refusedLast = List.of(accepted("d-1", 1, 12.1, 77.1), answered("d-1", 2, 503));
            List<StoredPing> stored = List.of(stored("d-1", 1, 12.1, 77.1), stored("d-1", 2, 12.9, 77.5));

            Reconciliation result = Reconciliation.of(refusedLast, stored, List.of(stored("d-1", 2, 12.9, 77.5)));

            assertThat(result.storedUnaccepted()).isEqualTo(1);
            assertThat(result.latestMismatches()).isZero();
            assertThat(result.drivers()).isEqualTo(1);
            assertThat(Reconciliation.expectedLatest(refusedLast, stored).get("d-1").recordedAt())
                    .isEqualTo(Attempts.T0.plusSeconds(2));
        }

        @Test
        void shouldFlagALatestRowThatIsAnOlderPing() {
            Reconciliation result = Reconciliation.of(attempts, history,
                    List.of(stored("d-1", 1, 12.1, 77.1), stored("d-2", 1, 13.1, 78.1)));

            assertThat(result.latestMismatches()).isEqualTo(1);
            assertThat(result.latestSample()).containsExactly("d-1");
            assertThat(result.clean()).isFalse();
        }

        @Test
        void shouldFlagAMissingLatestRow() {
            Reconciliation result = Reconciliation.of(attempts, history, List.of(stored("d-1", 2, 12.2, 77.2)));

            assertThat(result.latestMismatches()).isEqualTo(1);
            assertThat(result.latestSample()).containsExactly("d-2");
        }

        @Test
        void shouldFlagALatestRowOfADriverWithNoAcceptedPing() {
            Reconciliation result = Reconciliation.of(attempts, history, List.of(stored("d-1", 2, 12.2, 77.2),
                    stored("d-2", 1, 13.1, 78.1), stored("d-9", 5, 1.0, 1.0)));

            assertThat(result.latestMismatches()).isEqualTo(1);
            assertThat(result.latestSample()).containsExactly("d-9");
        }

        @Test
        void shouldFlagALatestRowWithOtherCoordinates() {
            Reconciliation result = Reconciliation.of(attempts, history,
                    List.of(stored("d-1", 2, 12.2, 77.3), stored("d-2", 1, 13.1, 78.1)));

            assertThat(result.latestMismatches()).isEqualTo(1);
        }
    }

    @Test
    void shouldNameLostPingsByDriverAndTimeOnly() {
        Reconciliation result = Reconciliation.of(attempts, List.of(), List.of());

        assertThat(result.lostSample()).hasSize(3).allSatisfy(entry -> {
            assertThat(entry).doesNotContain("12.").doesNotContain("77.").doesNotContain("13.1");
            assertThat(entry).matches("d-\\d@2026-01-01T10:00:0\\dZ");
        });
    }
}
