package io.tracking.benchmark.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class SpreadTests {

    @Test
    void shouldTakeTheMiddleValueOfAnOddNumberOfRuns() {
        Spread spread = Spread.of(List.of(30.0, 10.0, 20.0));

        assertThat(spread).isEqualTo(new Spread(20.0, 10.0, 30.0));
    }

    @Test
    void shouldAverageTheTwoMiddleValuesOfAnEvenNumberOfRuns() {
        Spread spread = Spread.of(List.of(4.0, 1.0, 3.0, 2.0));

        assertThat(spread.median()).isEqualTo(2.5);
        assertThat(spread.min()).isEqualTo(1.0);
        assertThat(spread.max()).isEqualTo(4.0);
    }

    @Test
    void shouldGiveASingleRunAsItsOwnMedianAndRange() {
        assertThat(Spread.of(List.of(7.0))).isEqualTo(new Spread(7.0, 7.0, 7.0));
    }

    @Test
    void shouldNotReorderTheCallersRuns() {
        List<Double> runs = new java.util.ArrayList<>(List.of(3.0, 1.0, 2.0));

        Spread.of(runs);

        assertThat(runs).containsExactly(3.0, 1.0, 2.0);
    }

    @Test
    void shouldMeasureTheRangeRelativeToTheMedian() {
        assertThat(Spread.of(List.of(90.0, 100.0, 110.0)).relativeRange()).isCloseTo(0.2, within(1e-12));
        assertThat(Spread.of(List.of(0.0, 0.0, 0.0)).relativeRange()).isZero();
    }

    @Test
    void shouldRefuseNoRunsAndNonNumbers() {
        assertThatIllegalArgumentException().isThrownBy(() -> Spread.of(List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> Spread.of(List.of(1.0, Double.NaN, 2.0)));
        assertThatIllegalArgumentException().isThrownBy(() -> Spread.of(List.of(Double.POSITIVE_INFINITY)));
    }
}
