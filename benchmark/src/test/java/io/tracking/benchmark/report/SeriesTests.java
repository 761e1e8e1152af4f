package io.tracking.benchmark.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class SeriesTests {

    @Test
    void shouldTurnACumulativeCountIntoARatePerWindow() {
        List<Series.Point> cumulative = List.of(new Series.Point(10.0, 0), new Series.Point(10.5, 500),
                new Series.Point(11.0, 1500), new Series.Point(11.5, 1500), new Series.Point(12.0, 2000));

        Series rate = Series.rateOf("k", "t", "rows/s", cumulative, 1.0);

        assertThat(rate.points()).containsExactly(new Series.Point(1.0, 1500), new Series.Point(2.0, 500));
        assertThat(rate.maxValue()).isEqualTo(1500);
        assertThat(rate.maxSeconds()).isEqualTo(2.0);
    }

    @Test
    void shouldEndWithAShorterWindowAtTheLastSample() {
        List<Series.Point> cumulative = List.of(new Series.Point(0, 0), new Series.Point(1.0, 100),
                new Series.Point(1.6, 220));

        Series rate = Series.rateOf("k", "t", "rows/s", cumulative, 1.0);

        assertThat(rate.points()).hasSize(2);
        assertThat(rate.points().get(0)).isEqualTo(new Series.Point(1.0, 100));
        assertThat(rate.points().get(1).seconds()).isEqualTo(1.6);
        assertThat(rate.points().get(1).value()).isCloseTo(200, within(1e-9));
    }

    @Test
    void shouldMergeAVeryShortLastWindowIntoThePreviousOne() {
        List<Series.Point> cumulative = List.of(new Series.Point(0, 0), new Series.Point(1.0, 1000),
                new Series.Point(2.0, 2000), new Series.Point(2.05, 2100));

        Series rate = Series.rateOf("k", "t", "rows/s", cumulative, 1.0);

        assertThat(rate.points()).hasSize(2);
        assertThat(rate.points().get(1).seconds()).isEqualTo(2.05);
        assertThat(rate.points().get(1).value()).isCloseTo(1100 / 1.05, within(1e-9));
    }

    @Test
    void shouldBeEmptyWithoutTwoSamples() {
        assertThat(Series.rateOf("k", "t", "u", List.of(new Series.Point(1, 1)), 1.0).points()).isEmpty();
        assertThat(Series.rateOf("k", "t", "u", List.of(), 1.0).maxValue()).isZero();
    }
}
