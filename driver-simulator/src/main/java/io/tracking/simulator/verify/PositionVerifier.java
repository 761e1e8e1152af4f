package io.tracking.simulator.verify;

import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.tracking.simulator.delivery.BlockingHttp;
import io.tracking.simulator.fleet.Ping;

/**
 * Reads {@code GET {query}/api/v1/drivers/{id}/location} for each expected driver (with a {@code logistics} token)
 * and compares it with that driver's last accepted ping: same {@code recordedAt} (when the response has one) and
 * the same position to within {@value #TOLERANCE_DEGREES} degrees. Drivers that do not match yet are asked again
 * every {@value #RETRY_MILLIS} ms until {@code patience} runs out, since the batch writer flushes with a delay.
 *
 * <p>The response is read leniently: the position is the first object in it with numeric {@code latitude} and
 * {@code longitude}; {@code recordedAt} is taken from that object or, failing that, from anywhere in the body.
 * Mismatches are reported by driver id and reason, never with coordinates.
 */
public final class PositionVerifier {

    static final double TOLERANCE_DEGREES = 1e-7;
    static final long RETRY_MILLIS = 500;
    private static final int MAX_REPORTED_PROBLEMS = 10;
    private static final Duration SLOT_MARGIN = Duration.ofSeconds(5);

    private final HttpClient client;
    private final JsonMapper mapper;
    private final String queryUrl;
    private final String token;
    private final Duration requestTimeout;
    private final Duration patience;
    private final int concurrency;

    public PositionVerifier(HttpClient client, JsonMapper mapper, URI queryUrl, String token, Duration requestTimeout,
            Duration patience, int concurrency) {
        this.client = client;
        this.mapper = mapper;
        this.queryUrl = queryUrl.toString();
        this.token = token;
        this.requestTimeout = requestTimeout;
        this.patience = patience;
        this.concurrency = concurrency;
    }

    public Verification verify(List<Ping> expected, PrintStream log) throws InterruptedException {
        Map<String, Ping> pending = new LinkedHashMap<>();
        expected.forEach(ping -> pending.put(ping.driverId(), ping));
        Map<String, Observation> observations = new ConcurrentHashMap<>();
        long deadline = System.nanoTime() + patience.toNanos();
        int matched = 0;
        try (BlockingHttp requests = new BlockingHttp(client, concurrency)) {
            while (true) {
                checkAll(requests, pending, observations);
                for (var iterator = pending.keySet().iterator(); iterator.hasNext(); ) {
                    if (observations.get(iterator.next()).verdict() == Verdict.MATCHED) {
                        iterator.remove();
                        matched++;
                    }
                }
                if (pending.isEmpty() || System.nanoTime() >= deadline) {
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(RETRY_MILLIS);
            }
        }
        int mismatched = 0;
        int missing = 0;
        int errors = 0;
        Deque<String> problems = new ArrayDeque<>();
        for (String driverId : pending.keySet()) {
            Observation observation = observations.get(driverId);
            switch (observation.verdict()) {
                case MISMATCHED -> mismatched++;
                case MISSING -> missing++;
                default -> errors++;
            }
            if (problems.size() < MAX_REPORTED_PROBLEMS) {
                problems.add("verify: driver " + driverId + " " + observation.verdict().name().toLowerCase(Locale.ROOT)
                        + " (" + observation.detail() + ")");
            }
        }
        problems.forEach(log::println);
        return new Verification(expected.size(), matched, mismatched, missing, errors);
    }

    private void checkAll(BlockingHttp requests, Map<String, Ping> pending, Map<String, Observation> observations)
            throws InterruptedException {
        Semaphore slots = new Semaphore(concurrency);
        // every request ends within its own timeout, so a longer wait means the client is stuck
        long waitMillis = requestTimeout.plus(SLOT_MARGIN).toMillis();
        for (Ping ping : pending.values()) {
            if (!slots.tryAcquire(waitMillis, TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException(stuck(waitMillis));
            }
            check(requests, ping).whenComplete((observation, error) -> {
                observations.put(ping.driverId(), error == null ? observation
                        : new Observation(Verdict.ERROR, error.getClass().getSimpleName()));
                slots.release();
            });
        }
        if (!slots.tryAcquire(concurrency, waitMillis, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(stuck(waitMillis));
        }
    }

    private String stuck(long waitMillis) {
        return String.format(Locale.ROOT, "verification: %d read-back requests still unanswered after %.1f s",
                concurrency, waitMillis / 1e3);
    }

    private CompletableFuture<Observation> check(BlockingHttp requests, Ping expected) {
        URI uri = URI.create(queryUrl + "/api/v1/drivers/"
                + URLEncoder.encode(expected.driverId(), StandardCharsets.UTF_8) + "/location");
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(requestTimeout)
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + token)
                .GET()
                .build();
        return requests.send(request, HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = error.getCause() != null ? error.getCause() : error;
                        return new Observation(Verdict.ERROR, cause.getClass().getSimpleName());
                    }
                    if (response.statusCode() == 404) {
                        return new Observation(Verdict.MISSING, "http-404");
                    }
                    if (response.statusCode() != 200) {
                        return new Observation(Verdict.ERROR, "http-" + response.statusCode());
                    }
                    return compare(expected, response.body());
                });
    }

    Observation compare(Ping expected, byte[] body) {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JacksonException e) {
            return new Observation(Verdict.MISMATCHED, "response is not JSON");
        }
        JsonNode position = findPosition(root);
        if (position == null) {
            return new Observation(Verdict.MISMATCHED, "no latitude/longitude in response");
        }
        JsonNode recordedAt = position.get("recordedAt");
        if (recordedAt == null) {
            recordedAt = root.findValue("recordedAt");
        }
        if (recordedAt != null && recordedAt.isString()) {
            try {
                if (!Instant.parse(recordedAt.asString()).equals(expected.recordedAt())) {
                    return new Observation(Verdict.MISMATCHED, "recordedAt differs");
                }
            } catch (DateTimeParseException e) {
                return new Observation(Verdict.MISMATCHED, "recordedAt unreadable");
            }
        }
        if (Math.abs(position.get("latitude").asDouble() - expected.latitude()) > TOLERANCE_DEGREES
                || Math.abs(position.get("longitude").asDouble() - expected.longitude()) > TOLERANCE_DEGREES) {
            return new Observation(Verdict.MISMATCHED, "position differs");
        }
        return new Observation(Verdict.MATCHED, "ok");
    }

    private static @Nullable JsonNode findPosition(JsonNode node) {
        if (node.isObject() && node.path("latitude").isNumber() && node.path("longitude").isNumber()) {
            return node;
        }
        if (node.isContainer()) {
            for (JsonNode child : node.values()) {
                JsonNode found = findPosition(child);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    enum Verdict {
        MATCHED, MISMATCHED, MISSING, ERROR
    }

    record Observation(Verdict verdict, String detail) {
    }
}
