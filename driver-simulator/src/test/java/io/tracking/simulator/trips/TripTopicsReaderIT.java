package io.tracking.simulator.trips;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.json.JsonMapper;

import io.tracking.contract.Topics;
import io.tracking.contract.trip.EtaUpdate;
import io.tracking.contract.trip.Stop;
import io.tracking.contract.trip.TripEvent;
import io.tracking.contract.trip.TripEventType;
import io.tracking.contract.trip.TripEvidence;
import io.tracking.simulator.SimulatorJson;
import io.tracking.testsupport.TestInfrastructure;

/**
 * The reader of the engine's output topics against the shared test broker: it sees what transactions committed
 * (every copy), never what they aborted, and only this run's orders.
 */
class TripTopicsReaderIT {

    private static final Instant T0 = Instant.parse("2026-01-05T08:00:00Z");

    private final JsonMapper mapper = SimulatorJson.newMapper();
    private final String prefix = "reader-" + UUID.randomUUID().toString().substring(0, 8) + "-";

    @Test
    void shouldReadCommittedEventsAndEtasOfThisRunsOrdersOnlyAndSkipWhatItCannotRead() throws Exception {
        String a = prefix + "order-a";
        String b = prefix + "order-b";
        String bootstrapServers = TestInfrastructure.kafkaBootstrapServers();
        try (TripTopicsReader reader = new TripTopicsReader(bootstrapServers, mapper, Set.of(a, b));
                KafkaProducer<String, byte[]> producer = transactionalProducer(bootstrapServers)) {
            producer.initTransactions();
            producer.beginTransaction();
            send(producer, event(a, TripEventType.DRIVER_ASSIGNED));
            send(producer, event(b, TripEventType.DRIVER_ASSIGNED));
            send(producer, event("someone-else", TripEventType.ARRIVED_AT_DROPOFF));
            // another producer's bytes under this run's key, and a tombstone: skipped and counted, the run goes on
            producer.send(new ProducerRecord<>(Topics.ORDER_TRIP_EVENTS, a,
                    "{\"type\":42".getBytes(StandardCharsets.UTF_8)));
            producer.send(new ProducerRecord<>(Topics.ORDER_ETAS, b, null));
            producer.send(new ProducerRecord<>(Topics.ORDER_ETAS, a, mapper.writeValueAsBytes(
                    new EtaUpdate(a, "d", Stop.PICKUP, 300, T0.plusSeconds(300), T0, T0, 2_000))));
            producer.commitTransaction();
            producer.beginTransaction();
            send(producer, event(a, TripEventType.ARRIVED_AT_PICKUP));
            producer.abortTransaction();
            producer.beginTransaction();
            send(producer, event(a, TripEventType.ARRIVED_AT_DROPOFF));
            send(producer, event(a, TripEventType.ARRIVED_AT_DROPOFF));
            send(producer, event(b, TripEventType.ARRIVED_AT_DROPOFF));
            producer.commitTransaction();

            await().atMost(Duration.ofSeconds(60)).until(() -> {
                reader.poll(Duration.ofMillis(200));
                return reader.delivered() == 2 && reader.caughtUp();
            });

            assertThat(reader.assigned()).isEqualTo(2);
            assertThat(reader.events()).extracting(TripEvent::eventId).containsExactlyInAnyOrder(
                    a + "/DRIVER_ASSIGNED/1", b + "/DRIVER_ASSIGNED/1", a + "/ARRIVED_AT_DROPOFF/1",
                    a + "/ARRIVED_AT_DROPOFF/1", b + "/ARRIVED_AT_DROPOFF/1");
            assertThat(reader.etas()).extracting(EtaUpdate::orderId).containsExactly(a);
            assertThat(reader.unreadable()).isEqualTo(2);
        }
    }

    private void send(KafkaProducer<String, byte[]> producer, TripEvent event) {
        producer.send(new ProducerRecord<>(Topics.ORDER_TRIP_EVENTS, event.orderId(), mapper.writeValueAsBytes(event)));
    }

    private static TripEvent event(String orderId, TripEventType type) {
        return new TripEvent(TripEvent.eventId(orderId, type, 1), orderId, "d", type, type.stop(), T0, T0,
                TripEvidence.none());
    }

    private KafkaProducer<String, byte[]> transactionalProducer(String bootstrapServers) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, prefix + "engine");
        return new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }
}
