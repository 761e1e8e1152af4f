package io.tracking.ingest;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.tracking.auth.DevTokens;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A real HTTP client for the service under test: async handling, chunked bodies and headers behave as in production. */
public final class Api {

    public static final String SECRET = "ingest-test-secret-0123456789abcdef-0123";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    public Api(int port) {
        this.baseUrl = "http://localhost:" + port;
    }

    public static String driverToken(String driverId) {
        return DevTokens.mint(SECRET, driverId, List.of("driver"), Duration.ofMinutes(10));
    }

    public Response post(String path, @Nullable String token, String json) {
        return post(path, token, "application/json", HttpRequest.BodyPublishers.ofString(json));
    }

    public Response postChunked(String path, @Nullable String token, byte[] body) {
        // ofInputStream has no known length, so the client sends Transfer-Encoding: chunked.
        return post(path, token, "application/json",
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
    }

    public Response post(String path, @Nullable String token, @Nullable String contentType, BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10))
                .POST(body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request, token);
    }

    public Response get(String path, @Nullable String token) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10)).GET(), token);
    }

    public Response send(HttpRequest.Builder request, @Nullable String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                    response.headers().firstValue("Retry-After").orElse(null), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static JsonNode json(String text) {
        return JSON.readTree(text);
    }

    /** What came back. */
    public record Response(int status, String contentType, @Nullable String retryAfter, String body) {

        public JsonNode json() {
            return Api.json(body);
        }
    }
}
