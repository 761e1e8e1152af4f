package io.tracking.query.system;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;

import io.micrometer.core.instrument.Counter;

/**
 * A reader of a Kafka topic that runs for the life of the service: its loop on a thread of its own under a
 * {@link LoopSupervisor} (restarted with back-off when it ends, liveness DOWN when it cannot keep running), a fresh
 * consumer for each start, closed when the loop ends, and the lifecycle that starts it before the web server and
 * stops it after (phase 0: the streams and requests it serves go first). Subclasses write only {@link #read}, the
 * loop over one consumer.
 */
public abstract class SupervisedConsumerLoop implements SmartLifecycle {

    /** How long {@link #stop()} waits for the loop's thread to end. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final LoopSupervisor supervisor;
    private volatile @Nullable Consumer<byte[], byte[]> consumer;

    /**
     * @param name names the loop's thread and its log lines
     * @param consumers makes a new consumer each time the loop (re)starts
     * @param restarts counts the times the loop ended while running
     */
    protected SupervisedConsumerLoop(String name, Supplier<Consumer<byte[], byte[]>> consumers,
            LoopSupervisor.Settings settings, Counter restarts) {
        this.consumers = consumers;
        this.supervisor = new LoopSupervisor(name, this::readWithNewConsumer, this::wakeup, settings, restarts);
    }

    /**
     * New consumers of raw bytes for a reader: the service's Kafka settings, {@code read_committed} (a record of an
     * aborted or open transaction is never read), no auto-commit, and a client id of {@code clientName} with a random
     * suffix.
     *
     * @param group the consumer group; null for none: nothing committed, nothing shared with other instances
     * @param offsetReset where a partition without a position starts ({@code auto.offset.reset})
     */
    protected static Supplier<Consumer<byte[], byte[]>> byteConsumers(KafkaProperties kafka, @Nullable String group,
            String offsetReset, String clientName) {
        Map<String, Object> config = new HashMap<>(kafka.buildConsumerProperties());
        if (group == null) {
            config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        } else {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, offsetReset);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientName + "-" + UUID.randomUUID());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        Map<String, Object> copy = Map.copyOf(config);
        return () -> new KafkaConsumer<>(copy);
    }

    /**
     * The loop over {@code kafka}: reads until {@link #running()} turns false, calling {@link #turned()} at each
     * turn. Anything it throws, or returning while running, ends this consumer; the supervisor starts another.
     */
    protected abstract void read(Consumer<byte[], byte[]> kafka) throws Exception;

    /** Whether the reader starts with the service; one turned off in configuration stays stopped. */
    protected boolean enabled() {
        return true;
    }

    /** Whether the loop should go on: false once the service stops. */
    protected final boolean running() {
        return supervisor.isRunning();
    }

    /** Marks a completed turn: the loop runs, whatever happened before. */
    protected final void turned() {
        supervisor.turned();
    }

    /** Whether the reader cannot keep running (liveness): see {@link LoopSupervisor}. */
    public boolean isBroken() {
        return supervisor.isBroken();
    }

    /** Whether it runs, its restarts, failures and the time since the last turn, for health details. */
    public Map<String, Object> loopDetails() {
        Map<String, Object> details = new LinkedHashMap<>(supervisor.details());
        details.put("running", running());
        return details;
    }

    @Override
    public void start() {
        if (enabled()) {
            supervisor.start();
        }
    }

    @Override
    public void stop() {
        supervisor.stop(STOP_WAIT);
    }

    @Override
    public boolean isRunning() {
        return supervisor.isRunning();
    }

    /** Starts before the web server and the streams it feeds, and stops after them. */
    @Override
    public int getPhase() {
        return 0;
    }

    private void readWithNewConsumer() throws Exception {
        try (Consumer<byte[], byte[]> kafka = consumers.get()) {
            consumer = kafka;
            if (running()) {
                read(kafka);
            }
        } finally {
            consumer = null;
        }
    }

    /** Makes a consumer blocked in a poll notice that the service stops. */
    private void wakeup() {
        Consumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }
}
