package io.tracking.trips.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.tracking.contract.trip.TripParameterOverrides;
import io.tracking.trips.model.TripParameters;
import org.junit.jupiter.api.Test;

class ReplayOptionsTests {

    private static final Map<String, String> ENVIRONMENT = Map.of("DATABASE_URL", "jdbc:postgresql://db/tracking");

    @Test
    void shouldReadAnOrderAndOtherParameters() {
        ReplayOptions options = ReplayOptions.parse(new String[] {"--order", "o-1", "--dwell", "30s",
                "--arrive-radius", "60", "--exit-radius", "150", "--approach-eta", "PT90S"}, ENVIRONMENT);

        assertThat(options.orderId()).isEqualTo("o-1");
        assertThat(options.parameters().dwell()).isEqualTo(Duration.ofSeconds(30));
        assertThat(options.parameters().arriveRadiusMeters()).isEqualTo(60);
        assertThat(options.parameters().exitRadiusMeters()).isEqualTo(150);
        assertThat(options.parameters().approachEta()).isEqualTo(Duration.ofSeconds(90));
        assertThat(options.parameters().grace()).isEqualTo(TripParameters.defaults().grace());
        assertThat(options.databaseUrl()).isEqualTo("jdbc:postgresql://db/tracking");
    }

    @Test
    void shouldReadAWindow() {
        ReplayOptions options = ReplayOptions.parse(new String[] {"--from", "2026-12-07T08:00:00Z", "--to",
                "2026-12-07T12:00:00Z"}, ENVIRONMENT);

        assertThat(options.orderId()).isNull();
        assertThat(options.from()).isEqualTo(Instant.parse("2026-12-07T08:00:00Z"));
        assertThat(options.to()).isEqualTo(Instant.parse("2026-12-07T12:00:00Z"));
    }

    @Test
    void shouldApplyAnOrdersOverridesUnlessTold() {
        TripParameterOverrides overrides = new TripParameterOverrides(80.0, null, null, null, null);

        assertThat(ReplayOptions.parse(new String[] {"--order", "o-1"}, ENVIRONMENT).parametersFor(overrides)
                .arriveRadiusMeters()).isEqualTo(80);
        assertThat(ReplayOptions.parse(new String[] {"--order", "o-1", "--ignore-order-overrides"}, ENVIRONMENT)
                .parametersFor(overrides).arriveRadiusMeters()).isEqualTo(50);
    }

    @Test
    void shouldNameTheArgumentAtFault() {
        assertThatIllegalArgumentException().isThrownBy(() -> parse()).withMessageContaining("--order");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--order", "o-1", "--from", "2026-12-07T08:00:00Z",
                "--to", "2026-12-07T09:00:00Z")).withMessageContaining("either");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--order", "o-1", "--dwell", "soon"))
                .withMessageContaining("--dwell");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--order", "o-1", "--arrive-radius", "-5"))
                .withMessageContaining("--arrive-radius");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--from", "yesterday", "--to", "today"))
                .withMessageContaining("--from");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--order", "o-1", "--radius", "5"))
                .withMessageContaining("--radius");
        assertThatIllegalArgumentException().isThrownBy(() -> parse("--order"))
                .withMessageContaining("--order needs a value");
    }

    private static ReplayOptions parse(String... args) {
        return ReplayOptions.parse(args, ENVIRONMENT);
    }
}
