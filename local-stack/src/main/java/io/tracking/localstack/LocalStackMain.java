package io.tracking.localstack;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import org.jspecify.annotations.Nullable;

import io.tracking.auth.DevTokens;
import io.tracking.contract.Topics;

/**
 * {@code ./run-local.sh}: starts the whole system with its data in {@code .local-stack/} under the repository
 * root, prints how to use it and runs until Ctrl-C, which stops every process it started.
 *
 * <pre>
 * up [--data-dir DIR] [--repo-root DIR] [--kafka-port N] [--kafka-controller-port N] [--postgres-port N]
 *    [--ingest-port N] [--ingest-management-port N] [--writer-port N] [--query-port N] [--query-management-port N]
 *    [--trips-port N] [--ingest-stream-port N] [--monitoring [--prometheus-port N]]
 * </pre>
 *
 * {@code --monitoring} also starts Prometheus ({@link LocalPrometheus}) once the stack is up, when a {@code prometheus}
 * binary is on the PATH; otherwise it says how to install one and goes on without it.
 *
 * Each option may also be given as a system property {@code -Dlocalstack.<option>=value}. Environment:
 * {@code TRACKING_JWT_SECRET} (else the documented development-only secret), {@code DATABASE_URL} with
 * {@code DATABASE_USERNAME} and {@code DATABASE_PASSWORD} to use an existing PostgreSQL instead of starting one.
 */
public final class LocalStackMain {

    private static final Duration TOKEN_TTL = Duration.ofHours(12);

    private static final List<String> OPTIONS = List.of("data-dir", "repo-root", "kafka-port", "kafka-controller-port",
            "postgres-port", "ingest-port", "ingest-management-port", "writer-port", "query-port",
            "query-management-port", "trips-port", "ingest-stream-port", "prometheus-port");

    /** The ingest service's WebSocket stream on Netty, the driver apps' (Tomcat's stays on the ingest port). */
    private static final int DEFAULT_INGEST_STREAM_PORT = 8085;

