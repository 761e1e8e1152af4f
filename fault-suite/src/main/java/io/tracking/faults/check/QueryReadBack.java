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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

import io.tracking.auth.DevTokens;
import io.tracking.faults.load.PingAttempt;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Asks the query service for the position of every driver that had a ping accepted
 * ({@code GET /api/v1/drivers/{id}/location} as a logistics user) and compares it with the ping the driver's latest
 * position must show ({@link Reconciliation#expectedLatest}).
 */
public final class QueryReadBack {

    private static final int CONCURRENCY = 16;

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
     * @param wrong answers with another position or time, 404s and failed requests
     * @param sample up to 10 driver ids with a wrong answer
     */
    public record Result(long checked, long matched, long wrong, List<String> sample) {
    }

    /** @param expected one ping per driver: the position the query service must answer with */
    public Result check(Map<String, PingAttempt> expected) throws InterruptedException {
        Semaphore permits = new Semaphore(CONCURRENCY);
        AtomicLong matched = new AtomicLong();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        List<CompletableFuture<Void>> requests = new ArrayList<>();
        for (PingAttempt ping : expected.values()) {
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
                            if (response != null && response.statusCode() == 200
                                    && matches(response.body(), ping)) {
                                matched.incrementAndGet();
                            } else {
                                wrong.add(ping.driverId());
                            }
                        } finally {
                            permits.release();
                        }
                        return null;
                    }));
        }
        CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new)).join();
        List<String> sample = wrong.stream().sorted(Comparator.naturalOrder()).limit(10).toList();
        return new Result(expected.size(), matched.get(), wrong.size(), sample);
    }

    private boolean matches(String body, PingAttempt expected) {
        try {
            JsonNode position = json.readTree(body);
            return expected.driverId().equals(position.path("driverId").asString())
                    && expected.recordedAt().equals(Instant.parse(position.path("recordedAt").asString()))
                    && Double.compare(expected.latitude(), position.path("latitude").asDouble()) == 0
                    && Double.compare(expected.longitude(), position.path("longitude").asDouble()) == 0;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
