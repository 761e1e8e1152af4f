package io.tracking.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.tracking.auth.DevTokens;
import io.tracking.contract.LocationUpdate;
import io.tracking.contract.Topics;
import io.tracking.localstack.LocalStack;
import io.tracking.localstack.ServiceProcess;
import io.tracking.simulator.fuzz.DeadLetters;
import io.tracking.simulator.fuzz.DeadLetters.Coordinates;
import io.tracking.simulator.fuzz.TopicFuzz;
import io.tracking.simulator.fuzz.TopicFuzz.Expect;
import io.tracking.simulator.fuzz.TopicFuzz.FuzzRecord;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Property-based fuzzing of the two consumers of the location topic, the batch writer and the query service's live
 * reader, through a real broker: tens of thousands of records from the simulator's {@link TopicFuzz} (good pings in every allowed
 * spelling, and random bytes, truncated and mutated pings, extreme numbers and dates, wrong types, bad keys, odd
 * headers, sizes near the limit) written straight onto the topic as an outside client could, interleaved, in
 * batches of every compression codec, followed by good pings in a transaction that is aborted.
 *
 * <p>Invariants: every good ping stored exactly once and served by the query service, no aborted one stored or
 * pushed; every unusable record on the dead-letter topic and never stored nor pushed to a live stream; every mutated
 * record either dead-lettered or stored; both loops alive (liveness and readiness UP, the live stream still pushing afterwards). The seed is printed
 * and named in every failure; {@code -Dfuzz.seed=N} replays a run, {@code -Dfuzz.records=N} sizes it.
 */
class TopicFuzzIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(4);
    private static final List<String> CODECS = List.of("none", "gzip", "snappy", "lz4", "zstd");
    /** The writer's default consumer group, which the local stack keeps. */
    private static final String WRITER_GROUP = "location-batch-writer";

    private final LocalStack stack = SystemStack.get();
    private final HttpClient http = HttpClient.newHttpClient();
    private final String prefix = "fz" + UUID.randomUUID().toString().substring(0, 8) + "-";
    private final long seed = Long.getLong("fuzz.seed", ThreadLocalRandom.current().nextLong());
    private final int recordCount = Integer.getInteger("fuzz.records", 20_000);
    private final Set<Instant> pushed = ConcurrentHashMap.newKeySet();
    private CompletableFuture<?> stream = CompletableFuture.completedFuture(null);

    @AfterEach
    void closeStream() {
        stream.cancel(true);
    }

    @Test
    void shouldStoreEveryGoodPingOnceAndDeadLetterEverythingElseWithoutStoppingEitherConsumer() throws Exception {
        System.out.println("TopicFuzzIT seed " + seed + " (replay with -Dfuzz.seed=" + seed + "), records "
                + recordCount);
        List<String> drivers = IntStream.range(0, 40).mapToObj(i -> prefix + "g" + i).toList();
        String watched = drivers.get(0);
        openOrderStream(watched);
        // the order exists now: pings of its driver recorded from here on are the order's to push
        Instant base = Instant.now().plusSeconds(1).truncatedTo(ChronoUnit.MILLIS);
        TopicFuzz fuzz = new TopicFuzz(seed, drivers, prefix + "m", base);

        List<FuzzRecord> records = new ArrayList<>(fuzz.records(recordCount));
        FuzzRecord last = fuzz.finalPing();
        Map<FuzzRecord, RecordMetadata> produced = produce(records);
        // good pings, an hour newer than the rest, in a transaction that is aborted: read by nobody
        abort(new TopicFuzz(~seed, drivers, prefix + "m", base.plus(Duration.ofHours(1))).records(1_000).stream()
                .filter(record -> record.expect() == Expect.STORED).toList());
        produced.putAll(produce(List.of(last)));
        records.add(last);
        String context = "seed " + seed;

        awaitWriterPast(produced.values(), context);
        Set<Coordinates> deadLetters = readDeadLetters(produced);

        List<String> missing = new ArrayList<>();
        List<String> wronglyDead = new ArrayList<>();
        for (Map.Entry<FuzzRecord, RecordMetadata> entry : produced.entrySet()) {
            boolean dead = deadLetters.contains(Coordinates.of(entry.getValue()));
            if (entry.getKey().expect() == Expect.DEAD_LETTER && !dead) {
                missing.add(entry.getKey().toString());
            } else if (entry.getKey().expect() == Expect.STORED && dead) {
                wronglyDead.add(entry.getKey().toString());
            }
        }
        assertThat(missing).as("unusable records not on the dead-letter topic, " + context).isEmpty();
        assertThat(wronglyDead).as("good pings on the dead-letter topic, " + context).isEmpty();

        Map<String, LocationUpdate> newest = new HashMap<>();
        Set<String> goodRows = new HashSet<>();
        for (FuzzRecord record : produced.keySet()) {
            LocationUpdate ping = record.ping();
            if (ping != null) {
                goodRows.add(row(ping.driverId(), ping.recordedAt(), ping.latitude(), ping.longitude()));
                newest.merge(ping.driverId(), ping,
                        (a, b) -> a.recordedAt().isAfter(b.recordedAt()) ? a : b);
            }
        }
        try (Connection db = SystemStack.openDatabase()) {
            List<String> stored = historyRows(db, prefix + "g");
            assertThat(stored).as("history rows of good drivers, " + context).doesNotHaveDuplicates();
            assertThat(new HashSet<>(stored)).as("history rows of good drivers, " + context).isEqualTo(goodRows);
            assertMutatedRecordsAccountedFor(db, produced, deadLetters, context);
        }

        String ops = token("ops-fuzz", "logistics");
        for (LocationUpdate expected : newest.values()) {
            JsonNode position = getJson(stack.query().baseUrl() + "/api/v1/drivers/" + expected.driverId()
                    + "/location", ops);
            assertThat(Instant.parse(position.get("recordedAt").asString())).as(expected.driverId() + ", " + context)
                    .isEqualTo(expected.recordedAt());
            assertThat(position.get("latitude").asDouble()).isEqualTo(expected.latitude());
            assertThat(position.get("longitude").asDouble()).isEqualTo(expected.longitude());
        }

        // the live reader read past every record: the last ping of the watched driver reaches its order's stream
        Set<Instant> pushable = produced.keySet().stream().map(FuzzRecord::ping)
                .filter(p -> p != null && p.driverId().equals(watched)).map(LocationUpdate::recordedAt)
                .collect(Collectors.toSet());
        Instant lastTime = last.ping().recordedAt();
        try {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> pushed.contains(lastTime));
        } catch (ConditionTimeoutException e) {
            // asserted below, after what was pushed instead
        }
        assertThat(pushed).as("positions pushed live: good pings of the watched driver only, " + context)
                .allSatisfy(time -> assertThat(pushable).contains(time));
        assertThat(pushed).as("the watched driver's last ping on its order's stream, " + context).contains(lastTime);

        for (ServiceProcess service : List.of(stack.writer(), stack.query())) {
            assertThat(status(service.actuatorUrl() + "/health/liveness")).as(service.name() + " liveness")
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> assertThat(status(service.actuatorUrl() + "/health/readiness"))
                            .as(service.name() + " readiness").isEqualTo(200));
        }
    }

    // ---- producing

    /**
     * Produces {@code records} through five producers in turn, one per compression codec, so that both consumers
     * read every kind of batch another client could write.
     */
    private Map<FuzzRecord, RecordMetadata> produce(List<FuzzRecord> records) throws InterruptedException {
        Map<FuzzRecord, Future<RecordMetadata>> sent = new java.util.LinkedHashMap<>();
        List<KafkaProducer<byte[], byte[]>> producers = CODECS.stream().map(codec -> {
            Properties config = producerConfig();
            config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, codec);
            return new KafkaProducer<byte[], byte[]>(config);
        }).toList();
        try {
            int next = 0;
            for (FuzzRecord record : records) {
                sent.put(record, producers.get(next++ % producers.size()).send(new ProducerRecord<>(
                        Topics.LOCATION_UPDATES, null, record.key(), record.value(), record.headers())));
            }
        } finally {
            producers.forEach(KafkaProducer::close);
        }
        Map<FuzzRecord, RecordMetadata> produced = new java.util.LinkedHashMap<>();
        for (Map.Entry<FuzzRecord, Future<RecordMetadata>> entry : sent.entrySet()) {
            try {
                produced.put(entry.getKey(), entry.getValue().get(1, TimeUnit.MINUTES));
            } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                // the broker refused it (too large): nothing to expect from the consumers
                assertThat(entry.getKey().expect()).as("a good ping was refused by the broker: " + e)
                        .isNotEqualTo(Expect.STORED);
            }
        }
        return produced;
    }

    /** Writes {@code records} in one transaction and aborts it. */
    private void abort(List<FuzzRecord> records) {
        Properties config = producerConfig();
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "fuzz-aborted-" + prefix);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(config)) {
            producer.initTransactions();
            producer.beginTransaction();
            for (FuzzRecord record : records) {
                producer.send(new ProducerRecord<>(Topics.LOCATION_UPDATES, null, record.key(), record.value(),
                        record.headers()));
            }
            producer.flush();
            producer.abortTransaction();
        }
    }

    private Properties producerConfig() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka().bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // the broker, not this client, decides what is too large
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    // ---- what the writer did

    private void awaitWriterPast(Iterable<RecordMetadata> produced, String context) throws Exception {
        Map<Integer, Long> needed = new HashMap<>();
        for (RecordMetadata metadata : produced) {
            needed.merge(metadata.partition(), metadata.offset() + 1, Math::max);
        }
        try (Connection db = SystemStack.openDatabase()) {
            await().alias("the writer's stored positions pass every produced record, " + context)
                    .atMost(DRAIN_TIMEOUT).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        Map<Integer, Long> stored = storedPositions(db);
                        return needed.entrySet().stream()
                                .allMatch(e -> stored.getOrDefault(e.getKey(), -1L) >= e.getValue());
                    });
        }
    }

    private static Map<Integer, Long> storedPositions(Connection db) throws Exception {
        Map<Integer, Long> positions = new HashMap<>();
        try (PreparedStatement statement = db.prepareStatement(
                "SELECT partition_id, next_offset FROM kafka_consumer_positions WHERE topic = ? AND consumer_group = ?")) {
            statement.setString(1, Topics.LOCATION_UPDATES);
            statement.setString(2, WRITER_GROUP);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    positions.merge(rs.getInt(1), rs.getLong(2), Math::max);
                }
            }
        }
        return positions;
    }

    private Set<Coordinates> readDeadLetters(Map<FuzzRecord, RecordMetadata> produced) {
        Set<Coordinates> expected = produced.entrySet().stream()
                .filter(e -> e.getKey().expect() == Expect.DEAD_LETTER)
                .map(e -> Coordinates.of(e.getValue())).collect(Collectors.toSet());
        return DeadLetters.read(stack.kafka().bootstrapServers(), expected, Duration.ofMinutes(1));
    }

    private static List<String> historyRows(Connection db, String driverPrefix) throws Exception {
        List<String> rows = new ArrayList<>();
        try (PreparedStatement statement = db.prepareStatement("""
                SELECT driver_id, recorded_at, latitude, longitude FROM location_history WHERE driver_id LIKE ?""")) {
            statement.setString(1, driverPrefix + "%");
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getDouble(3),
                            rs.getDouble(4)));
                }
            }
        }
        return rows;
    }

    private static String row(String driverId, Instant recordedAt, double latitude, double longitude) {
        return driverId + "|" + recordedAt + "|" + latitude + "|" + longitude;
    }

    /** A mutated record that is not a dead letter must be stored: read leniently, its (driver, time) has a row. */
    private static void assertMutatedRecordsAccountedFor(Connection db, Map<FuzzRecord, RecordMetadata> produced,
            Set<Coordinates> deadLetters, String context) throws Exception {
        List<String> lost = new ArrayList<>();
        for (Map.Entry<FuzzRecord, RecordMetadata> entry : produced.entrySet()) {
            FuzzRecord record = entry.getKey();
            if (record.expect() != Expect.EITHER || deadLetters.contains(Coordinates.of(entry.getValue()))) {
                continue;
            }
            String driverId = new String(record.key(), StandardCharsets.UTF_8);
            Instant recordedAt;
            try {
                recordedAt = OffsetDateTime.parse(JSON.readTree(record.value()).get("recordedAt").asString())
                        .toInstant();
            } catch (RuntimeException e) {
                lost.add(record + ": not stored readable, not dead-lettered");
                continue;
            }
            try (PreparedStatement statement = db.prepareStatement(
                    "SELECT count(*) FROM location_history WHERE driver_id = ? AND recorded_at = ?")) {
                statement.setString(1, driverId);
                statement.setObject(2, recordedAt.atOffset(java.time.ZoneOffset.UTC));
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    if (rs.getLong(1) != 1) {
                        lost.add(record + ": neither stored nor dead-lettered");
                    }
                }
            }
        }
        assertThat(lost).as("mutated records, " + context).isEmpty();
    }

    // ---- the query service

    private void openOrderStream(String driverId) throws Exception {
        String orderId = "order-" + prefix + "1";
        String customer = "cust-" + prefix;
        String body = """
                {"driverId":"%s","customerId":"%s","restaurantId":"rest-%s","status":"ASSIGNED",
                 "pickup":{"latitude":12.97,"longitude":77.59},"dropoff":{"latitude":12.99,"longitude":77.61}}"""
                .formatted(driverId, customer, prefix);
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(URI.create(stack.query().baseUrl()
                        + "/api/v1/orders/" + orderId))
                .header("Authorization", "Bearer " + token("dispatch-fuzz", "dispatch"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isBetween(200, 201);
        HttpRequest request = HttpRequest.newBuilder(URI.create(stack.query().baseUrl() + "/api/v1/orders/"
                        + orderId + "/tracking/stream"))
                .header("Authorization", "Bearer " + token(customer, "customer"))
                .header("Accept", "text/event-stream").GET().build();
        stream = http.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
                .thenAccept(response -> collectLocations(response.body()));
    }

    private void collectLocations(Stream<String> lines) {
        String event = "";
        for (String line : (Iterable<String>) lines::iterator) {
            if (line.startsWith("event:")) {
                event = line.substring(6).trim();
            } else if (line.startsWith("data:") && event.equals("location")) {
                pushed.add(Instant.parse(JSON.readTree(line.substring(5).trim()).get("recordedAt").asString()));
            } else if (line.isEmpty()) {
                event = "";
            }
        }
    }

    private JsonNode getJson(String url, String token) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(url + " " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private int status(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private String token(String subject, String role) {
        return DevTokens.mint(stack.jwtSecret(), subject, List.of(role), Duration.ofMinutes(30));
    }
}
