package io.tracking.query.order;

import static io.tracking.query.system.ProblemAssertions.assertProblem;
import static io.tracking.query.system.ProblemAssertions.assertViolation;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.tracking.query.support.Api;
import tools.jackson.databind.JsonNode;

class OrderRegistrationIT extends OrderIntegrationTest {

    @Test
    void shouldCreateWith201AndUpdateWith200() {
        Api.Response created = putStatus("ASSIGNED");
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("orderId").asString()).isEqualTo(orderId);
        assertThat(created.json().get("status").asString()).isEqualTo("ASSIGNED");

        Api.Response updated = putStatus("PICKED_UP");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().get("status").asString()).isEqualTo("PICKED_UP");
        assertThat(jdbc.sql("SELECT status FROM orders WHERE order_id = ?").param(orderId).query(String.class)
                .single()).isEqualTo("PICKED_UP");
    }

    @Test
    void shouldRecordWhenTheDriverWasAssignedAndKeepItUntilTheDriverChanges() {
        Instant beforeCreate = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Api.Response created = putStatus("ASSIGNED");
        Instant assigned = Instant.parse(created.json().get("driverAssignedAt").asString());
        assertThat(assigned).isBetween(beforeCreate, Instant.now());
        assertThat(storedAssignment()).isEqualTo(assigned);

        assertThat(Instant.parse(putStatus("ASSIGNED").json().get("driverAssignedAt").asString())).isEqualTo(assigned);
        assertThat(Instant.parse(putStatus("PICKED_UP").json().get("driverAssignedAt").asString()))
                .isEqualTo(assigned);
        assertThat(storedAssignment()).isEqualTo(assigned);

        Instant beforeReassignment = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Api.Response reassigned = put(Orders.body(id("driver"), customerId, restaurantId, "PICKED_UP"));
        assertThat(reassigned.status()).isEqualTo(200);
        Instant reassignedAt = Instant.parse(reassigned.json().get("driverAssignedAt").asString());
        assertThat(reassignedAt).isAfterOrEqualTo(beforeReassignment).isAfter(assigned);
        assertThat(storedAssignment()).isEqualTo(reassignedAt);
    }

    private Instant storedAssignment() {
        return jdbc.sql("SELECT driver_assigned_at FROM orders WHERE order_id = ?").param(orderId)
                .query(OffsetDateTime.class).single().toInstant();
    }

    @Test
    void shouldAcceptAFinalOrderAgainUnchangedButNotReopenIt() {
        putStatus("ASSIGNED");
        assertThat(putStatus("DELIVERED").status()).isEqualTo(200);
        assertThat(putStatus("DELIVERED").status()).isEqualTo(200);
        assertProblem(putStatus("ASSIGNED"), 409, "conflict");
    }

    @Test
    void shouldBeForDispatchOnly() {
        for (String role : new String[] { "logistics", "customer", "restaurant", "driver" }) {
            Api.Response response = api.put("/api/v1/orders/" + orderId, token(customerId, role),
                    Api.json(Orders.body(driverId, customerId, restaurantId, "ASSIGNED")));
            assertProblem(response, 403, "forbidden");
        }
        assertProblem(api.put("/api/v1/orders/" + orderId, null,
                Api.json(Orders.body(driverId, customerId, restaurantId, "ASSIGNED"))), 401, "unauthorized");
    }

    @Test
    void shouldRefuseAMalformedOrderId() {
        Api.Response response = api.put("/api/v1/orders/bad.order!", dispatch(),
                Api.json(Orders.body(driverId, customerId, restaurantId, "ASSIGNED")));
        assertViolation(response, "orderId", "pattern");
    }

    static Stream<Arguments> invalidBodies() {
        return Stream.of(
                Arguments.of("driverId", null, "driverId", "required"),
                Arguments.of("driverId", "no spaces please", "driverId", "pattern"),
                Arguments.of("customerId", null, "customerId", "required"),
                Arguments.of("customerId", "", "customerId", "pattern"),
                Arguments.of("restaurantId", "white space", "restaurantId", "pattern"),
                Arguments.of("status", "LOST", "status", "pattern"),
                Arguments.of("status", null, "status", "required"),
                Arguments.of("pickup", null, "pickup", "required"),
                Arguments.of("pickup", Map.of("latitude", 91.5, "longitude", 0), "pickup.latitude", "range"),
                Arguments.of("pickup", Map.of("latitude", 0), "pickup.longitude", "required"),
                Arguments.of("dropoff", Map.of("latitude", 0, "longitude", -180.5), "dropoff.longitude", "range"),
                Arguments.of("dropoff", Map.of("latitude", "north", "longitude", 0), "dropoff.latitude", "type"),
                Arguments.of("driverId", java.util.List.of("a"), "driverId", "type"));
    }

    @ParameterizedTest(name = "{0}={1} -> {2} {3}")
    @MethodSource("invalidBodies")
    void shouldNameTheInvalidFieldAndRule(String field, Object value, String path, String rule) {
        Map<String, Object> body = new HashMap<>(Orders.body(driverId, customerId, restaurantId, "ASSIGNED"));
        body.put(field, value);
        JsonNode problem = assertViolation(put(body), path, rule);
        if (value instanceof String text && !text.isEmpty()) {
            assertThat(problem.toString()).doesNotContain(text);
        }
        assertThat(problem.toString()).doesNotContain("91.5").doesNotContain("180.5");
    }
}
