package io.tracking.query.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tracking.query.QueryProperties;
import io.tracking.query.location.LatestLocationRepository;
import io.tracking.query.order.Coordinates;
import io.tracking.query.order.Order;
import io.tracking.query.order.OrderRepository;
import io.tracking.query.order.OrderStatus;
import io.tracking.query.system.ApiProblem;
import io.tracking.query.system.Caller;
import io.tracking.query.track.TrackRepository;
import tools.jackson.databind.json.JsonMapper;

class OrderStreamsTests {

    private final QueryProperties properties = LiveTestProperties.defaults();
    private final LatestLocationRepository latest = mock(LatestLocationRepository.class);
    private final LiveLocationHub hub = new LiveLocationHub(properties, Clock.systemUTC());
    private final OrderStreams streams = new OrderStreams(hub, mock(OrderRepository.class), latest,
            mock(TrackRepository.class), JsonMapper.builder().build(), properties, Clock.systemUTC(),
            new SimpleMeterRegistry());

    private final Order order = new Order("o-1", "d-1", "c-1", "r-1", new Coordinates(1.0, 1.0),
            new Coordinates(2.0, 2.0), OrderStatus.ASSIGNED);
    private final Caller caller = new Caller("c-1", Set.of());

    @AfterEach
    void stop() {
        streams.stop();
    }

    @Test
    void shouldRefuseStreamsBeyondTheLimitWith503() {
        when(latest.find(anyString())).thenReturn(Optional.empty());
        streams.start();
        streams.open(order, caller, null);
        streams.open(order, caller, null);

        assertThatThrownBy(() -> streams.open(order, caller, null))
                .isInstanceOfSatisfying(ApiProblem.class, problem -> {
                    assertThat(problem.status().value()).isEqualTo(503);
                    assertThat(problem.retryAfterSeconds()).isEqualTo(5L);
                });
        assertThat(streams.openStreams()).isEqualTo(2);
        assertThat(hub.watchedDrivers()).isEqualTo(1);
    }

    @Test
    void shouldRefuseStreamsWhileNotRunning() {
        assertThatThrownBy(() -> streams.open(order, caller, null)).isInstanceOf(ApiProblem.class);
    }
}
