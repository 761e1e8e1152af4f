package io.tracking.faults.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.tracking.simulator.SimulatorJson;
import io.tracking.simulator.delivery.DriverTokens;
import io.tracking.simulator.fleet.Ping;
import tools.jackson.databind.json.JsonMapper;

/**
 * One {@code POST /api/v1/locations} per ping, with the driver's own token. Nothing is retried: a ping the service
 * refused stays refused, which is what makes "accepted" exact.
 */
public final class HttpPingChannel implements PingChannel {

    private final HttpClient client;
    private final URI endpoint;
    private final DriverTokens tokens;
    private final Duration requestTimeout;
    private final JsonMapper json = SimulatorJson.newMapper();

    /**
     * @param client the HTTP client (HTTP/1.1; its connection pool is shared by all drivers, and it outlives this
     *        channel)
     * @param ingestBaseUrl {@code http://host:port} of the ingest service
     * @param tokens the drivers' bearer tokens
     * @param requestTimeout how long one request may take before it counts as failed
     */
    public HttpPingChannel(HttpClient client, String ingestBaseUrl, DriverTokens tokens, Duration requestTimeout) {
        this.client = client;
        this.endpoint = URI.create(ingestBaseUrl + "/api/v1/locations");
        this.tokens = tokens;
        this.requestTimeout = requestTimeout;
    }

    @Override
    public Transport transport() {
        return Transport.HTTP;
    }

    @Override
    public void prepare(String driverId) {
        tokens.tokenFor(driverId);
    }

    @Override
    public CompletableFuture<Answer> send(Ping ping) {
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + tokens.tokenFor(ping.driverId()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(ping)))
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, failure) -> response != null ? Answer.status(response.statusCode())
                        : Answer.failed(failure));
    }

    /** The client is the caller's and stays open; there is nothing of this channel's to end. */
    @Override
    public void close() {
    }
}
