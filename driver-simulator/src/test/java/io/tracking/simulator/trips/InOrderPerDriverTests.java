package io.tracking.simulator.trips;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import io.tracking.simulator.delivery.PingSender;
import io.tracking.simulator.delivery.SendOutcome;
import io.tracking.simulator.fleet.Ping;

class InOrderPerDriverTests {

    private final List<List<Ping>> sent = new ArrayList<>();
    private final List<CompletableFuture<SendOutcome>> answers = new ArrayList<>();
    private final PingSender fake = new PingSender() {
        @Override
        public CompletableFuture<SendOutcome> send(List<Ping> pings) {
            sent.add(pings);
            CompletableFuture<SendOutcome> answer = new CompletableFuture<>();
            answers.add(answer);
            return answer;
        }

        @Override
        public void close() {
        }
    };

    @Test
    void shouldSendADriversNextUploadOnlyOnceThePreviousWasAnswered() {
        InOrderPerDriver sender = new InOrderPerDriver(fake);
        List<Ping> first = List.of(ping("d-a", 0));
        List<Ping> second = List.of(ping("d-a", 4));
        List<Ping> other = List.of(ping("d-b", 0));

        CompletableFuture<SendOutcome> firstOutcome = sender.send(first).thenApply(outcome -> outcome);
        CompletableFuture<SendOutcome> queued = sender.send(second);
        sender.send(other);

        assertThat(sent).containsExactly(first, other);
        answers.get(0).complete(SendOutcome.allAccepted(first));
        assertThat(sent).containsExactly(first, other, second);
        assertThat(queued).isNotDone();
        answers.get(2).complete(SendOutcome.allAccepted(second));
        assertThat(queued).isCompletedWithValue(SendOutcome.allAccepted(second));
        assertThat(firstOutcome).isDone();
    }

    private static Ping ping(String driverId, int second) {
        return new Ping(driverId, 12.9, 77.6, Instant.parse("2026-01-05T08:00:00Z").plusSeconds(second), 10.0, 8.0,
                90.0);
    }
}
