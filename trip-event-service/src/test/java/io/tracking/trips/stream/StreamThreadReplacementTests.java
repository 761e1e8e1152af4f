package io.tracking.trips.stream;

import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
import static org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class StreamThreadReplacementTests {

    private Instant now = Instant.parse("2026-12-07T12:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final StreamThreadReplacement handler = new StreamThreadReplacement(2, Duration.ofMinutes(10), clock);

    @Test
    void shouldReplaceADeadThreadUpToTheLimitThenShutTheClientDown() {
        assertThat(handler.handle(new IllegalStateException("1"))).isEqualTo(REPLACE_THREAD);
        assertThat(handler.handle(new IllegalStateException("2"))).isEqualTo(REPLACE_THREAD);

        assertThat(handler.handle(new IllegalStateException("3"))).isEqualTo(SHUTDOWN_CLIENT);
    }

    @Test
    void shouldForgetReplacementsOlderThanTheWindow() {
        handler.handle(new IllegalStateException("1"));
        handler.handle(new IllegalStateException("2"));
        now = now.plus(Duration.ofMinutes(11));

        assertThat(handler.handle(new IllegalStateException("3"))).isEqualTo(REPLACE_THREAD);
    }
}
