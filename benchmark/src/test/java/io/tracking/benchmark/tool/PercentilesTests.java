package io.tracking.benchmark.tool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;

import org.junit.jupiter.api.Test;

class PercentilesTests {

    private final List<Double> tenProbes = List.of(900.0, 100.0, 800.0, 200.0, 700.0, 300.0, 600.0, 400.0, 500.0,
            1000.0);

    @Test
    void shouldUseTheNearestRank() {
        assertThat(Percentiles.of(tenProbes, 50)).isEqualTo(500.0);
        assertThat(Percentiles.of(tenProbes, 90)).isEqualTo(900.0);
        assertThat(Percentiles.of(tenProbes, 99)).isEqualTo(1000.0);
        assertThat(Percentiles.of(tenProbes, 100)).isEqualTo(1000.0);
        assertThat(Percentiles.of(tenProbes, 1)).isEqualTo(100.0);
    }

    @Test
    void shouldRefuseNoValuesOrAPercentileOutOfRange() {
        assertThatIllegalArgumentException().isThrownBy(() -> Percentiles.of(List.of(), 50));
        assertThatIllegalArgumentException().isThrownBy(() -> Percentiles.of(tenProbes, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> Percentiles.of(tenProbes, 101));
    }
}
