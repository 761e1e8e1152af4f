package io.tracking.query.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class QueueTimeLimitFilterTests {

    private static final String HANDLED = "X-Handled";
    private static final FilterChain HANDLER =
            (request, response) -> ((HttpServletResponse) response).setHeader(HANDLED, "yes");

    private final Timer queueTime = Timer.builder("queued").register(new SimpleMeterRegistry());
    private final RequestExecutor executor = new RequestExecutor(1, "test-http-");

    @AfterEach
    void stop() throws InterruptedException {
        executor.close();
    }

    @Test
    void shouldServeARequestThatWaitedLessThanTheLimit() throws Exception {
        MockHttpServletResponse response = callOnExecutor(new QueueTimeLimitFilter(Duration.ofSeconds(30), queueTime));

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(response.getHeader(HANDLED)).isEqualTo("yes");
        assertThat(queueTime.count()).isOne();
        assertThat(queueTime.totalTime(TimeUnit.NANOSECONDS)).isPositive();
    }

    @Test
    void shouldAnswerBusyWithAProblemWhenTheRequestWaitedLongerThanTheLimit() throws Exception {
        // any time in the queue is longer than a nanosecond
        MockHttpServletResponse refused = callOnExecutor(new QueueTimeLimitFilter(Duration.ofNanos(1), queueTime));

        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(refused.getContentType()).isEqualTo("application/problem+json");
        JsonNode body = JsonMapper.builder().build().readTree(refused.getContentAsString());
        assertThat(body.get("type").asString()).isEqualTo("https://tracking.example/problems/unavailable");
        assertThat(body.get("status").asInt()).isEqualTo(503);
        assertThat(body.get("instance").asString()).startsWith("urn:uuid:");
        assertThat(refused.getHeader(HANDLED)).isNull();
        assertThat(queueTime.count()).isOne();
    }

    @Test
    void shouldServeRequestsOnThreadsWithoutAQueue() throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();

        new QueueTimeLimitFilter(Duration.ofNanos(1), queueTime)
                .doFilter(new MockHttpServletRequest("GET", "/api/v1/drivers/d-1/location"), response, HANDLER);

        assertThat(response.getHeader(HANDLED)).isEqualTo("yes");
    }

    private MockHttpServletResponse callOnExecutor(QueueTimeLimitFilter filter) throws Exception {
        CompletableFuture<MockHttpServletResponse> call = new CompletableFuture<>();
        executor.execute(() -> {
            MockHttpServletResponse response = new MockHttpServletResponse();
            try {
                filter.doFilter(new MockHttpServletRequest("GET", "/api/v1/drivers/d-1/location"), response, HANDLER);
                call.complete(response);
            } catch (Exception | AssertionError e) {
                call.completeExceptionally(e);
            }
        });
        return call.get(10, TimeUnit.SECONDS);
    }
}
