package io.tracking.ingest.system;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import io.tracking.contract.ProblemTypes;
import io.tracking.contract.Violation;

/**
 * The service's RFC 9457 problem types and how to answer with them. Type URIs are stable: clients may branch on
 * them. Details name fields and rules, never the rejected values (GPS points are personal data) and never an
 * exception message.
 */
public final class Problems {

    public static final URI VALIDATION = ProblemTypes.of("validation");
    /** Same URI as tracking-auth's 403, so that every "not allowed" answer looks alike. */
    public static final URI FORBIDDEN = ProblemTypes.of("forbidden");
    public static final URI PAYLOAD_TOO_LARGE = ProblemTypes.of("payload-too-large");
    public static final URI UNSUPPORTED_MEDIA_TYPE = ProblemTypes.of("unsupported-media-type");
    public static final URI NOT_ACCEPTABLE = ProblemTypes.of("not-acceptable");
    public static final URI METHOD_NOT_ALLOWED = ProblemTypes.of("method-not-allowed");
    public static final URI NOT_FOUND = ProblemTypes.of("not-found");
    public static final URI UNAVAILABLE = ProblemTypes.of("unavailable");
    public static final URI INTERNAL = ProblemTypes.of("internal");
    public static final URI BAD_REQUEST = ProblemTypes.of("bad-request");

    private Problems() {
    }

    /** A problem with the given type, title and detail. */
    public static ProblemDetail problem(HttpStatus status, URI type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type);
        problem.setTitle(title);
        return problem;
    }

    /** A 400 validation problem listing the broken rules under {@code errors} ({@link ProblemTypes}). */
    public static ProblemDetail validation(String title, String detail, List<Violation> errors) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, VALIDATION, title, detail);
        problem.setProperty(ProblemTypes.FIELD_ERRORS, errors);
        return problem;
    }

    /** A 503 telling the client to come back after {@code retryAfter}. */
    public static ResponseEntity<Object> unavailable(String detail, Duration retryAfter) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())))
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE, "Service unavailable", detail));
    }

    /** Wraps {@code problem} in a response with its status and the problem media type. */
    public static ResponseEntity<Object> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /**
     * The problem for a generic HTTP error raised before any controller ran (servlet error page, Tomcat): its
     * title is the reason phrase and its detail a fixed sentence, whatever the cause.
     */
    static ProblemDetail forStatus(HttpStatus status) {
        return problem(status, typeOf(status.value()), status.getReasonPhrase(), status.is5xxServerError()
                ? "The request could not be processed. It was not accepted."
                : "The request was refused before it reached the API. It was not accepted.");
    }

    /** The stable type of a generic HTTP error with {@code status}. */
    static URI typeOf(int status) {
        return switch (status) {
            case 400 -> BAD_REQUEST;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 503 -> UNAVAILABLE;
            default -> status >= 500 ? INTERNAL : ProblemTypes.of("http-" + status);
        };
    }
}
