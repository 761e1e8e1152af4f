package io.tracking.trips.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import io.tracking.contract.trip.EtaUpdate;
import io.tracking.contract.trip.Stop;
import org.junit.jupiter.api.Test;

class PublishedEtaTests {

    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Duration CHANGE = Duration.ofSeconds(15);

    private final PublishedEta last = PublishedEta.of(eta(Stop.PICKUP, T0, T0.plusSeconds(300)));

    @Test
    void shouldPublishTheFirstEtaOfAnOrder() {
        assertThat(PublishedEta.isDue(null, eta(Stop.PICKUP, T0, T0.plusSeconds(300)), INTERVAL, CHANGE)).isTrue();
    }

    @Test
    void shouldHoldBackAnEtaWithinTheIntervalThatBarelyMoved() {
        assertThat(PublishedEta.isDue(last, eta(Stop.PICKUP, T0.plusSeconds(4), T0.plusSeconds(310)), INTERVAL,
                CHANGE)).isFalse();
    }

    @Test
    void shouldPublishOnceTheIntervalPassed() {
        assertThat(PublishedEta.isDue(last, eta(Stop.PICKUP, T0.plusSeconds(10), T0.plusSeconds(300)), INTERVAL,
                CHANGE)).isTrue();
    }

    @Test
    void shouldPublishAtOnceWhenThePredictedArrivalMovedMoreThanTheChange() {
        assertThat(PublishedEta.isDue(last, eta(Stop.PICKUP, T0.plusSeconds(4), T0.plusSeconds(316)), INTERVAL,
                CHANGE)).isTrue();
        assertThat(PublishedEta.isDue(last, eta(Stop.PICKUP, T0.plusSeconds(4), T0.plusSeconds(284)), INTERVAL,
                CHANGE)).isTrue();
    }

    @Test
    void shouldPublishAtOnceForTheNextStop() {
        assertThat(PublishedEta.isDue(last, eta(Stop.DROPOFF, T0.plusSeconds(1), T0.plusSeconds(300)), INTERVAL,
                CHANGE)).isTrue();
    }

    private static EtaUpdate eta(Stop stop, Instant basedOn, Instant at) {
        return new EtaUpdate("o-1", "d-1", stop, Duration.between(basedOn, at).toSeconds(), at, basedOn, basedOn,
                1_000);
    }
}
