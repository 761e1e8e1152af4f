package io.tracking.ingest.ping;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.tracking.contract.LocationUpdate;
import io.tracking.contract.Violation;
import io.tracking.ingest.IngestProperties;
import io.tracking.ingest.publish.LocationPublisher;
import io.tracking.ingest.system.Problems;

/**
 * Accepts location pings from driver apps.
 *
 * <p>Order of checks, for both endpoints: the body must be readable JSON of the right shape (else 400, 413);
 * every ping must name the caller's own driver id (else 403 for the whole request: a batch naming another driver
 * is not a mistake to half-accept); then the rules apply per ping. A ping is answered "accepted" only after Kafka
 * acknowledged it; if Kafka does not within {@code publish-timeout} the whole request is answered 503 with
 * {@code Retry-After}, and the client sends it again (repeats are harmless: the writer stores a ping once).
 *
 * <p>A batch answers 202 when every ping was accepted, 207 Multi-Status (with a JSON body, not WebDAV XML) when
 * some were rejected and the rest accepted, and 400 when none was valid.
 */
@RestController
@RequestMapping(path = "/api/v1/locations", consumes = MediaType.APPLICATION_JSON_VALUE)
class LocationController {

    private final PingValidator validator;
    private final LocationPublisher publisher;
    private final PingMetrics metrics;
    private final Clock clock;
    private final IngestProperties properties;

    LocationController(PingValidator validator, LocationPublisher publisher, PingMetrics metrics, Clock clock,
            IngestProperties properties) {
        this.validator = validator;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
        this.properties = properties;
    }

    @PostMapping
    CompletableFuture<ResponseEntity<Object>> ingest(@RequestBody SinglePing body, Authentication caller) {
        PingDraft ping = body.ping();
        if (namesAnotherDriver(ping, caller)) {
            metrics.forbidden(1);
            return done(forbidden("The ping names another driver. A driver may only report its own position."));
        }
        CheckedPing checked = validator.check(ping, clock.instant());
        LocationUpdate update = checked.update();
        if (update == null) {
            metrics.rejected(checked.violations());
            return done(Problems.respond(Problems.validation("Invalid ping",
                    "The ping breaks " + rules(checked.violations().size()) + " and was not accepted.",
                    checked.violations())));
        }
        return publisher.publish(List.of(update)).handle((acknowledged, failure) -> {
            if (failure != null) {
                metrics.unavailable(1);
                return Problems.unavailable("Kafka did not acknowledge the ping in time. It was not accepted; "
                        + "send it again later.", properties.retryAfter());
            }
            metrics.accepted(1);
            return ResponseEntity.accepted().body(Receipt.accepted(update.driverId(), update.recordedAt()));
        });
    }

    @PostMapping("/batch")
    CompletableFuture<ResponseEntity<Object>> ingestBatch(@RequestBody PingBatch body, Authentication caller) {
        List<PingDraft> pings = body.pings();
        for (int i = 0; i < pings.size(); i++) {
            if (namesAnotherDriver(pings.get(i), caller)) {
                metrics.forbidden(pings.size());
                return done(forbidden("pings[" + i + "] names another driver. A driver may only report its own "
                        + "position; no ping of this batch was accepted."));
            }
        }
        CheckedBatch checked = CheckedBatch.check(pings, validator, metrics, clock.instant());
        List<LocationUpdate> valid = checked.valid();
        if (valid.isEmpty()) {
            var problem = Problems.validation("Invalid batch",
                    "None of the " + pings.size() + " pings is valid; nothing was accepted.", checked.errors());
            problem.setProperty("results", checked.results());
            return done(Problems.respond(problem));
        }
        return publisher.publish(valid).handle((acknowledged, failure) -> {
            if (failure != null) {
                metrics.unavailable(valid.size());
                return Problems.unavailable("Kafka did not acknowledge the batch in time. It was not accepted; "
                        + "send it again later (pings that did arrive are stored once).", properties.retryAfter());
            }
            metrics.accepted(valid.size());
            return ResponseEntity.status(checked.rejected() == 0 ? HttpStatus.ACCEPTED : HttpStatus.MULTI_STATUS)
                    .body(new BatchResult(valid.size(), checked.rejected(), checked.results()));
        });
    }

    @ExceptionHandler(InvalidBodyException.class)
    ResponseEntity<Object> invalidBody(InvalidBodyException exception) {
        return Problems.respond(Problems.validation("Invalid request body",
                "The request body cannot be read as pings; nothing was accepted.",
                List.of(exception.violation())));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Object> missingBody(HttpMessageNotReadableException exception) {
        return Problems.respond(Problems.validation("Invalid request body",
                "The request has no body; nothing was accepted.",
                List.of(new Violation("$", "required", "must be a JSON object"))));
    }

    @ExceptionHandler(PayloadTooLargeException.class)
    ResponseEntity<Object> tooLarge(PayloadTooLargeException exception) {
        return Problems.respond(Problems.problem(HttpStatus.CONTENT_TOO_LARGE, Problems.PAYLOAD_TOO_LARGE,
                "Payload too large", "The request body is larger than " + exception.limitBytes()
                        + " bytes; nothing was accepted. Split the batch."));
    }

    private static boolean namesAnotherDriver(PingDraft ping, Authentication caller) {
        return ping.driverId() != null && !ping.driverId().equals(caller.getName());
    }

    private static ResponseEntity<Object> forbidden(String detail) {
        return Problems.respond(Problems.problem(HttpStatus.FORBIDDEN, Problems.FORBIDDEN, "Forbidden", detail));
    }

    private static CompletableFuture<ResponseEntity<Object>> done(ResponseEntity<Object> response) {
        return CompletableFuture.completedFuture(response);
    }

    private static String rules(int count) {
        return count == 1 ? "1 rule" : count + " rules";
    }
}
