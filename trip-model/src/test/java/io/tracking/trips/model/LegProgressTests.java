package io.tracking.trips.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class LegProgressTests {

    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");
    private static final double MEMORY_SECONDS = LegProgress.MEMORY.toSeconds();

    @Test
    void shouldMeasureTheStraightLineMetresGainedOverTheSecondsTheyTook() {
        LegProgress progress = drive(LegProgress.startingAt(T0, 20_000), Duration.ofMinutes(30), 8);

        assertThat(progress.closedMeters() / progress.seconds()).isCloseTo(8.0, within(1e-6));
        assertThat(progress.seconds()).as("a full memory").isCloseTo(MEMORY_SECONDS, within(3.0));
        assertThat(progress.distanceMeters()).isCloseTo(20_000 - 8 * 1800, within(1e-6));
        assertThat(progress.at()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
    }

    @Test
    void shouldJudgeADriverWhoWaitedAfterTheAssignmentByHowTheyDriveNow() {
        LegProgress waited = drive(LegProgress.startingAt(T0, 8_000), Duration.ofMinutes(5), 0);
        LegProgress driving = drive(waited, Duration.ofMinutes(10), 8);

        assertThat(waited.closedMeters()).isZero();
        // since the assignment the driver closed in at 4800 m / 900 s = 5.3 m/s; the pace remembers the last minutes
        assertThat(driving.closedMeters() / driving.seconds()).isGreaterThan(7.0);
    }

    @Test
    void shouldCountMovingAwayFromTheStopAsNegativeProgress() {
        LegProgress away = drive(LegProgress.startingAt(T0, 3_000), Duration.ofMinutes(2), -10);

        assertThat(away.closedMeters()).isNegative();
        assertThat(away.distanceMeters()).isCloseTo(4_200, within(1e-6));
    }

    @Test
    void shouldHardlyFeelTheErrorOfOneFix() {
        LegProgress before = drive(LegProgress.startingAt(T0, 12_000), Duration.ofMinutes(5), 8);
        LegProgress clean = before;
        LegProgress strayed = before;
        for (int second = 4; second <= 60; second += 4) {
            double distance = before.distanceMeters() - 8 * second;
            clean = clean.then(before.at().plusSeconds(second), distance);
            strayed = strayed.then(before.at().plusSeconds(second), second == 4 ? distance + 40 : distance);
        }

        // the stray fix loses 40 m and the next one wins them back, weighted a few seconds apart
        assertThat(strayed.closedMeters()).isCloseTo(clean.closedMeters(), within(1.0));
        assertThat(strayed.seconds()).isEqualTo(clean.seconds());
    }

    /** Moves towards the stop at {@code closingMps} (negative: away) for {@code duration}, a fix every 4 s. */
    private static LegProgress drive(LegProgress from, Duration duration, double closingMps) {
        LegProgress progress = from;
        for (int second = 4; second <= duration.toSeconds(); second += 4) {
            progress = progress.then(from.at().plusSeconds(second), from.distanceMeters() - closingMps * second);
        }
        return progress;
    }
}
