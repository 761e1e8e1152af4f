package io.tracking.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class SuiteOptionsTests {

    private final Path root = Path.of("/repo");

    @Test
    void shouldRunEveryScenarioWithModerateLoadByDefault() {
        SuiteOptions options = SuiteOptions.parse(new String[0], root);

        assertThat(options.scenarios()).isEmpty();
        assertThat(options.settings().drivers()).isEqualTo(200);
        assertThat(options.settings().warmUp()).isEqualTo(Duration.ofSeconds(20));
        assertThat(options.settings().startupTimeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(options.settings().interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(options.settings().minLoad()).isEqualTo(Duration.ofSeconds(60));
        assertThat(options.resultsDirectory()).isEqualTo(Path.of("/repo/fault-suite/results"));
        assertThat(options.dataDirectory()).isNull();
    }

    @Test
    void shouldTakeScenarioNamesAndOptions() {
        SuiteOptions options = SuiteOptions.parse(new String[] {"kafka-outage", "--drivers", "50", "writer-kill",
                "--min-load-seconds", "20", "--keep-data", "--warm-up-seconds", "0"}, root);

        assertThat(options.scenarios()).containsExactly("kafka-outage", "writer-kill");
        assertThat(options.settings().drivers()).isEqualTo(50);
        assertThat(options.settings().minLoad()).isEqualTo(Duration.ofSeconds(20));
        assertThat(options.keepData()).isTrue();
        assertThat(options.settings().warmUp()).isZero();
    }

    @Test
    void shouldRefuseAnUnknownScenarioBeforeAnythingStarts() {
        assertThatIllegalArgumentException().isThrownBy(() -> SuiteOptions.parse(new String[] {"kafka-outgae"}, root))
                .withMessageContaining("kafka-outgae").withMessageContaining("kafka-outage");
    }

    @Test
    void shouldRefuseAnUnknownOptionAndANonPositiveNumber() {
        assertThatIllegalArgumentException().isThrownBy(() -> SuiteOptions.parse(new String[] {"--fast"}, root));
        assertThatIllegalArgumentException().isThrownBy(() -> SuiteOptions.parse(new String[] {"--drivers", "0"}, root))
                .withMessageContaining("--drivers");
        assertThatIllegalArgumentException().isThrownBy(() -> SuiteOptions.parse(new String[] {"--drivers"}, root));
    }
}
