package io.tracking.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

import io.tracking.localstack.DatabaseConnection;
import io.tracking.localstack.LocalStack;
import io.tracking.localstack.ServiceProcess;

/**
 * The trip-event service as a process of its own next to the shared {@link SystemStack} (which runs the three
 * services it was built for), on a free port, with its Kafka Streams state directory in the stack's data directory:
 * a process a test can SIGKILL and start again like the others.
 */
final class TripEventProcess {

    static final String MODULE = "trip-event-service";

    private TripEventProcess() {
    }

    static ServiceProcess create(LocalStack stack) {
        Path jar = LocalStack.findRepositoryRoot().resolve(MODULE).resolve("target")
                .resolve(MODULE + "-" + LocalStack.projectVersion() + "-exec.jar");
        int port = freePort();
        DatabaseConnection database = stack.database();
        return ServiceProcess.builder(MODULE, jar, port, port)
                .environment("KAFKA_BOOTSTRAP_SERVERS", stack.kafka().bootstrapServers())
                .environment("DATABASE_URL", database.jdbcUrl())
                .environment("DATABASE_USERNAME", database.username())
                .environment("DATABASE_PASSWORD", database.password())
                .environment("TRACKING_TRIPS_STATE_DIR", stack.dataDirectory().resolve("trip-events").toString())
                .startupTimeout(Duration.ofMinutes(3))
                .logFile(stack.logDirectory().resolve(MODULE + ".log"))
                .build();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port", e);
        }
    }
}
