package io.tracking.writer.batch;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import javax.sql.DataSource;

import io.tracking.writer.batch.DeadLetterPublisher.PendingDeadLetter;
import io.tracking.writer.partition.HistoryPartitions;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.postgresql.copy.CopyIn;
import org.postgresql.jdbc.PgConnection;

/**
 * Stores one flush in one PostgreSQL transaction: the consumer positions that follow it (conditional, see
 * {@link ConsumerPositions}), every distinct ping into {@code location_history}, and the newest ping per driver
 * into {@code driver_latest_location}. Either all of it commits or none of it does.
 *
 * <p>Fast path: {@code COPY location_history FROM STDIN} in binary format under a savepoint. A ping already stored
 * by an earlier flush (a phone that sent it twice, a few seconds apart) breaks the primary key; the savepoint
 * is rolled back and the slow path copies into a temporary table and inserts with {@code ON CONFLICT DO NOTHING}.
 * Pings repeated within the flush are removed in memory first.
 *
 * <p>{@code driver_latest_location} gets one row per driver and flush, in one statement, and a stored fix is only
 * replaced by a strictly newer one: a fix that arrives late never wins.
 *
 * <p>Poison: when PostgreSQL refuses the rows themselves (SQLSTATE class 22 or 23, see {@link DatabaseRefusal}),
 * retrying the same flush would fail forever. The fast path's savepoint is rolled back and {@link PoisonBisect}
 * writes the flush again in halves under savepoints, in the same transaction, until the refused pings stand alone;
 * they go to the dead-letter topic (confirmed by the broker before the commit) and the rest commits with the
 * positions. A flush that succeeds pays no savepoint beyond the one it always had. Any other failure is an outage:
 * nothing commits and the caller retries the whole flush.
 */
final class LocationBatchWriter implements FlushWriter {

    private static final Logger log = LoggerFactory.getLogger(LocationBatchWriter.class);

    private static final String UNIQUE_VIOLATION = "23505";

    private static final String COPY_HISTORY = "COPY location_history " + CopyRows.COLUMNS
            + " FROM STDIN WITH (FORMAT binary)";
    private static final String CREATE_STAGING = "CREATE TEMPORARY TABLE IF NOT EXISTS location_history_staging"
            + " (LIKE location_history INCLUDING DEFAULTS) ON COMMIT DELETE ROWS";
    private static final String COPY_STAGING = "COPY location_history_staging " + CopyRows.COLUMNS
            + " FROM STDIN WITH (FORMAT binary)";
    private static final String INSERT_FROM_STAGING = "INSERT INTO location_history " + CopyRows.COLUMNS
            + " SELECT driver_id, recorded_at, received_at, latitude, longitude, accuracy_meters, speed_mps,"
            + " heading_degrees FROM location_history_staging ON CONFLICT DO NOTHING";
    private static final String UPSERT_LATEST = """
            INSERT INTO driver_latest_location AS latest (driver_id, recorded_at, received_at, latitude, longitude,
                accuracy_meters, speed_mps, heading_degrees, stored_at)
            SELECT u.driver_id,
                timestamptz '1970-01-01 00:00:00+00' + u.recorded_us * interval '1 microsecond',
                timestamptz '1970-01-01 00:00:00+00' + u.received_us * interval '1 microsecond',
                u.latitude, u.longitude, u.accuracy_meters, u.speed_mps, u.heading_degrees, now()
            FROM unnest(?::text[], ?::int8[], ?::int8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[],
                ?::float8[]) AS u(driver_id, recorded_us, received_us, latitude, longitude, accuracy_meters,
                speed_mps, heading_degrees)
            ON CONFLICT (driver_id) DO UPDATE SET
                recorded_at = EXCLUDED.recorded_at, received_at = EXCLUDED.received_at,
                latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude,
                accuracy_meters = EXCLUDED.accuracy_meters, speed_mps = EXCLUDED.speed_mps,
                heading_degrees = EXCLUDED.heading_degrees, stored_at = EXCLUDED.stored_at
            WHERE latest.recorded_at < EXCLUDED.recorded_at""";
    private static final String INSERT_HISTORY = """
            INSERT INTO location_history AS history (driver_id, recorded_at, received_at, latitude, longitude,
                accuracy_meters, speed_mps, heading_degrees)
            SELECT u.driver_id,
                timestamptz '1970-01-01 00:00:00+00' + u.recorded_us * interval '1 microsecond',
                timestamptz '1970-01-01 00:00:00+00' + u.received_us * interval '1 microsecond',
                u.latitude, u.longitude, u.accuracy_meters, u.speed_mps, u.heading_degrees
            FROM unnest(?::text[], ?::int8[], ?::int8[], ?::float8[], ?::float8[], ?::float8[], ?::float8[],
                ?::float8[]) AS u(driver_id, recorded_us, received_us, latitude, longitude, accuracy_meters,
                speed_mps, heading_degrees)
            ON CONFLICT DO NOTHING""";

