package io.tracking.query.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.tracking.contract.LocationUpdate;
import io.tracking.query.QueryProperties;

class LiveLocationHubTests {

    private final QueryProperties properties = LiveTestProperties.defaults();
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
