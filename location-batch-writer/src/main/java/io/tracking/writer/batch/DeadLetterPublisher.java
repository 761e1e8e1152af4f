package io.tracking.writer.batch;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.KafkaHeaders;

/**
 * Publishes records that cannot be stored to the dead-letter topic: same key and value bytes, the original
 * headers, plus the spring-kafka {@code kafka_dlt-original-*} headers (topic as UTF-8, partition as a 4-byte and
 * offset as an 8-byte big-endian integer) and {@code tracking-dlt-reason|field|rule|message} as UTF-8.
 *
 * <p>Sending is asynchronous; {@link #confirm} runs before the transaction that moves the stored position past
 * those records commits, so a record is never skipped without being on the dead-letter topic. After a crash
 * between the two it may be published twice.
 */
final class DeadLetterPublisher implements AutoCloseable {

    static final String REASON = "tracking-dlt-reason";
    static final String FIELD = "tracking-dlt-field";
    static final String RULE = "tracking-dlt-rule";
    static final String MESSAGE = "tracking-dlt-message";

    private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Duration confirmTimeout;

    DeadLetterPublisher(Producer<byte[], byte[]> producer, String topic, Duration confirmTimeout) {
        this.producer = producer;
        this.topic = topic;
        this.confirmTimeout = confirmTimeout;
    }

    /** A dead letter on its way to the broker. */
    static final class PendingDeadLetter {

        private final ProducerRecord<byte[], byte[]> record;
        private Future<RecordMetadata> sent;

        private PendingDeadLetter(ProducerRecord<byte[], byte[]> record, Future<RecordMetadata> sent) {
            this.record = record;
            this.sent = sent;
        }
    }

    PendingDeadLetter send(ConsumerRecord<byte[], byte[]> original, Rejection rejection) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : original.headers()) {
            headers.add(header);
        }
        headers.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, original.topic().getBytes(StandardCharsets.UTF_8));
        headers.add(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(original.partition()).array());
        headers.add(KafkaHeaders.DLT_ORIGINAL_OFFSET, ByteBuffer.allocate(8).putLong(original.offset()).array());
        headers.add(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP, ByteBuffer.allocate(8).putLong(original.timestamp()).array());
        headers.add(REASON, utf8(rejection.reason()));
        headers.add(FIELD, utf8(rejection.field()));
        headers.add(RULE, utf8(rejection.rule()));
        headers.add(MESSAGE, utf8(rejection.message()));
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, original.key(), original.value(),
                headers);
        log.debug("Dead letter for {}-{}@{}: {} {} {}", original.topic(), original.partition(), original.offset(),
                rejection.reason(), rejection.field(), rejection.rule());
        return new PendingDeadLetter(record, producer.send(record));
    }

    /**
     * Waits until every dead letter is acknowledged by the broker; sends again those that failed and throws, so
     * that the flush is retried later.
     */
    void confirm(List<PendingDeadLetter> deadLetters) {
        RuntimeException failure = null;
        long deadline = System.nanoTime() + confirmTimeout.toNanos();
        for (PendingDeadLetter deadLetter : deadLetters) {
            try {
                deadLetter.sent.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                if (e instanceof ExecutionException) {
                    deadLetter.sent = producer.send(deadLetter.record);
                }
                if (failure == null) {
                    failure = new IllegalStateException("Dead letters not acknowledged by the broker: " + e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while confirming dead letters", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
