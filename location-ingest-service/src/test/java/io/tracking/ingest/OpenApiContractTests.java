package io.tracking.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import io.tracking.testsupport.OpenApiContract;

/** The checker itself: it accepts what the document says and names operation, status and pointer otherwise. */
class OpenApiContractTests {

    private static final String PING = "/api/v1/locations";
    private static final String RECEIPT = """
            {"status":"accepted","driverId":"driver-1","recordedAt":"2026-01-01T12:00:00.123456Z"}""";

    private final OpenApiContract contract = OpenApiContract.load("static/openapi.yaml");

    @Test
    void shouldAcceptADocumentedAnswer() {
        contract.check("POST", PING, 202, "application/json", RECEIPT);
    }

    @Test
    void shouldNameTheOperationStatusAndPointerOfAnUndocumentedField() {
        String body = RECEIPT.replace("}", ",\"latitude\":52.5}");

        assertThatThrownBy(() -> contract.check("POST", PING, 202, "application/json", body))
                .hasMessageContaining("ingestPing (POST /api/v1/locations) -> 202 application/json: /latitude");
    }

    @Test
    void shouldNameAnUndocumentedRuleInsideABatchResult() {
        String body = """
                {"accepted":1,"rejected":1,"results":[{"index":0,"status":"accepted"},
                 {"index":1,"status":"rejected","errors":[{"field":"latitude","rule":"weird","message":"m"}]}]}""";

        assertThat(contract.failures("POST", PING + "/batch", 207, "application/json", body))
                .anySatisfy(failure -> assertThat(failure).contains("ingestBatch").contains("-> 207")
                        .contains("/results/1/errors/0/rule"));
    }

    @Test
    void shouldRefuseAnUndocumentedStatusContentTypeAndProblemType() {
        assertThat(contract.failures("POST", PING, 200, "application/json", RECEIPT))
                .singleElement().asString().contains("-> 200").contains("not documented");
        assertThat(contract.failures("POST", PING, 202, "text/plain", "ok"))
                .singleElement().asString().contains("content type 'text/plain' is not documented");
        assertThat(contract.failures("POST", PING, 403, "application/problem+json", """
                {"type":"https://tracking.example/problems/nope","title":"Forbidden","status":403}"""))
                .anySatisfy(failure -> assertThat(failure).contains("not a documented problem type"));
    }

    @Test
    void shouldListDocumentedAnswersNotExercised() {
        contract.check("POST", PING, 202, "application/json", RECEIPT);

        assertThat(contract.unexercised(List.of("503")))
                .contains("ingestPing (POST /api/v1/locations) -> 400", "ingestBatch (POST /api/v1/locations/batch) -> 207")
                .doesNotContain("ingestPing (POST /api/v1/locations) -> 202", "ingestPing (POST /api/v1/locations) -> 503");
    }
}
