package io.tracking.trips.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.OptionalDouble;

import org.junit.jupiter.api.Test;

import io.tracking.contract.trip.GeoPoint;
import io.tracking.contract.trip.Stop;

class EtaEstimatorTests {

    private static final GeoPoint STOP = new GeoPoint(12.9716, 77.5946);
    private static final GeoPoint THREE_KM_SOUTH = Track.offset(STOP, -3000, 0);
    private static final Instant AT = Instant.parse("2026-12-07T18:00:00Z");

    @Test
    void shouldBlendTheRecentSpeedEvenlyWithTheTypicalSpeed() {
        EtaEstimator estimator = new EtaEstimator((latitude, longitude, at) -> OptionalDouble.of(10),
                DetourFactor.initial());

        EtaEstimate estimate = estimate(estimator, OptionalDouble.of(6));

        assertThat(estimate.speedMps()).isEqualTo(8.0);
        assertThat(estimate.distanceMeters()).isCloseTo(3000, within(1.0));
        assertThat(estimate.seconds()).isCloseTo(3000 * 1.3 / 8, within(0.5));
        assertThat(estimate.straightLineSeconds()).isCloseTo(3000 / 8.0, within(0.5));
    }

    @Test
    void shouldUseWhicheverSpeedIsKnownAndAFallbackWithoutEither() {
        EtaEstimator withHistory = new EtaEstimator((latitude, longitude, at) -> OptionalDouble.of(12),
                DetourFactor.initial());
        EtaEstimator withoutHistory = EtaEstimator.withoutHistory();

        assertThat(estimate(withHistory, OptionalDouble.empty()).speedMps()).isEqualTo(12.0);
        assertThat(estimate(withoutHistory, OptionalDouble.of(7)).speedMps()).isEqualTo(7.0);
        assertThat(estimate(withoutHistory, OptionalDouble.empty()).speedMps())
                .isEqualTo(EtaEstimator.FALLBACK_SPEED_MPS);
    }

    @Test
    void shouldNotLetAStoppedDriverHaveAnEndlessEta() {
        EtaEstimate stopped = estimate(EtaEstimator.withoutHistory(), OptionalDouble.of(0));

        assertThat(stopped.speedMps()).isEqualTo(EtaEstimator.MIN_SPEED_MPS);
        assertThat(stopped.seconds()).isFinite();
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

        estimate(estimator, OptionalDouble.empty());

        assertThat(asked).containsExactly(THREE_KM_SOUTH.latitude(), THREE_KM_SOUTH.longitude(),
                AT.getEpochSecond());
    }

    @Test
    void shouldApplyTheCalibratedDetourFactorToLaterEstimates() {
        EtaEstimator estimator = EtaEstimator.withoutHistory();
        double before = estimate(estimator, OptionalDouble.of(10)).seconds();

        for (int i = 0; i < 100; i++) {
            estimator.calibrate(new LegObservation(Stop.DROPOFF, 3000, 300, 480));
        }

        assertThat(estimator.detourFactor().value()).isCloseTo(1.6, within(0.01));
        assertThat(estimate(estimator, OptionalDouble.of(10)).seconds()).isCloseTo(before * 1.6 / 1.3, within(2.0));
        assertThat(estimator.reachableMeters(120)).isCloseTo(120 * EtaEstimator.MAX_SPEED_MPS / 1.6, within(30.0));
    }

    private static EtaEstimate estimate(EtaEstimator estimator, OptionalDouble recentSpeed) {
        return estimator.estimate(THREE_KM_SOUTH.latitude(), THREE_KM_SOUTH.longitude(), STOP, AT, recentSpeed);
    }
}
