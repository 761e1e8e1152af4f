package io.tracking.query.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.UUID;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import io.micrometer.core.instrument.Timer;

/**
 * Answers a 503 problem with {@code Retry-After} to a request that waited longer than {@code maxWait} for one of
 * the {@link RequestExecutor}'s threads, without running it: its caller has likely given up, and serving it would
 * only make the requests behind it wait longer. Records every request's wait in {@code queueTime}.
 */
final class QueueTimeLimitFilter extends OncePerRequestFilter {

    private static final String BUSY = "{\"type\":\"%s\",\"title\":\"%s\",\"status\":503,"
            + "\"detail\":\"The service is at capacity. Try again shortly.\",\"instance\":\"urn:uuid:%s\"}";

    private final Duration maxWait;
    private final Timer queueTime;

    QueueTimeLimitFilter(Duration maxWait, Timer queueTime) {
        this.maxWait = maxWait;
        this.queueTime = queueTime;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Duration waited = RequestExecutor.takeQueueTime();
        queueTime.record(waited);
        if (waited.compareTo(maxWait) > 0) {
            busy(response);
            return;
        }
        chain.doFilter(request, response);
    }

    private static void busy(HttpServletResponse response) throws IOException {
        byte[] body = String.format(Locale.ROOT, BUSY, ProblemType.UNAVAILABLE.uri(), ProblemType.UNAVAILABLE.title(),
                UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setHeader(HttpHeaders.RETRY_AFTER, "1");
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
