package io.tracking.simulator.delivery;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.json.JsonMapper;

import io.tracking.simulator.fleet.Ping;

/**
 * {@code POST {ingest}/api/v1/locations/batch} with body {@code {"pings":[...]}}: one driver uploading its own
 * buffered pings with its own token, so every ping of a request must belong to the same driver. 202 means all
 * accepted; for 207, 400 and 422 the per-item results are read by {@link BatchResults}; anything else fails the
 * whole batch.
 */
public final class HttpBatchPingSender implements PingSender {

    private final BlockingHttp http;
    private final JsonMapper mapper;
    private final URI endpoint;
    private final DriverTokens tokens;
    private final Duration timeout;

    public HttpBatchPingSender(BlockingHttp http, JsonMapper mapper, URI ingestUrl, DriverTokens tokens,
            Duration timeout) {
        this.http = http;
        this.mapper = mapper;
        this.endpoint = URI.create(ingestUrl + "/api/v1/locations/batch");
        this.tokens = tokens;
        this.timeout = timeout;
    }

    @Override
    public CompletableFuture<SendOutcome> send(List<Ping> pings) {
        String driverId = pings.get(0).driverId();
        if (pings.stream().anyMatch(ping -> !ping.driverId().equals(driverId))) {
            throw new IllegalArgumentException("a batch holds the pings of one driver only");
        }
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + tokens.tokenFor(driverId))
                .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(new BatchBody(pings))))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray())
                .handle((response, error) -> error != null
                        ? SendOutcome.failed(pings.size(), error)
                        : outcome(response, pings));
    }

    private SendOutcome outcome(HttpResponse<byte[]> response, List<Ping> pings) {
        int status = response.statusCode();
        if (status == 202) {
            return SendOutcome.allAccepted(pings);
        }
        if ((status >= 200 && status < 300) || status == 400 || status == 422) {
            return BatchResults.read(mapper, status, response.body(), pings);
        }
        return SendOutcome.failed(pings.size(), "http-" + status);
    }

    @Override
    public void close() {
        // the HTTP client and its threads are shared and closed by their owner
    }

    /** The request body. */
    record BatchBody(List<Ping> pings) {
    }
}
