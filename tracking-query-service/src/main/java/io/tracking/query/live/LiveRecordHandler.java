package io.tracking.query.live;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tracking.contract.LocationUpdate;
import io.tracking.contract.LocationUpdateReader;
import io.tracking.contract.LocationUpdateRules;

/**
 * What the live reader does with one record of the location topic, whatever its key, value, headers or times.
 *
 * <p>Invariants:
 * <ul>
 * <li>{@link #handle} returns normally for any record: what a record holds is counted, never thrown.</li>
 * <li>The followers ({@link LiveFeedProgress}) hear of every record exactly once, before anything else is done with
 * it: {@code read} with the key when it is a well-formed driver id, {@code skipped} otherwise.</li>
 * <li>A position reaches the listeners only when the batch writer would store the record as far as the record
 * alone tells: the key is a well-formed driver id equal to the value's {@code driverId}, the value is a location
 * update and keeps the contract's rules. Anything else the writer dead-letters, and pushing it would show a
 * position that is never stored. Nobody-watches is decided on the key, before the value is decoded.</li>
 * <li>A listener that throws is counted and logged by class; the other listeners still get the position.</li>
 * <li>The read-latency timer only ever gets a duration in [0, {@link Elapsed#MAX}].</li>
 * </ul>
 * Nothing of a record's content is logged. Used on the reader's thread only.
 */
final class LiveRecordHandler {

    /** Why a record was not handed to the listeners: the {@code reason} tag of {@code outcome=rejected}. */
    enum Rejection {
        /** No key, or an empty one. */
        MISSING_KEY("missing-key"),
        /** A key that is not a well-formed driver id. */
        INVALID_KEY("invalid-key"),
        /** No value, not JSON, or JSON that is not a location update. */
        UNDECODABLE("undecodable"),
        /** A location update that breaks a rule of the contract (ranges, times, precision, driver id). */
        INVALID("invalid"),
        /** A valid location update of another driver than the key names. */
        KEY_MISMATCH("key-mismatch"),
        /** Recorded further in the future than the batch writer stores. */
        FUTURE("future"),
        /** Handling the record failed unexpectedly (a bug, not the record's fault alone). */
        FAILED("failed");

        final String tag;

        Rejection(String tag) {
            this.tag = tag;
        }
    }

    static final String RECORDS = "tracking.query.live.records";

    private static final Logger log = LoggerFactory.getLogger(LiveRecordHandler.class);
    private static final long WARN_EVERY_NANOS = 10_000_000_000L;
    private static final int MAX_DRIVER_ID_LENGTH = 64;

    private final List<LiveLocationListener> listeners;
    private final LiveFeedProgress followers;
    /** The one reader of the contract's JSON: what the batch writer refuses, this reader refuses too. */
    private final LocationUpdateReader reader = new LocationUpdateReader();
    private final Duration maxFuture;
    private final Clock clock;
    private final Counter accepted;
    private final Counter unwatched;
    private final Map<Rejection, Counter> rejected = new HashMap<>();
    private final Map<LiveLocationListener, Counter> listenerFailures = new HashMap<>();
    private final Timer readLatency;
    private long nextWarnNanos = System.nanoTime();
    private long unlogged;

    /**
     * @param maxFuture a fix recorded further ahead of this clock is skipped: the batch writer dead-letters it (its
     *        {@code tracking.writer.history.max-future}), so it would be pushed but never stored
     */
    LiveRecordHandler(List<LiveLocationListener> listeners, LiveFeedProgress followers, Duration maxFuture,
            Clock clock, MeterRegistry meters) {
        this.listeners = List.copyOf(listeners);
        this.followers = followers;
        this.maxFuture = maxFuture;
        this.clock = clock;
        // every series of the name carries both tags (Prometheus wants one label set per name)
        this.accepted = Counter.builder(RECORDS).tags("outcome", "accepted", "reason", "none")
                .description("Location records read by the live reader, by outcome (and reason of a rejection)")
                .register(meters);
        this.unwatched = Counter.builder(RECORDS).tags("outcome", "unwatched", "reason", "none")
                .description("Location records read by the live reader, by outcome (and reason of a rejection)")
                .register(meters);
        for (Rejection rejection : Rejection.values()) {
            rejected.put(rejection, Counter.builder(RECORDS).tags("outcome", "rejected", "reason", rejection.tag)
                    .description("Location records read by the live reader, by outcome (and reason of a rejection)")
                    .register(meters));
        }
        for (LiveLocationListener listener : this.listeners) {
            listenerFailures.put(listener, Counter.builder("tracking.query.live.listener.failures")
                    .tag("listener", name(listener))
                    .description("Positions a live listener threw on").register(meters));
        }
        this.readLatency = Timer.builder("tracking.query.live.read.latency")
                .description("From ingest accepting a position to the live reader reading it from Kafka")
                .publishPercentileHistogram().register(meters);
    }

