package io.tracking.benchmark.scenario;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import io.tracking.benchmark.report.Figure;
import io.tracking.benchmark.tool.Database;
import io.tracking.benchmark.tool.LoadedPings;

/**
 * PostgreSQL's limit for this table: the rows the batch writer stored in its last drain run, exported once with
 * {@code COPY ... TO STDOUT (FORMAT binary)}, then loaded with pgjdbc's CopyManager in one {@code COPY FROM STDIN
 * (FORMAT binary)} (the writer's own format) into {@code bench_copy}: a copy of {@code location_history} with the
 * same columns, primary key and daily range partitions, emptied before each run.
 */
final class CopyScenario implements Scenario {

    private static final String COLUMNS =
            "driver_id, recorded_at, received_at, latitude, longitude, accuracy_meters, speed_mps, heading_degrees";

    @Override
    public String name() {
        return "copy";
    }

    @Override
    public List<Figure> run(BenchmarkContext context) throws Exception {
        LoadedPings fleet = context.drainedFleet()
                .orElseThrow(() -> new IllegalStateException("needs the rows of a writer-drain run"));
        String prefix = Database.checkedPrefix(fleet.prefix());
        Path rowsFile = context.workDirectory().resolve("copy-rows.bin");
        long rows;
        try (Connection connection = context.database().open()) {
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(rowsFile))) {
                rows = copy.copyOut("COPY (SELECT " + COLUMNS + " FROM location_history WHERE starts_with(driver_id, '"
                        + prefix + "')) TO STDOUT (FORMAT binary)", out);
            }
            createTable(connection, prefix);
        }
        List<Double> rates = new ArrayList<>();
        for (int run = 1; run <= context.settings().runs(); run++) {
            double seconds = load(context, rowsFile);
            double rate = rows / seconds;
            context.log().printf(Locale.ROOT, "  run %d: %,d rows in %.2f s = %.0f rows/s%n", run, rows, seconds, rate);
            rates.add(rate);
        }
        context.database().execute("DROP TABLE IF EXISTS bench_copy");
        String method = String.format(Locale.ROOT,
                "pgjdbc CopyManager, one COPY ... FROM STDIN (FORMAT binary) of the %,d rows the writer stored in its"
                        + " last drain run, into bench_copy (LIKE location_history INCLUDING ALL, same daily "
                        + "partitions), emptied before each run; one transaction", rows);
        return List.of(Figure.of("copy.rate", "PostgreSQL COPY", "throughput", "rows/s", rates, method));
    }

    private static void createTable(Connection connection, String prefix) throws Exception {
        LocalDate first;
        LocalDate last;
        try (Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS bench_copy");
            statement.execute("CREATE TABLE bench_copy (LIKE location_history INCLUDING ALL)"
                    + " PARTITION BY RANGE (recorded_at)");
            try (ResultSet range = statement.executeQuery("SELECT (min(recorded_at) AT TIME ZONE 'UTC')::date,"
                    + " (max(recorded_at) AT TIME ZONE 'UTC')::date FROM location_history"
                    + " WHERE starts_with(driver_id, '" + prefix + "')")) {
                range.next();
                first = range.getObject(1, LocalDate.class);
                last = range.getObject(2, LocalDate.class);
            }
            for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
                statement.execute(String.format(Locale.ROOT,
                        "CREATE TABLE bench_copy_p%s PARTITION OF bench_copy FOR VALUES FROM ('%s 00:00:00+00')"
                                + " TO ('%s 00:00:00+00')", day.toString().replace("-", ""), day, day.plusDays(1)));
            }
        }
    }

    private static double load(BenchmarkContext context, Path rowsFile) throws Exception {
        try (Connection connection = context.database().open()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("TRUNCATE bench_copy");
            }
            connection.setAutoCommit(false);
            CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
            long start = System.nanoTime();
            try (InputStream in = new BufferedInputStream(Files.newInputStream(rowsFile), 1 << 16)) {
                copy.copyIn("COPY bench_copy (" + COLUMNS + ") FROM STDIN (FORMAT binary)", in);
            }
            connection.commit();
            return (System.nanoTime() - start) / 1e9;
        }
    }
}
