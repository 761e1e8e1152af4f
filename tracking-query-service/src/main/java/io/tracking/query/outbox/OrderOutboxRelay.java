package io.tracking.query.outbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tracking.query.QueryProperties;

/**
 * Publishes the outbox to the orders topic, oldest row first, and deletes what the broker acknowledged.
 *
 * <p>One turn is one PostgreSQL transaction: take the relay's advisory lock (another instance holding it means this
 * one skips the turn), read up to {@code batch-size} rows in id order, send them and wait for every
 * acknowledgement ({@link OutboxPublisher}), delete them, commit. So rows leave the table only once they are on the
 * topic, and only one instance sends at a time, which keeps each order's snapshots in version order on the topic.
 * A failure anywhere rolls the turn back: the rows stay and go out again in the next turn. A crash between the
 * acknowledgement and the commit therefore sends a snapshot twice, with the same version; consumers ignore a
 * version they have applied already.
 *
 * <p>The loop runs on a thread of its own. It turns when this instance committed an order change (woken after the
 * commit), every {@code poll-interval} otherwise (changes committed by other instances), and at once while full
 * batches keep coming. A failed turn is counted and logged (class only: a message could quote an order) and retried
 * after a back-off from {@code poll-interval} doubling up to 5 s; every wait is bounded, so the loop never stops
 * turning while the service runs, and {@link #isBroken()} (liveness) says so if it does.
 */
