package io.tracking.query.location;

import static io.tracking.query.system.ProblemAssertions.assertProblem;
import static io.tracking.query.system.ProblemAssertions.assertViolation;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.tracking.query.support.Api;
import io.tracking.query.support.IntegrationTest;
import tools.jackson.databind.JsonNode;

class BulkLocationIT extends IntegrationTest {

    private final String driverId = id("driver");

    @Test
    void shouldListFoundPositionsAndMissingIds() {
        String second = id("driver");
        String missing = id("driver");
        writer.ping(driverId, 1.0, 1.0, Instant.now());
        writer.ping(second, 2.0, 2.0, Instant.now());

        Api.Response response = api.post("/api/v1/drivers/locations/query", logistics(),
                Api.json(Map.of("driverIds", List.of(second, missing, driverId, second))));

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("locations")).hasSize(2);
        assertThat(body.get("locations").get(0).get("driverId").asString()).isEqualTo(second);
        assertThat(body.get("locations").get(0).get("latitude").asDouble()).isEqualTo(2.0);
        assertThat(body.get("locations").get(1).get("driverId").asString()).isEqualTo(driverId);
        assertThat(body.get("notFound")).hasSize(1);
        assertThat(body.get("notFound").get(0).asString()).isEqualTo(missing);
    }

    @Test
    void shouldAnswer500DriversInOneCall() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            ids.add(id("bulk"));
        }
        writer.ping(ids.get(499), 5.0, 5.0, Instant.now());

        JsonNode body = api.post("/api/v1/drivers/locations/query", dispatch(),
                Api.json(Map.of("driverIds", ids))).json();

        assertThat(body.get("locations")).hasSize(1);
        assertThat(body.get("notFound")).hasSize(499);
    }

    @Test
    void shouldCountARepeatedIdOnceAgainstTheLimit() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            ids.add(i % 2 == 0 ? driverId : "d" + (i % 10));
        }
        writer.ping(driverId, 3.0, 3.0, Instant.now());

        Api.Response response = api.post("/api/v1/drivers/locations/query", logistics(),
                Api.json(Map.of("driverIds", ids)));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("locations")).hasSize(1);
        assertThat(response.json().get("notFound")).hasSize(5);
    }

    @Test
    void shouldRefuseMoreThan500Drivers() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 501; i++) {
            ids.add("d" + i);
        }
        assertViolation(api.post("/api/v1/drivers/locations/query", logistics(),
                Api.json(Map.of("driverIds", ids))), "driverIds", "size");
    }

    @Test
    void shouldNameTheMalformedIdByItsIndex() {
        Api.Response response = api.post("/api/v1/drivers/locations/query", logistics(),
                "{\"driverIds\":[\"ok-1\",\"not ok\"]}");
        JsonNode body = assertViolation(response, "driverIds[1]", "pattern");
        assertThat(body.toString()).doesNotContain("not ok");
    }

    @Test
    void shouldRefuseAnEmptyOrMissingList() {
        assertViolation(api.post("/api/v1/drivers/locations/query", logistics(), "{\"driverIds\":[]}"),
                "driverIds", "required");
        assertViolation(api.post("/api/v1/drivers/locations/query", logistics(), "{}"), "driverIds",
                "required");
    }

    @Test
    void shouldRefuseMalformedJson() {
        assertViolation(api.post("/api/v1/drivers/locations/query", logistics(), "{\"driverIds\":"), "body",
                "json");
        assertViolation(api.post("/api/v1/drivers/locations/query", logistics(), "{\"driverIds\":\"abc\"}"),
                "driverIds", "type");
    }

    @Test
    void shouldRefuseCustomers() {
        assertProblem(api.post("/api/v1/drivers/locations/query", token(id("c"), "customer"),
                "{\"driverIds\":[\"a\"]}"), 403, "forbidden");
    }
}
