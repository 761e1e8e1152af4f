package io.tracking.query.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tracking.contract.LocationUpdate;
import io.tracking.query.QueryProperties;
import io.tracking.query.location.DriverLocation;
import io.tracking.query.location.LatestLocations;
import io.tracking.query.order.Coordinates;
import io.tracking.query.order.Order;
import io.tracking.query.order.OrderChanged;
import io.tracking.query.order.OrderRepository;
import io.tracking.query.order.OrderStatus;
import io.tracking.query.system.ApiProblem;
import io.tracking.query.system.Caller;
import io.tracking.query.track.TrackRepository;
import io.tracking.query.trip.TripRepository;
import tools.jackson.databind.json.JsonMapper;

class OrderStreamsTests {

    private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
    private static final Instant ASSIGNED = NOW.minusSeconds(60);

    private final QueryProperties properties = LiveTestProperties.defaults();
    private final LatestLocations latest = mock(LatestLocations.class);
    private final TrackRepository history = mock(TrackRepository.class);
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final LiveLocationHub hub = new LiveLocationHub(properties, clock);
    private final OrderStreams streams = new OrderStreams(hub, mock(OrderRepository.class), latest, history,
            mock(TripRepository.class), JsonMapper.builder().build(), properties, clock, new SimpleMeterRegistry());
    private final List<Sink> sinks = new ArrayList<>();

    private final Order order = order("o-1", OrderStatus.ASSIGNED);
    private final Caller caller = new Caller("c-1", Set.of());

    private static Order order(String orderId, OrderStatus status) {
        return new Order(orderId, "d-1", "c-1", "r-1", new Coordinates(1.0, 1.0), new Coordinates(2.0, 2.0), status,
                ASSIGNED, null);
    }

    @BeforeEach
    void noPositions() {
        when(latest.find(anyString())).thenReturn(Optional.empty());
    }

    @AfterEach
    void stop() {
        streams.stop();
    }

    private void open(Order of, Caller by, @Nullable Long lastEventId) {
        streams.open(of, by, lastEventId, (stream, timeout) -> {
            Sink sink = new Sink();
            sinks.add(sink);
            return sink;
        });
    }

    @Test
    void shouldRefuseStreamsBeyondTheInstanceLimitWith503() {
        streams.start();
        open(order, caller, null);
        open(order("o-2", OrderStatus.ASSIGNED), new Caller("c-2", Set.of()), null);

        assertThatThrownBy(() -> open(order("o-3", OrderStatus.ASSIGNED), new Caller("c-3", Set.of()), null))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                    assertThat(problem.status().value()).isEqualTo(503);
                    assertThat(problem.retryAfterSeconds()).isEqualTo(5L);
                });
        assertThat(streams.openStreams()).isEqualTo(2);
        assertThat(hub.watchedDrivers()).isEqualTo(1);
    }

    @Test
    void shouldRefuseStreamsWhileNotRunning() {
        assertThatThrownBy(() -> open(order, caller, null)).isInstanceOf(ApiProblem.class);
    }

    @Test
    void shouldGiveTheSlotBackWhenTheOrderFinishes() {
        streams.start();
        open(order, caller, null);
        open(order, caller, null);

        streams.onOrderChanged(new OrderChanged(order("o-1", OrderStatus.DELIVERED)));

        await().atMost(Duration.ofSeconds(5)).until(() -> streams.openStreams() == 0);
        assertThat(sinks).allSatisfy(sink -> assertThat(sink.completed).isTrue());
        open(order, caller, null);
        assertThat(streams.openStreams()).isEqualTo(1);
    }

    @Test
    void shouldGiveTheSlotBackWhenTheClientIsGone() {
        streams.start();
        open(order, caller, null);
        await().atMost(Duration.ofSeconds(5)).until(() -> sinks.get(0).text.length() > 0);
        sinks.get(0).failing = true;

        hub.onLocation(new LocationUpdate("d-1", 1, 1, NOW, NOW, null, null, null));

        await().atMost(Duration.ofSeconds(5)).until(() -> streams.openStreams() == 0);
        assertThat(hub.watchedDrivers()).isEqualTo(1);
    }

    @Test
    void shouldGiveTheSlotBackWhenTheResponseCannotStart() {
        streams.start();

        streams.open(order, caller, null, (stream, timeout) -> {
            throw new IOException("no asynchronous response");
        });

        assertThat(streams.openStreams()).isZero();
    }

    @Test
    void shouldAskTheHistoryForNothingBeforeTheAssignmentWhateverTheLastEventId() {
        DriverLocation before = new DriverLocation("d-1", 1, 1, ASSIGNED.minusSeconds(1), null, null, null);
        when(history.after(eq("d-1"), any(), any(), anyInt())).thenReturn(List.of(before));
        streams.start();

        open(order, caller, 0L);

        verify(history).after(eq("d-1"), eq(ASSIGNED.minusNanos(1_000)), any(), anyInt());
        await().atMost(Duration.ofSeconds(5)).until(() -> !sinks.get(0).text.isEmpty());
        assertThat(sinks.get(0).text.toString()).doesNotContain("event:location");
    }

    @Test
    void shouldStartAFreshStreamWithTheCurrentPositionEvenIfOlderThanTheAssignment() {
        when(latest.find("d-1")).thenReturn(Optional.of(
                new DriverLocation("d-1", 7, 7, ASSIGNED.minusSeconds(30), null, null, null)));
        streams.start();

        open(order, caller, null);

        await().atMost(Duration.ofSeconds(5)).until(() -> sinks.get(0).text.toString().contains("event:location"));
        assertThat(sinks.get(0).text.toString()).contains("\"latitude\":7.0");
    }

    /** Takes everything at once. */
    private static final class Sink implements EventSink {

        private final StringBuffer text = new StringBuffer();
        private volatile boolean completed;
        private volatile boolean failing;

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void write(byte[] bytes) throws IOException {
            if (failing) {
                throw new IOException("broken pipe");
            }
            text.append(new String(bytes, StandardCharsets.UTF_8));
        }

        @Override
        public void flush() {
        }

        @Override
        public void complete() {
            completed = true;
        }
    }
}
