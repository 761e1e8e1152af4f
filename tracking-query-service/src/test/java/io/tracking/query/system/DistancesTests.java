package io.tracking.query.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DistancesTests {

    @Test
    void shouldMeasureADegreeOfLatitude() {
        assertThat(Distances.meters(0, 0, 1, 0)).isCloseTo(111_195, within(1.0));
    }

    @Test
    void shouldShrinkLongitudeDegreesTowardsThePoles() {
        assertThat(Distances.meters(60, 10, 60, 11)).isCloseTo(55_597, within(5.0));
    }

    @Test
    void shouldMeasureBerlinToParis() {
        assertThat(Distances.meters(52.5200, 13.4050, 48.8566, 2.3522)).isCloseTo(877_500, within(1_500.0));
    }

    @Test
    void shouldBeZeroForTheSamePointAndSymmetric() {
        assertThat(Distances.meters(12.3, 45.6, 12.3, 45.6)).isZero();
        assertThat(Distances.meters(1, 2, 3, 4)).isEqualTo(Distances.meters(3, 4, 1, 2));
    }
}
