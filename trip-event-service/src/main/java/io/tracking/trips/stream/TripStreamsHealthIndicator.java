package io.tracking.trips.stream;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.config.StreamsBuilderFactoryBean;

/**
 * The state of the Kafka Streams client. DOWN once it can no longer process: ERROR (a stream thread failed beyond
 * what {@link StreamThreadReplacement} tolerates, or every thread died) and NOT_RUNNING or PENDING_SHUTDOWN while
 * the application still runs. Part of the liveness group: a client in ERROR never recovers by itself, so the
 * process must be restarted. Starting (CREATED) and rebalancing count as UP.
 */
final class TripStreamsHealthIndicator extends AbstractHealthIndicator {

    private final StreamsBuilderFactoryBean streams;

    TripStreamsHealthIndicator(StreamsBuilderFactoryBean streams) {
        super("Trip streams health check failed");
        this.streams = streams;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        KafkaStreams client = streams.getKafkaStreams();
        KafkaStreams.State state = client == null ? KafkaStreams.State.CREATED : client.state();
        switch (state) {
            case CREATED, REBALANCING, RUNNING -> builder.up();
            default -> builder.down();
        }
        builder.withDetail("state", state.name());
    }
}
