package io.tracking.query.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.tracking.contract.LocationUpdate;
import io.tracking.query.order.Orders;
import io.tracking.query.support.Api;
import io.tracking.query.support.SseClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Limits of the live streams with the default settings: 4 open streams per caller, 8 per order, and a client that
 * does not read is dropped without holding up anyone else (4 sender threads).
 */
class OrderStreamLimitsIT extends LiveStreamTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(15);
    /** How long a reader may wait for a position it should have got at once. */
    private static final Duration PROMPTLY = Duration.ofSeconds(5);
    private static final int CHUNK = 200;
    private static final int MAX_CHUNKS = 400;

    private final String orderId = id("order");
    private final String driverId = id("driver");
    private final String customerId = id("customer");
    private final List<Socket> sockets = new ArrayList<>();

    @AfterEach
    void closeSockets() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    @Test
    void shouldRefuseTheFifthStreamOfOneCallerUntilOneOfItsStreamsEnds() {
        String subject = id("ops");
        String caller = token(subject, "logistics");
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            orders.add(id("order"));
            put(orders.get(i), "ASSIGNED");
        }
        List<SseClient> open = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            open.add(openStream(orders.get(i), caller, 200));
        }

        JsonNode problem = assertTooMany(openStream(orders.get(4), caller, 429), "streams-per-caller", 4);
        assertThat(problem.toString()).doesNotContain(subject).doesNotContain(orders.get(4));

        open.get(0).close();
        awaitAccepted(orders.get(4), caller);
    }

    @Test
    void shouldRefuseTheNinthStreamOfOneOrderUntilOneOfItsStreamsEnds() {
        put(orderId, "ASSIGNED");
        List<SseClient> open = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            open.add(openStream(orderId, logistics(), 200));
        }

        JsonNode problem = assertTooMany(openStream(orderId, token(customerId, "customer"), 429),
                "streams-per-order", 8);
        assertThat(problem.toString()).doesNotContain(orderId).doesNotContain(customerId).doesNotContain(driverId);

        open.get(3).close();
        awaitAccepted(orderId, token(customerId, "customer"));
    }

    @Test
    void shouldEndTheStreamsOfAFinishedOrderAndFreeTheirSlots() {
        put(orderId, "ASSIGNED");
        String subject = id("ops");
        for (int i = 0; i < 4; i++) {
            SseClient client = openStream(orderId, token(subject, "logistics"), 200);
            await().atMost(WAIT).until(() -> !client.events("order-status").isEmpty());
        }
        put(orderId, "DELIVERED");
        await().atMost(WAIT).until(() -> clients.stream().allMatch(SseClient::ended));

        String other = id("order");
        put(other, "ASSIGNED");
        for (int i = 0; i < 4; i++) {
            openStream(other, token(subject, "logistics"), 200);
        }
    }

    @Test
    void shouldKeepPushingToAReaderWhileClientsThatNeverReadAreDropped() {
        put(orderId, "ASSIGNED");
        SseClient reader = openStream(orderId, token(customerId, "customer"), 200);
        await().atMost(WAIT).until(() -> !reader.events("order-status").isEmpty());
        // one more than the sender threads: four streams of one caller (its limit) and one of another
        String hoarder = id("ops");
        List<Socket> neverReading = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            neverReading.add(neverReading(orderId, token(hoarder, "logistics")));
        }
        neverReading.add(neverReading(orderId, logistics()));
        for (Socket socket : neverReading) {
            // the response has begun: the stream is open
            await().atMost(WAIT).until(() -> socket.getInputStream().available() > 0);
        }
        double droppedBefore = dropped();

        Instant base = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        int sent = 0;
        while (dropped() - droppedBefore < neverReading.size()) {
            assertThat(sent / CHUNK).as("chunks sent without the non-readers being dropped").isLessThan(MAX_CHUNKS);
            List<LocationUpdate> chunk = new ArrayList<>(CHUNK);
            for (int i = 0; i < CHUNK; i++, sent++) {
                Instant at = base.plusMillis(sent);
                chunk.add(new LocationUpdate(driverId, 52.5 + sent * 1e-6, 13.4, at, Instant.now(), 4.5, 8.25,
                        181.5));
            }
            producer.publishAll(chunk);
            long last = EventIds.of(chunk.get(CHUNK - 1).recordedAt());
            await().atMost(PROMPTLY).until(() -> lastLocationId(reader) >= last);
        }

        assertThat(reader.ended()).isFalse();
        Api.Response tracking = api.get("/api/v1/orders/" + orderId + "/tracking", token(customerId, "customer"));
        assertThat(tracking.status()).isEqualTo(200);
        // the dropped streams gave their slots back: the caller's four, and the order's (1 + 4 + 3 = 8)
        for (int i = 0; i < 4; i++) {
            openStream(orderId, token(hoarder, "logistics"), 200);
        }
        for (int i = 0; i < 3; i++) {
            openStream(orderId, logistics(), 200);
        }
        assertTooMany(openStream(orderId, logistics(), 429), "streams-per-order", 8);
    }

    private void put(String order, String status) {
        Api.Response response = api.put("/api/v1/orders/" + order, dispatch(),
                Api.json(Orders.body(driverId, customerId, "restaurant-limits", status)));
        assertThat(response.status()).as(response.body()).isIn(200, 201);
    }

    private SseClient openStream(String order, String token, int expectedStatus) {
        SseClient client = SseClient.open(api.uri("/api/v1/orders/" + order + "/tracking/stream"), token, null);
        clients.add(client);
        assertThat(client.status()).as(client.errorBody()).isEqualTo(expectedStatus);
        return client;
    }

    /** Opens streams until one is accepted: a slot is freed once the server notices that a client went away. */
    private void awaitAccepted(String order, String token) {
        await().atMost(WAIT).until(() -> {
            SseClient client = SseClient.open(api.uri("/api/v1/orders/" + order + "/tracking/stream"), token, null);
            clients.add(client);
            if (client.status() == 200) {
                return true;
            }
            assertThat(client.status()).isEqualTo(429);
            client.close();
            return false;
        });
    }

    private static JsonNode assertTooMany(SseClient client, String limit, int max) {
        assertThat(client.status()).isEqualTo(429);
        assertThat(client.contentType()).startsWith("application/problem+json");
        assertThat(client.header("Retry-After")).matches("[1-9][0-9]*");
        await().atMost(WAIT).until(client::ended);
        JsonNode problem = JSON.readTree(client.errorBody());
        assertThat(problem.get("type").asString()).isEqualTo("https://tracking.example/problems/too-many-streams");
        assertThat(problem.get("status").asInt()).isEqualTo(429);
        assertThat(problem.get("limit").asString()).isEqualTo(limit);
        assertThat(problem.get("max").asInt()).isEqualTo(max);
        assertThat(problem.get("detail").asString()).contains(Integer.toString(max));
        return problem;
    }

    /** A client with a tiny receive window that asks for the stream and then never reads a byte. */
    private Socket neverReading(String order, String token) {
        try {
            Socket socket = new Socket();
            sockets.add(socket);
            socket.setReceiveBufferSize(1024);
            socket.connect(new InetSocketAddress("localhost", port), 5000);
            socket.getOutputStream().write(("GET /api/v1/orders/" + order + "/tracking/stream HTTP/1.1\r\n"
                    + "Host: localhost\r\nAccept: text/event-stream\r\nAuthorization: Bearer " + token + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private double dropped() {
        Api.Response response = management.get("/actuator/metrics/tracking.query.live.streams.dropped", null);
        if (response.status() == 404) {
            return 0;
        }
        return response.json().get("measurements").get(0).get("value").asDouble();
    }

    private static long lastLocationId(SseClient client) {
        List<SseClient.Event> events = client.events("location");
        return events.isEmpty() ? Long.MIN_VALUE : Long.parseLong(events.get(events.size() - 1).id());
    }
}
