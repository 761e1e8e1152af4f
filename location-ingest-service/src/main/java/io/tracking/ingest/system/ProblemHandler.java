package io.tracking.ingest.system;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import io.tracking.ingest.IngestProperties;

/**
 * Turns every Spring MVC error (404, 405, 415, unreadable body, async timeout, ...) and every unexpected
 * exception into {@code application/problem+json} with a stable type. A 500 says nothing about its cause.
 */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    private final String retryAfterSeconds;

    ProblemHandler(IngestProperties properties) {
        this.retryAfterSeconds = Long.toString(Math.max(1, properties.retryAfter().toSeconds()));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception exception) {
        log.error("Request failed unexpectedly", exception);
        return Problems.respond(Problems.problem(HttpStatus.INTERNAL_SERVER_ERROR, Problems.INTERNAL,
                "Internal error", "The request could not be processed. It was not accepted."));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleAsyncRequestTimeoutException(AsyncRequestTimeoutException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // the headers handed in may be read-only
        HttpHeaders withRetryAfter = new HttpHeaders();
        withRetryAfter.putAll(headers);
        withRetryAfter.set(HttpHeaders.RETRY_AFTER, retryAfterSeconds);
        return super.handleAsyncRequestTimeoutException(ex, withRetryAfter, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body,
            HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail detail ? detail
                : ProblemDetail.forStatus(statusCode);
        if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
            problem.setType(Problems.typeOf(statusCode.value()));
        }
        if (statusCode.is5xxServerError() && statusCode.value() != 503) {
            problem.setDetail("The request could not be processed. It was not accepted.");
        }
        return super.handleExceptionInternal(ex, problem, headers, statusCode, request);
    }
}