    /** Reports {@code record} to the followers, then hands its position to the listeners or counts why not. */
    void handle(ConsumerRecord<byte[], byte[]> record) {
        String driverId = driverId(record.key());
        if (driverId == null) {
            followers.skipped(record.partition(), record.offset());
        } else {
            followers.read(driverId, record.partition(), record.offset());
        }
        try {
            Rejection rejection = dispatch(record, driverId);
            if (rejection != null) {
                rejected.get(rejection).increment();
                log.debug("Live reader skipped the record at {}-{}@{}: {}", record.topic(), record.partition(),
                        record.offset(), rejection.tag);
            }
        } catch (RuntimeException e) {
            rejected.get(Rejection.FAILED).increment();
            warn("Live reader: handling the record at {}-{}@{} failed: {}", record, e);
        }
    }

    private @Nullable Rejection dispatch(ConsumerRecord<byte[], byte[]> record, @Nullable String driverId) {
        if (driverId == null) {
            byte[] key = record.key();
            return key == null || key.length == 0 ? Rejection.MISSING_KEY : Rejection.INVALID_KEY;
        }
        if (!watched(driverId)) {
            unwatched.increment();
            return null;
        }
        LocationUpdate update = decode(record.value());
        if (update == null) {
            return Rejection.UNDECODABLE;
        }
        if (!LocationUpdateRules.violations(update).isEmpty()) {
            return Rejection.INVALID;
        }
        if (!driverId.equals(update.driverId())) {
            return Rejection.KEY_MISMATCH;
        }
        // Duration.between cannot overflow, whatever the clock says; Instant.plus could
        if (Duration.between(clock.instant(), update.recordedAt()).compareTo(maxFuture) > 0) {
            return Rejection.FUTURE;
        }
        accepted.increment();
        readLatency.record(Elapsed.between(update.receivedAt(), clock.instant()));
        for (LiveLocationListener listener : listeners) {
            try {
                listener.onLocation(update);
            } catch (RuntimeException e) {
                listenerFailures.get(listener).increment();
                warn("Live reader: a listener failed on the position of {}-{}@{}: {}", record, e);
            }
        }
        return null;
    }

    private static String name(LiveLocationListener listener) {
        String simple = listener.getClass().getSimpleName();
        return simple.isEmpty() ? listener.getClass().getName() : simple;
    }

    /** The driver id a key names, or null when the key is missing or is no well-formed driver id. */
    static @Nullable String driverId(byte @Nullable [] key) {
        if (key == null || key.length == 0 || key.length > MAX_DRIVER_ID_LENGTH) {
            return null;
        }
        // the contract's pattern is ASCII only, so each byte is a character: check before building a String
        for (byte b : key) {
            boolean allowed = (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_'
                    || b == '-';
            if (!allowed) {
                return null;
            }
        }
        return new String(key, StandardCharsets.US_ASCII);
    }

    private @Nullable LocationUpdate decode(byte @Nullable [] value) {
        if (value == null || value.length == 0) {
            return null;
        }
        try {
            return reader.read(value);
        } catch (LocationUpdateReader.MalformedException e) {
            return null;
        }
    }

    private boolean watched(String driverId) {
        for (LiveLocationListener listener : listeners) {
            if (listener.watches(driverId)) {
                return true;
            }
        }
        return false;
    }

    /** Logs at WARN at most every 10 s, with the record's coordinates and the exception's class only. */
    private void warn(String message, ConsumerRecord<byte[], byte[]> record, RuntimeException e) {
        long now = System.nanoTime();
        if (now - nextWarnNanos < 0) {
            unlogged++;
            return;
        }
        nextWarnNanos = now + WARN_EVERY_NANOS;
        log.warn(message + " ({} similar warnings unlogged)", record.topic(), record.partition(), record.offset(),
                e.getClass().getName(), unlogged);
        unlogged = 0;
    }
}
