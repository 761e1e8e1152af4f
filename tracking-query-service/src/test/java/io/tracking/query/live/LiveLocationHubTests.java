package io.tracking.query.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.tracking.contract.LocationUpdate;
import io.tracking.query.QueryProperties;

class LiveLocationHubTests {

    private final QueryProperties properties = new QueryProperties(500,
            new QueryProperties.Track(Duration.ofHours(24), 1000, 10000),
            new QueryProperties.Nearby(Duration.ofMinutes(2), 5000, 50000, 20, 100),
            new QueryProperties.Live("topic", 2, Duration.ofSeconds(15), Duration.ofSeconds(2), Duration.ofMinutes(30),
                    Duration.ofSeconds(3), 64, Duration.ofMinutes(2), Duration.ofMinutes(15), 2000, 256, 1,
                    Duration.ofMillis(100), Duration.ofSeconds(10)));
    private final LiveLocationHub hub = new LiveLocationHub(properties, Clock.systemUTC());

    @Test
    void shouldWatchOnlyDriversSomeoneSubscribedTo() {
        List<LocationUpdate> received = new ArrayList<>();
        hub.subscribe("driver-watched", received::add);

        assertThat(hub.watches("driver-watched")).isTrue();
        assertThat(hub.watches("driver-nobody-watches")).isFalse();

        LocationUpdate update = new LocationUpdate("driver-watched", 12.97, 77.59, Instant.now(), Instant.now(), null,
                null, null);
        hub.onLocation(update);
        hub.onLocation(new LocationUpdate("driver-nobody-watches", 12.97, 77.59, Instant.now(), Instant.now(), null,
                null, null));
        assertThat(received).containsExactly(update);
    }
}
