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
 * {@code POST {ingest}/api/v1/locations}, one ping per request, with the driver's own token. 2xx (202 expected)
 * is accepted, 400/422 rejected, anything else a failure named {@code http-<status>}.
 */
public final class HttpSinglePingSender implements PingSender {

    private final BlockingHttp http;
    private final JsonMapper mapper;
    private final URI endpoint;
    private final DriverTokens tokens;
    private final Duration timeout;

    public HttpSinglePingSender(BlockingHttp http, JsonMapper mapper, URI ingestUrl, DriverTokens tokens,
            Duration timeout) {
        this.http = http;
        this.mapper = mapper;
        this.endpoint = URI.create(ingestUrl + "/api/v1/locations");
        this.tokens = tokens;
        this.timeout = timeout;
    }

    @Override
    public CompletableFuture<SendOutcome> send(List<Ping> pings) {
        if (pings.size() != 1) {
            throw new IllegalArgumentException("one ping per request, got " + pings.size());
        }
        Ping ping = pings.get(0);
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + tokens.tokenFor(ping.driverId()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(mapper.writeValueAsBytes(ping)))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, error) -> error != null ? SendOutcome.failed(1, error) : outcome(response, pings));
    }

    private static SendOutcome outcome(HttpResponse<?> response, List<Ping> pings) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return SendOutcome.allAccepted(pings);
        }
        if (status == 400 || status == 422) {
            return SendOutcome.allRejected(pings);
        }
        return SendOutcome.failed(pings.size(), "http-" + status);
    }

    @Override
    public void close() {
        // the HTTP client and its threads are shared and closed by their owner
    }
}
