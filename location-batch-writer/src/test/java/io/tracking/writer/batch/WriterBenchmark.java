package io.tracking.writer.batch;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tracking.contract.LocationUpdate;
import io.tracking.testsupport.PostgresConnection;
import io.tracking.testsupport.TestInfrastructure;
import io.tracking.writer.BatchWriterProperties;
import io.tracking.writer.partition.HistoryPartitions;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Database side only, no Kafka: flushes of {@code -Dbench.batch} pings through {@link LocationBatchWriter}
 * against a binary COPY of the same rows, alternating, to compare them under the same machine load.
 * Run: {@code java -cp <test classpath> io.tracking.writer.batch.WriterBenchmark}.
 */
final class WriterBenchmark {

    public static void main(String[] args) throws Exception {
        int rows = Integer.getInteger("bench.rows", 200_000);
        int drivers = Integer.getInteger("bench.drivers", 10_000);
        int batch = Integer.getInteger("bench.batch", 10_000);
        int rounds = Integer.getInteger("bench.rounds", 3);
        PostgresConnection server = TestInfrastructure.postgres();
        List<LocationUpdate> updates = new ArrayList<>(rows);
        Instant base = Instant.now().minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS);
        for (int i = 0; i < rows; i++) {
            int driver = i % drivers;
            Instant recorded = base.plusSeconds(i / drivers).plusMillis(driver % 1000);
            updates.add(new LocationUpdate("driver-" + driver, 12.9 + driver / 1e5, 77.5 + i % 997 / 1e4, recorded,
                    recorded.plusMillis(300), 4.0, 3.0, 90.0));
        }
        for (int round = 0; round < rounds; round++) {
            double copy = copy(fresh(server), updates);
            double copyCpu = lastCpuSeconds;
            double writer = writer(fresh(server), updates, batch);
            double writerCpu = lastCpuSeconds;
            double copyAgain = copy(fresh(server), updates);
            double copyCpuAgain = lastCpuSeconds;
            System.out.printf(Locale.ROOT, "round %d: COPY %,.0f rows/s, writer %,.0f rows/s, COPY %,.0f rows/s,"
                    + " ratio %.2f; server CPU s: COPY %.2f, writer %.2f, COPY %.2f, CPU ratio %.2f (load %s)%n",
                    round, copy, writer, copyAgain, writer / ((copy + copyAgain) / 2), copyCpu, writerCpu,
                    copyCpuAgain, ((copyCpu + copyCpuAgain) / 2) / writerCpu,
                    java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim());
        }
        System.exit(0);
    }

    private static double lastCpuSeconds;

    /** CPU seconds (user + system) the server process serving {@code connection} has used so far. */
    static double backendCpu(Connection connection) throws Exception {
        int pid;
        try (Statement statement = connection.createStatement();
                java.sql.ResultSet result = statement.executeQuery("SELECT pg_backend_pid()")) {
            result.next();
            pid = result.getInt(1);
        }
        String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    private static double copy(PostgresConnection db, List<LocationUpdate> updates) throws Exception {
        CopyRows rows = new CopyRows(updates.size());
        TopicPartition partition = new TopicPartition("copy", 0);
        updates.forEach(update -> rows.add(BufferedPing.of(partition, rows.rows(), update)));
        byte[] bytes = rows.finish();
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
            double cpu = backendCpu(connection);
            connection.setAutoCommit(false);
            long started = System.nanoTime();
            var copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY location_history "
                    + CopyRows.COLUMNS + " FROM STDIN WITH (FORMAT binary)");
            copy.writeToCopy(bytes, 0, rows.length());
            copy.endCopy();
            connection.commit();
            double seconds = (System.nanoTime() - started) / 1e9;
            lastCpuSeconds = backendCpu(connection) - cpu;
            return updates.size() / seconds;
        }
    }

    private static double writer(PostgresConnection db, List<LocationUpdate> updates, int batch) throws Exception {
        try (HikariDataSource dataSource = new HikariDataSource()) {
            dataSource.setJdbcUrl(db.jdbcUrl());
            dataSource.setUsername(db.username());
            dataSource.setPassword(db.password());
            dataSource.setMaximumPoolSize(1);
            BatchWriterProperties.History history = new BatchWriterProperties.History(Duration.ofDays(30), 1, 7,
                    Duration.ofHours(1), Duration.ofDays(1));
            WriterMetrics metrics = new WriterMetrics(new SimpleMeterRegistry());
            LocationBatchWriter writer = new LocationBatchWriter(dataSource,
                    new ConsumerPositions(dataSource, "bench"),
                    new HistoryPartitions(new JdbcTemplate(dataSource), history),
                    new DeadLetterPublisher(new MockProducer<>(true, null, new ByteArraySerializer(),
                            new ByteArraySerializer()), "dlt", Duration.ofSeconds(1), metrics),
                    metrics, Clock.systemUTC());
            TopicPartition partition = new TopicPartition("bench", 0);
            Map<TopicPartition, Long> expected = new HashMap<>(Map.of(partition, ConsumerPositions.NO_ROW));
            double cpu;
            try (Connection connection = dataSource.getConnection()) {
                cpu = backendCpu(connection);
            }
            long started = System.nanoTime();
            for (int from = 0; from < updates.size(); from += batch) {
                List<BufferedPing> pings = new ArrayList<>(batch);
                for (LocationUpdate update : updates.subList(from, Math.min(updates.size(), from + batch))) {
                    pings.add(BufferedPing.of(partition, from + pings.size(), update));
                }
                long next = from + pings.size();
                FlushResult result = writer.write(new FlushBatch(pings, List.of(), Map.of(partition, next), 0),
                        expected);
                if (!(result instanceof FlushResult.Committed)) {
                    throw new IllegalStateException(result.toString());
                }
                expected.put(partition, next);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            try (Connection connection = dataSource.getConnection()) {
                lastCpuSeconds = backendCpu(connection) - cpu;
            }
            return updates.size() / seconds;
        }
    }

    private static PostgresConnection fresh(PostgresConnection server) throws Exception {
        String name = "wb_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.username(),
                server.password()); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        String url = server.jdbcUrl().replaceFirst("/postgres(\\?|$)", "/" + name + "$1");
        Flyway.configure().dataSource(url, server.username(), server.password()).locations("classpath:db/migration")
                .load().migrate();
        return new PostgresConnection(url, server.username(), server.password());
    }

    private WriterBenchmark() {
    }
}
