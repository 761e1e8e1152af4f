package io.tracking.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.tracking.contract.LocationUpdate;
import io.tracking.contract.LocationUpdateRules;
import io.tracking.testsupport.TestInfrastructure;

/** The kafka mode against the shared test broker: exact record counts, keys and contract-valid values. */
class KafkaModeIT {

    private static String bootstrapServers;

    private final JsonMapper mapper = SimulatorJson.newMapper();

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        bootstrapServers = TestInfrastructure.kafkaBootstrapServers();
    }

    @Test
    void shouldProduceExactlyOneContractRecordPerPingKeyedByDriverId() throws Exception {
        String topic = newTopic();
        String prefix = "kit-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        Path summaryFile = dir.resolve("summary.json");
        Path expectFile = dir.resolve("expect.ndjson");

        int exitCode = simulate("--mode", "kafka", "--bootstrap-servers", bootstrapServers, "--topic", topic,
                "--drivers", "50", "--total-pings", "250", "--concurrency", "32", "--driver-prefix", prefix,
                "--summary-json", summaryFile.toString(), "--expect-file", expectFile.toString());

        assertThat(exitCode).isEqualTo(DriverSimulator.EXIT_OK);
        JsonNode summary = mapper.readTree(summaryFile);
        assertThat(summary.get("sent").asLong()).isEqualTo(250);
        assertThat(summary.get("accepted").asLong()).isEqualTo(250);
        assertThat(summary.get("errors").asLong()).isZero();

        List<ConsumerRecord<String, String>> records = consumeAll(topic, 250);
        assertThat(records).hasSize(250);
        Map<String, List<LocationUpdate>> byKey = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            LocationUpdate update = mapper.readValue(record.value(), LocationUpdate.class);
            assertThat(record.key()).isEqualTo(update.driverId()).startsWith(prefix);
            assertThat(LocationUpdateRules.violations(update)).isEmpty();
            assertThat(update.receivedAt()).isNotNull();
            byKey.computeIfAbsent(record.key(), key -> new ArrayList<>()).add(update);
        }
        assertThat(byKey).hasSize(50).allSatisfy((driverId, updates) -> {
            assertThat(updates).hasSize(5);
            // one key lives on one partition, which keeps the driver's order
            for (int i = 1; i < updates.size(); i++) {
                assertThat(updates.get(i).recordedAt()).isAfter(updates.get(i - 1).recordedAt());
            }
        });
        Map<String, Instant> expected = Files.readAllLines(expectFile).stream().map(mapper::readTree)
                .collect(Collectors.toMap(node -> node.get("driverId").asString(),
                        node -> Instant.parse(node.get("recordedAt").asString())));
        assertThat(expected).hasSize(50);
        byKey.forEach((driverId, updates) ->
                assertThat(expected.get(driverId)).isEqualTo(updates.get(updates.size() - 1).recordedAt()));
    }

    @Test
    void shouldReplayARecordingOntoKafka() throws Exception {
        String topic = newTopic();
        Path recording = dir.resolve("pings.ndjson");
        String prefix = "krp-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        int recorded = simulate("--mode", "kafka", "--bootstrap-servers", bootstrapServers, "--topic", newTopic(),
                "--drivers", "4", "--total-pings", "20", "--driver-prefix", prefix, "--record", recording.toString());
        assertThat(recorded).isZero();

        int exitCode = simulate("--mode", "replay", "--via", "kafka", "--file", recording.toString(),
                "--bootstrap-servers", bootstrapServers, "--topic", topic);

        assertThat(exitCode).isEqualTo(DriverSimulator.EXIT_OK);
        assertThat(consumeAll(topic, 20)).hasSize(20)
                .allSatisfy(record -> assertThat(record.key()).startsWith(prefix));
    }

    @Test
    void shouldFailAtOnceWhenTheBrokerCannotBeReached() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();

        int exitCode = DriverSimulator.run(List.of("--mode", "kafka", "--bootstrap-servers", "127.0.0.1:1",
                "--total-pings", "100000", "--request-timeout-seconds", "1", "--no-progress"), Map.of(), System.out,
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertThat(exitCode).isEqualTo(DriverSimulator.EXIT_FAILED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: Kafka at 127.0.0.1:1 did not serve topic");
    }

    private int simulate(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--no-progress");
        return DriverSimulator.run(all, Map.of(), System.out, System.err);
    }

    private static String newTopic() throws Exception {
        String topic = "sim-it-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        return topic;
    }

    /** Everything on the topic once {@code expected} records arrived, plus anything a short extra poll finds. */
    private static List<ConsumerRecord<String, String>> consumeAll(String topic, int expected) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "sim-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            consumer.subscribe(List.of(topic));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return records.size() >= expected;
            });
            // duplicates would arrive right behind the originals
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }
}