@Component
class OrderOutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OrderOutboxRelay.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final Duration PENDING_REFRESH = Duration.ofSeconds(1);

    private final OrderOutbox outbox;
    private final TransactionTemplate transactions;
    private final OutboxPublisher publisher;
    private final QueryProperties.Outbox settings;
    private final Clock clock;
    private final Semaphore wakeups = new Semaphore(0);
    private final Counter published;
    private final Counter failures;
    private final Timer delay;
    private final Duration stuckAfter;

    private volatile boolean running;
    private volatile @Nullable Thread thread;
    private volatile long lastTurnNanos = System.nanoTime();
    private volatile double pending = Double.NaN;
    private volatile int failuresInARow;
    private long nextPendingRefreshNanos;

    @Autowired
    OrderOutboxRelay(OrderOutbox outbox, TransactionTemplate transactions, KafkaProperties kafka,
            QueryProperties properties, Clock clock, MeterRegistry meters) {
        this(outbox, transactions, new OutboxPublisher(
                OutboxPublisher.producers(kafka, properties.outbox().sendTimeout()), properties.outbox().topic(),
                properties.outbox().sendTimeout()), properties.outbox(), clock, meters);
    }

    OrderOutboxRelay(OrderOutbox outbox, TransactionTemplate transactions, OutboxPublisher publisher,
            QueryProperties.Outbox settings, Clock clock, MeterRegistry meters) {
        this.outbox = outbox;
        this.transactions = transactions;
        this.publisher = publisher;
        this.settings = settings;
        this.clock = clock;
        // a turn waits at most for the broker, then for the database: far less than this
        this.stuckAfter = settings.sendTimeout().multipliedBy(6).plusMinutes(1);
        Gauge.builder("tracking.query.outbox.pending", this, relay -> relay.pending)
                .description("Order snapshots in the outbox not published yet (NaN: not measured)")
                .baseUnit("rows").register(meters);
        this.published = Counter.builder("tracking.query.outbox.published")
                .description("Order snapshots published to the orders topic and deleted from the outbox")
                .register(meters);
        this.failures = Counter.builder("tracking.query.outbox.failures")
                .description("Relay turns that failed (broker or database) and were rolled back to be retried")
                .register(meters);
        this.delay = Timer.builder("tracking.query.outbox.delay")
                .description("From the start of an order change's transaction to the broker acknowledging its snapshot")
                .publishPercentileHistogram().register(meters);
    }

    /** After the commit of an order change on this instance: turn now rather than at the next poll. */
    @TransactionalEventListener
    void onAppended(OutboxAppended appended) {
        wake();
    }

    void wake() {
        if (wakeups.availablePermits() == 0) {
            wakeups.release();
        }
    }

    /**
     * One turn (see the class comment); the number of rows published, 0 when there were none or another instance
     * holds the lock.
     */
    int relayOnce() throws OutboxPublisher.PublishException {
        try {
            Integer count = transactions.execute(status -> {
                if (!outbox.tryLockForRelay()) {
                    return 0;
                }
                List<OrderOutbox.Row> rows = outbox.oldest(settings.batchSize());
                if (rows.isEmpty()) {
                    return 0;
                }
                try {
                    publisher.publish(rows);
                } catch (OutboxPublisher.PublishException e) {
                    throw new Unpublished(e);
                }
                Instant acknowledged = clock.instant();
                for (OrderOutbox.Row row : rows) {
                    // both instants are this system's own: only a clock stepping back makes it negative
                    Duration elapsed = Duration.between(row.createdAt(), acknowledged);
                    if (!elapsed.isNegative()) {
                        delay.record(elapsed);
                    }
                }
                outbox.delete(rows);
                return rows.size();
            });
            return count == null ? 0 : count;
        } catch (Unpublished e) {
            throw e.failure;
        }
    }

    /** Carries the checked failure out of the transaction callback, which rolls back on it. */
    private static final class Unpublished extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final transient OutboxPublisher.PublishException failure;

        Unpublished(OutboxPublisher.PublishException failure) {
            super(null, null, false, false);
            this.failure = failure;
        }
    }

    private void loop() {
        while (running) {
            Duration pause = settings.pollInterval();
            try {
                refreshPending();
                int count = relayOnce();
                failuresInARow = 0;
                if (count > 0) {
                    published.increment(count);
                    // refreshed at the next turn anyway; without it the gauge would lag a second behind
                    nextPendingRefreshNanos = 0;
                }
                if (count == settings.batchSize()) {
                    pause = Duration.ZERO;
                }
            } catch (Throwable e) {
                // an Error included: the next turn starts from the table again, and liveness watches the loop
                int inARow = ++failuresInARow;
                failures.increment();
                pause = backoff(inARow);
                Throwable cause = e.getCause() == null ? e : e.getCause();
                log.warn("Order outbox: a turn failed ({} / {}), {} in a row; retrying in {}",
                        e.getClass().getSimpleName(), cause.getClass().getSimpleName(), inARow, pause);
            }
            lastTurnNanos = System.nanoTime();
            await(pause);
        }
    }

    private void refreshPending() {
        long now = System.nanoTime();
        if (now - nextPendingRefreshNanos >= 0) {
            nextPendingRefreshNanos = now + PENDING_REFRESH.toNanos();
            pending = outbox.pending();
        }
    }

    private Duration backoff(int failures) {
        Duration backoff = settings.pollInterval();
        for (int i = 1; i < failures && backoff.compareTo(MAX_BACKOFF) < 0; i++) {
            backoff = backoff.multipliedBy(2);
        }
        return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
    }

    private void await(Duration pause) {
        try {
            if (!pause.isZero() && wakeups.tryAcquire(pause.toNanos(), TimeUnit.NANOSECONDS)) {
                wakeups.drainPermits();
            }
        } catch (InterruptedException e) {
            // stop() interrupts: the loop checks running
        }
    }

    /** Whether the relay cannot keep running: its thread ended, or no turn ended for far longer than any wait. */
    boolean isBroken() {
        if (!running) {
            return false;
        }
        Thread relay = thread;
        return relay == null || !relay.isAlive() || System.nanoTime() - lastTurnNanos > stuckAfter.toNanos();
    }

    Map<String, Object> details() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("failuresInARow", failuresInARow);
        details.put("sinceLastTurnMillis", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastTurnNanos));
        return details;
    }

    @Override
    public synchronized void start() {
        if (running || !settings.enabled()) {
            return;
        }
        running = true;
        lastTurnNanos = System.nanoTime();
        Thread relay = new Thread(this::loop, "order-outbox-relay");
        relay.setDaemon(true);
        thread = relay;
        relay.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        Thread relay = thread;
        thread = null;
        if (relay != null) {
            relay.interrupt();
            try {
                relay.join(settings.sendTimeout().plusSeconds(5).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        publisher.close();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops after the web server: the changes of PUTs answered while it drains are still published. */
    @Override
    public int getPhase() {
        return 0;
    }
}
