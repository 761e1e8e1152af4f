package io.tracking.query.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracking.query.support.Api;
import tools.jackson.databind.JsonNode;

/** Checks shared by all problem responses. */
public final class ProblemAssertions {

    private ProblemAssertions() {
    }

    /** Asserts an {@code application/problem+json} answer of {@code status} and {@code type}; returns its body. */
    public static JsonNode assertProblem(Api.Response response, int status, String typeSlug) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode body = response.json();
        assertThat(body.get("type").asString()).isEqualTo("https://tracking.example/problems/" + typeSlug);
        assertThat(body.get("status").asInt()).isEqualTo(status);
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("SELECT").doesNotContain("at io.");
        return body;
    }

    /** Asserts a 400 whose {@code errors} (and deprecated {@code violations}, the same list) name {@code field} with {@code rule}. */
    public static JsonNode assertViolation(Api.Response response, String field, String rule) {
        JsonNode body = assertProblem(response, 400, "validation");
        assertThat(body.get("violations")).as("the deprecated alias carries the same list").isEqualTo(body.get("errors"));
        boolean found = false;
        for (JsonNode violation : body.get("errors")) {
            if (violation.get("field").asString().equals(field) && violation.get("rule").asString().equals(rule)) {
                found = true;
            }
        }
        assertThat(found).as("violation %s/%s in %s", field, rule, body).isTrue();
        return body;
    }
}
