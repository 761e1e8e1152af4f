package io.tracking.simulator.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.tracking.simulator.fleet.Ping;
import io.tracking.simulator.report.AcceptedPositions;
import io.tracking.simulator.report.RunStatistics;

class DispatcherTests {

    private static final Ping PING = new Ping("dispatcher-test-1", 12.97, 77.59, Instant.parse("2026-12-07T10:00:00Z"),
            5.0, 0.0, 0.0);

    @Test
    void shouldGiveUpWithAMessageWhenNoRequestSlotComesFree() throws InterruptedException {
        // a sender whose requests never end, as a stuck HTTP client would
        PingSender stuck = new PingSender() {
            @Override
            public CompletableFuture<SendOutcome> send(List<Ping> pings) {
                return new CompletableFuture<>();
            }

            @Override
            public void close() {
            }
        };
        Dispatcher dispatcher = new Dispatcher(stuck, 1, new RunStatistics(), new AcceptedPositions(),
                Duration.ofMillis(200));
        dispatcher.submit(List.of(PING));

        assertThatIllegalStateException().isThrownBy(() -> dispatcher.submit(List.of(PING)))
                .withMessage("no request slot came free within 0.2 s: all 1 requests in flight are still unanswered");
        assertThat(dispatcher.awaitIdle(Duration.ofMillis(50))).isFalse();
    }

    @Test
    void shouldSendWithoutWaitingOnlyWhileASlotIsFree() throws InterruptedException {
        CompletableFuture<SendOutcome> answer = new CompletableFuture<>();
        PingSender sender = new PingSender() {
            @Override
            public CompletableFuture<SendOutcome> send(List<Ping> pings) {
                return answer;
            }

            @Override
            public void close() {
            }
        };
        RunStatistics statistics = new RunStatistics();
        Dispatcher dispatcher = new Dispatcher(sender, 1, statistics, new AcceptedPositions(), Duration.ofSeconds(5));

        assertThat(dispatcher.trySubmit(List.of(PING), System.nanoTime())).isTrue();
        assertThat(dispatcher.trySubmit(List.of(PING), System.nanoTime())).isFalse();
        assertThat(statistics.counts().sent()).isEqualTo(1);

        answer.complete(SendOutcome.allAccepted(List.of(PING)));
        assertThat(dispatcher.trySubmit(List.of(PING), System.nanoTime())).isTrue();
        assertThat(statistics.counts().sent()).isEqualTo(2);
        assertThat(statistics.counts().accepted()).isEqualTo(2);
        assertThat(dispatcher.awaitIdle(Duration.ofSeconds(1))).isTrue();
    }

    @Test
    void shouldCountTheLatencyFromTheDueTimeTheCallerGives() throws InterruptedException {
        PingSender answersAtOnce = new PingSender() {
            @Override
            public CompletableFuture<SendOutcome> send(List<Ping> pings) {
                return CompletableFuture.completedFuture(SendOutcome.allAccepted(pings));
            }

            @Override
            public void close() {
            }
        };
        RunStatistics statistics = new RunStatistics();
        Dispatcher dispatcher = new Dispatcher(answersAtOnce, 2, statistics, new AcceptedPositions(),
                Duration.ofSeconds(5));
        long dueAWhileAgo = System.nanoTime() - Duration.ofMillis(250).toNanos();

        assertThat(dispatcher.trySubmit(List.of(PING), dueAWhileAgo)).isTrue();
        dispatcher.submit(List.of(PING), dueAWhileAgo);

        assertThat(statistics.latency().p50()).isGreaterThanOrEqualTo(250);
    }
}
