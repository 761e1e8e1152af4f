package io.tracking.benchmark.scenario;

import java.sql.Connection;
import java.time.Duration;
import java.util.function.BooleanSupplier;

import io.tracking.benchmark.tool.DrainWatch;
import io.tracking.benchmark.tool.LoadedPings;

/**
 * Follows the batch writer through a backlog of loaded pings: its stored positions ({@code kafka_consumer_positions},
 * committed in the same transaction as the rows, so they count stored rows exactly and cost almost nothing to read),
 * polled every {@link #POLL} over one connection held open for the whole watch (a new connection would fork a
 * PostgreSQL backend 20 times a second, on the CPU the drain is measured with).
 */
final class WriterBacklog implements AutoCloseable {

    static final Duration POLL = Duration.ofMillis(50);

    private final BenchmarkContext context;
    private final Connection connection;

    private WriterBacklog(BenchmarkContext context, Connection connection) {
        this.context = context;
        this.connection = connection;
    }

    static WriterBacklog open(BenchmarkContext context) throws Exception {
        return new WriterBacklog(context, context.database().open());
    }

    /**
     * Samples the records of {@code loaded} the writer has stored until all are, and returns the drain.
     *
     * @throws IllegalStateException when the writer stopped making progress (a minute without a new row once it
     *     started, or {@code giveUp}) short of every ping
     */
    DrainWatch.Drain watch(LoadedPings loaded, BooleanSupplier giveUp) {
        if (!loaded.contiguous()) {
            context.note("another producer wrote between the drain's records on " + loaded.offsets()
                    + ": its stored-row count is off by those records");
        }
        DrainWatch.Drain drain = DrainWatch.watch(() -> loaded.storedBy(context.writerPositions(connection)),
                loaded.pings(), POLL, Duration.ofSeconds(60), Duration.ofMinutes(10), giveUp);
        if (!drain.reachedTarget()) {
            throw new IllegalStateException("The writer stored " + drain.rows() + " of " + loaded.pings()
                    + " pings and then stopped making progress");
        }
        return drain;
    }

    /** Counts the rows of the load's drivers in {@code location_history}, and notes when they are not one per ping. */
    void checkRows(LoadedPings loaded, String run) throws Exception {
        long rows = context.database().number(
                "SELECT count(*) FROM location_history WHERE starts_with(driver_id, ?)", loaded.prefix());
        if (rows != loaded.pings()) {
            context.note(run + ": " + rows + " rows stored for " + loaded.pings() + " distinct pings");
        }
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }
}
