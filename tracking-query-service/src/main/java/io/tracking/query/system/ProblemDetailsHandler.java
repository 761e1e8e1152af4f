package io.tracking.query.system;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.ServletRequestBindingException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import io.tracking.contract.ProblemTypes;
import io.tracking.contract.Violation;
import tools.jackson.core.JacksonException;

/**
 * The one place that turns failures into RFC 9457 {@code application/problem+json}. Every answer has a stable
 * {@code type}; 400s list the broken rules as {@code errors: [{field, rule, message}]} (and, deprecated, the same
 * list as {@code violations}: see {@link ProblemTypes}); no answer echoes a
 * value the caller sent, an exception message, SQL or a stack trace.
 */
@RestControllerAdvice
class ProblemDetailsHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsHandler.class);

    @ExceptionHandler(ApiProblem.class)
    ResponseEntity<Object> handleApiProblem(ApiProblem problem) {
        HttpHeaders headers = new HttpHeaders();
        if (problem.retryAfterSeconds() != null) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(problem.retryAfterSeconds()));
        }
        ProblemDetail body = problem(problem.status(), problem.type(), String.valueOf(problem.getMessage()));
        if (!problem.violations().isEmpty()) {
            body.setProperty(ProblemTypes.FIELD_ERRORS, problem.violations());
            body.setProperty(ProblemTypes.DEPRECATED_FIELD_ERRORS, problem.violations());
        }
        problem.properties().forEach(body::setProperty);
        return respond(body, headers);
    }

    @ExceptionHandler(DataAccessException.class)
    ResponseEntity<Object> handleDataAccess(DataAccessException exception) {
        if (exception instanceof DataAccessResourceFailureException
                || exception instanceof TransientDataAccessException) {
            log.warn("Database unavailable: {}", exception.getClass().getSimpleName());
            HttpHeaders headers = new HttpHeaders();
            headers.set(HttpHeaders.RETRY_AFTER, "1");
            return respond(problem(HttpStatus.SERVICE_UNAVAILABLE, ProblemType.UNAVAILABLE,
                    "The database is not reachable right now. Try again shortly."), headers);
        }
        return handleUnexpected(exception);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception exception) {
        ProblemDetail body = problem(HttpStatus.INTERNAL_SERVER_ERROR, ProblemType.INTERNAL,
                "The request could not be completed.");
        log.error("Request failed, problem {}", body.getInstance(), exception);
        return respond(body, new HttpHeaders());
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<Violation> violations = new ArrayList<>();
        for (FieldError error : ex.getBindingResult().getFieldErrors()) {
            violations.add(new Violation(error.getField(), rule(error.getCode()),
                    error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage()));
        }
        ex.getBindingResult().getGlobalErrors().forEach(error -> violations.add(new Violation(
                error.getObjectName(), rule(error.getCode()),
                error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage())));
        return handleApiProblem(ApiProblem.invalid(violations));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String path = jsonPath(ex);
        ApiProblem problem = path.isEmpty()
                ? ApiProblem.invalid("body", "json", "must be a well-formed JSON document of the documented shape")
                : ApiProblem.invalid(path, "type", "has the wrong JSON type or format");
        return handleApiProblem(problem);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleTypeMismatch(TypeMismatchException ex, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String name = ex instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getName()
                : String.valueOf(ex.getPropertyName());
        Class<?> required = ex.getRequiredType();
        String expected = required == null ? "a value of the documented format"
                : switch (required.getSimpleName()) {
                    case "Instant" -> "an ISO-8601 instant such as 2024-05-01T12:00:00Z";
                    case "Double", "double" -> "a number";
                    case "Integer", "int", "Long", "long" -> "an integer";
                    default -> "a value of the documented format";
                };
        return handleApiProblem(ApiProblem.invalid(name, "type", "must be " + expected));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException ex, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        return handleApiProblem(ApiProblem.invalid(ex.getParameterName(), "required", "must be present"));
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleServletRequestBindingException(
            ServletRequestBindingException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (ex instanceof MissingRequestHeaderException missing) {
            return handleApiProblem(ApiProblem.invalid(missing.getHeaderName(), "required", "must be present"));
        }
        return handleApiProblem(ApiProblem.invalid("request", "binding", "does not match the documented shape"));
    }

    /** Everything the base class answers itself (405, 406, 415, 404 for unknown paths ...): stable types. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
            HttpStatusCode statusCode, WebRequest request) {
        HttpStatus status = HttpStatus.resolve(statusCode.value());
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        ProblemDetail problem = generic(status);
        if (status.is5xxServerError()) {
            log.error("Request failed with {}, problem {}", status.value(), problem.getInstance(), ex);
        }
        HttpHeaders safeHeaders = new HttpHeaders();
        if (!headers.getAllow().isEmpty()) {
            safeHeaders.setAllow(headers.getAllow());
        }
        return respond(problem, safeHeaders);
    }

    /**
     * The problem for an error known only by its status (also the servlet error page's and Tomcat's answer): a
     * stable type and a fixed sentence, nothing from the request or the cause.
     */
    static ProblemDetail generic(HttpStatus status) {
        ProblemType type = switch (status) {
            case BAD_REQUEST -> ProblemType.VALIDATION;
            case NOT_FOUND -> ProblemType.NOT_FOUND;
            case METHOD_NOT_ALLOWED -> ProblemType.METHOD_NOT_ALLOWED;
            case NOT_ACCEPTABLE -> ProblemType.NOT_ACCEPTABLE;
            case UNSUPPORTED_MEDIA_TYPE -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            case SERVICE_UNAVAILABLE -> ProblemType.UNAVAILABLE;
            default -> status.is5xxServerError() ? ProblemType.INTERNAL : ProblemType.VALIDATION;
        };
        String detail = switch (type) {
            case NOT_FOUND -> "No such resource.";
            case METHOD_NOT_ALLOWED -> "This method is not supported here.";
            case NOT_ACCEPTABLE -> "No acceptable representation; ask for application/json.";
            case UNSUPPORTED_MEDIA_TYPE -> "Send application/json.";
            case UNAVAILABLE -> "Try again shortly.";
            case INTERNAL -> "The request could not be completed.";
            default -> "The request is invalid.";
        };
        return problem(status, type, detail);
    }

    /**
     * The {@code instance} names this occurrence ({@code urn:uuid:...}, also logged with 5xx) rather than the
     * request path, which Spring would fill in and which may carry the rejected value.
     */
    private static ProblemDetail problem(HttpStatus status, ProblemType type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(type.uri());
        problem.setTitle(type.title());
        problem.setInstance(URI.create("urn:uuid:" + UUID.randomUUID()));
        return problem;
    }

    private static ResponseEntity<Object> respond(ProblemDetail body, HttpHeaders headers) {
        return ResponseEntity.status(body.getStatus()).headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    private static String rule(@Nullable String code) {
        if (code == null) {
            return "invalid";
        }
        return switch (code) {
            case "NotNull", "NotBlank", "NotEmpty" -> "required";
            case "Pattern" -> "pattern";
            case "Size" -> "size";
            case "Min", "Max", "DecimalMin", "DecimalMax", "Range", "Positive", "PositiveOrZero" -> "range";
            default -> code.toLowerCase(Locale.ROOT);
        };
    }

    /** {@code pickup.latitude} or {@code driverIds[2]} for a JSON value of the wrong type, else empty. */
    private static String jsonPath(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException jackson && !jackson.getPath().isEmpty()) {
                StringBuilder path = new StringBuilder();
                for (JacksonException.Reference reference : jackson.getPath()) {
                    if (reference.getPropertyName() != null) {
                        if (!path.isEmpty()) {
                            path.append('.');
                        }
                        path.append(reference.getPropertyName());
                    } else if (reference.getIndex() >= 0) {
                        path.append('[').append(reference.getIndex()).append(']');
                    }
                }
                return path.toString();
            }
        }
        return "";
    }
}
