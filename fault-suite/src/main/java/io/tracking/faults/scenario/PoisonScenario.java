package io.tracking.faults.scenario;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.tracking.contract.Topics;
import io.tracking.faults.load.PingAttempt;
import io.tracking.localstack.ServiceProcess;
import io.tracking.simulator.fuzz.DeadLetters;
import io.tracking.simulator.fuzz.DeadLetters.Coordinates;
import io.tracking.simulator.fuzz.TopicFuzz;
import io.tracking.simulator.fuzz.TopicFuzz.FuzzRecord;

/**
 * An outside Kafka client writes unusable records straight onto the location topic while the drivers' pings stream
 * in over HTTP: random bytes, truncated pings, extreme numbers and dates, wrong types, bad keys, odd headers, large
 * values, most of them keyed like the scenario's own drivers. The usual reconciliation proves that no accepted ping
 * was lost or repeated; this scenario adds that every poison record reached the dead-letter topic and that the
 * writer and the query service are still live and ready afterwards.
 */
final class PoisonScenario implements Scenario {

    static final String NAME = "poison";

    private static final int RECORDS = 3_000;
    private static final Duration SPREAD = Duration.ofSeconds(15);
    private static final Duration DEAD_LETTER_TIMEOUT = Duration.ofSeconds(90);

    private final Map<Coordinates, String> poison = new HashMap<>();
    private long seed;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return RECORDS + " unusable records written straight onto the topic during load, keyed like its drivers";
    }

    @Override
    public void inject(ScenarioContext context) throws Exception {
        seed = ThreadLocalRandom.current().nextLong();
        TopicFuzz fuzz = new TopicFuzz(seed, context.driverIds(), "fault-poison-", Instant.now());
        List<FuzzRecord> records = fuzz.unusable(RECORDS);
        int slices = (int) SPREAD.toSeconds();
        int perSlice = (records.size() + slices - 1) / slices;
        List<Map.Entry<FuzzRecord, Future<RecordMetadata>>> sent = new ArrayList<>();
        context.mark("poison: " + records.size() + " records over " + SPREAD.toSeconds() + " s (seed " + seed + ")");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig(context))) {
            for (int slice = 0; slice < slices; slice++) {
                long sliceStart = System.nanoTime();
                for (FuzzRecord record : records.subList(Math.min(records.size(), slice * perSlice),
                        Math.min(records.size(), (slice + 1) * perSlice))) {
                    sent.add(Map.entry(record, producer.send(new ProducerRecord<>(Topics.LOCATION_UPDATES, null,
                            record.key(), record.value(), record.headers()))));
                }
                context.holdUntil(sliceStart, Duration.ofSeconds(1));
            }
            producer.flush();
        }
        int refused = 0;
        for (Map.Entry<FuzzRecord, Future<RecordMetadata>> entry : sent) {
            try {
                RecordMetadata metadata = entry.getValue().get(1, TimeUnit.MINUTES);
                poison.put(Coordinates.of(metadata), entry.getKey().kind());
            } catch (ExecutionException | TimeoutException e) {
                refused++; // larger than the broker takes: it never reaches a consumer
            }
        }
        context.mark("poison written: " + poison.size() + " on the topic, " + refused + " refused by the broker");
    }

    @Override
    public void check(ScenarioContext context, List<PingAttempt> attempts) {
        Set<Coordinates> deadLetters = DeadLetters.read(context.stack().kafka().bootstrapServers(), poison.keySet(),
                DEAD_LETTER_TIMEOUT);
        List<String> missing = new ArrayList<>();
        poison.forEach((coordinates, kind) -> {
            if (!deadLetters.contains(coordinates)) {
                missing.add(kind + " at " + coordinates.partition() + "@" + coordinates.offset());
            }
        });
        if (missing.isEmpty()) {
            context.note("all " + poison.size() + " poison records on the dead-letter topic");
        } else {
            context.fail(missing.size() + " of " + poison.size() + " poison records not on the dead-letter topic"
                    + " (seed " + seed + "), e.g. " + missing.subList(0, Math.min(5, missing.size())));
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (ServiceProcess service : List.of(context.stack().writer(), context.stack().query())) {
            for (String probe : List.of("liveness", "readiness")) {
                int status = status(http, service.actuatorUrl() + "/health/" + probe);
                if (status != 200) {
                    context.fail(service.name() + " " + probe + " answered " + status + " after the poison");
                }
            }
        }
    }

    private static Properties producerConfig(ScenarioContext context) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, context.stack().kafka().bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // the broker, not this client, decides what is too large
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 4 * 1024 * 1024);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return config;
    }

    private static int status(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
