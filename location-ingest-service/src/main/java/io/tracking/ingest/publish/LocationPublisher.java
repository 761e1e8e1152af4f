package io.tracking.ingest.publish;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.kafka.core.KafkaTemplate;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tracking.contract.LocationUpdate;
import io.tracking.contract.Topics;

/**
 * Publishes location updates to {@link Topics#LOCATION_UPDATES}, keyed by driver id so that one driver's pings
 * stay in order, and reports when Kafka has acknowledged all of them.
 *
 * <p>Invariants: the returned future completes normally only after every record was acknowledged (the producer
 * runs with {@code acks=all} and idempotence); it completes with {@link PublishFailedException} otherwise, at the
 * latest after {@code publish-timeout} (give or take a {@link PublishDeadlines} tick). No request thread waits for
 * Kafka: sends are asynchronous and the future is completed from the producer's callback or the timeout. The one place where {@code send} can block is a
 * missing topic metadata (Kafka unreachable since start-up); {@code max.block.ms} bounds it, and afterwards new
 * requests fail fast for {@code retry-after} instead of each blocking a thread again.
 */
public class LocationPublisher implements AutoCloseable {

    /** How often publishes past their deadline are failed: the timeout is met at most this late. */
    private static final Duration DEADLINE_TICK = Duration.ofMillis(10);

    private static final Logger log = LoggerFactory.getLogger(LocationPublisher.class);

    private final KafkaTemplate<String, LocationUpdate> template;
    private final long timeoutNanos;
    private final long failFastNanos;
    private final Timer acknowledged;
    private final Timer failed;
    private final PublishDeadlines deadlines = new PublishDeadlines(DEADLINE_TICK);
    private final AtomicBoolean deliveringNormally = new AtomicBoolean(true);
    private volatile long failFastUntilNanos = System.nanoTime();
    private volatile boolean warm;
    private volatile long lastFailureNanos = System.nanoTime() - TimeUnit.DAYS.toNanos(1);

    LocationPublisher(KafkaTemplate<String, LocationUpdate> template, Duration timeout, Duration failFast,
            MeterRegistry registry) {
        this.template = template;
        this.timeoutNanos = timeout.toNanos();
        this.failFastNanos = failFast.toNanos();
        Timer.Builder timer = Timer.builder("tracking.ingest.publish")
                .description("Time from the first send of a request's pings until Kafka acknowledged all of them");
        this.acknowledged = timer.tag("outcome", "acknowledged").register(registry);
        this.failed = timer.tag("outcome", "failed").register(registry);
    }

    /**
     * Sends {@code updates} concurrently and completes when Kafka acknowledged all of them, or exceptionally with
     * {@link PublishFailedException} on the first failure or after the publish timeout, whichever comes first.
     */
    public CompletableFuture<Void> publish(List<LocationUpdate> updates) {
        long start = System.nanoTime();
        if (start - failFastUntilNanos < 0) {
            failed.record(0, TimeUnit.NANOSECONDS);
            return CompletableFuture.failedFuture(
                    new PublishFailedException("Kafka was unreachable moments ago", new TimeoutException()));
        }
        Acknowledgements acks = new Acknowledgements(updates.size());
        for (LocationUpdate update : updates) {
            CompletableFuture<?> ack;
            try {
                ack = template.send(Topics.LOCATION_UPDATES, update.driverId(), update);
            } catch (RuntimeException e) {
                // Failed inside send() (KafkaTemplate rethrows what the producer reports at once): no topic
                // metadata or no buffer space within max.block.ms. Every further send would block a thread just
                // as long, so give up on the rest and let new requests fail fast for a moment.
                failFastUntilNanos = System.nanoTime() + failFastNanos;
                acks.accept(null, e);
                break;
            }
            ack.whenComplete(acks);
        }
        deadlines.watch(acks, start + timeoutNanos);
        return acks.handle((ignored, failure) -> finish(start, failure));
    }

    /** Stops failing publishes at their deadline: called when the service stops, after the last request. */
    @Override
    public void close() {
        deadlines.close();
    }

    /**
     * Makes the producer ready before the first ping needs it: creates it and fetches the topic's metadata, which
     * otherwise happens inside the first requests' publish deadline. Blocks up to {@code max.block.ms}.
     *
     * @return whether the producer knows the topic's partitions
     */
    boolean warmUp() {
        if (warm) {
            return true;
        }
        try {
            warm = !template.partitionsFor(Topics.LOCATION_UPDATES).isEmpty();
        } catch (RuntimeException e) {
            log.debug("Producer has no topic metadata yet", e);
        }
        return warm;
    }

    /** When the last request failed to publish, as {@link System#nanoTime()}; long ago if none did. */
    long lastFailureNanos() {
        return lastFailureNanos;
    }

    private @Nullable Void finish(long start, @Nullable Throwable failure) {
        long elapsed = System.nanoTime() - start;
        if (failure == null) {
            acknowledged.record(elapsed, TimeUnit.NANOSECONDS);
            if (!deliveringNormally.get() && deliveringNormally.compareAndSet(false, true)) {
                log.info("Kafka acknowledges pings again");
            }
            return null;
        }
        failed.record(elapsed, TimeUnit.NANOSECONDS);
        lastFailureNanos = System.nanoTime();
        if (deliveringNormally.compareAndSet(true, false)) {
            // Once per outage, and without the records: they hold GPS points.
            log.warn("Kafka did not acknowledge pings ({}); answering 503 until it does",
                    NestedExceptionUtils.getMostSpecificCause(failure).getClass().getSimpleName());
        }
        throw new PublishFailedException(failure instanceof TimeoutException
                ? "Kafka did not acknowledge in time" : "Kafka did not acknowledge every ping", failure);
    }

    /** Completes when all of its expected acknowledgements arrived, or on the first failure. */
    private static final class Acknowledgements extends CompletableFuture<Void> implements BiConsumer<Object, Throwable> {

        private final AtomicInteger outstanding;

        Acknowledgements(int expected) {
            this.outstanding = new AtomicInteger(expected);
            if (expected == 0) {
                complete(null);
            }
        }

        @Override
        public void accept(@Nullable Object result, @Nullable Throwable failure) {
            if (failure != null) {
                completeExceptionally(failure);
            } else if (outstanding.decrementAndGet() == 0) {
                complete(null);
            }
        }
    }
}