    private LocalStackMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        LocalStack.Builder builder;
        String secret = envOrDefault("TRACKING_JWT_SECRET", DevTokens.DEVELOPMENT_SECRET);
        boolean monitoring;
        int prometheusPort;
        Path repositoryRoot;
        try {
            Map<String, String> options = parse(args);
            if (options.containsKey("help")) {
                usage(System.out);
                return;
            }
            repositoryRoot = repositoryRoot(options);
            builder = configure(options, repositoryRoot, secret)
                    .ingestStreamPort(port(options, "ingest-stream-port", DEFAULT_INGEST_STREAM_PORT));
            monitoring = Boolean.parseBoolean(options.getOrDefault("monitoring", "false"));
            prometheusPort = port(options, "prometheus-port", LocalPrometheus.DEFAULT_PORT);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            usage(System.err);
            System.exit(2);
            return;
        }
        LocalStack stack = builder.build();
        try {
            stack.start();
        } catch (RuntimeException e) {
            System.err.println();
            System.err.println("The local stack did not start: " + e.getMessage());
            System.err.println("Logs: " + stack.logDirectory());
            System.exit(1);
            return;
        }
        LocalPrometheus prometheus = monitoring ? startPrometheus(stack, repositoryRoot, prometheusPort) : null;
        printUsage(stack, secret.equals(DevTokens.DEVELOPMENT_SECRET), prometheus);
        // the shutdown hook LocalStack registered stops everything on Ctrl-C
        new CountDownLatch(1).await();
    }

    private static Path repositoryRoot(Map<String, String> options) {
        return options.containsKey("repo-root") ? Path.of(options.get("repo-root")).toAbsolutePath()
                : LocalStack.findRepositoryRoot();
    }

    /**
     * Starts Prometheus for {@code --monitoring}, stopped (and its data deleted) by a shutdown hook; null when it is
     * not installed or did not start, which leaves the stack running without it.
     */
    private static @Nullable LocalPrometheus startPrometheus(LocalStack stack, Path repositoryRoot, int port) {
        Optional<Path> executable = LocalPrometheus.findExecutable();
        PrintStream out = System.out;
        if (executable.isEmpty()) {
            out.println();
            out.println("--monitoring: no prometheus on the PATH, going on without it. To have one:");
            out.println("  Debian/Ubuntu: sudo apt-get install prometheus   (its system service also takes port 9090:");
            out.println("                 sudo systemctl disable --now prometheus, or use --prometheus-port N)");
            out.println("  macOS:         brew install prometheus");
            out.println("  elsewhere:     a release from https://prometheus.io/download/ (put prometheus on the PATH)");
            return null;
        }
        Path alerts = repositoryRoot.resolve("monitoring").resolve("alerts.yml");
        if (!Files.isRegularFile(alerts)) {
            out.println("--monitoring: " + alerts + " not found: Prometheus starts without alert rules");
            alerts = null;
        }
        try {
            LocalPrometheus prometheus = LocalPrometheus.start(executable.get(), stack, alerts, port);
            Runtime.getRuntime().addShutdownHook(new Thread(prometheus::close, "local-prometheus-shutdown"));
            return prometheus;
        } catch (RuntimeException e) {
            System.err.println();
            System.err.println("--monitoring: Prometheus did not start, going on without it: " + e.getMessage());
            return null;
        }
    }

    private static LocalStack.Builder configure(Map<String, String> options, Path repositoryRoot, String secret) {
        Path dataDirectory = options.containsKey("data-dir") ? Path.of(options.get("data-dir")).toAbsolutePath()
                : repositoryRoot.resolve(".local-stack");
        LocalStack.Ports defaults = LocalStack.Ports.defaults();
        LocalStack.Ports ports = new LocalStack.Ports(
                port(options, "kafka-port", defaults.kafka()),
                port(options, "kafka-controller-port", defaults.kafkaController()),
                port(options, "postgres-port", defaults.postgres()),
                port(options, "ingest-port", defaults.ingest()),
                port(options, "ingest-management-port", defaults.ingestManagement()),
                port(options, "writer-port", defaults.writer()),
                port(options, "query-port", defaults.query()),
                port(options, "query-management-port", defaults.queryManagement()),
                port(options, "trips-port", defaults.trips()));
        LocalStack.Builder builder = LocalStack.builder(dataDirectory)
                .ports(ports)
                .repositoryRoot(repositoryRoot)
                .jwtSecret(secret);
        String databaseUrl = System.getenv("DATABASE_URL");
        if (databaseUrl != null && !databaseUrl.isBlank()) {
            builder.externalDatabase(new DatabaseConnection(databaseUrl, envOrDefault("DATABASE_USERNAME", "tracking"),
                    envOrDefault("DATABASE_PASSWORD", "tracking")));
        }
        return builder;
    }

    private static void printUsage(LocalStack stack, boolean developmentSecret, @Nullable LocalPrometheus prometheus) {
        String driverId = "demo-driver-1";
        String driverToken = DevTokens.mint(stack.jwtSecret(), driverId, List.of("driver"), TOKEN_TTL);
        String customerToken = DevTokens.mint(stack.jwtSecret(), "demo-customer-1", List.of("customer"), TOKEN_TTL);
        String logisticsToken = DevTokens.mint(stack.jwtSecret(), "demo-logistics-1", List.of("logistics"), TOKEN_TTL);
        String dispatchToken = DevTokens.mint(stack.jwtSecret(), "demo-dispatch-1", List.of("dispatch"), TOKEN_TTL);
        ServiceProcess ingest = stack.ingest();
        ServiceProcess writer = stack.writer();
        ServiceProcess query = stack.query();
        ServiceProcess trips = stack.trips();
        PrintStream out = System.out;
        out.println();
        out.println("Local stack is up.");
        out.println();
        out.printf("  %-26s %s   (health %s/health)%n", ingest.name(), ingest.baseUrl(), ingest.actuatorUrl());
        stack.ingestStreamUrl().ifPresent(url -> out.printf("  %-26s %s/api/v1/locations/stream   (the driver "
                + "apps' WebSocket, on Netty)%n", "  its stream", url.replace("http://", "ws://")));
        out.printf("  %-26s %s/health%n", writer.name(), writer.actuatorUrl());
        out.printf("  %-26s %s   (health %s/health)%n", query.name(), query.baseUrl(), query.actuatorUrl());
        out.printf("  %-26s %s/health   (trip events and ETAs: topics %s, %s)%n", trips.name(), trips.actuatorUrl(),
                Topics.ORDER_TRIP_EVENTS, Topics.ORDER_ETAS);
        out.printf("  %-26s %s%n", "Kafka", stack.kafka().bootstrapServers());
        out.printf("  %-26s %s   (user %s)%n", "PostgreSQL", stack.database().jdbcUrl(), stack.database().username());
        out.println();
        out.println("Metrics (Prometheus format, no token):");
        out.println();
        for (ServiceProcess service : List.of(ingest, writer, query, trips)) {
            out.printf("  %-26s %s/prometheus%n", service.name(), service.actuatorUrl());
        }
        if (prometheus != null) {
            out.printf("  %-26s %s   (alerts %s/alerts; config %s; log %s)%n", "Prometheus", prometheus.url(),
                    prometheus.url(), prometheus.configFile(), prometheus.logFile());
        } else {
            out.println("  (./run-local.sh --monitoring also starts Prometheus with monitoring/alerts.yml when it is"
                    + " installed)");
        }
        out.println();
        out.println("  Data: " + stack.dataDirectory() + "   (delete it to start from scratch)");
        out.println("  Logs: " + stack.logDirectory());
        out.println();
        out.println("Development tokens, valid " + TOKEN_TTL.toHours() + " h"
                + (developmentSecret ? ", signed with the development-only secret (never use it anywhere else):"
                        : ", signed with TRACKING_JWT_SECRET:"));
        out.println();
        out.println("  export DRIVER_TOKEN=" + driverToken + "      # subject " + driverId + ", role driver");
        out.println("  export CUSTOMER_TOKEN=" + customerToken + "      # subject demo-customer-1, role customer"
                + " (sees a driver through its orders: /api/v1/orders/{id}/tracking)");
        out.println("  export LOGISTICS_TOKEN=" + logisticsToken + "      # subject demo-logistics-1, role logistics");
        out.println("  export DISPATCH_TOKEN=" + dispatchToken + "      # subject demo-dispatch-1, role dispatch");
        out.println();
        out.println("Send a first ping (as the driver):");
        out.println();
        out.println("  curl -i -X POST " + ingest.baseUrl() + "/api/v1/locations \\");
        out.println("    -H \"Authorization: Bearer $DRIVER_TOKEN\" -H 'Content-Type: application/json' \\");
        // recordedAt from the shell, so that the command still works hours later (pings may be at most a day old)
        out.println("    -d '{\"driverId\":\"" + driverId + "\",\"latitude\":52.520008,\"longitude\":13.404954,"
                + "\"recordedAt\":\"'\"$(date -u +%Y-%m-%dT%H:%M:%SZ)\"'\",\"accuracyMeters\":5.0,\"speedMps\":8.5,"
                + "\"headingDegrees\":90.0}'");
        out.println();
        out.println("Read the driver's position back:");
        out.println();
        out.println("  curl -s " + query.baseUrl() + "/api/v1/drivers/" + driverId + "/location \\");
        out.println("    -H \"Authorization: Bearer $LOGISTICS_TOKEN\"");
        out.println();
        out.println("Register an order for the demo customer with that driver (as dispatch):");
        out.println();
        out.println("  curl -i -X PUT " + query.baseUrl() + "/api/v1/orders/demo-order-1 \\");
        out.println("    -H \"Authorization: Bearer $DISPATCH_TOKEN\" -H 'Content-Type: application/json' \\");
        out.println("    -d '{\"driverId\":\"" + driverId + "\",\"customerId\":\"demo-customer-1\","
                + "\"restaurantId\":\"demo-restaurant-1\",\"pickup\":{\"latitude\":52.5163,\"longitude\":13.3777},"
                + "\"dropoff\":{\"latitude\":52.5251,\"longitude\":13.4094},\"status\":\"ASSIGNED\"}'");
        out.println();
        // the token rides in the fragment, which a browser never sends to a server; the page removes it at once
        out.println("Maps (open in a browser; the token stays in the # fragment, never sent to a server):");
        out.println();
        out.println("  Order tracking (customer):      " + query.baseUrl() + "/track/demo-order-1#token="
                + customerToken);
        out.println("  Operations console (logistics): " + query.baseUrl() + "/console/#token=" + logisticsToken
                + "&lat=52.52&lon=13.40&zoom=13");
        out.println();
        out.println("Press Ctrl-C to stop everything.");
        out.flush();
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (String option : OPTIONS) {
            String value = System.getProperty("localstack." + option);
            if (value != null && !value.isBlank()) {
                options.put(option, value);
            }
        }
        if (Boolean.getBoolean("localstack.monitoring")) {
            options.put("monitoring", "true");
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("up")) {
                continue;
            }
            if (arg.equals("--help") || arg.equals("-h") || arg.equals("help")) {
                options.put("help", "true");
                continue;
            }
            if (arg.equals("--monitoring")) {
                options.put("monitoring", "true");
                continue;
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("Unknown command or argument: " + arg);
            }
            String name = arg.substring(2);
            String value;
            int equals = name.indexOf('=');
            if (equals >= 0) {
                value = name.substring(equals + 1);
                name = name.substring(0, equals);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new IllegalArgumentException("Missing value for --" + name);
            }
            if (!OPTIONS.contains(name)) {
                throw new IllegalArgumentException("Unknown option --" + name);
            }
            options.put(name, value);
        }
        return options;
    }

    private static int port(Map<String, String> options, String name, int defaultPort) {
        String value = options.get(name);
        if (value == null) {
            return defaultPort;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a port number, got " + value);
        }
    }

    private static String envOrDefault(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static void usage(PrintStream out) {
        out.println("Usage: ./run-local.sh [up] [--data-dir DIR] [--repo-root DIR] [--kafka-port N]"
                + " [--kafka-controller-port N]");
        out.println("         [--postgres-port N] [--ingest-port N] [--ingest-management-port N] [--writer-port N]");
        out.println("         [--query-port N] [--query-management-port N] [--trips-port N] [--ingest-stream-port N]");
        out.println("         [--monitoring [--prometheus-port N]]");
        out.println("--ingest-stream-port: the driver apps' WebSocket stream on Netty (default "
                + DEFAULT_INGEST_STREAM_PORT + ")");
        out.println("--monitoring: also start Prometheus (if installed) scraping the services, with monitoring/alerts.yml,");
        out.println("              on 127.0.0.1:9090 (or --prometheus-port); its data is deleted when the stack stops.");
        out.println("Options may also be system properties: -Dlocalstack.kafka-port=19092 ...");
        out.println("Environment: TRACKING_JWT_SECRET (default: the development-only secret),");
        out.println("             DATABASE_URL, DATABASE_USERNAME, DATABASE_PASSWORD (use an existing PostgreSQL).");
    }
}
