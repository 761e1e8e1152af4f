package io.tracking.simulator.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.tracking.simulator.delivery.Dispatcher;
import io.tracking.simulator.delivery.PingSender;
import io.tracking.simulator.delivery.SendOutcome;
import io.tracking.simulator.fleet.CityArea;
import io.tracking.simulator.fleet.Fleet;
import io.tracking.simulator.fleet.Ping;
import io.tracking.simulator.report.AcceptedPositions;
import io.tracking.simulator.report.RunStatistics;

class DueTimeLoadTests {

    private final ScheduledExecutorService ownTimer = Executors.newSingleThreadScheduledExecutor(
            runnable -> new Thread(runnable, "sender-timer"));
    private final ScheduledExecutorService answers = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        ownTimer.shutdownNow();
        answers.shutdownNow();
    }

    @Test
    void shouldTimeEachDriversFixesOnTheSendersTimerForIt() throws Exception {
        TimedSender sender = new TimedSender(Duration.ZERO);
        RunStatistics statistics = new RunStatistics();

        new DueTimeLoad(fleet(4), Duration.ofMillis(50), Duration.ofMillis(600), null)
                .run(new Dispatcher(sender, 100, statistics, new AcceptedPositions(), Duration.ofSeconds(5)));

        // 4 drivers x 600 ms / 50 ms = 48 fixes; jitter and start offsets move it a little
        assertThat(statistics.counts().sent()).isBetween(30L, 66L);
        assertThat(sender.sendsByThread()).containsOnlyKeys("sender-timer");
    }

    @Test
    void shouldLetAFixThatFindsNoFreeSlotWaitForOneOnTheClockThreads() throws Exception {
        // one slot, held 40 ms by each ping: most fixes come due while it is taken
        TimedSender sender = new TimedSender(Duration.ofMillis(40));
        RunStatistics statistics = new RunStatistics();
        Dispatcher dispatcher = new Dispatcher(sender, 1, statistics, new AcceptedPositions(), Duration.ofSeconds(5));

        new DueTimeLoad(fleet(4), Duration.ofMillis(20), Duration.ofMillis(600), null).run(dispatcher);
        long sentWhenRunEnded = sender.sends();

        assertThat(sender.sendsByThread()).containsKeys("sender-timer", "simulator-clock");
        assertThat(dispatcher.awaitIdle(Duration.ofSeconds(5))).isTrue();
        RunStatistics.Counts counts = statistics.counts();
        assertThat(counts.sent()).isEqualTo(sentWhenRunEnded).isEqualTo(counts.accepted()).isGreaterThan(5);
        // taken late rather than dropped: one ping per 40 ms at most, and each driver's last waiting one at the end
        assertThat(counts.sent()).isLessThanOrEqualTo(600 / 40 + 4 + 1);
    }

    private static Fleet fleet(int drivers) {
        return Fleet.create("due-time-test-", drivers, CityArea.BENGALURU, 7);
    }

    /** Answers every ping after {@code delay}, offering {@code ownTimer} for every driver; counts sends by thread. */
    private final class TimedSender implements PingSender {

        private final Duration delay;
        private final Map<String, LongAdder> sendsByThread = new ConcurrentHashMap<>();

        TimedSender(Duration delay) {
            this.delay = delay;
        }

        @Override
        public CompletableFuture<SendOutcome> send(List<Ping> pings) {
            sendsByThread.computeIfAbsent(Thread.currentThread().getName(), name -> new LongAdder()).increment();
            CompletableFuture<SendOutcome> outcome = new CompletableFuture<>();
            answers.schedule(() -> outcome.complete(SendOutcome.allAccepted(pings)), delay.toNanos(),
                    TimeUnit.NANOSECONDS);
            return outcome;
        }

        @Override
        public @Nullable ScheduledExecutorService timerFor(String driverId) {
            return ownTimer;
        }

        Map<String, Long> sendsByThread() {
            Map<String, Long> result = new ConcurrentHashMap<>();
            sendsByThread.forEach((name, count) -> result.put(name, count.sum()));
            return result;
        }

        long sends() {
            return sendsByThread.values().stream().mapToLong(LongAdder::sum).sum();
        }

        @Override
        public void close() {
        }
    }
}
