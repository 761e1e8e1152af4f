package io.tracking.benchmark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

class BenchmarkOptionsTests {

    @Test
    void shouldRunTheQuickModeByDefault() {
        BenchmarkOptions options = BenchmarkOptions.parse(List.of());

        assertThat(options.settings().mode()).isEqualTo("quick");
        assertThat(options.settings().isFull()).isFalse();
        assertThat(options.only()).isEmpty();
        assertThat(options.output()).isNull();
        assertThat(options.keepStack()).isFalse();
    }

    @Test
    void shouldReadEveryOption() {
        BenchmarkOptions options = BenchmarkOptions.parse(List.of("--full", "--runs", "5", "--only", "seed,copy",
                "--output", "/tmp/out", "--seed-consumer", "/tmp/seed", "--keep-stack"));

        assertThat(options.settings().mode()).isEqualTo("full");
        assertThat(options.settings().isFull()).as("--runs keeps the mode").isTrue();
        assertThat(options.settings().runs()).isEqualTo(5);
        assertThat(options.only()).containsExactly("seed", "copy");
        assertThat(options.output()).isEqualTo(Path.of("/tmp/out"));
        assertThat(options.seedConsumer()).isEqualTo(Path.of("/tmp/seed"));
        assertThat(options.keepStack()).isTrue();
    }

    @Test
    void shouldTurnWrkOffWithTheOptionOrTheEnvironmentVariable() {
        assertThat(BenchmarkOptions.parse(List.of("--smoke"), null).noWrk()).isFalse();
        assertThat(BenchmarkOptions.parse(List.of("--smoke", "--no-wrk"), null).noWrk()).isTrue();
        assertThat(BenchmarkOptions.parse(List.of("--smoke"), "1").noWrk()).isTrue();
        assertThat(BenchmarkOptions.parse(List.of("--smoke"), "true").noWrk()).isTrue();
        assertThat(BenchmarkOptions.parse(List.of("--smoke"), "0").noWrk()).isFalse();
        assertThat(BenchmarkOptions.parse(List.of("--smoke"), "").noWrk()).isFalse();
    }

    @Test
    void shouldRefuseUnknownOptionsAndMissingValues() {
        assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse(List.of("--fast")))
                .withMessageContaining("--fast");
        assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse(List.of("--runs")))
                .withMessageContaining("--runs needs a value");
        assertThatIllegalArgumentException().isThrownBy(() -> BenchmarkOptions.parse(List.of("--runs", "0")));
    }
}
