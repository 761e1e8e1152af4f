package io.tracking.faults.check;

import static io.tracking.faults.check.Attempts.nanos;
import static io.tracking.faults.check.Attempts.timed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.tracking.faults.load.PingAttempt;

/** The broker is confirmed dead at 100 s, its restart begins at 115 s, it answers again at 120 s. */
class OutageReportTests {

    private final OutageWindow window = new OutageWindow(nanos(100), nanos(115));
    private final long returned = nanos(120);

    @Test
    void shouldJudgeOnlyRequestsThatStartedAndEndedInsideTheWindow() {
        OutageReport report = OutageReport.of(List.of(
                timed(101, 101.2, 503),
                timed(105, 107, 503),
                timed(114, 115, 503),
                timed(99, 101, 503),
                timed(114.5, 116, 503)), window, returned);

        assertThat(report.inside()).isEqualTo(3);
        assertThat(report.unavailableInside()).isEqualTo(3);
        assertThat(report.straddling()).isEqualTo(2);
        assertThat(report.windowSeconds()).isEqualTo(15.0);
    }

    @Test
    void shouldNotBlameA202WhoseRequestStartedBeforeTheBrokerWasConfirmedDead() {
        OutageReport report = OutageReport.of(List.of(timed(99.9, 100.5, 202)), window, returned);

        assertThat(report.acceptedInside()).isZero();
        assertThat(report.acceptedStraddling()).isEqualTo(1);
    }

    @Test
    void shouldNotBlameA202ThatEndedAfterTheRestartBegan() {
        OutageReport report = OutageReport.of(List.of(timed(113, 116, 202)), window, returned);

        assertThat(report.acceptedInside()).isZero();
        assertThat(report.acceptedStraddling()).isEqualTo(1);
    }

    @Test
    void shouldCountA202ThatStartedAndEndedWhileTheBrokerWasGone() {
        OutageReport report = OutageReport.of(List.of(timed(100, 100.01, 202), timed(110, 110.5, 503)), window,
                returned);

        assertThat(report.acceptedInside()).isEqualTo(1);
        assertThat(report.unavailableInside()).isEqualTo(1);
    }

    @Test
    void shouldListAnswersOtherThan503InsideTheWindowByOutcome() {
        OutageReport report = OutageReport.of(List.of(timed(101, 102, 500), timed(103, 104, 500),
                timed(105, 106, PingAttempt.NO_RESPONSE), timed(107, 108, 503)), window, returned);

        assertThat(report.otherInside()).isEqualTo(Map.of("http-500", 2L, "HttpTimeoutException", 1L));
        assertThat(report.unavailableInside()).isEqualTo(1);
    }

    @Test
    void shouldMeasureRecoveryFromTheBrokersReturnToTheEndOfTheFirst202() {
        OutageReport report = OutageReport.of(List.of(
                timed(121, 121.5, 503),
                timed(123, 123.25, 202),
                timed(124, 124.1, 202)), window, returned);

        assertThat(report.recoverySeconds()).isEqualTo(3.25);
        assertThat(report.refusedAfterReturn()).isEqualTo(1);
    }

    @Test
    void shouldNotTakeA202OfARequestStartedBeforeTheRestartAsRecovery() {
        OutageReport report = OutageReport.of(List.of(timed(99, 99.5, 202), timed(126, 126.5, 202)), window,
                returned);

        assertThat(report.recoverySeconds()).isEqualTo(6.5);
    }

    @Test
    void shouldCountRecoveryBeforeTheBrokerAnsweredAdminRequestsAsImmediate() {
        OutageReport report = OutageReport.of(List.of(timed(116, 119, 202)), window, returned);

        assertThat(report.recoverySeconds()).isEqualTo(0.0);
    }

    @Test
    void shouldReportNoRecoveryWhenNo202FollowedTheRestart() {
        OutageReport report = OutageReport.of(List.of(timed(121, 121.5, 503)), window, returned);

        assertThat(report.recoverySeconds()).isNull();
    }

    @Test
    void shouldRefuseAWindowThatEndsBeforeItStarts() {
        assertThatIllegalArgumentException().isThrownBy(() -> new OutageWindow(nanos(10), nanos(9)));
    }
}
