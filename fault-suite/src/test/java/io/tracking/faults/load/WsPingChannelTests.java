package io.tracking.faults.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import io.tracking.faults.load.PingChannel.Answer;
import io.tracking.simulator.delivery.PingSender;
import io.tracking.simulator.delivery.SendOutcome;
import io.tracking.simulator.delivery.WsPingSender;
import io.tracking.simulator.fleet.CityArea;
import io.tracking.simulator.fleet.Fleet;
import io.tracking.simulator.fleet.Ping;

class WsPingChannelTests {

    @Test
    void shouldCountAPingByTheStatusOfItsAnswerFrame() {
        Ping ping = Fleet.create("ws-map-", 1, CityArea.BENGALURU, 3).path(0)
                .next(Instant.parse("2026-12-07T10:00:00Z"));

        assertThat(WsPingChannel.answer(SendOutcome.allAccepted(List.of(ping)))).isEqualTo(Answer.status(202));
        assertThat(WsPingChannel.answer(SendOutcome.allRejected(List.of(ping)))).isEqualTo(Answer.status(400));
        assertThat(WsPingChannel.answer(SendOutcome.failed(1, "ws-503"))).isEqualTo(Answer.status(503));
    }

    @Test
    void shouldNameAPingLeftWithoutAnswerByWhatBecameOfItsConnection() {
        assertThat(WsPingChannel.answer(SendOutcome.failed(1, "ws-close-1001")))
                .isEqualTo(Answer.failed("ws-close-1001"));
        assertThat(WsPingChannel.answer(SendOutcome.failed(1, "ws-handshake-503")))
                .isEqualTo(Answer.failed("ws-handshake-503"));
        assertThat(WsPingChannel.answer(SendOutcome.failed(1, "ConnectException")))
                .isEqualTo(Answer.failed("ConnectException"));
    }

    @Test
    void shouldRecordEveryPingOnceWithItsAnswerAndTheConnectionFiguresOnceStopped() throws Exception {
        RotatingSender sender = new RotatingSender();
        LoadDriver load = new LoadDriver(new WsPingChannel(sender::printingTo),
                Fleet.create("ws-load-", 3, CityArea.BENGALURU, 7), Duration.ofMillis(20));

        load.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> load.sent() >= 12);
        assertThat(load.connections()).as("figures come when the sender closes").isEmpty();
        assertThat(load.stop(Duration.ofSeconds(10))).isTrue();
        load.stop(Duration.ofSeconds(1));

        assertThat(sender.closes).hasValue(1);
        assertThat(load.transport()).isEqualTo(Transport.WS);
        assertThat(load.attempts()).hasSize(sender.sends.get()).hasSize((int) load.sent());
        assertThat(load.outcomes()).containsOnlyKeys("ws-202", "ws-503", "ws-close-1001");
        assertThat(load.accepted()).isEqualTo(load.outcomes().get("ws-202"));
        assertThat(load.connections()).contains(new Connections(5, 2, 1));
    }

    @Test
    void shouldReadTheSendersSummaryAndNothingElse() {
        assertThat(Connections.parse("ws: 400 connections opened, 200 reconnects, 3 pings resent"))
                .contains(new Connections(400, 200, 3));
        assertThat(Connections.parse("driver ws-load-1: connection refused, reconnecting in 400 ms")).isEmpty();
    }

    @Test
    void shouldReadTheSummaryTheRealSenderWrites() {
        // the wording is the simulator's: this fails when it changes there, not silently in a fault run
        try (WsPingSender sender = WsPingSender.create(URI.create("http://127.0.0.1:9"), "secret-".repeat(8),
                Duration.ofMinutes(1), Duration.ofSeconds(1), new PrintStream(OutputStream.nullOutputStream()))) {
            assertThat(Connections.parse(sender.describeConnections())).contains(new Connections(0, 0, 0));
        }
    }

    /** Answers accepted, 503 and a dropped connection in turn; on close prints its summary as the real one does. */
    private static final class RotatingSender implements PingSender {

        final AtomicInteger sends = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        private PrintStream log = System.out;

        PingSender printingTo(PrintStream log) {
            this.log = log;
            return this;
        }

        @Override
        public CompletableFuture<SendOutcome> send(List<Ping> pings) {
            log.println("a line that is not the summary");
            return CompletableFuture.completedFuture(switch (sends.getAndIncrement() % 3) {
                case 0 -> SendOutcome.allAccepted(pings);
                case 1 -> SendOutcome.failed(1, "ws-503");
                default -> SendOutcome.failed(1, "ws-close-1001");
            });
        }

        @Override
        public void close() {
            closes.incrementAndGet();
            log.println("ws: 5 connections opened, 2 reconnects, 1 pings resent");
        }
    }
}
