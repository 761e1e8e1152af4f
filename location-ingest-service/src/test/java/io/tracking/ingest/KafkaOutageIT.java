package io.tracking.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Kafka going away and coming back, against a broker of its own (the shared one must stay up for other tests).
 * Tomcat gets 4 request threads only, so that requests blocked on Kafka would visibly queue.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "tracking.security.jwt.secret=" + Api.SECRET,
        "management.server.port=0",
        "server.tomcat.threads.max=4",
        "server.tomcat.threads.min-spare=1",
        "tracking.ingest.kafka-health-cache-ttl=0s" })
class KafkaOutageIT {

    private static final int THREADS = 4;

    private static volatile EmbeddedKafkaKraftBroker starting;
    private static final TcpProxy PROXY = new TcpProxy(KafkaOutageIT::brokerPort);
    private static final EmbeddedKafkaKraftBroker BROKER = startBroker();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Autowired
    MeterRegistry registry;

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", () -> "localhost:" + PROXY.port());
    }

    @AfterAll
    static void stopBroker() {
        PROXY.close();
        BROKER.destroy();
    }

    /** A broker of its own whose clients all connect through {@link #PROXY}. */
    private static EmbeddedKafkaKraftBroker startBroker() {
        PROXY.start();
        EmbeddedKafkaKraftBroker kafka = new EmbeddedKafkaKraftBroker(1, 1);
        starting = kafka;
        kafka.brokerProperties(Map.of(
                "advertised.listeners", "EXTERNAL://localhost:" + PROXY.port(),
                "auto.create.topics.enable", "true",
                "offsets.topic.replication.factor", "1",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1"));
        kafka.afterPropertiesSet();
        return kafka;
    }

    /** Where the broker really listens; known once it is bound, which is before it checks it is ready. */
    private static int brokerPort() {
        try {
            return Integer.parseInt(starting.getCluster().bootstrapServers().replaceAll(".*:", ""));
        } catch (RuntimeException e) {
            return 0;
        }
    }

    @Test
    void shouldAnswer503WithinThePublishTimeoutWhileKafkaIsDownAndRecoverWhenItReturns() throws Exception {
        String driverId = "driver-" + UUID.randomUUID();
        String token = Api.driverToken(driverId);
        Api api = new Api(port);
        Api management = new Api(managementPort);
        // The first publish also waits for the topic's leader; a busy machine may need more than one try.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.post("/api/v1/locations", token, ping(driverId)).status()).isEqualTo(202));

        PROXY.stop();

        int requests = THREADS * 3;
        ExecutorService clients = Executors.newFixedThreadPool(requests);
        try {
            long start = System.nanoTime();
            List<CompletableFuture<Timed>> calls = IntStream.range(0, requests)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
                        long t0 = System.nanoTime();
                        Api.Response response = i % 2 == 0
                                ? api.post("/api/v1/locations", token, ping(driverId))
                                : api.post("/api/v1/locations/batch", token,
                                        "{\"pings\":[" + ping(driverId) + "," + ping(driverId) + "]}");
                        return new Timed(response, Duration.ofNanos(System.nanoTime() - t0));
                    }, clients))
                    .toList();
            List<Timed> answers = calls.stream().map(CompletableFuture::join).toList();
            Duration all = Duration.ofNanos(System.nanoTime() - start);

            for (Timed answer : answers) {
                assertThat(answer.response().status()).isEqualTo(503);
                assertThat(answer.response().retryAfter()).isEqualTo("1");
                assertThat(answer.response().contentType()).startsWith("application/problem+json");
                assertThat(answer.response().json().get("type").asString())
                        .isEqualTo("https://tracking.example/problems/unavailable");
                // The service gives up after 2 s; the rest is dispatch and scheduling on a busy shared machine.
                assertThat(answer.elapsed()).isLessThan(Duration.ofMillis(3000));
            }
            assertThat(registry.get("tracking.ingest.publish").tag("outcome", "failed").timer()
                    .max(TimeUnit.MILLISECONDS)).isLessThan(2500);
            // Three times more requests than request threads: had each waited for Kafka on its thread, they would
            // have been answered in three waves, after about 6 s.
            assertThat(all).isLessThan(Duration.ofMillis(4500));
        } finally {
            clients.shutdownNow();
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(management.get("/actuator/health/readiness", null).status()).isEqualTo(503));
        assertThat(management.get("/actuator/health/liveness", null).status()).isEqualTo(200);

        PROXY.start();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(api.post("/api/v1/locations", token, ping(driverId)).status()).isEqualTo(202));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(management.get("/actuator/health/readiness", null).status()).isEqualTo(200));
        try (TopicProbe probe = new TopicProbe("localhost:" + PROXY.port())) {
            assertThat(probe.awaitCount(driverId, 1)).isNotEmpty();
        }
    }

    private static String ping(String driverId) {
        return """
                {"driverId":"%s","latitude":48.1,"longitude":11.5,"recordedAt":"%s"}"""
                .formatted(driverId, Instant.now().truncatedTo(ChronoUnit.MILLIS)
                        .minusMillis((long) (Math.random() * 10_000)));
    }

    private record Timed(Api.Response response, Duration elapsed) {
    }
}
