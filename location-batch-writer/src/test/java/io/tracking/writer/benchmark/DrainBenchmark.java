package io.tracking.writer.benchmark;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import io.tracking.contract.LocationUpdate;
import io.tracking.testsupport.PostgresConnection;
import io.tracking.testsupport.TestInfrastructure;
import io.tracking.writer.LocationBatchWriterApplication;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Throughput harness, not a test: pre-loads location updates on a fresh topic, measures how fast the batch
 * writer drains them into a fresh database, and how fast a plain {@code COPY} stores the same rows into another
 * fresh database with the same table and indexes. Prints both and their ratio.
 *
 * <p>Runs against the test infrastructure (in-process KRaft broker, embedded PostgreSQL) unless
 * {@code -Dbenchmark.kafka=host:port} and {@code -Dbenchmark.jdbc-url=jdbc:postgresql://host/db}
 * ({@code -Dbenchmark.jdbc-user}, {@code -Dbenchmark.jdbc-password}; the user must be allowed to create
 * databases) point it elsewhere. Other knobs: {@code -Dbenchmark.records} (1000000), {@code -Dbenchmark.drivers}
 * (10000), {@code -Dbenchmark.partitions} (6), and any writer setting as
 * {@code -Dbenchmark.property.<key>=<value>}, for example
 * {@code -Dbenchmark.property.tracking.writer.flush.max-buffered-records=40000}.
 *
 * <p>Entry points: this {@code main} (test classpath), or {@code DrainBenchmarkIT} through failsafe with
 * {@code -Dbenchmark}.
 */
public final class DrainBenchmark {

    private static final JsonMapper JSON = JsonMapper.builder().disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private final int records = Integer.getInteger("benchmark.records", 1_000_000);
    private final int drivers = Integer.getInteger("benchmark.drivers", 10_000);
    private final int partitions = Integer.getInteger("benchmark.partitions", 6);
    private final String kafka = System.getProperty("benchmark.kafka", "");
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    /** What one run measured. */
    public record Result(int rows, double drainRowsPerSecond, double drainIncludingStartRowsPerSecond,
            double copyTextRowsPerSecond, double copyBinaryRowsPerSecond, double drainServerCpuSeconds,
            double drainJvmCpuSeconds, double copyBinaryServerCpuSeconds) {

        /** Also keeps the figures in {@code target/benchmark/drain-benchmark.txt}. */
        public void write() throws IOException {
            java.nio.file.Path file = java.nio.file.Path.of("target", "benchmark", "drain-benchmark.txt");
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.writeString(file, toString() + System.lineSeparator());
        }

        public double ratio() {
            return drainRowsPerSecond / Math.max(copyTextRowsPerSecond, copyBinaryRowsPerSecond);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, """
                    rows                         %,d
                    writer drain (first..last)   %,.0f rows/s
                    writer drain (incl. start)   %,.0f rows/s
                    plain COPY, text             %,.0f rows/s
                    plain COPY, binary           %,.0f rows/s
                    ratio drain / best COPY      %.2f
                    CPU seconds, PostgreSQL      writer %.2f, binary COPY %.2f (ratio %.2f)
                    CPU seconds, writer JVM      %.2f (consumer, decoding, writer; the test broker too when
                                                 it runs in this JVM)""", rows, drainRowsPerSecond,
                    drainIncludingStartRowsPerSecond, copyTextRowsPerSecond, copyBinaryRowsPerSecond, ratio(),
                    drainServerCpuSeconds, copyBinaryServerCpuSeconds,
                    copyBinaryServerCpuSeconds / drainServerCpuSeconds, drainJvmCpuSeconds);
        }
    }

    public static void main(String[] args) throws Exception {
        Result result = new DrainBenchmark().run();
        System.out.println(result);
        result.write();
        System.exit(0);
    }

    public Result run() throws Exception {
        String bootstrap = kafka.isEmpty() ? TestInfrastructure.kafkaBootstrapServers() : kafka;
        PostgresConnection server = postgres();
        List<LocationUpdate> updates = updates();
        String topic = "bench-location-updates-" + run;
        log("load average at start: %s", loadAverage());
        log("preloading %,d records (%,d drivers) on %s with %d partitions", records, drivers, topic, partitions);
        preload(bootstrap, topic, updates);

        PostgresConnection copyDb = freshDatabase(server, "bench_copy_text_" + run);
        double copyText = copyText(copyDb, updates);
        PostgresConnection copyBinaryDb = freshDatabase(server, "bench_copy_binary_" + run);
        double copyBinary = copyBinary(copyBinaryDb, updates);
        double copyCpu = lastServerCpu;
        log("plain COPY: text %,.0f rows/s, binary %,.0f rows/s", copyText, copyBinary);

        PostgresConnection writerDb = freshDatabase(server, "bench_writer_" + run);
        double[] drain = drain(bootstrap, topic, writerDb);
        // once more after the drain: the machine may be shared, so the baseline brackets the measurement
        double copyBinaryAfter = copyBinary(freshDatabase(server, "bench_copy_binary_after_" + run), updates);
        copyCpu = Math.min(copyCpu, lastServerCpu);
        log("plain COPY after the drain: binary %,.0f rows/s", copyBinaryAfter);
        return new Result(records, drain[0], drain[1], copyText, Math.max(copyBinary, copyBinaryAfter), drain[2],
                drain[3], copyCpu);
    }

    private List<LocationUpdate> updates() {
        // every driver pings once per second; the same rows feed the topic and the COPY baseline
        Instant base = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.SECONDS);
        List<LocationUpdate> updates = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            int driver = i % drivers;
            Instant recordedAt = base.plusSeconds(i / drivers).plusMillis(driver % 1000);
            updates.add(new LocationUpdate("driver-" + driver, 12.9 + (driver % 1000) / 10_000.0,
                    77.5 + (i % 997) / 10_000.0, recordedAt, recordedAt.plusMillis(350), 4.0 + driver % 7,
                    (double) (i % 30), (double) (i % 360)));
        }
        return updates;
    }

    private void preload(String bootstrap, String topic, List<LocationUpdate> updates) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
        }
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        long started = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (LocationUpdate update : updates) {
                sent.add(producer.send(new ProducerRecord<>(topic,
                        update.driverId().getBytes(StandardCharsets.UTF_8), JSON.writeValueAsBytes(update))));
                if (sent.size() == 50_000) {
                    awaitAll(sent);
                }
            }
            awaitAll(sent);
        }
        log("preloaded in %.1f s", (System.nanoTime() - started) / 1e9);
    }

    private static void awaitAll(List<Future<RecordMetadata>> sent) throws InterruptedException, ExecutionException {
        for (Future<RecordMetadata> future : sent) {
            future.get();
        }
        sent.clear();
    }

    private double copyText(PostgresConnection db, List<LocationUpdate> updates) throws SQLException, IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream(records * 120);
        StringBuilder line = new StringBuilder(160);
        for (LocationUpdate update : updates) {
            line.setLength(0);
            line.append(update.driverId()).append('\t').append(update.recordedAt()).append('\t')
                    .append(update.receivedAt()).append('\t').append(update.latitude()).append('\t')
                    .append(update.longitude()).append('\t').append(orNull(update.accuracyMeters())).append('\t')
                    .append(orNull(update.speedMps())).append('\t').append(orNull(update.headingDegrees()))
                    .append('\n');
            text.write(line.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] bytes = text.toByteArray();
        return timeCopy(db, "COPY location_history (driver_id, recorded_at, received_at, latitude, longitude,"
                + " accuracy_meters, speed_mps, heading_degrees) FROM STDIN", bytes);
    }

    private double copyBinary(PostgresConnection db, List<LocationUpdate> updates) throws SQLException, IOException {
        byte[] bytes = BinaryCopy.encode(updates);
        return timeCopy(db, "COPY location_history (driver_id, recorded_at, received_at, latitude, longitude,"
                + " accuracy_meters, speed_mps, heading_degrees) FROM STDIN WITH (FORMAT binary)", bytes);
    }

    private double timeCopy(PostgresConnection db, String sql, byte[] bytes) throws SQLException, IOException {
        try (Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
            connection.setAutoCommit(false);
            double cpu = serverCpu(connection, null);
            long started = System.nanoTime();
            long copied = connection.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn(sql, new java.io.ByteArrayInputStream(bytes), 1 << 16);
            connection.commit();
            double seconds = (System.nanoTime() - started) / 1e9;
            lastServerCpu = serverCpu(connection, null) - cpu;
            if (copied != records) {
                throw new IllegalStateException("COPY stored " + copied + " rows, expected " + records);
            }
            return records / seconds;
        }
    }

    private static String orNull(Double value) {
        return value == null ? "\\N" : value.toString();
    }

    /** Starts the writer on the pre-loaded topic; returns rows/s from first to last commit, and from start. */
    private double[] drain(String bootstrap, String topic, PostgresConnection db) throws Exception {
        Map<String, Object> properties = new HashMap<>();
        properties.put("spring.kafka.bootstrap-servers", bootstrap);
        properties.put("spring.datasource.url", db.jdbcUrl());
        properties.put("spring.datasource.username", db.username());
        properties.put("spring.datasource.password", db.password());
        properties.put("tracking.writer.topic", topic);
        properties.put("tracking.writer.dead-letter-topic", topic + ".DLT");
        properties.put("tracking.writer.group-id", "bench-writer-" + run);
        properties.put("tracking.writer.topic-partitions", partitions);
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("benchmark.property."))
                .forEach(name -> properties.put(name.substring("benchmark.property.".length()),
                        System.getProperty(name)));
        log("starting the writer (%s)", properties.entrySet().stream()
                .filter(entry -> entry.getKey().startsWith("tracking.writer.flush")
                        || entry.getKey().startsWith("spring.kafka.consumer"))
                .toList());
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory
                .getOperatingSystemMXBean();
        long jvmCpuStart = ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        long started = System.nanoTime();
        long firstCommit = 0;
        long firstStored = 0;
        // as command-line arguments: they must win over the environment fallbacks of application.yml
        String[] args = properties.entrySet().stream().map(entry -> "--" + entry.getKey() + "=" + entry.getValue())
                .toArray(String[]::new);
        try (ConfigurableApplicationContext writer = new SpringApplicationBuilder(LocationBatchWriterApplication.class)
                .web(WebApplicationType.NONE).run(args);
                Connection connection = DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password())) {
            long stored = 0;
            long lastReport = System.nanoTime();
            while (stored < records) {
                stored = storedPositions(connection, topic);
                long now = System.nanoTime();
                if (stored > 0 && firstCommit == 0) {
                    firstCommit = now;
                    firstStored = stored;
                }
                if (now - lastReport > 2_000_000_000L) {
                    log("  %,d stored", stored);
                    lastReport = now;
                }
                if (now - started > Duration.ofMinutes(10).toNanos()) {
                    throw new IllegalStateException("Drain did not finish in 10 minutes: " + stored);
                }
                Thread.sleep(20);
            }
            long finished = System.nanoTime();
            double jvmCpu = (((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() - jvmCpuStart) / 1e9;
            // the writer's server processes were all started for this run: their whole CPU time is the drain's
            double serverCpu = serverCpu(connection, db.jdbcUrl().substring(db.jdbcUrl().lastIndexOf('/') + 1)
                    .replaceFirst("\\?.*", "")) - serverCpu(connection, null);
            long rows = count(connection, "SELECT count(*) FROM location_history");
            long latest = count(connection, "SELECT count(*) FROM driver_latest_location");
            log("load average after the drain: %s", loadAverage());
            log("drained: %,d history rows, %,d latest rows, %.2f s after start, %.2f s after the first commit",
                    rows, latest, (finished - started) / 1e9, (finished - firstCommit) / 1e9);
            if (rows != records || latest != Math.min(drivers, records)) {
                throw new IllegalStateException("Unexpected row counts " + rows + " / " + latest);
            }
            // rows committed after the first commit, over the time they took: startup and group join excluded
            double steady = (records - firstStored) / ((finished - firstCommit) / 1e9);
            return new double[] { steady, records / ((finished - started) / 1e9), serverCpu, jvmCpu };
        }
    }

    private double lastServerCpu;

    /**
     * CPU seconds (user + system, from /proc) of the server processes behind the connections to {@code database},
     * or of this connection's own server process when {@code database} is null. 0 where /proc is not readable.
     */
    private static double serverCpu(Connection connection, String database) throws SQLException {
        String sql = database == null ? "SELECT pg_backend_pid()"
                : "SELECT pid FROM pg_stat_activity WHERE datname = ?";
        double seconds = 0;
        try (java.sql.PreparedStatement statement = connection.prepareStatement(sql)) {
            if (database != null) {
                statement.setString(1, database);
            }
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    try {
                        String stat = java.nio.file.Files.readString(
                                java.nio.file.Path.of("/proc/" + result.getInt(1) + "/stat"));
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        seconds += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
                    } catch (IOException | RuntimeException e) {
                        // another machine's server, or the process ended: no figure
                    }
                }
            }
        }
        return seconds;
    }

    private long storedPositions(Connection connection, String topic) throws SQLException {
        try (java.sql.PreparedStatement statement = connection.prepareStatement(
                "SELECT coalesce(sum(next_offset), 0) FROM kafka_consumer_positions WHERE topic = ?")) {
            statement.setString(1, topic);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }

    private static long count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static PostgresConnection postgres() {
        String url = System.getProperty("benchmark.jdbc-url", "");
        if (url.isEmpty()) {
            return TestInfrastructure.postgres();
        }
        return new PostgresConnection(url, System.getProperty("benchmark.jdbc-user", "tracking"),
                System.getProperty("benchmark.jdbc-password", "tracking"));
    }

    /** Creates an empty database next to {@code server}'s and applies the migrations. */
    private static PostgresConnection freshDatabase(PostgresConnection server, String name) throws SQLException {
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl(), server.username(),
                server.password()); Statement statement = connection.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        }
        String base = server.jdbcUrl();
        int query = base.indexOf('?');
        String path = query < 0 ? base : base.substring(0, query);
        String url = path.substring(0, path.lastIndexOf('/') + 1) + name + (query < 0 ? "" : base.substring(query));
        PostgresConnection db = new PostgresConnection(url, server.username(), server.password());
        Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password()).locations("classpath:db/migration")
                .load().migrate();
        return db;
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void log(String format, Object... args) {
        System.out.println("[benchmark] " + String.format(Locale.ROOT, format, args));
    }

    /** The same binary COPY encoding the writer uses, kept separate so that the baseline does not depend on it. */
    static final class BinaryCopy {

        static byte[] encode(List<LocationUpdate> updates) {
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(19 + updates.size() * 120 + 2);
            buffer.put(new byte[] { 'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0 });
            buffer.putInt(0).putInt(0);
            long epoch = 946_684_800L * 1_000_000L;
            for (LocationUpdate update : updates) {
                byte[] id = update.driverId().getBytes(StandardCharsets.UTF_8);
                buffer.putShort((short) 8).putInt(id.length).put(id);
                buffer.putInt(8).putLong(micros(update.recordedAt()) - epoch);
                buffer.putInt(8).putLong(micros(update.receivedAt()) - epoch);
                buffer.putInt(8).putDouble(update.latitude());
                buffer.putInt(8).putDouble(update.longitude());
                putNullable(buffer, update.accuracyMeters());
                putNullable(buffer, update.speedMps());
                putNullable(buffer, update.headingDegrees());
            }
            buffer.putShort((short) -1);
            return java.util.Arrays.copyOf(buffer.array(), buffer.position());
        }

        private static long micros(Instant instant) {
            return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
        }

        private static void putNullable(java.nio.ByteBuffer buffer, Double value) {
            if (value == null) {
                buffer.putInt(-1);
            } else {
                buffer.putInt(8).putDouble(value);
            }
        }
    }

}
