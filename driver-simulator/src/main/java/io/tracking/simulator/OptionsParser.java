package io.tracking.simulator;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import io.tracking.auth.DevTokens;
import io.tracking.contract.LocationUpdateRules;
import io.tracking.contract.Topics;
import io.tracking.simulator.fleet.CityArea;
import io.tracking.simulator.fleet.Fleet;
import io.tracking.simulator.load.ClosedLoad;
import io.tracking.simulator.trips.DeliveryOptions;

/**
 * Turns {@code --name value} / {@code --name=value} arguments into {@link SimulatorOptions}, or explains what is
 * wrong. The option table below is the single source of the usage text, so every option is listed with its
 * default.
 */
final class OptionsParser {

    static final String DEFAULT_INGEST_URL = "http://localhost:8081";
    /** The ingest service's driver stream (Netty) as run-local and compose open it: the ws mode's default. */
    static final String DEFAULT_STREAM_URL = "http://localhost:8085";
    static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
    static final String DEFAULT_QUERY_URL = "http://localhost:8083";
    /** The options of {@link Mode#DELIVERY} alone. */
    static final List<String> DELIVERY_OPTIONS = List.of("--orders", "--speedup", "--orders-via", "--query-url",
            "--ground-truth", "--events-timeout-seconds");
    static final int MAX_DRIVERS = 1_000_000;

    /**
     * One command-line option.
     *
     * @param name with the leading dashes
     * @param argument the value's placeholder; null for a flag
     * @param defaultText the default as shown in the usage text; null when there is none
     * @param description what it does
     */
    record Spec(String name, @Nullable String argument, @Nullable String defaultText, String description) {

        boolean flag() {
            return argument == null;
        }
    }

    static final List<Spec> SPECS = List.of(
            new Spec("--mode", "MODE", "http-single", "http-single | http-batch | ws | kafka | replay | delivery"),
            new Spec("--ingest-url", "URL", DEFAULT_INGEST_URL, "ingest service base URL (HTTP modes; the ws mode's "
                    + "default is the driver stream, " + DEFAULT_STREAM_URL + ")"),
            new Spec("--bootstrap-servers", "HOSTS", "$KAFKA_BOOTSTRAP_SERVERS or " + DEFAULT_BOOTSTRAP_SERVERS,
                    "Kafka bootstrap servers (kafka mode, replay --via kafka)"),
            new Spec("--topic", "NAME", Topics.LOCATION_UPDATES, "Kafka topic of location updates"),
            new Spec("--jwt-secret", "SECRET", "$TRACKING_JWT_SECRET or the development secret",
                    "HS256 secret (>= 32 bytes) the driver and logistics tokens are signed with"),
            new Spec("--token-ttl-seconds", "S", "86400", "lifetime of the minted tokens"),
            new Spec("--drivers", "N", "100", "simulated drivers"),
            new Spec("--interval-seconds", "K", "5",
                    "seconds between two fixes of a driver (open model: jittered by +-20 %; batches: their spacing)"),
            new Spec("--duration-seconds", "D", "60", "length of an open-model run"),
            new Spec("--total-pings", "M", null,
                    "closed model: send exactly M pings as fast as --concurrency allows (excludes --duration-seconds)"),
            new Spec("--concurrency", "C", "64", "requests in flight at most"),
            new Spec("--batch-size", "B", "20", "pings per batch request (http-batch)"),
            new Spec("--driver-prefix", "PREFIX", "sim-<6 random chars>-", "prefix of every driver id of the run"),
            new Spec("--city-lat", "DEG", "12.9716", "latitude of the city centre (Bengaluru)"),
            new Spec("--city-lon", "DEG", "77.5946", "longitude of the city centre"),
            new Spec("--radius-km", "KM", "15", "radius of the area drivers move in"),
            new Spec("--seed", "N", "random", "seed of the movement, to repeat a run"),
            new Spec("--file", "PATH", null, "replay: the NDJSON file of pings (one single-ping JSON body a line)"),
            new Spec("--via", "http|kafka", "http", "replay: send over HTTP one by one, or onto Kafka"),
            new Spec("--record", "PATH", null, "write every generated ping to this NDJSON file, for --mode replay"),
            new Spec("--summary-json", "PATH", null, "write the summary as JSON to this file"),
            new Spec("--expect-file", "PATH", null,
                    "write the last accepted recordedAt/latitude/longitude per driver (NDJSON, or CSV if *.csv)"),
            new Spec("--verify-url", "URL", null,
                    "query service base URL: afterwards check drivers' served position equals their last accepted ping"),
            new Spec("--verify-all", null, null, "verify every driver instead of a sample"),
            new Spec("--verify-sample", "N", "20", "drivers to verify"),
            new Spec("--verify-timeout-seconds", "S", "30", "how long verification retries while the writer catches up"),
            new Spec("--request-timeout-seconds", "S", "10", "timeout of one request (HTTP or Kafka send)"),
            new Spec("--no-progress", null, null, "do not print progress lines on stderr"),
            new Spec("--connect-first", null, null, "ws: open every driver's connection (--concurrency handshakes at "
                    + "a time) before the run starts; the run, its duration and latencies begin once they are open"),
            new Spec("--ws-source-addresses", "IP,IP,...", null, "ws: bind the connections to these local "
                    + "addresses in turn, for more than ~28k connections to one server port (e.g. 127.0.0.1,127.0.0.2)"),
            new Spec("--orders", "N", "100", "delivery: orders, each with a driver of its own"),
            new Spec("--speedup", "X", "1", "delivery: replay the trips X times faster than real time, in the past "
                    + "(above 1 needs --orders-via kafka)"),
            new Spec("--orders-via", "query|kafka", "query", "delivery: register the orders with PUT on the query "
                    + "service (assigned now), or publish them onto the orders topic (assigned in the past)"),
            new Spec("--query-url", "URL", DEFAULT_QUERY_URL, "delivery: query service base URL"),
            new Spec("--ground-truth", "PATH", null, "delivery: write the true arrival times to this JSON file"),
            new Spec("--events-timeout-seconds", "S", "120",
                    "delivery: how long to wait for the trip engine's assignments, then for its last events"),
            new Spec("--help", null, null, "print this text"));

