package io.tracking.trips.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.OptionalDouble;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import io.tracking.contract.trip.GeoPoint;
import io.tracking.contract.trip.Stop;

class EtaEstimatorTests {

    private static final GeoPoint STOP = new GeoPoint(12.9716, 77.5946);
    private static final GeoPoint THREE_KM_SOUTH = Track.offset(STOP, -3000, 0);
    private static final Instant AT = Instant.parse("2026-12-07T18:00:00Z");
    private static final double BASE_SECONDS = EtaEstimator.BASE_WEIGHT.toSeconds();

    @Test
    void shouldStartALegFromTheTypicalSpeedOrTheFallback() {
        EtaEstimator withHistory = new EtaEstimator((latitude, longitude, at) -> OptionalDouble.of(10),
                DetourFactor.initial());

        EtaEstimate typical = estimate(withHistory, null);
        EtaEstimate atTheFirstFix = estimate(withHistory, progress(0, 0));

        assertThat(typical.speedMps()).isEqualTo(10.0);
        assertThat(typical.distanceMeters()).isCloseTo(3000, within(1.0));
        assertThat(typical.seconds()).isCloseTo(3000 * 1.3 / 10, within(0.5));
        assertThat(atTheFirstFix).isEqualTo(typical);
        assertThat(estimate(EtaEstimator.withoutHistory(), null).speedMps())
                .isEqualTo(EtaEstimator.FALLBACK_SPEED_MPS);
    }

    @Test
    void shouldBlendInTheDriversPaceByTheSecondsItWasMeasuredOver() {
        EtaEstimator estimator = new EtaEstimator((latitude, longitude, at) -> OptionalDouble.of(6),
                DetourFactor.initial());

        // closing in at 7.5 m/s on the straight line: 7.5 × 1.3 = 9.75 m/s on the roads
        EtaEstimate afterTwoMinutes = estimate(estimator, progress(900, 120));
        EtaEstimate afterFive = estimate(estimator, progress(2250, 300));

        assertThat(afterTwoMinutes.speedMps()).as("half and half").isCloseTo((6 + 9.75) / 2, within(1e-9));
        assertThat(afterFive.speedMps()).as("the driver's pace weighs 5 in 7")
                .isCloseTo((BASE_SECONDS * 6 + 300 * 9.75) / (BASE_SECONDS + 300), within(1e-9));
        assertThat(afterFive.seconds()).isCloseTo(3000 * 1.3 / afterFive.speedMps(), within(1e-6));
        assertThat(afterFive.baseSpeedMps()).isEqualTo(6.0);
        assertThat(afterFive.straightLineSeconds()).as("at the base speed, for the detour factor")
                .isCloseTo(3000 / 6.0, within(0.5));
    }

    @Test
    void shouldNotLetADriverWhoHasNotMovedForMinutesHaveAnEndlessEta() {
        EtaEstimate stopped = estimate(EtaEstimator.withoutHistory(), progress(0, 300));
        EtaEstimate goingAway = estimate(EtaEstimator.withoutHistory(), progress(-2000, 300));

        assertThat(stopped.speedMps()).isEqualTo(EtaEstimator.MIN_SPEED_MPS);
        assertThat(goingAway.speedMps()).isEqualTo(EtaEstimator.MIN_SPEED_MPS);
        assertThat(goingAway.seconds()).isFinite();
    }

    @Test
    void shouldAskTheTypicalSpeedOfThePositionAtTheFixTime() {
        double[] asked = new double[3];
        EtaEstimator estimator = new EtaEstimator((latitude, longitude, at) -> {
            asked[0] = latitude;
            asked[1] = longitude;
            asked[2] = at.getEpochSecond();
            return OptionalDouble.empty();
        }, DetourFactor.initial());

        estimate(estimator, null);

        assertThat(asked).containsExactly(THREE_KM_SOUTH.latitude(), THREE_KM_SOUTH.longitude(),
                AT.getEpochSecond());
    }

    @Test
    void shouldApplyTheCalibratedDetourFactorToLaterEstimates() {
        EtaEstimator estimator = EtaEstimator.withoutHistory();
        double before = estimate(estimator, null).seconds();

        for (int i = 0; i < 100; i++) {
            estimator.calibrate(new LegObservation(Stop.DROPOFF, 3000, 300, 480));
        }

        assertThat(estimator.detourFactor().value()).isCloseTo(1.6, within(0.01));
        assertThat(estimate(estimator, null).seconds()).isCloseTo(before * 1.6 / 1.3, within(2.0));
        assertThat(estimator.reachableMeters(120)).isCloseTo(120 * EtaEstimator.MAX_SPEED_MPS / 1.6, within(30.0));
    }

    private static LegProgress progress(double closedMeters, double seconds) {
        return new LegProgress(AT, 3000, closedMeters, seconds);
    }

    private static EtaEstimate estimate(EtaEstimator estimator, @Nullable LegProgress progress) {
        return estimator.estimate(THREE_KM_SOUTH.latitude(), THREE_KM_SOUTH.longitude(), STOP, AT, progress);
    }
}
