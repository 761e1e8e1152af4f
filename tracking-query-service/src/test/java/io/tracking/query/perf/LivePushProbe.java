package io.tracking.query.perf;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.tracking.auth.DevTokens;
import io.tracking.contract.LocationUpdate;
import io.tracking.contract.Topics;
import tools.jackson.databind.json.JsonMapper;

/**
 * Manual measurement aid, not a test: opens {@code streams} order streams against a running service, publishes
 * {@code pings} positions per stream to Kafka (as ingest does), and prints the latency from just before the
 * publish to the SSE event arriving: p50 / p95 / p99 / max.
 *
 * <p>Args: apiBase kafkaBootstrap jwtSecret [streams=50] [pings=40] [intervalMillis=50]
 */
public final class LivePushProbe {

    private LivePushProbe() {
    }

    public static void main(String[] args) throws Exception {
        String api = args[0];
        String bootstrap = args[1];
        String secret = args[2];
        int streams = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        int pings = args.length > 4 ? Integer.parseInt(args[4]) : 40;
        long interval = args.length > 5 ? Long.parseLong(args[5]) : 50;
        JsonMapper json = JsonMapper.builder().build();
        HttpClient http = HttpClient.newHttpClient();
        String dispatch = DevTokens.mint(secret, "probe-dispatch", List.of("dispatch"), Duration.ofHours(1));

        Map<Long, Long> sentAtNanos = new ConcurrentHashMap<>();
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch received = new CountDownLatch(streams * pings);
        CountDownLatch subscribed = new CountDownLatch(streams);
        List<String> drivers = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            String driver = "probe-" + UUID.randomUUID();
            String order = "probe-order-" + UUID.randomUUID();
            drivers.add(driver);
            String body = "{\"driverId\":\"" + driver + "\",\"customerId\":\"c\",\"restaurantId\":\"r\","
                    + "\"pickup\":{\"latitude\":52.5,\"longitude\":13.4},\"dropoff\":{\"latitude\":52.6,"
                    + "\"longitude\":13.5},\"status\":\"ASSIGNED\"}";
            http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/orders/" + order))
                    .header("Authorization", "Bearer " + dispatch).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
            HttpResponse<java.io.InputStream> stream = http.send(HttpRequest.newBuilder(
                    URI.create(api + "/api/v1/orders/" + order + "/tracking/stream"))
                    // one caller per stream: a caller may hold only max-streams-per-caller streams
                    .header("Authorization", "Bearer " + DevTokens.mint(secret, "probe-fleet-" + i,
                            List.of("logistics"), Duration.ofHours(1))).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            Thread reader = new Thread(() -> read(stream, sentAtNanos, latencies, received, subscribed));
            reader.setDaemon(true);
            reader.start();
        }
        // every stream has sent its first (status) event, so its subscription exists
        subscribed.await(30, TimeUnit.SECONDS);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.LINGER_MS_CONFIG, 0))) {
            for (int p = 0; p < pings; p++) {
                for (String driver : drivers) {
                    Instant now = Instant.now();
                    LocationUpdate update = new LocationUpdate(driver, 52.5, 13.4, now, now, null, null, null);
                    long id = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
                    sentAtNanos.put(id, System.nanoTime());
                    producer.send(new ProducerRecord<>(Topics.LOCATION_UPDATES,
                            driver.getBytes(StandardCharsets.UTF_8), json.writeValueAsBytes(update)));
                }
                // pacing the publisher, not waiting for the service
                Thread.sleep(interval);
            }
        }
        boolean all = received.await(30, TimeUnit.SECONDS);
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("events %d/%d%s  p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  max %.1f ms%n", sorted.size(),
                streams * pings, all ? "" : " (timed out)", pct(sorted, 0.50), pct(sorted, 0.95), pct(sorted, 0.99),
                sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1e6);
        System.exit(0);
    }

    private static void read(HttpResponse<java.io.InputStream> response, Map<Long, Long> sentAtNanos,
            List<Long> latencies, CountDownLatch received, CountDownLatch subscribed) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String line;
            String id = null;
            String event = null;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).strip();
                } else if (line.isEmpty()) {
                    if ("order-status".equals(event)) {
                        subscribed.countDown();
                    }
                    Long sent = "location".equals(event) && id != null ? sentAtNanos.get(Long.parseLong(id)) : null;
                    if (sent != null) {
                        latencies.add(System.nanoTime() - sent);
                        received.countDown();
                    }
                    id = null;
                    event = null;
                }
            }
        } catch (Exception e) {
            // stream closed
        }
    }

    private static double pct(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }
}
