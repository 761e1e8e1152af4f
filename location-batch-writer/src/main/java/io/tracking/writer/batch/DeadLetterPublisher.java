package io.tracking.writer.batch;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.tracking.contract.LocationUpdate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.support.KafkaHeaders;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes records that cannot be stored to the dead-letter topic: same key and value bytes, the original
 * headers, plus the spring-kafka {@code kafka_dlt-original-*} headers (topic as UTF-8, partition as a 4-byte and
 * offset and timestamp as 8-byte big-endian integers) and {@code tracking-dlt-reason|field|rule|message} as UTF-8.
 * Ours come after the original headers: a reader takes the last header of a name, as spring-kafka does.
 *
 * <p>Sending is asynchronous; {@link #confirm} runs before the transaction that moves the stored position past
 * those records commits, so a record is never skipped without being on the dead-letter topic. After a crash
 * between the two it may be published twice.
 *
 * <p>A dead letter the broker can never take (an original near the topic's size limit plus our headers) would
 * block its partition forever; it is replaced by a substitute without the value and the original headers, marked
 * {@code tracking-dlt-value-dropped: too-large}, that keeps key, coordinates and reason. Any other failure (the
 * broker is down, ...) is retried with the flush.
 */
final class DeadLetterPublisher implements AutoCloseable {

    static final String REASON = "tracking-dlt-reason";
    static final String FIELD = "tracking-dlt-field";
    static final String RULE = "tracking-dlt-rule";
    static final String MESSAGE = "tracking-dlt-message";
    static final String VALUE_DROPPED = "tracking-dlt-value-dropped";
    static final String KEY_DROPPED = "tracking-dlt-key-dropped";
    static final String TOO_LARGE = "too-large";

    /** A substitute keeps a key up to this size: a driver id has at most 64 characters, so a longer key is junk. */
    static final int MAX_SUBSTITUTE_KEY_BYTES = 1024;

    private static final Logger log = LoggerFactory.getLogger(DeadLetterPublisher.class);

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final Duration confirmTimeout;
    private final WriterMetrics metrics;

    DeadLetterPublisher(Producer<byte[], byte[]> producer, String topic, Duration confirmTimeout,
            WriterMetrics metrics) {
        this.producer = producer;
        this.topic = topic;
        this.confirmTimeout = confirmTimeout;
        this.metrics = metrics;
    }

    /** A dead letter on its way to the broker. */
    static final class PendingDeadLetter {

        private final String coordinates;
        private final @Nullable ProducerRecord<byte[], byte[]> substitute;
        private ProducerRecord<byte[], byte[]> record;
        private Future<RecordMetadata> sent;

        private PendingDeadLetter(String coordinates, ProducerRecord<byte[], byte[]> record,
                @Nullable ProducerRecord<byte[], byte[]> substitute, Future<RecordMetadata> sent) {
            this.coordinates = coordinates;
            this.record = record;
            this.substitute = substitute;
            this.sent = sent;
        }

        /** What is (being) published: the full dead letter, or its substitute once the full one was too large. */
        ProducerRecord<byte[], byte[]> record() {
            return record;
        }
    }

    /** Publishes {@code original}, which the decoder rejected. */
    PendingDeadLetter send(ConsumerRecord<byte[], byte[]> original, Rejection rejection) {
        RecordHeaders ours = coordinates(original.topic(), original.partition(), original.offset());
        ours.add(KafkaHeaders.DLT_ORIGINAL_TIMESTAMP, longBytes(original.timestamp()));
        reason(ours, rejection);
        RecordHeaders headers = new RecordHeaders();
        for (Header header : original.headers()) {
            headers.add(header);
        }
        ours.forEach(headers::add);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, original.key(), original.value(),
                headers);
        String coordinates = original.topic() + "-" + original.partition() + "@" + original.offset();
        log.debug("Dead letter for {}: {} {} {}", coordinates, rejection.reason(), rejection.field(),
                rejection.rule());
        return publish(coordinates, record, substitute(original.key(), ours));
    }

    /**
     * Publishes a ping the database refused. Its record's bytes are not kept in the buffer: the value is the ping
     * re-encoded as the contract's JSON, the key its driver id.
     */
    PendingDeadLetter send(BufferedPing ping, Rejection rejection) {
        TopicPartition partition = ping.partition();
        RecordHeaders headers = coordinates(partition.topic(), partition.partition(), ping.offset());
        reason(headers, rejection);
        byte[] key = utf8(ping.driverId());
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, key,
                JSON.writeValueAsBytes(update(ping)), headers);
        return publish(partition + "@" + ping.offset(), record, substitute(key, headers));
    }

    private PendingDeadLetter publish(String coordinates, ProducerRecord<byte[], byte[]> record,
            ProducerRecord<byte[], byte[]> substitute) {
        return new PendingDeadLetter(coordinates, record, substitute, sendSafely(record));
    }

    /**
     * Waits until every dead letter is acknowledged by the broker; replaces one the broker can never take by its
     * substitute, sends again those that failed otherwise and throws, so that the flush is retried later.
     */
    void confirm(List<PendingDeadLetter> deadLetters) {
        RuntimeException failure = null;
        long deadline = System.nanoTime() + confirmTimeout.toNanos();
        for (PendingDeadLetter deadLetter : deadLetters) {
            Throwable error = await(deadLetter, deadline);
            ProducerRecord<byte[], byte[]> substitute = deadLetter.substitute;
            if (error != null && neverFits(error) && substitute != null && deadLetter.record != substitute) {
                log.warn("Dead letter for {} is too large for {}; publishing it without its value",
                        deadLetter.coordinates, topic);
                metrics.deadLetterValueDropped();
                deadLetter.record = substitute;
                deadLetter.sent = sendSafely(substitute);
                error = await(deadLetter, deadline);
            }
            if (error != null) {
                if (!(error instanceof TimeoutException)) {
                    deadLetter.sent = sendSafely(deadLetter.record);
                }
                if (failure == null) {
                    failure = new IllegalStateException("Dead letters not acknowledged by the broker: " + error);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The failure of {@code deadLetter}'s send, a {@link TimeoutException} past the deadline, or null. */
    private static @Nullable Throwable await(PendingDeadLetter deadLetter, long deadline) {
        try {
            deadLetter.sent.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause() == null ? e : e.getCause();
        } catch (TimeoutException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while confirming dead letters", e);
        }
    }

    /** Whether the broker refuses this record whenever it is sent, as opposed to an outage that passes. */
    private static boolean neverFits(Throwable error) {
        return error instanceof RecordTooLargeException || error instanceof RecordBatchTooLargeException
                || error instanceof InvalidRecordException;
    }

    /** Sends without throwing: a failure to even hand the record over is reported by the future, like any other. */
    private Future<RecordMetadata> sendSafely(ProducerRecord<byte[], byte[]> record) {
        try {
            return producer.send(record);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private ProducerRecord<byte[], byte[]> substitute(byte @Nullable [] key, RecordHeaders ours) {
        RecordHeaders headers = new RecordHeaders();
        ours.forEach(headers::add);
        headers.add(VALUE_DROPPED, utf8(TOO_LARGE));
        byte[] keptKey = key;
        if (key != null && key.length > MAX_SUBSTITUTE_KEY_BYTES) {
            keptKey = null;
            headers.add(KEY_DROPPED, utf8(TOO_LARGE));
        }
        return new ProducerRecord<>(topic, null, keptKey, null, headers);
    }

    private static RecordHeaders coordinates(String originalTopic, int partition, long offset) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(KafkaHeaders.DLT_ORIGINAL_TOPIC, utf8(originalTopic));
        headers.add(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(partition).array());
        headers.add(KafkaHeaders.DLT_ORIGINAL_OFFSET, longBytes(offset));
        return headers;
    }

    private static void reason(RecordHeaders headers, Rejection rejection) {
        headers.add(REASON, utf8(rejection.reason()));
        headers.add(FIELD, utf8(rejection.field()));
        headers.add(RULE, utf8(rejection.rule()));
        headers.add(MESSAGE, utf8(rejection.message()));
    }

    private static LocationUpdate update(BufferedPing ping) {
        return new LocationUpdate(ping.driverId(), ping.latitude(), ping.longitude(),
                instant(ping.recordedMicros()), instant(ping.receivedMicros()), boxed(ping.accuracyMeters()),
                boxed(ping.speedMps()), boxed(ping.headingDegrees()));
    }

    private static Instant instant(long epochMicros) {
        return Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L),
                Math.floorMod(epochMicros, 1_000_000L) * 1_000L);
    }

    private static @Nullable Double boxed(double optional) {
        return BufferedPing.isPresent(optional) ? optional : null;
    }

    private static byte[] longBytes(long value) {
        return ByteBuffer.allocate(8).putLong(value).array();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
