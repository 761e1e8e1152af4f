package io.tracking.query.outbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * Sends outbox rows to the orders topic, key = order id, value = the snapshot's JSON, and waits until the broker has
 * every one of them. The producer is idempotent with {@code acks=all}: its own retries neither duplicate nor reorder
 * records of a partition, and an acknowledged record is on every in-sync replica. After a failure the producer is
 * closed and the next batch gets a new one, so nothing of the failed batch lingers in its buffers.
 *
 * <p>Used by the relay's thread only.
 */
final class OutboxPublisher implements AutoCloseable {

    /** The batch was not acknowledged in time or in full; it is sent again. */
    static final class PublishException extends Exception {

        private static final long serialVersionUID = 1L;

        PublishException(String message, @Nullable Throwable cause) {
            super(message, cause);
        }
    }

    private final Supplier<Producer<String, String>> producers;
    private final String topic;
    private final Duration timeout;
    private @Nullable Producer<String, String> producer;

    OutboxPublisher(Supplier<Producer<String, String>> producers, String topic, Duration timeout) {
        this.producers = producers;
        this.topic = topic;
        this.timeout = timeout;
    }

    /** Sends {@code rows} in order and returns once all are acknowledged, within the timeout. */
    void publish(List<OrderOutbox.Row> rows) throws PublishException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Producer<String, String> current = producer();
        List<Future<RecordMetadata>> sent = new ArrayList<>(rows.size());
        try {
            for (OrderOutbox.Row row : rows) {
                sent.add(current.send(new ProducerRecord<>(topic, row.orderId(), row.payload())));
            }
            for (Future<RecordMetadata> result : sent) {
                result.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            discard();
            throw new PublishException("interrupted", e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            discard();
            throw new PublishException("not acknowledged", e instanceof ExecutionException ? e.getCause() : e);
        }
    }

    private Producer<String, String> producer() {
        Producer<String, String> current = producer;
        if (current == null) {
            current = producers.get();
            producer = current;
        }
        return current;
    }

    private void discard() {
        Producer<String, String> current = producer;
        producer = null;
        if (current != null) {
            current.close(Duration.ZERO);
        }
    }

    @Override
    public void close() {
        Producer<String, String> current = producer;
        producer = null;
        if (current != null) {
            current.close(Duration.ofSeconds(5));
        }
    }

    /** Producers of Boot's Kafka settings, made idempotent and bounded by {@code timeout}. */
    static Supplier<Producer<String, String>> producers(KafkaProperties kafka, Duration timeout) {
        Map<String, Object> config = new HashMap<>(kafka.buildProducerProperties());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        // an order change is published as soon as it is read, not batched behind others
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        int millis = (int) timeout.toMillis();
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, millis);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, millis / 2);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, millis);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "tracking-query-outbox-" + UUID.randomUUID());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        Map<String, Object> copy = Map.copyOf(config);
        return () -> new KafkaProducer<>(copy);
    }
}
