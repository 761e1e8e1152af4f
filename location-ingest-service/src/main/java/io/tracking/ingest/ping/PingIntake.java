package io.tracking.ingest.ping;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.jspecify.annotations.Nullable;

import io.tracking.contract.LocationUpdate;
import io.tracking.contract.ProblemTypes;
import io.tracking.contract.UtcInstants;
import io.tracking.contract.Violation;
import io.tracking.ingest.publish.LocationPublisher;
import io.tracking.ingest.system.Problems;

/**
 * The ping rules and their answers for callers other than the REST controller: the WebSocket stream hands each
 * text frame here. Frames are read by the same {@link PingJsonReader}, checked by the same {@link PingValidator},
 * published by the same {@link LocationPublisher} and counted by the same {@link PingMetrics} as request bodies,
 * and answered with the statuses and bodies of the REST endpoints (see {@link LocationController}): a single ping
 * 202 with its identity or 400/403/503 problem; a batch 202/207 with one result per ping, 400 when none is valid,
 * 403 when any names another driver (checked before the value rules), 503 when Kafka did not acknowledge within the
 * publish timeout. A 202 or 207 is answered only after Kafka acknowledged every accepted ping.
 */
public final class PingIntake {

    private final PingJsonReader reader;
    private final PingValidator validator;
    private final LocationPublisher publisher;
    private final PingMetrics metrics;
    private final Clock clock;
    private final Duration retryAfter;

    PingIntake(PingJsonReader reader, PingValidator validator, LocationPublisher publisher, PingMetrics metrics,
            Clock clock, Duration retryAfter) {
        this.reader = reader;
        this.validator = validator;
        this.publisher = publisher;
        this.metrics = metrics;
        this.clock = clock;
        this.retryAfter = retryAfter;
    }

    /**
     * The answer to one frame sent by {@code driverId}; never completes exceptionally.
     *
     * @param seq the frame's {@code seq}, null when it could not be read
     * @param status 202, 207, 400, 403 or 503, with the meaning of the REST endpoints
     * @param body the members of the answer beside {@code seq} and {@code status}: a receipt, a batch result or a
     *        problem ({@code type}, {@code title}, {@code detail}, {@code errors}...), never a coordinate
     */
    public record Answer(@Nullable Long seq, int status, Map<String, Object> body) {
    }

    /** Reads, checks and publishes one frame of {@code driverId}'s connection. */
    public CompletableFuture<Answer> submit(byte[] frameJson, String driverId) {
        PingFrame frame = reader.readFrame(frameJson);
        Long seq = frame.seq();
        Violation unreadable = frame.unreadable();
        if (unreadable != null) {
            return done(seq, 400, validation("Invalid frame",
                    "The frame cannot be read as pings; nothing was accepted.", List.of(unreadable)));
        }
        if (seq == null) {
            return done(null, 400, validation("Invalid frame", "The frame has no seq; nothing was accepted.",
                    List.of(new Violation("seq", "required", "must be present: the answer carries it back"))));
        }
        List<PingDraft> pings = frame.pings();
        for (int i = 0; i < pings.size(); i++) {
            String named = pings.get(i).driverId();
            if (named != null && !named.equals(driverId)) {
                metrics.forbidden(pings.size());
                return done(seq, 403, problem(Problems.FORBIDDEN, "Forbidden", (frame.batch() ? "pings[" + i + "]"
                        : "The ping") + " names another driver. A driver may only report its own position on its "
                        + "own connection; nothing of this frame was accepted."));
            }
        }
        return frame.batch() ? batch(seq, pings) : single(seq, pings.get(0));
    }

    private CompletableFuture<Answer> single(long seq, PingDraft ping) {
        CheckedPing checked = validator.check(ping, clock.instant());
        LocationUpdate update = checked.update();
        if (update == null) {
            metrics.rejected(checked.violations());
            return done(seq, 400, validation("Invalid ping", "The ping breaks " + rules(checked.violations().size())
                    + " and was not accepted.", checked.violations()));
        }
        return publisher.publish(List.of(update)).handle((acknowledged, failure) -> {
            if (failure != null) {
                metrics.unavailable(1);
                return unavailable(seq, "Kafka did not acknowledge the ping in time. It was not accepted; "
                        + "send it again later.");
            }
            metrics.accepted(1);
            Map<String, Object> receipt = new LinkedHashMap<>();
            receipt.put("driverId", update.driverId());
            // Instant.toString's text, as data binding would write the Instant, without its formatter
            receipt.put("recordedAt", UtcInstants.format(update.recordedAt()));
            return new Answer(seq, 202, receipt);
        });
    }

    private CompletableFuture<Answer> batch(long seq, List<PingDraft> pings) {
        CheckedBatch checked = CheckedBatch.check(pings, validator, metrics, clock.instant());
        List<LocationUpdate> valid = checked.valid();
        if (valid.isEmpty()) {
            Map<String, Object> problem = validation("Invalid batch",
                    "None of the " + pings.size() + " pings is valid; nothing was accepted.", checked.errors());
            problem.put("results", checked.results());
            return done(seq, 400, problem);
        }
        return publisher.publish(valid).handle((acknowledged, failure) -> {
            if (failure != null) {
                metrics.unavailable(valid.size());
                return unavailable(seq, "Kafka did not acknowledge the batch in time. It was not accepted; "
                        + "send it again later (pings that did arrive are stored once).");
            }
            metrics.accepted(valid.size());
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("accepted", valid.size());
            result.put("rejected", checked.rejected());
            result.put("results", checked.results());
            return new Answer(seq, checked.rejected() == 0 ? 202 : 207, result);
        });
    }

    private Answer unavailable(long seq, String detail) {
        Map<String, Object> problem = problem(Problems.UNAVAILABLE, "Service unavailable", detail);
        problem.put("retryAfter", Math.max(1, retryAfter.toSeconds()));
        return new Answer(seq, 503, problem);
    }

    private static Map<String, Object> validation(String title, String detail, List<Violation> errors) {
        Map<String, Object> problem = problem(Problems.VALIDATION, title, detail);
        problem.put(ProblemTypes.FIELD_ERRORS, errors);
        return problem;
    }

    private static Map<String, Object> problem(URI type, String title, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", type.toString());
        problem.put("title", title);
        problem.put("detail", detail);
        return problem;
    }

    private static CompletableFuture<Answer> done(@Nullable Long seq, int status, Map<String, Object> body) {
        return CompletableFuture.completedFuture(new Answer(seq, status, body));
    }

    private static String rules(int count) {
        return count == 1 ? "1 rule" : count + " rules";
    }
}
