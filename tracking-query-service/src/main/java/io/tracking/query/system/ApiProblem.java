package io.tracking.query.system;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;

import io.tracking.contract.Violation;

/**
 * A request that ends in a 4xx or 503 problem. Thrown by controllers and services, turned into
 * {@code application/problem+json} by {@link ProblemDetailsHandler}. Details are fixed sentences: they never
 * carry a value the caller sent, nor a position.
 */
public final class ApiProblem extends RuntimeException {

    private final HttpStatus status;
    private final ProblemType type;
    private final List<Violation> violations;
    private final @Nullable Long retryAfterSeconds;
    private final Map<String, Object> properties;

    private ApiProblem(HttpStatus status, ProblemType type, String detail, List<Violation> violations,
            @Nullable Long retryAfterSeconds) {
        this(status, type, detail, violations, retryAfterSeconds, Map.of());
    }

    private ApiProblem(HttpStatus status, ProblemType type, String detail, List<Violation> violations,
            @Nullable Long retryAfterSeconds, Map<String, Object> properties) {
        // expected outcomes, not bugs: no stack trace to fill
        super(detail, null, false, false);
        this.status = status;
        this.type = type;
        this.violations = List.copyOf(violations);
        this.retryAfterSeconds = retryAfterSeconds;
        this.properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    /** 400: the request breaks the given rules. */
    public static ApiProblem invalid(List<Violation> violations) {
        return new ApiProblem(HttpStatus.BAD_REQUEST, ProblemType.VALIDATION, Violations.summary(violations),
                violations, null);
    }

    /** 400: one rule broken. */
    public static ApiProblem invalid(String field, String rule, String message) {
        return invalid(List.of(new Violation(field, rule, message)));
    }

    /** 404 with a fixed sentence, e.g. {@code "No position is known for this driver."}. */
    public static ApiProblem notFound(String detail) {
        return new ApiProblem(HttpStatus.NOT_FOUND, ProblemType.NOT_FOUND, detail, List.of(), null);
    }

    /** 409: the request contradicts the resource's current state. */
    public static ApiProblem conflict(String detail) {
        return new ApiProblem(HttpStatus.CONFLICT, ProblemType.CONFLICT, detail, List.of(), null);
    }

    /** 403: the caller may see the order, but its driver is no longer shown through it. */
    public static ApiProblem trackingEnded(String detail) {
        return new ApiProblem(HttpStatus.FORBIDDEN, ProblemType.TRACKING_ENDED, detail, List.of(), null);
    }

    /**
     * 429 with a {@code Retry-After}: the caller holds as many live streams of some kind as one may.
     *
     * @param limit the rule's name, also a property of the problem (e.g. {@code streams-per-caller})
     * @param max the limit's value, a property too
     */
    public static ApiProblem tooManyStreams(String limit, int max, String detail, long retryAfterSeconds) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("limit", limit);
        properties.put("max", max);
        return new ApiProblem(HttpStatus.TOO_MANY_REQUESTS, ProblemType.TOO_MANY_STREAMS, detail, List.of(),
                retryAfterSeconds, properties);
    }

    /** 503 with a {@code Retry-After}. */
    public static ApiProblem unavailable(String detail, long retryAfterSeconds) {
        return new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, ProblemType.UNAVAILABLE, detail, List.of(),
                retryAfterSeconds);
    }

    public HttpStatus status() {
        return status;
    }

    public ProblemType type() {
        return type;
    }

    public List<Violation> violations() {
        return violations;
    }

    public @Nullable Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** Further members of the problem body, naming the rule broken (never a value the caller sent). */
    public Map<String, Object> properties() {
        return properties;
    }
}
