package io.tracking.writer.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tracking.contract.LocationUpdate;
import io.tracking.writer.batch.DeadLetterPublisher.PendingDeadLetter;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.KafkaHeaders;
import tools.jackson.databind.json.JsonMapper;

class DeadLetterPublisherTests {

    private static final Rejection UNDECODABLE = new Rejection(Rejection.UNDECODABLE, "value", "json",
            "value is not a location update");

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
            new ByteArraySerializer());
    private final DeadLetterPublisher publisher = new DeadLetterPublisher(producer, "updates.DLT",
            Duration.ofSeconds(5), new WriterMetrics(registry));

    @Test
    void shouldPublishASubstituteWithoutTheValueWhenTheTopicCanNeverTakeTheDeadLetter() {
        ConsumerRecord<byte[], byte[]> original = record(utf8("driver-1"), new byte[1_048_000]);
        original.headers().add("h", new byte[] {1});
        PendingDeadLetter pending = publisher.send(original, UNDECODABLE);
        producer.errorNext(new RecordTooLargeException("too large"));

        Thread acknowledger = acknowledgeNextSend();
        publisher.confirm(List.of(pending));
        join(acknowledger);

        List<ProducerRecord<byte[], byte[]>> sent = producer.history();
        assertThat(sent).hasSize(2);
        ProducerRecord<byte[], byte[]> substitute = sent.get(1);
        assertThat(substitute.value()).isNull();
        assertThat(substitute.key()).isEqualTo(utf8("driver-1"));
        assertThat(header(substitute, DeadLetterPublisher.VALUE_DROPPED)).isEqualTo("too-large");
        assertThat(header(substitute, DeadLetterPublisher.REASON)).isEqualTo("undecodable");
        assertThat(ByteBuffer.wrap(substitute.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).value())
                .getLong()).isEqualTo(42L);
        assertThat(substitute.headers().lastHeader("h")).as("original headers dropped too").isNull();
        assertThat(registry.get("tracking.writer.dead.letters.value.dropped").counter().count()).isEqualTo(1);
    }

    @Test
    void shouldDropAnOversizedKeyFromTheSubstituteToo() {
        PendingDeadLetter pending = publisher.send(record(new byte[100_000], new byte[10]), UNDECODABLE);
        producer.errorNext(new RecordTooLargeException("too large"));

        Thread acknowledger = acknowledgeNextSend();
        publisher.confirm(List.of(pending));
        join(acknowledger);

        ProducerRecord<byte[], byte[]> substitute = producer.history().get(1);
        assertThat(substitute.key()).isNull();
        assertThat(header(substitute, DeadLetterPublisher.KEY_DROPPED)).isEqualTo("too-large");
    }

    @Test
    void shouldResendTheSameDeadLetterAfterARetriableFailureAndFailTheFlush() {
        PendingDeadLetter pending = publisher.send(record(utf8("driver-1"), utf8("{")), UNDECODABLE);
        producer.errorNext(new NetworkException("broker down"));

        assertThatThrownBy(() -> publisher.confirm(List.of(pending))).isInstanceOf(IllegalStateException.class);

        assertThat(producer.history()).hasSize(2);
        assertThat(producer.history().get(1).value()).isEqualTo(utf8("{"));
        assertThat(producer.history().get(1).headers().lastHeader(DeadLetterPublisher.VALUE_DROPPED)).isNull();
    }

    @Test
    void shouldCopyOddHeadersAndPutOursLast() {
        ConsumerRecord<byte[], byte[]> original = record(null, null);
        original.headers().add("", null);
        original.headers().add(DeadLetterPublisher.REASON, utf8("forged"));
        original.headers().add("\u00ff\u0000", new byte[0]);

        ProducerRecord<byte[], byte[]> sent = publisher.send(original, UNDECODABLE).record();

        assertThat(sent.headers().headers(DeadLetterPublisher.REASON)).hasSize(2);
        assertThat(header(sent, DeadLetterPublisher.REASON)).isEqualTo("undecodable");
        assertThat(sent.headers().lastHeader("").value()).isNull();
        assertThat(sent.key()).isNull();
        assertThat(sent.value()).isNull();
    }

    @Test
    void shouldNotThrowWhenTheProducerRefusesToSendAtOnce() {
        producer.close();

        PendingDeadLetter pending = publisher.send(record(utf8("driver-1"), utf8("{")), UNDECODABLE);

        assertThatThrownBy(() -> publisher.confirm(List.of(pending))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void shouldPublishARefusedPingAsTheContractsJsonWithItsCoordinates() {
        BufferedPing ping = new BufferedPing(new TopicPartition("updates", 2), 1234L, "driver-9",
                1_773_143_998_123_456L, 1_773_143_999_000_000L, 12.9716, 77.5946, Double.NaN, 42.5, 90.0);
        Rejection rejection = new Rejection(Rejection.REJECTED_BY_DATABASE, "value", "sqlstate-23514",
                "PostgreSQL refused the row (SQLSTATE 23514)");

        ProducerRecord<byte[], byte[]> sent = publisher.send(ping, rejection).record();

        assertThat(sent.key()).isEqualTo(utf8("driver-9"));
        LocationUpdate update = JsonMapper.builder().build().readValue(sent.value(), LocationUpdate.class);
        assertThat(update).isEqualTo(new LocationUpdate("driver-9", 12.9716, 77.5946,
                Instant.parse("2026-03-10T11:59:58.123456Z"), Instant.parse("2026-03-10T11:59:59Z"), null, 42.5,
                90.0));
        assertThat(header(sent, KafkaHeaders.DLT_ORIGINAL_TOPIC)).isEqualTo("updates");
        assertThat(ByteBuffer.wrap(sent.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_PARTITION).value()).getInt())
                .isEqualTo(2);
        assertThat(ByteBuffer.wrap(sent.headers().lastHeader(KafkaHeaders.DLT_ORIGINAL_OFFSET).value()).getLong())
                .isEqualTo(1234L);
        assertThat(header(sent, DeadLetterPublisher.RULE)).isEqualTo("sqlstate-23514");
    }

    /** Acknowledges the substitute once it was sent: confirm waits for it on this thread. */
    private Thread acknowledgeNextSend() {
        Thread thread = new Thread(() -> {
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> producer.history().size() == 2);
            producer.completeNext();
        });
        thread.start();
        return thread;
    }

    private static void join(Thread thread) {
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ConsumerRecord<byte[], byte[]> record(byte[] key, byte[] value) {
        return new ConsumerRecord<>("updates", 1, 42L, key, value);
    }

    private static String header(ProducerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? "" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
