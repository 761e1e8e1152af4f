package io.tracking.query.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ConcurrencyLimitFilterTests {

    private static final String HANDLED = "X-Handled";

    private final ExecutorService callers = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostRunning = new AtomicInteger();

    /** A handler that counts how many run at once and stays inside until the test releases it. */
    private final FilterChain blockingHandler = (request, response) -> {
        mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running.decrementAndGet();
        }
        ((HttpServletResponse) response).setHeader(HANDLED, "yes");
    };

    @AfterEach
    void stopCallers() {
        release.countDown();
        callers.shutdownNow();
    }

    @Test
    void shouldRunAtMostThePermitsAndTheRestAfterThem() throws Exception {
        ConcurrencyLimitFilter filter = new ConcurrencyLimitFilter(2, Duration.ofSeconds(10));

        CompletableFuture<?>[] calls = new CompletableFuture<?>[5];
        for (int i = 0; i < calls.length; i++) {
            calls[i] = call(filter, blockingHandler);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> running.get() == 2 && filter.waiting() == 3);
        release.countDown();
        CompletableFuture.allOf(calls).get(10, TimeUnit.SECONDS);

        assertThat(mostRunning).hasValue(2);
        for (CompletableFuture<?> call : calls) {
            assertThat(((MockHttpServletResponse) call.get()).getHeader(HANDLED)).isEqualTo("yes");
        }
        assertThat(filter.waiting()).isZero();
    }

    @Test
    void shouldAnswerBusyWithAProblemWhenNoPermitFreesInTime() throws Exception {
        ConcurrencyLimitFilter filter = new ConcurrencyLimitFilter(1, Duration.ofMillis(200));
        CompletableFuture<MockHttpServletResponse> holder = call(filter, blockingHandler);
        await().atMost(Duration.ofSeconds(5)).until(() -> running.get() == 1);

        MockHttpServletResponse refused = call(filter, blockingHandler).get(10, TimeUnit.SECONDS);

        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(refused.getContentType()).isEqualTo("application/problem+json");
        JsonNode body = JsonMapper.builder().build().readTree(refused.getContentAsString());
        assertThat(body.get("type").asString()).isEqualTo("https://tracking.example/problems/unavailable");
        assertThat(body.get("status").asInt()).isEqualTo(503);
        assertThat(body.get("instance").asString()).startsWith("urn:uuid:");
        assertThat(refused.getHeader(HANDLED)).isNull();
        assertThat(mostRunning).hasValue(1);

        release.countDown();
        assertThat(holder.get(10, TimeUnit.SECONDS).getHeader(HANDLED)).isEqualTo("yes");
    }

    @Test
    void shouldGiveThePermitBackWhenTheHandlerFails() throws Exception {
        ConcurrencyLimitFilter filter = new ConcurrencyLimitFilter(1, Duration.ofMillis(200));
        FilterChain failing = (request, response) -> {
            throw new ServletException("handler failed");
        };
        assertThatThrownBy(() -> filter.doFilter(new MockHttpServletRequest("GET", "/api/v1/x"),
                new MockHttpServletResponse(), failing)).isInstanceOf(ServletException.class);

        MockHttpServletResponse next = new MockHttpServletResponse();
        filter.doFilter(new MockHttpServletRequest("GET", "/api/v1/x"), next, blockingHandlerReleased());
        assertThat(next.getHeader(HANDLED)).isEqualTo("yes");
    }

    private FilterChain blockingHandlerReleased() {
        release.countDown();
        return blockingHandler;
    }

    private CompletableFuture<MockHttpServletResponse> call(ConcurrencyLimitFilter filter, FilterChain handler) {
        return CompletableFuture.supplyAsync(() -> {
            MockHttpServletResponse response = new MockHttpServletResponse();
            try {
                filter.doFilter(new MockHttpServletRequest("GET", "/api/v1/drivers/d-1/location"), response, handler);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            return response;
        }, callers);
    }
}
