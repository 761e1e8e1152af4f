package io.tracking.query.live;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

import io.tracking.query.support.IntegrationTest;
import io.tracking.query.support.LocationProducer;
import io.tracking.query.support.SseClient;

/**
 * What the order-stream integration tests share: one producer of pings for the class, a live reader that is ready
 * before each test, and the test's stream clients closed after it.
 */
abstract class LiveStreamTest extends IntegrationTest {

    static LocationProducer producer;

    final List<SseClient> clients = new ArrayList<>();

    @BeforeAll
    static void startProducer() {
        producer = new LocationProducer();
    }

    @AfterAll
    static void stopProducer() {
        producer.close();
    }

    @BeforeEach
    void awaitLiveReader() {
        await().atMost(Duration.ofSeconds(60)).until(() -> management.get("/actuator/health/readiness", null)
                .status() == 200);
    }

    @AfterEach
    void closeClients() {
        clients.forEach(SseClient::close);
    }
}
