package io.tracking.trips.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;

import org.junit.jupiter.api.Test;

import io.tracking.contract.trip.Stop;

class DetourFactorTests {

    @Test
    void shouldStartAtTheUsualCityRatio() {
        assertThat(DetourFactor.initial()).isEqualTo(new DetourFactor(1.3, 0));
    }

    @Test
    void shouldConvergeToTheRatioOfNoisyLegs() {
        Random random = new Random(3);
        DetourFactor factor = DetourFactor.initial();
        for (int i = 0; i < 500; i++) {
            double ratio = 1.45 + (random.nextDouble() - 0.5) * 0.4;
            factor = factor.observe(new LegObservation(Stop.PICKUP, 2000, 200, 200 * ratio));
        }

        assertThat(factor.value()).isCloseTo(1.45, within(0.03));
        assertThat(factor.legs()).isEqualTo(500);
    }

    @Test
    void shouldLearnQuicklyFromTheFirstLegsThenSlowly() {
        DetourFactor afterOne = DetourFactor.initial().observe(leg(2.0));
        DetourFactor settled = new DetourFactor(1.3, 1000).observe(leg(2.0));

        assertThat(afterOne.value()).isCloseTo(1.65, within(1e-9));
        assertThat(settled.value()).isCloseTo(1.3 + DetourFactor.WEIGHT * 0.7, within(1e-9));
    }

    @Test
    void shouldBoundEachLegAndTheFactor() {
        DetourFactor factor = DetourFactor.initial();
        for (int i = 0; i < 300; i++) {
            factor = factor.observe(leg(40));
        }
        assertThat(factor.value()).isLessThanOrEqualTo(DetourFactor.MAX).isCloseTo(DetourFactor.MAX, within(1e-3));

        for (int i = 0; i < 300; i++) {
            factor = factor.observe(leg(0.2));
        }
        assertThat(factor.value()).isGreaterThanOrEqualTo(DetourFactor.MIN)
                .isCloseTo(DetourFactor.MIN, within(1e-3));
    }

    @Test
    void shouldIgnoreLegsTooShortToSayAnythingAboutRoads() {
        DetourFactor factor = DetourFactor.initial();

        assertThat(factor.observe(new LegObservation(Stop.PICKUP, 300, 30, 90))).isSameAs(factor);
        assertThat(factor.observe(new LegObservation(Stop.PICKUP, 2000, 200, 0))).isSameAs(factor);
    }

    @Test
    void shouldGoBelowOneWhereDriversCloseInFasterThanTheBaseSpeed() {
        DetourFactor factor = DetourFactor.initial();
        for (int i = 0; i < 200; i++) {
            factor = factor.observe(leg(0.8));
        }

        assertThat(factor.value()).isCloseTo(0.8, within(1e-3));
    }

    @Test
    void shouldRejectAFactorOutOfBounds() {
        assertThatIllegalArgumentException().isThrownBy(() -> new DetourFactor(0.4, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new DetourFactor(Double.NaN, 0));
    }

    private static LegObservation leg(double ratio) {
        return new LegObservation(Stop.DROPOFF, 3000, 300, 300 * ratio);
    }
}
