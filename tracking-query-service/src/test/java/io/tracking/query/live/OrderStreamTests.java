package io.tracking.query.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import io.tracking.contract.LocationUpdate;
import io.tracking.query.location.DriverLocation;
import io.tracking.query.order.OrderStatus;
import io.tracking.query.system.Caller;

class OrderStreamTests {

    private static final Instant BASE = Instant.parse("2025-03-01T10:00:00Z");

    private final FakeSink sink = new FakeSink();
    private final AtomicInteger closed = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
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

        @Override
        public void dropped(OrderStream stream, int queued) {
            dropped.incrementAndGet();
        }
    };

    private OrderStream stream(@Nullable Long lastEventId, int capacity) {
        return stream(lastEventId, capacity, new OrderStream.Assignment("d-1", BASE));
    }

    private OrderStream stream(@Nullable Long lastEventId, int capacity, OrderStream.Assignment assignment) {
        // a direct executor keeps the test single-threaded: a drain that waited for the client would hang it
        return new OrderStream("o-1", assignment, OrderStatus.ASSIGNED, new Caller("c-1", Set.of()), lastEventId,
                Runnable::run, context, capacity, 3000);
    }

    private static LocationUpdate update(String driverId, int second) {
        return new LocationUpdate(driverId, second, second, BASE.plusSeconds(second), BASE.plusSeconds(second), null,
                null, null);
    }

    private static LocationUpdate update(int second) {
        return update("d-1", second);
    }

    private static DriverLocation stored(String driverId, int second) {
        return new DriverLocation(driverId, second, second, BASE.plusSeconds(second), null, null, null);
    }

    private static DriverLocation stored(int second) {
        return stored("d-1", second);
    }

    @Test
    void shouldSendStatusThenReplayThenLiveInIncreasingTimeWithoutDuplicates() {
        OrderStream stream = stream(null, 100);
        stream.onLocation(update(3));
        stream.onLocation(update(2));

        stream.start(sink, List.of(), List.of(stored(1), stored(2)), null);
        stream.onLocation(update(2));
        stream.onLocation(update(4));

        assertThat(sink.names()).containsExactly("order-status", "location", "location", "location", "location");
        assertThat(sink.ids()).containsExactly(id(1), id(2), id(3), id(4));
        assertThat(pushedLive).containsExactly(BASE.plusSeconds(3), BASE.plusSeconds(4));
        assertThat(sink.text()).startsWith("retry:3000\nevent:order-status\ndata:");
    }

    @Test
    void shouldSkipPositionsNotAfterTheLastEventId() {
        OrderStream stream = stream(EventIds.of(BASE.plusSeconds(2)), 100);

        stream.start(sink, List.of(), List.of(stored(1), stored(2), stored(3)), null);

        assertThat(sink.ids()).containsExactly(id(3));
    }

    @Test
    void shouldAnnounceStatusChangesAndCompleteAfterTheFinalOne() {
        OrderStream stream = stream(null, 100);
        stream.start(sink, List.of(), List.of(), null);

        stream.status(OrderStatus.PICKED_UP);
        stream.status(OrderStatus.PICKED_UP);
        stream.finish(OrderStatus.DELIVERED);
        stream.onLocation(update(9));

        assertThat(sink.names()).containsExactly("order-status", "order-status", "order-status");
        assertThat(sink.completed).isTrue();
        assertThat(closed).hasValue(1);
    }

    @Test
    void shouldSendTheCurrentPositionEvenIfRecordedBeforeTheAssignmentButNothingElseFromBefore() {
        OrderStream stream = stream(null, 100, new OrderStream.Assignment("d-1", BASE.plusSeconds(5)));

        stream.start(sink, List.of(), List.of(stored(1)), stored(2));
        stream.onLocation(update(3));
        stream.onLocation(update(5));

        assertThat(sink.ids()).containsExactly(id(2), id(5));
    }

    @Test
    void shouldShowOnlyTheNewDriverSinceItsAssignmentAfterAReassignment() {
        OrderStream stream = stream(null, 100);
        stream.start(sink, List.of(), List.of(), null);
        stream.onLocation(update(1));
        // queued but not yet written when the reassignment arrives: the client is not ready
        sink.ready = false;
        stream.onLocation(update(11));

        stream.assign(new OrderStream.Assignment("d-2", BASE.plusSeconds(10)), true);
        stream.onLocation(update("d-2", 13));
        stream.caughtUp(List.of(stored("d-2", 8), stored("d-2", 12)));
        sink.ready = true;
        stream.writable();

        assertThat(sink.ids()).containsExactly(id(1), id(12), id(13));
        assertThat(sink.text()).contains("driverId=d-2").doesNotContain("latitude=11.0").doesNotContain("latitude=8.0");
    }

    @Test
    void shouldNeverWaitForAClientThatStoppedReadingAndResumeWhenItReadsAgain() {
        OrderStream stream = stream(null, 100);
        stream.start(sink, List.of(), List.of(), null);
        sink.ready = false;

        stream.onLocation(update(1));
        stream.onLocation(update(2));

        assertThat(sink.ids()).isEmpty();
        sink.ready = true;
        stream.writable();
        assertThat(sink.ids()).containsExactly(id(1), id(2));
        assertThat(sink.flushes).isPositive();
        assertThat(closed).hasValue(0);
    }

    @Test
    void shouldLookAgainWhenTheClientReadsWhileTheSenderFoundItNotReady() {
        OrderStream stream = stream(null, 100);
        stream.start(sink, List.of(), List.of(), null);
        // the container reports "writable" between the sender's "not ready" and its decision to stop
        sink.ready = false;
        sink.onNotReady = () -> {
            sink.ready = true;
            stream.writable();
        };

        stream.onLocation(update(1));

        assertThat(sink.ids()).containsExactly(id(1));
    }

    @Test
    void shouldDropAClientThatLetsItsQueueFillWithoutWritingToIt() {
        OrderStream stream = stream(null, 3);
        stream.start(sink, List.of(), List.of(), null);
        int written = sink.events.size();
        sink.ready = false;

        for (int second = 1; second <= 5; second++) {
            stream.onLocation(update(second));
        }

        assertThat(sink.events).hasSize(written);
        assertThat(sink.completed).isTrue();
        assertThat(dropped).hasValue(1);
        assertThat(closed).hasValue(1);
        stream.writable();
        stream.onLocation(update(6));
        assertThat(sink.events).hasSize(written);
        assertThat(closed).hasValue(1);
    }

    @Test
    void shouldLetAReplayExceedTheQueueButNotWhatArrivesLiveAfterIt() {
        OrderStream stream = stream(0L, 3);
        sink.ready = false;

        stream.start(sink, List.of(), List.of(stored(1), stored(2), stored(3), stored(4), stored(5)), null);
        stream.onLocation(update(6));
        stream.onLocation(update(7));

        assertThat(dropped).hasValue(0);
        sink.ready = true;
        stream.writable();
        assertThat(sink.ids()).containsExactly(id(1), id(2), id(3), id(4), id(5), id(6), id(7));
        sink.ready = false;
        for (int second = 8; second <= 11; second++) {
            stream.onLocation(update(second));
        }
        assertThat(dropped).hasValue(1);
    }

    @Test
    void shouldDropAClientThatFellBehindBeforeTheStreamStarted() {
        OrderStream stream = stream(null, 3);
        for (int second = 1; second <= 5; second++) {
            stream.onLocation(update(second));
        }

        stream.start(sink, List.of(), List.of(), null);

        assertThat(sink.events).isEmpty();
        assertThat(sink.completed).isTrue();
        assertThat(closed).hasValue(1);
    }

    @Test
    void shouldEndWhenTheClientIsGone() {
        OrderStream stream = stream(null, 100);
        stream.start(sink, List.of(), List.of(), null);
        sink.failing = true;

        stream.onLocation(update(1));
        stream.onLocation(update(2));

        assertThat(closed).hasValue(1);
        assertThat(sink.ids()).isEmpty();
    }

    @Test
    void shouldEndOnceWhateverEndsIt() {
        OrderStream stream = stream(null, 100);
        stream.start(sink, List.of(), List.of(), null);

        stream.terminate();
        stream.close();
        stream.terminate();

        assertThat(closed).hasValue(1);
    }

    private static String id(int second) {
        return Long.toString(EventIds.of(BASE.plusSeconds(second)));
    }

    /** Records what is written; readiness and failures are the test's to set. */
    private static final class FakeSink implements EventSink {

        private final List<String> events = new ArrayList<>();
        private boolean ready = true;
        private boolean failing;
        private boolean completed;
        private int flushes;
        private Runnable onNotReady = () -> {
        };

        @Override
        public boolean isReady() {
            if (!ready) {
                Runnable hook = onNotReady;
                onNotReady = () -> {
                };
                hook.run();
                return false;
            }
            return true;
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            if (failing) {
                throw new IOException("broken pipe");
            }
            events.add(new String(bytes, StandardCharsets.UTF_8));
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void complete() {
            completed = true;
        }

        String text() {
            return String.join("", events);
        }

        List<String> names() {
            return events.stream().filter(e -> e.contains("event:"))
                    .map(e -> e.replaceAll("(?s).*event:([^\\n]*)\\n.*", "$1")).toList();
        }

        List<String> ids() {
            return events.stream().filter(e -> e.startsWith("id:"))
                    .map(e -> e.replaceAll("(?s)^id:([^\\n]*)\\n.*", "$1")).toList();
        }
    }
}
