package io.tracking.query.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tracking.query.system.ApiProblem;

class StreamSlotsTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final StreamSlots slots = new StreamSlots(100, 4, 8, meters);

    @Test
    void shouldRefuseTheFifthStreamOfOneCallerNamingTheLimit() {
        for (int i = 0; i < 4; i++) {
            slots.take("c-1", "o-" + i);
        }

        assertThatThrownBy(() -> slots.take("c-1", "o-9")).isInstanceOfSatisfying(ApiProblem.class, problem -> {
            assertThat(problem.status().value()).isEqualTo(429);
            assertThat(problem.type().uri().toString()).endsWith("/too-many-streams");
            assertThat(problem.properties()).containsEntry("limit", "streams-per-caller").containsEntry("max", 4);
            assertThat(problem.retryAfterSeconds()).isPositive();
            assertThat(problem.getMessage()).doesNotContain("c-1").doesNotContain("o-9");
        });
        slots.take("c-2", "o-9");
        assertThat(meters.counter("tracking.query.live.streams.refused", "limit", "streams-per-caller").count())
                .isEqualTo(1);
    }

    @Test
    void shouldRefuseTheNinthStreamOfOneOrderNamingTheLimit() {
        for (int i = 0; i < 8; i++) {
            slots.take("c-" + i, "o-1");
        }

        assertThatThrownBy(() -> slots.take("c-9", "o-1")).isInstanceOfSatisfying(ApiProblem.class, problem -> {
            assertThat(problem.status().value()).isEqualTo(429);
            assertThat(problem.properties()).containsEntry("limit", "streams-per-order").containsEntry("max", 8);
        });
    }

    @Test
    void shouldGiveASlotBackOnceHoweverOftenItIsReleased() {
        StreamSlots.Slot first = slots.take("c-1", "o-1");
        for (int i = 0; i < 3; i++) {
            slots.take("c-1", "o-1");
        }

        first.release();
        first.release();

        slots.take("c-1", "o-1");
        assertThatThrownBy(() -> slots.take("c-1", "o-1")).isInstanceOf(ApiProblem.class);
        assertThat(slots.open()).isEqualTo(4);
    }

    @Test
    void shouldAnswer503WhenTheInstanceIsFull() {
        StreamSlots small = new StreamSlots(2, 4, 8, meters);
        small.take("c-1", "o-1");
        small.take("c-2", "o-2");

        assertThatThrownBy(() -> small.take("c-3", "o-3")).isInstanceOfSatisfying(ApiProblem.class,
                problem -> assertThat(problem.status().value()).isEqualTo(503));
    }
}