    private static final Map<String, Spec> BY_NAME =
            SPECS.stream().collect(Collectors.toMap(Spec::name, Function.identity()));

    private OptionsParser() {
    }

    static boolean wantsHelp(List<String> args) {
        return args.contains("--help") || args.contains("-h");
    }

    static String usage() {
        StringBuilder text = new StringBuilder("""
                Usage: java -jar driver-simulator/target/driver-simulator-<version>-exec.jar [options]

                Plays simulated drivers around a city and sends their location pings to the ingest service (HTTP)
                or straight onto Kafka. Progress on stderr, summary on stdout. Exit code 0 without errors (and with
                a passed verification), 1 otherwise, 2 on bad arguments.

                Options:
                """);
        for (Spec spec : SPECS) {
            String left = spec.flag() ? spec.name() : spec.name() + " " + spec.argument();
            text.append(String.format("  %-34s %s", left, spec.description()));
            if (spec.defaultText() != null) {
                text.append(" (default: ").append(spec.defaultText()).append(')');
            }
            text.append(System.lineSeparator());
        }
        return text.toString();
    }

    static SimulatorOptions parse(List<String> args, Map<String, String> env) throws UsageException {
        Map<String, String> values = tokens(args);
        Reader read = new Reader(values);

        Mode mode = Mode.fromCliName(read.text("--mode", "http-single"))
                .orElseThrow(() -> new UsageException(
                        "--mode must be one of http-single, http-batch, ws, kafka, replay, delivery"));
        String via = read.text("--via", "http");
        if (!via.equals("http") && !via.equals("kafka")) {
            throw new UsageException("--via must be http or kafka");
        }
        if (values.containsKey("--via") && mode != Mode.REPLAY) {
            throw new UsageException("--via only applies to --mode replay");
        }

        URI ingestUrl = read.url("--ingest-url", mode == Mode.WS ? DEFAULT_STREAM_URL : DEFAULT_INGEST_URL);
        String bootstrapServers = read.text("--bootstrap-servers",
                env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", DEFAULT_BOOTSTRAP_SERVERS));
        String topic = read.text("--topic", Topics.LOCATION_UPDATES);
        String secret = read.text("--jwt-secret", nonBlank(env.get("TRACKING_JWT_SECRET"), DevTokens.DEVELOPMENT_SECRET));
        if (secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new UsageException("--jwt-secret must be at least 32 bytes (HS256)");
        }
        Duration tokenTtl = Duration.ofSeconds(read.integer("--token-ttl-seconds", 86_400, 60, 365L * 86_400));

        int drivers = (int) read.integer("--drivers", 100, 1, MAX_DRIVERS);
        Duration interval = read.seconds("--interval-seconds", 5, 0.01, 86_400);
        if (values.containsKey("--total-pings") && values.containsKey("--duration-seconds")) {
            throw new UsageException("choose one load model: --duration-seconds (open) or --total-pings (closed)");
        }
        Duration duration = read.seconds("--duration-seconds", 60, 0.1, 30 * 86_400);
        Long totalPings = values.containsKey("--total-pings")
                ? read.integer("--total-pings", 0, 1, 10_000_000_000L) : null;
        int concurrency = (int) read.integer("--concurrency", 64, 1, 10_000);
        int batchSize = (int) read.integer("--batch-size", 20, 1, 10_000);
        if (mode == Mode.HTTP_BATCH && totalPings != null && !ClosedLoad.fitsHistory(totalPings, drivers, batchSize)) {
            throw new UsageException("--total-pings is too large for --drivers: each driver's batch timeline must fit "
                    + "the last hours at one ping per millisecond; use more drivers");
        }

        String prefix = read.text("--driver-prefix", randomPrefix());
        String longestId = Fleet.driverId(prefix, drivers - 1, drivers);
        if (!LocationUpdateRules.isValidDriverId(longestId)) {
            throw new UsageException("--driver-prefix must consist of letters, digits, '_' and '-', and leave the "
                    + "driver ids (prefix + number) at most 64 characters");
        }
        CityArea area = new CityArea(read.decimal("--city-lat", 12.9716, -80, 80),
                read.decimal("--city-lon", 77.5946, -180, 180),
                read.decimal("--radius-km", 15, 0.1, 500) * 1_000);
        long seed = values.containsKey("--seed")
                ? read.integer("--seed", 0, Long.MIN_VALUE, Long.MAX_VALUE) : new SecureRandom().nextLong();

        Path replayFile = read.path("--file");
        if (mode == Mode.REPLAY) {
            if (replayFile == null) {
                throw new UsageException("--mode replay needs --file");
            }
            if (!Files.isRegularFile(replayFile) || !Files.isReadable(replayFile)) {
                throw new UsageException("--file cannot be read: " + replayFile);
            }
        } else if (replayFile != null) {
            throw new UsageException("--file only applies to --mode replay");
        }
        Path recordFile = read.path("--record");
        if (recordFile != null && mode == Mode.REPLAY) {
            throw new UsageException("--record does not apply to --mode replay");
        }
        URI verifyUrl = values.containsKey("--verify-url") ? read.url("--verify-url", "") : null;
        List<InetAddress> wsSourceAddresses = read.addresses("--ws-source-addresses");
        if (!wsSourceAddresses.isEmpty() && mode != Mode.WS) {
            throw new UsageException("--ws-source-addresses only applies to --mode ws");
        }
        boolean connectFirst = values.containsKey("--connect-first");
        if (connectFirst && mode != Mode.WS) {
            throw new UsageException("--connect-first only applies to --mode ws");
        }

        DeliveryOptions delivery = null;
        if (mode == Mode.DELIVERY) {
            delivery = delivery(read, ingestUrl, bootstrapServers, secret, tokenTtl, concurrency, prefix, area, seed,
                    !values.containsKey("--no-progress"));
        } else if (DELIVERY_OPTIONS.stream().anyMatch(values::containsKey)) {
            throw new UsageException(String.join(", ", DELIVERY_OPTIONS) + " only apply to --mode delivery");
        }

        return new SimulatorOptions(mode, via.equals("kafka"), ingestUrl, bootstrapServers, topic, secret, tokenTtl,
                drivers, interval, duration, totalPings, concurrency, batchSize, prefix, area, seed, replayFile,
                recordFile, read.path("--summary-json"), read.path("--expect-file"), verifyUrl,
                values.containsKey("--verify-all"), (int) read.integer("--verify-sample", 20, 1, MAX_DRIVERS),
                read.seconds("--verify-timeout-seconds", 30, 0, 3_600),
                read.seconds("--request-timeout-seconds", 10, 0.1, 600), !values.containsKey("--no-progress"),
                wsSourceAddresses, connectFirst, delivery);
    }

    private static DeliveryOptions delivery(Reader read, URI ingestUrl, String bootstrapServers, String secret,
            Duration tokenTtl, int concurrency, String prefix, CityArea area, long seed, boolean progress)
            throws UsageException {
        int orders = (int) read.integer("--orders", 100, 1, 100_000);
        if (!LocationUpdateRules.isValidDriverId(Fleet.driverId(prefix, orders - 1, orders))) {
            throw new UsageException("--driver-prefix must leave the driver ids (prefix + number) at most 64 characters");
        }
        String via = read.text("--orders-via", "query");
        if (!via.equals("query") && !via.equals("kafka")) {
            throw new UsageException("--orders-via must be query or kafka");
        }
        double speedup = read.decimal("--speedup", 1, 1, 1_000);
        if (speedup > 1 && via.equals("query")) {
            throw new UsageException("--speedup above 1 needs --orders-via kafka: the query service assigns an order "
                    + "at its own clock, and fixes recorded before the assignment are not the order's");
        }
        return new DeliveryOptions(orders, speedup, via.equals("kafka"), read.url("--query-url", DEFAULT_QUERY_URL),
                ingestUrl, bootstrapServers, secret, tokenTtl, concurrency, prefix, area, seed,
                read.seconds("--request-timeout-seconds", 10, 0.1, 600),
                read.seconds("--events-timeout-seconds", 120, 1, 3_600), read.path("--ground-truth"), progress);
    }

    /** Option name to value ("" for flags); checks names, duplicates and missing values. */
    private static Map<String, String> tokens(List<String> args) throws UsageException {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            Spec spec = BY_NAME.get(name);
            if (spec == null) {
                throw new UsageException(arg.startsWith("-") ? "unknown option " + name : "unexpected argument " + arg);
            }
            if (spec.flag()) {
                if (value != null) {
                    throw new UsageException(name + " takes no value");
                }
                value = "";
            } else if (value == null) {
                if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                    throw new UsageException(name + " needs a value (" + spec.argument() + ")");
                }
                value = args.get(++i);
            }
            if (values.put(name, value) != null) {
                throw new UsageException(name + " is given more than once");
            }
        }
        return values;
    }

    private static String randomPrefix() {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder prefix = new StringBuilder("sim-");
        for (int i = 0; i < 6; i++) {
            prefix.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return prefix.append('-').toString();
    }

    private static String nonBlank(@Nullable String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Typed access to the option values, with range checks that name the option and the allowed values. */
    private static final class Reader {

        private final Map<String, String> values;

        Reader(Map<String, String> values) {
            this.values = new HashMap<>(values);
        }

        String text(String name, String fallback) throws UsageException {
            String value = values.getOrDefault(name, fallback);
            if (value.isBlank()) {
                throw new UsageException(name + " must not be blank");
            }
            return value;
        }

        long integer(String name, long fallback, long min, long max) throws UsageException {
            String value = values.get(name);
            if (value == null) {
                return fallback;
            }
            try {
                long parsed = Long.parseLong(value.trim().replace("_", ""));
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new UsageException(name + " must be an integer in [" + min + ", " + max + "], got '" + value + "'");
        }

        double decimal(String name, double fallback, double min, double max) throws UsageException {
            String value = values.get(name);
            if (value == null) {
                return fallback;
            }
            try {
                double parsed = Double.parseDouble(value.trim());
                if (parsed >= min && parsed <= max) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new UsageException(name + " must be a number in [" + min + ", " + max + "], got '" + value + "'");
        }

        Duration seconds(String name, double fallback, double min, double max) throws UsageException {
            return Duration.ofNanos(Math.round(decimal(name, fallback, min, max) * 1e9));
        }

        @Nullable Path path(String name) throws UsageException {
            String value = values.get(name);
            if (value == null) {
                return null;
            }
            if (value.isBlank()) {
                throw new UsageException(name + " must not be blank");
            }
            return Path.of(value);
        }

        /** A comma-separated list of IP address literals; empty when the option is absent. */
        List<InetAddress> addresses(String name) throws UsageException {
            String value = values.get(name);
            if (value == null) {
                return List.of();
            }
            List<InetAddress> addresses = new ArrayList<>();
            for (String literal : value.split(",", -1)) {
                String trimmed = literal.trim();
                // an IPv4 or IPv6 literal, never a name to look up
                if (!trimmed.matches("\\d{1,3}(\\.\\d{1,3}){3}|[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*")) {
                    throw new UsageException(name + " must list IP addresses separated by commas, got '" + value + "'");
                }
                try {
                    addresses.add(InetAddress.getByName(trimmed));
                } catch (UnknownHostException e) {
                    throw new UsageException(name + ": '" + trimmed + "' is not an IP address");
                }
            }
            return List.copyOf(addresses);
        }

        URI url(String name, String fallback) throws UsageException {
            String value = values.getOrDefault(name, fallback);
            try {
                URI uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // reported below
            }
            throw new UsageException(name + " must be an absolute http(s) URL, got '" + value + "'");
        }
    }
}
