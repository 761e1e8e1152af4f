package io.tracking.query.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import io.tracking.testsupport.OpenApiContract;

/** The checker itself: it accepts what the document says and names operation, status and pointer otherwise. */
class OpenApiContractTests {

    private static final String LOCATION = "/api/v1/drivers/driver-1/location";
    private static final String GOOD = """
            {"driverId":"driver-1","latitude":52.5,"longitude":13.4,"recordedAt":"2026-01-01T12:00:00Z",
             "ageSeconds":3}""";

    private final OpenApiContract contract = OpenApiContract.load("static/openapi.yaml");

    @Test
    void shouldAcceptADocumentedAnswer() {
        contract.check("GET", LOCATION, 200, "application/json", GOOD);
    }

    @Test
    void shouldNameTheOperationStatusAndPointerOfAnUndocumentedField() {
        String body = GOOD.replace("\"ageSeconds\":3", "\"ageSeconds\":3,\"receivedAt\":\"2026-01-01T12:00:00Z\"");

        assertThatThrownBy(() -> contract.check("GET", LOCATION, 200, "application/json", body))
                .hasMessageContaining("getLatestLocation (GET /api/v1/drivers/{driverId}/location) -> 200")
                .hasMessageContaining("/receivedAt");
    }

    @Test
    void shouldNameAMissingRequiredFieldAndAWrongType() {
        String body = GOOD.replace(",\n \"ageSeconds\":3", "").replace("52.5", "\"52.5\"");

        List<String> failures = contract.failures("GET", LOCATION, 200, "application/json", body);

        assertThat(failures).anySatisfy(failure -> assertThat(failure).contains("/latitude"));
        assertThat(failures).anySatisfy(failure -> assertThat(failure).contains("ageSeconds"));
    }

    @Test
    void shouldRefuseAnUndocumentedStatusAndContentType() {
        assertThat(contract.failures("GET", LOCATION, 418, "application/json", GOOD))
                .singleElement().asString().contains("-> 418").contains("not documented");
        assertThat(contract.failures("GET", LOCATION, 200, "text/plain", "hello"))
                .singleElement().asString().contains("content type 'text/plain' is not documented");
        assertThat(contract.failures("DELETE", LOCATION, 200, "application/json", GOOD))
                .singleElement().asString().contains("no documented operation");
    }

    @Test
    void shouldRefuseAnUndocumentedProblemType() {
        String problem = """
                {"type":"https://tracking.example/problems/teapot","title":"Not found","status":404}""";

        assertThat(contract.failures("GET", LOCATION, 404, "application/problem+json", problem))
                .anySatisfy(failure -> assertThat(failure).contains("/type")
                        .contains("not a documented problem type"));
    }

    @Test
    void shouldAcceptTheDeprecatedAliasAloneButNotAProblemWithoutFieldErrors() {
        String violations = """
                {"type":"https://tracking.example/problems/validation","title":"Invalid request","status":400,
                 "violations":[{"field":"driverId","rule":"pattern","message":"must match ^[A-Za-z0-9_-]{1,64}$"}]}""";
        String none = """
                {"type":"https://tracking.example/problems/validation","title":"Invalid request","status":400}""";

        assertThat(contract.failures("GET", LOCATION, 400, "application/problem+json", violations)).isEmpty();
        assertThat(contract.failures("GET", LOCATION, 400, "application/problem+json", none)).isNotEmpty();
    }

    @Test
    void shouldListDocumentedAnswersNotExercised() {
        contract.check("GET", LOCATION, 200, "application/json", GOOD);

        assertThat(contract.unexercised(List.of("503")))
                .contains("getLatestLocation (GET /api/v1/drivers/{driverId}/location) -> 404")
                .doesNotContain("getLatestLocation (GET /api/v1/drivers/{driverId}/location) -> 200")
                .contains("streamOrderTracking (GET /api/v1/orders/{orderId}/tracking/stream) -> 200 event 'location'");
    }
}
