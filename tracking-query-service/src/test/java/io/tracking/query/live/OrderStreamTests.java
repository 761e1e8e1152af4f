package io.tracking.query.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyEmitter;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import io.tracking.contract.LocationUpdate;
import io.tracking.query.location.DriverLocation;
import io.tracking.query.order.OrderStatus;
import io.tracking.query.system.Caller;

class OrderStreamTests {

    private final Instant base = Instant.parse("2025-03-01T10:00:00Z");
    private final RecordingEmitter emitter = new RecordingEmitter();
    private final AtomicInteger closed = new AtomicInteger();
    private final List<Instant> pushedLive = new ArrayList<>();

    private final OrderStream.Context context = new OrderStream.Context() {
        @Override
        public String toJson(Object payload) {
            return payload.toString();
        }

        @Override
        public void closed(OrderStream stream) {
            closed.incrementAndGet();
        }

        @Override
        public void sent(@Nullable Instant receivedAt) {
            if (receivedAt != null) {
                pushedLive.add(receivedAt);
            }
        }
    };

    private OrderStream stream(@Nullable Long lastEventId, int capacity) {
        // a direct executor keeps the test single-threaded
        return new OrderStream("o-1", "d-1", OrderStatus.ASSIGNED, new Caller("c-1", Set.of()), emitter,
                lastEventId, Runnable::run, context, capacity, 3000);
    }

    private LocationUpdate update(int second) {
        return new LocationUpdate("d-1", second, second, base.plusSeconds(second), base.plusSeconds(second), null,
                null, null);
    }

    private DriverLocation stored(int second) {
        return new DriverLocation("d-1", second, second, base.plusSeconds(second), null, null, null);
    }

    @Test
    void shouldSendStatusThenReplayThenLiveInIncreasingTimeWithoutDuplicates() {
        OrderStream stream = stream(null, 100);
        stream.onLocation(update(3));
        stream.onLocation(update(2));

        stream.start(List.of(stored(1), stored(2)));
        stream.onLocation(update(2));
        stream.onLocation(update(4));

        assertThat(emitter.names()).containsExactly("order-status", "location", "location", "location", "location");
        assertThat(emitter.ids()).containsExactly(id(1), id(2), id(3), id(4));
        assertThat(pushedLive).containsExactly(base.plusSeconds(3), base.plusSeconds(4));
    }

    @Test
    void shouldSkipPositionsNotAfterTheLastEventId() {
        OrderStream stream = stream(EventIds.of(base.plusSeconds(2)), 100);

        stream.start(List.of(stored(1), stored(2), stored(3)));

        assertThat(emitter.ids()).containsExactly(id(3));
    }

    @Test
    void shouldAnnounceStatusChangesAndCompleteAfterTheFinalOne() {
        OrderStream stream = stream(null, 100);
        stream.start(List.of());

        stream.status(OrderStatus.PICKED_UP);
        stream.status(OrderStatus.PICKED_UP);
        stream.finish(OrderStatus.DELIVERED);
        stream.onLocation(update(9));

        assertThat(emitter.names()).containsExactly("order-status", "order-status", "order-status");
        assertThat(emitter.completed).isTrue();
        assertThat(closed).hasValue(1);
    }

    @Test
    void shouldDropAClientThatCannotKeepUp() {
        OrderStream stream = stream(null, 3);
        for (int second = 1; second <= 5; second++) {
            stream.onLocation(update(second));
        }

        stream.start(List.of());

        assertThat(emitter.ids()).isEmpty();
        assertThat(emitter.completed).isTrue();
        assertThat(closed).hasValue(1);
    }

    @Test
    void shouldEndWhenTheClientIsGone() {
        OrderStream stream = stream(null, 100);
        stream.start(List.of());
        emitter.failing = true;

        stream.onLocation(update(1));
        stream.onLocation(update(2));

        assertThat(closed.get()).isPositive();
        assertThat(emitter.ids()).isEmpty();
    }

    private static String id(int second) {
        return Long.toString(EventIds.of(Instant.parse("2025-03-01T10:00:00Z").plusSeconds(second)));
    }

    /** Captures what would be written, by reading back the SSE text of each event. */
    private static final class RecordingEmitter extends SseEmitter {

        private final List<String> events = new ArrayList<>();
        private boolean completed;
        private boolean failing;

        @Override
        public void send(SseEventBuilder builder) throws IOException {
            if (failing) {
                throw new IOException("broken pipe");
            }
            StringBuilder text = new StringBuilder();
            for (ResponseBodyEmitter.DataWithMediaType part : builder.build()) {
                text.append(part.getData());
            }
            events.add(text.toString());
        }

        @Override
        public void send(Object object, @Nullable MediaType mediaType) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void complete() {
            completed = true;
        }

        List<String> names() {
            return events.stream().filter(e -> e.contains("event:"))
                    .map(e -> e.replaceAll("(?s).*event:([^\\n]*)\\n.*", "$1")).toList();
        }

        List<String> ids() {
            return events.stream().filter(e -> e.contains("id:"))
                    .map(e -> e.replaceAll("(?s).*id:([^\\n]*)\\n.*", "$1")).toList();
        }
    }
}