    private final DataSource dataSource;
    private final ConsumerPositions positions;
    private final HistoryPartitions partitions;
    private final DeadLetterPublisher deadLetters;
    private final WriterMetrics metrics;
    private final Clock clock;

    LocationBatchWriter(DataSource dataSource, ConsumerPositions positions, HistoryPartitions partitions,
            DeadLetterPublisher deadLetters, WriterMetrics metrics, Clock clock) {
        this.dataSource = dataSource;
        this.positions = positions;
        this.partitions = partitions;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Override
    public FlushResult write(FlushBatch batch, Map<TopicPartition, Long> expected) throws SQLException {
        long started = System.nanoTime();
        deadLetters.confirm(batch.pendingDeadLetters());
        Prepared prepared = prepare(batch.pings());
        try {
            return attempt(batch, expected, prepared, started, false);
        } catch (SQLException e) {
            if (!DatabaseRefusal.isMissingPartition(e)) {
                throw e;
            }
            // a retention run may have dropped a day's partition after this instance created it: once more with the
            // partitions asked for again, and only then are the pings of a day that stays missing refused
            log.info("A partition of location_history was missing; writing the flush once more");
            return attempt(batch, expected, prepared, started, true);
        }
    }

    private FlushResult attempt(FlushBatch batch, Map<TopicPartition, Long> expected, Prepared prepared,
            long started, boolean bisectMissingPartition) throws SQLException {
        long preparedAt = System.nanoTime();
        if (!prepared.days.isEmpty()) {
            partitions.ensureDays(prepared.days);
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                long transactionAt = System.nanoTime();
                FlushResult result = writeInTransaction(connection, batch, expected, prepared,
                        bisectMissingPartition);
                long writtenAt = System.nanoTime();
                if (result instanceof FlushResult.Committed committed) {
                    connection.commit();
                    if (committed.rejected() > 0) {
                        metrics.deadLetters(Rejection.REJECTED_BY_DATABASE, committed.rejected());
                    }
                    metrics.pingsQueryable(batch.pings(), clock.instant());
                } else {
                    connection.rollback();
                }
                if (log.isDebugEnabled()) {
                    long now = System.nanoTime();
                    log.debug("Flush of {} pings: prepare {} ms, connection {} ms, write {} ms (latest {} ms),"
                            + " commit {} ms", batch.pings().size(), millis(preparedAt - started),
                            millis(transactionAt - preparedAt), millis(writtenAt - transactionAt),
                            millis(prepared.latestNanos), millis(now - writtenAt));
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(connection, e);
                // a write can fail because a retention run dropped a day this instance thought it knew
                partitions.forget();
                throw e;
            }
        }
    }

    private FlushResult writeInTransaction(Connection connection, FlushBatch batch,
            Map<TopicPartition, Long> expected, Prepared prepared, boolean bisectMissingPartition)
            throws SQLException {
        Set<TopicPartition> fenced = positions.advance(connection, batch.nextOffsets(), expected);
        if (!fenced.isEmpty()) {
            return new FlushResult.Fenced(fenced);
        }
        if (prepared.rows == 0) {
            return new FlushResult.Committed(0, 0, 0, false, 0);
        }
        // one savepoint serves both the conflict-tolerant slow path and the bisect of a refused flush
        Savepoint savepoint = connection.setSavepoint();
        try {
            long inserted;
            boolean slowPath = false;
            try {
                inserted = copy(connection, COPY_HISTORY, prepared.copyData, prepared.copyLength);
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                connection.rollback(savepoint);
                slowPath = true;
                inserted = insertIgnoringStored(connection, prepared.copyData, prepared.copyLength);
            }
            long latestStarted = System.nanoTime();
            upsertLatest(connection, prepared.latest);
            prepared.latestNanos = System.nanoTime() - latestStarted;
            int duplicates = batch.pings().size() - (int) inserted;
            return new FlushResult.Committed((int) inserted, duplicates, prepared.latest.size(), slowPath, 0);
        } catch (SQLException e) {
            Predicate<SQLException> refusal = failure -> DatabaseRefusal.isRefusedRow(failure)
                    && (bisectMissingPartition || !DatabaseRefusal.isMissingPartition(failure));
            if (!refusal.test(e)) {
                throw e;
            }
            connection.rollback(savepoint);
            connection.releaseSavepoint(savepoint);
            return bisect(connection, batch, e, refusal);
        }
    }

    /**
     * Writes the flush in halves until the pings PostgreSQL refuses stand alone, and publishes those to the
     * dead-letter topic, waiting for the broker: the commit that follows moves the positions past them.
     */
    private FlushResult bisect(Connection connection, FlushBatch batch, SQLException failure,
            Predicate<SQLException> refusal) throws SQLException {
        log.warn("PostgreSQL refused a flush of {} pings (SQLSTATE {}); looking for the refused ones",
                batch.pings().size(), failure.getSQLState());
        List<BufferedPing> distinct = distinct(batch.pings());
        long[] inserted = {0};
        Set<String> drivers = new HashSet<>();
        PoisonBisect bisect = new PoisonBisect(rows -> {
            Savepoint savepoint = connection.setSavepoint();
            try {
                long added = insertHistory(connection, rows);
                List<BufferedPing> latest = newestPerDriver(rows);
                upsertLatest(connection, latest);
                connection.releaseSavepoint(savepoint);
                inserted[0] += added;
                latest.forEach(ping -> drivers.add(ping.driverId()));
            } catch (SQLException e) {
                if (refusal.test(e)) {
                    connection.rollback(savepoint);
                    connection.releaseSavepoint(savepoint);
                }
                throw e;
            }
        }, refusal, metrics::bisectSplit);
        List<PoisonBisect.Refused> refused = bisect.isolate(distinct, failure);
        List<PendingDeadLetter> sent = new ArrayList<>(refused.size());
        for (PoisonBisect.Refused one : refused) {
            BufferedPing ping = one.ping();
            Rejection rejection = DatabaseRefusal.rejection(one.cause());
            log.warn("Record {}@{} goes to the dead-letter topic: {} ({} {})", ping.partition(), ping.offset(),
                    rejection.reason(), rejection.field(), rejection.rule());
            sent.add(deadLetters.send(ping, rejection));
        }
        deadLetters.confirm(sent);
        int duplicates = batch.pings().size() - (int) inserted[0] - refused.size();
        return new FlushResult.Committed((int) inserted[0], duplicates, drivers.size(), false, refused.size());
    }

    private static long insertHistory(Connection connection, List<BufferedPing> rows) throws SQLException {
        return executeUnnest(connection, INSERT_HISTORY, rows);
    }

    private static long insertIgnoringStored(Connection connection, byte[] rows, int length) throws SQLException {
        try (PreparedStatement create = connection.prepareStatement(CREATE_STAGING)) {
            create.execute();
        }
        copy(connection, COPY_STAGING, rows, length);
        try (PreparedStatement insert = connection.prepareStatement(INSERT_FROM_STAGING)) {
            return insert.executeUpdate();
        }
    }

    private static long copy(Connection connection, String sql, byte[] rows, int length) throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            copy.writeToCopy(rows, 0, length);
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static void upsertLatest(Connection connection, List<BufferedPing> latest) throws SQLException {
        executeUnnest(connection, UPSERT_LATEST, latest);
    }

    /** Runs {@code sql}, whose eight parameters are the {@link #arrays} of {@code pings}; the rows it changed. */
    private static long executeUnnest(Connection connection, String sql, List<BufferedPing> pings)
            throws SQLException {
        Array[] arrays = arrays(connection.unwrap(PgConnection.class), pings);
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < arrays.length; i++) {
                statement.setArray(i + 1, arrays[i]);
            }
            return statement.executeUpdate();
        } finally {
            for (Array array : arrays) {
                array.free();
            }
        }
    }

    /** The columns of {@code pings} as the eight arrays {@code unnest} takes, in {@link CopyRows#COLUMNS} order. */
    private static Array[] arrays(PgConnection pg, List<BufferedPing> pings) throws SQLException {
        int size = pings.size();
        String[] driverIds = new String[size];
        long[] recorded = new long[size];
        long[] received = new long[size];
        double[] latitudes = new double[size];
        double[] longitudes = new double[size];
        Double[] accuracies = new Double[size];
        Double[] speeds = new Double[size];
        Double[] headings = new Double[size];
        for (int i = 0; i < size; i++) {
            BufferedPing ping = pings.get(i);
            driverIds[i] = ping.driverId();
            recorded[i] = ping.recordedMicros();
            received[i] = ping.receivedMicros();
            latitudes[i] = ping.latitude();
            longitudes[i] = ping.longitude();
            accuracies[i] = boxed(ping.accuracyMeters());
            speeds[i] = boxed(ping.speedMps());
            headings[i] = boxed(ping.headingDegrees());
        }
        return new Array[] {
                pg.createArrayOf("text", driverIds),
                pg.createArrayOf("int8", recorded),
                pg.createArrayOf("int8", received),
                pg.createArrayOf("float8", latitudes),
                pg.createArrayOf("float8", longitudes),
                pg.createArrayOf("float8", accuracies),
                pg.createArrayOf("float8", speeds),
                pg.createArrayOf("float8", headings) };
    }

    private static @Nullable Double boxed(double optional) {
        return BufferedPing.isPresent(optional) ? optional : null;
    }

    /** The rows of one flush: distinct pings as COPY data, the newest ping per driver, the UTC days touched. */
    private static final class Prepared {

        private final int rows;
        private final byte[] copyData;
        private final int copyLength;
        private final List<BufferedPing> latest;
        private final Set<Long> days;
        private long latestNanos;

        Prepared(CopyRows history, List<BufferedPing> latest, Set<Long> days) {
            this.rows = history.rows();
            // finished once: a flush may be attempted twice (a partition dropped under it)
            this.copyData = history.finish();
            this.copyLength = history.length();
            this.latest = latest;
            this.days = days;
        }
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    private record PingKey(String driverId, long recordedMicros) {
    }

    private static Prepared prepare(List<BufferedPing> pings) {
        CopyRows history = new CopyRows(pings.size());
        Set<PingKey> seen = new HashSet<>(pings.size() * 2);
        Map<String, BufferedPing> newest = new HashMap<>();
        Set<Long> days = new HashSet<>();
        long lastDay = Long.MIN_VALUE;
        for (BufferedPing ping : pings) {
            long micros = ping.recordedMicros();
            if (!seen.add(new PingKey(ping.driverId(), micros))) {
                continue;
            }
            history.add(ping);
            long day = Math.floorDiv(micros, 86_400_000_000L);
            if (day != lastDay) {
                days.add(day);
                lastDay = day;
            }
            newest.merge(ping.driverId(), ping, LocationBatchWriter::newer);
        }
        return new Prepared(history, sortedByDriver(newest), days);
    }

    /** {@code pings} without the repetitions of a (driver, recordedAt) within them, first occurrence kept. */
    private static List<BufferedPing> distinct(List<BufferedPing> pings) {
        Set<PingKey> seen = new HashSet<>(pings.size() * 2);
        List<BufferedPing> distinct = new ArrayList<>(pings.size());
        for (BufferedPing ping : pings) {
            if (seen.add(new PingKey(ping.driverId(), ping.recordedMicros()))) {
                distinct.add(ping);
            }
        }
        return distinct;
    }

    private static List<BufferedPing> newestPerDriver(List<BufferedPing> pings) {
        Map<String, BufferedPing> newest = new HashMap<>();
        for (BufferedPing ping : pings) {
            newest.merge(ping.driverId(), ping, LocationBatchWriter::newer);
        }
        return sortedByDriver(newest);
    }

    private static BufferedPing newer(BufferedPing kept, BufferedPing candidate) {
        return candidate.recordedMicros() > kept.recordedMicros() ? candidate : kept;
    }

    private static List<BufferedPing> sortedByDriver(Map<String, BufferedPing> newest) {
        List<BufferedPing> latest = new ArrayList<>(newest.values());
        // a fixed order, so that two instances overlapping during a rebalance cannot deadlock
        latest.sort((a, b) -> a.driverId().compareTo(b.driverId()));
        return latest;
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
