package io.tracking.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import io.tracking.localstack.DatabaseConnection;
import io.tracking.localstack.LocalStack;
import io.tracking.localstack.Service;

/**
 * One local stack (Kafka broker, PostgreSQL and the three service jars as separate processes, on free ports) shared
 * by the system tests of this JVM. Tests that stop or kill a part bring it back before they end, and keep apart from
 * each other by using their own driver ids.
 */
final class SystemStack {

    private static LocalStack stack;

    private SystemStack() {
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            try {
                Path dataDirectory = Files.createTempDirectory("tracking-system-tests-");
                // TripCrashIT runs (and kills) its own trip-event service; a second instance in the same Kafka
                // Streams group would take over its work and hide what the kills do
                stack = LocalStack.builder(dataDirectory).ports(LocalStack.Ports.free()).without(Service.TRIPS)
                        .build().start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return stack;
    }

    static Connection openDatabase() throws SQLException {
        DatabaseConnection db = get().database();
        return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
    }
}
