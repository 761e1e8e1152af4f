package io.tracking.query.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tracking.contract.Topics;
import io.tracking.query.QueryProperties;
import io.tracking.query.order.Orders;
import io.tracking.query.support.Api;
import io.tracking.query.support.IntegrationTest;
import io.tracking.query.support.TopicTail;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Orders into the stream through the outbox, against the real broker and PostgreSQL: each committed change is
 * published once, in order, as its outbox version; a refused PUT publishes nothing; a second relay instance or a
 * relay killed between the broker's acknowledgement and its commit loses and reorders nothing.
 */
class OrderOutboxIT extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Logger log = LoggerFactory.getLogger(OrderOutboxIT.class);

    @Autowired
    OrderOutbox outbox;

    @Autowired
    OrderOutboxRelay relay;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    QueryProperties properties;

    @Autowired
    KafkaProperties kafka;

    @Autowired
    DataSource dataSource;

    @Autowired
    ApplicationEventPublisher events;

    private final String orderId = id("order");
    private final String customerId = id("customer");
    private final String restaurantId = id("restaurant");
    private final List<AutoCloseable> closing = new ArrayList<>();
    private TopicTail topic;

    @BeforeEach
    void tailTheOrdersTopic() {
        topic = TopicTail.of(Topics.ORDERS);
        closing.add(topic);
    }

    @AfterEach
    void close() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        relay.start();
    }

    private Api.Response put(String order, Map<String, Object> body) {
        return api.put("/api/v1/orders/" + order, dispatch(), Api.json(body));
    }

    private Map<String, Object> body(String status, int change) {
        Map<String, Object> body = Orders.body("driver-1", customerId, restaurantId, status);
        body.put("dropoff", Map.of("latitude", dropoffLatitude(change), "longitude", 13.4));
        return body;
    }

    /** The drop-off of the {@code change}th change: each change moves it a little. */
    private static double dropoffLatitude(int change) {
        return 52.51 + change / 1000.0;
    }

    private static List<Double> dropoffLatitudes(int changes) {
        return IntStream.range(0, changes).mapToObj(OrderOutboxIT::dropoffLatitude).toList();
    }

    private List<JsonNode> snapshots(String order) {
        return topic.records(order::equals).stream().map(record -> JSON.readTree(record.value())).toList();
    }

    private static List<Long> versions(List<JsonNode> snapshots) {
        return snapshots.stream().map(snapshot -> snapshot.get("version").asLong()).toList();
    }

    /** Everything committed before it is published once the marker is: the relay publishes in commit order. */
    private void awaitMarker() {
        String marker = id("marker");
        assertThat(put(marker, body("ASSIGNED", 0)).status()).isEqualTo(201);
        await().atMost(WAIT).until(() -> !snapshots(marker).isEmpty());
    }

    private long outboxRows(String order) {
        return jdbc.sql("SELECT count(*) FROM order_outbox WHERE order_id = ?").param(order).query(Long.class)
                .single();
    }

    @Test
    void shouldPublishEachChangeOnceInOrderAsItsOutboxVersion() {
        assertThat(put(orderId, body("ASSIGNED", 0)).status()).isEqualTo(201);
        long answered = System.nanoTime();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(5)).until(() -> !snapshots(orderId).isEmpty());
        long millis = Duration.ofNanos(System.nanoTime() - answered).toMillis();
        log.info("The order's snapshot was on the topic {} ms after the PUT was answered", millis);
        // woken by the commit, not by the next poll of the table: well under a second even on a busy machine
        assertThat(millis).isLessThan(1000);
        assertThat(put(orderId, body("ASSIGNED", 0)).status()).as("unchanged: no snapshot").isEqualTo(200);
        assertThat(put(orderId, body("PICKED_UP", 0)).status()).isEqualTo(200);
        Map<String, Object> tuned = body("PICKED_UP", 0);
        tuned.put("tripParameters", Map.of("arriveRadiusMeters", 80, "dwellSeconds", 30));
        assertThat(put(orderId, tuned).status()).isEqualTo(200);
        tuned.put("status", "DELIVERED");
        assertThat(put(orderId, tuned).status()).isEqualTo(200);

        await().atMost(WAIT).until(() -> snapshots(orderId).size() >= 4);
        awaitMarker();

        List<JsonNode> snapshots = snapshots(orderId);
        assertThat(snapshots).extracting(snapshot -> snapshot.get("status").asString())
                .containsExactly("ASSIGNED", "PICKED_UP", "PICKED_UP", "DELIVERED");
        assertThat(versions(snapshots)).isSorted().doesNotHaveDuplicates();
        assertThat(snapshots.get(0).get("orderId").asString()).isEqualTo(orderId);
        assertThat(snapshots.get(0).get("driverId").asString()).isEqualTo("driver-1");
        assertThat(snapshots.get(0).get("pickup").get("latitude").asDouble()).isEqualTo(52.5);
        assertThat(snapshots.get(0).get("tripParameters").isNull()).isTrue();
        assertThat(snapshots.get(2).get("tripParameters").get("arriveRadiusMeters").asDouble()).isEqualTo(80.0);
        assertThat(snapshots.get(3).get("tripParameters").get("dwellSeconds").asInt()).isEqualTo(30);
        assertThat(outboxRows(orderId)).as("deleted once published").isZero();
    }

    @Test
    void shouldPublishNothingForARefusedPut() {
        assertThat(put(orderId, body("DELIVERED", 0)).status()).isEqualTo(201);
        assertThat(put(orderId, body("ASSIGNED", 0)).status()).as("a final order").isEqualTo(409);
        Map<String, Object> invalid = body("DELIVERED", 0);
        invalid.put("tripParameters", Map.of("arriveRadiusMeters", 100, "exitRadiusMeters", 80));
        assertThat(put(orderId, invalid).status()).isEqualTo(400);

        awaitMarker();

        assertThat(snapshots(orderId)).extracting(snapshot -> snapshot.get("status").asString())
                .containsExactly("DELIVERED");
        assertThat(outboxRows(orderId)).isZero();
    }

    @Test
    void shouldWriteTheSnapshotWithTheOrderAndRelayOnlyWhileNoOtherInstanceHoldsTheLock() throws Exception {
        try (Connection otherInstance = dataSource.getConnection()) {
            otherInstance.setAutoCommit(false);
            try (var lock = otherInstance.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                lock.setLong(1, OrderOutbox.RELAY_LOCK);
                lock.execute();
            }

            assertThat(put(orderId, body("ASSIGNED", 0)).status()).isEqualTo(201);

            // committed with the order, its version the row's id
            Map<String, Object> row = jdbc.sql(
                    "SELECT id, payload::text AS payload FROM order_outbox WHERE order_id = ?")
                    .param(orderId).query().singleRow();
            JsonNode payload = JSON.readTree((String) row.get("payload"));
            assertThat(payload.get("version").asLong()).isEqualTo(((Number) row.get("id")).longValue());
            assertThat(payload.get("status").asString()).isEqualTo("ASSIGNED");
            await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> snapshots(orderId).isEmpty());

            otherInstance.rollback();
        }
        await().atMost(WAIT).until(() -> snapshots(orderId).size() == 1);
        await().atMost(WAIT).until(() -> outboxRows(orderId) == 0);
    }

    @Test
    void shouldPublishEveryChangeOnceAndInOrderWithTwoRelays() {
        OrderOutboxRelay second = new OrderOutboxRelay(outbox, transactions, publisher(), properties.outbox(),
                Clock.systemUTC(), new SimpleMeterRegistry());
        second.start();
        closing.add(second::stop);
        List<String> orders = List.of(id("order"), id("order"), id("order"));

        for (int change = 0; change < 6; change++) {
            for (String order : orders) {
                assertThat(put(order, body("ASSIGNED", change)).status()).isIn(200, 201);
            }
        }

        await().atMost(WAIT).until(() -> orders.stream().allMatch(order -> snapshots(order).size() >= 6));
        awaitMarker();
        for (String order : orders) {
            List<JsonNode> snapshots = snapshots(order);
            assertThat(versions(snapshots)).hasSize(6).isSorted().doesNotHaveDuplicates();
            assertThat(snapshots).extracting(snapshot -> snapshot.get("dropoff").get("latitude").asDouble())
                    .containsExactlyElementsOf(dropoffLatitudes(6));
        }
    }

    @Test
    void shouldLoseAndReorderNothingWhenARelayDiesBetweenTheAcknowledgementAndItsCommit() throws Exception {
        relay.stop();
        for (int change = 0; change < 4; change++) {
            assertThat(put(orderId, body("ASSIGNED", change)).status()).isIn(200, 201);
        }
        OrderOutbox dying = new OrderOutbox(jdbc, JSON, events) {
            @Override
            void delete(List<Row> rows) {
                throw new IllegalStateException("killed after the broker acknowledged the batch");
            }
        };
        OrderOutboxRelay killed = new OrderOutboxRelay(dying, transactions, publisher(), properties.outbox(),
                Clock.systemUTC(), new SimpleMeterRegistry());
        closing.add(killed::stop);

        try {
            killed.relayOnce();
        } catch (IllegalStateException expected) {
            // the turn rolled back: its rows are still there
        }
        await().atMost(WAIT).until(() -> snapshots(orderId).size() == 4);
        assertThat(outboxRows(orderId)).isEqualTo(4);
        relay.start();

        await().atMost(WAIT).until(() -> outboxRows(orderId) == 0);
        awaitMarker();
        List<JsonNode> snapshots = snapshots(orderId);
        // sent twice, identically; a consumer applying only versions above the last one applies each change once
        assertThat(snapshots).hasSize(8);
        assertThat(snapshots.subList(4, 8)).isEqualTo(snapshots.subList(0, 4));
        List<Double> applied = new ArrayList<>();
        long last = 0;
        for (JsonNode snapshot : snapshots) {
            if (snapshot.get("version").asLong() > last) {
                last = snapshot.get("version").asLong();
                applied.add(snapshot.get("dropoff").get("latitude").asDouble());
            }
        }
        assertThat(applied).containsExactlyElementsOf(dropoffLatitudes(4));
    }

    private OutboxPublisher publisher() {
        Duration timeout = properties.outbox().sendTimeout();
        return new OutboxPublisher(OutboxPublisher.producers(kafka, timeout), Topics.ORDERS, timeout);
    }
}
