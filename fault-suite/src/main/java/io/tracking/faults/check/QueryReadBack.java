package io.tracking.faults.check;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import io.tracking.auth.DevTokens;
import io.tracking.faults.load.PingAttempt;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks the query service for the position of every driver that had a ping accepted
 * ({@code GET /api/v1/drivers/{id}/location} as a logistics user) and compares it with the ping the driver's latest
 * position must show ({@link Reconciliation#expectedLatest}).
 *
 * <p>A 503 (the service sheds load: "busy, retry after") or a failed request says nothing about the position, so
 * those drivers are asked again, up to {@value #ROUNDS} times a second apart; only then do they count as wrong. A
 * wrong position or a 404 is never asked again.
 */
public final class QueryReadBack {

    private static final int CONCURRENCY = 16;
    private static final int ROUNDS = 5;
    private static final Duration BETWEEN_ROUNDS = Duration.ofSeconds(1);

    private final HttpClient client;
    private final String queryBaseUrl;
    private final String token;
    private final JsonMapper json = JsonMapper.builder().build();

    public QueryReadBack(HttpClient client, String queryBaseUrl, String jwtSecret) {
        this.client = client;
        this.queryBaseUrl = queryBaseUrl;
        this.token = DevTokens.mint(jwtSecret, "fault-suite-logistics", List.of("logistics"), Duration.ofHours(2));
    }

    /**
     * @param checked drivers asked for
     * @param matched answers equal to the expected ping
     * @param wrong answers with another position or time, 404s, and drivers still unanswered (503 or failed
     *        request) after every round
     * @param askedAgain drivers asked more than once because of a 503 or a failed request
     * @param sample up to 10 driver ids with a wrong answer, each with what was wrong ({@code older},
     *        {@code newer}, {@code other position}, {@code http-404}, {@code HttpTimeoutException}, ...)
     */
    public record Result(long checked, long matched, long wrong, long askedAgain, List<String> sample) {
    }

    /** What one driver was answered: {@code mismatch} null when it was the expected ping. */
    private record Answer(PingAttempt expected, @Nullable String mismatch, boolean unavailable) {
    }

    /** @param expected one ping per driver: the position the query service must answer with */
    public Result check(Map<String, PingAttempt> expected) throws InterruptedException {
        long matched = 0;
        List<String> wrong = new ArrayList<>();
        Set<String> askedAgain = new HashSet<>();
        Collection<PingAttempt> pending = expected.values();
        for (int round = 1; !pending.isEmpty(); round++) {
            List<PingAttempt> unavailable = new ArrayList<>();
            for (Answer answer : ask(pending)) {
                if (answer.mismatch() == null) {
                    matched++;
                } else if (answer.unavailable() && round < ROUNDS) {
                    unavailable.add(answer.expected());
                } else {
                    wrong.add(answer.expected().driverId() + " (" + answer.mismatch() + ")");
                }
            }
            unavailable.forEach(ping -> askedAgain.add(ping.driverId()));
            pending = unavailable;
            if (!pending.isEmpty()) {
                TimeUnit.NANOSECONDS.sleep(BETWEEN_ROUNDS.toNanos()); // the Retry-After of a busy service
            }
        }
        List<String> sample = wrong.stream().sorted(Comparator.naturalOrder()).limit(10).toList();
        return new Result(expected.size(), matched, wrong.size(), askedAgain.size(), sample);
    }

    private List<Answer> ask(Collection<PingAttempt> pings) throws InterruptedException {
        Semaphore permits = new Semaphore(CONCURRENCY);
        ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Void>> requests = new ArrayList<>();
        for (PingAttempt ping : pings) {
            permits.acquire();
            HttpRequest request = HttpRequest.newBuilder(URI.create(queryBaseUrl + "/api/v1/drivers/"
                            + URLEncoder.encode(ping.driverId(), StandardCharsets.UTF_8) + "/location"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + token)
                    .GET()
                    .build();
            requests.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .handle((response, failure) -> {
                        try {
                            answers.add(response == null
                                    ? new Answer(ping, failure.getClass().getSimpleName(), true)
                                    : response.statusCode() != 200
                                            ? new Answer(ping, "http-" + response.statusCode(),
                                                    response.statusCode() == 503)
                                            : new Answer(ping, mismatch(response.body(), ping), false));
                        } finally {
                            permits.release();
                        }
                        return null;
                    }));
        }
        CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).join();
        return List.copyOf(answers);
    }

    /** What differs from the expected ping (times and ids only: coordinates are personal data), or null. */
    private @Nullable String mismatch(String body, PingAttempt expected) {
        try {
            JsonNode position = json.readTree(body);
            if (!expected.driverId().equals(position.path("driverId").asString())) {
                return "another driver";
            }
            Instant recordedAt = Instant.parse(position.path("recordedAt").asString());
            if (recordedAt.isBefore(expected.recordedAt())) {
                return "older, " + recordedAt;
            }
            if (recordedAt.isAfter(expected.recordedAt())) {
                return "newer, " + recordedAt;
            }
            boolean samePosition = Double.compare(expected.latitude(), position.path("latitude").asDouble()) == 0
                    && Double.compare(expected.longitude(), position.path("longitude").asDouble()) == 0;
            return samePosition ? null : "other position";
        } catch (RuntimeException e) {
            return "unreadable answer";
        }
    }
}
