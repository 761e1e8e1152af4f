package io.tracking.writer.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tracking.writer.BatchWriterProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.ApplicationAvailabilityBean;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;

class LoopSupervisorTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final WriterMetrics metrics = new WriterMetrics(registry);
    private final List<String> liveness = new CopyOnWriteArrayList<>();
    private final LoopSupervisor.Liveness recorder = new LoopSupervisor.Liveness() {

        @Override
        public void broken(String loop) {
            liveness.add("broken " + loop);
        }

        @Override
        public void correct(String loop) {
            liveness.add("correct " + loop);
        }
    };
    private final AtomicLong clock = new AtomicLong();

    @Test
    void shouldRestartALoopThatThrowsUntilItRuns() {
        LoopSupervisor supervisor = supervisor(5, Duration.ofMinutes(10));
        AtomicInteger lives = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);

        supervisor.run(running::get, () -> {
            if (lives.incrementAndGet() < 3) {
                throw new IllegalStateException("poll failed");
            }
            running.set(false);
        });

        assertThat(lives).hasValue(3);
        assertThat(restarts()).isEqualTo(2);
        assertThat(liveness).isEmpty();
    }

    @Test
    void shouldRestartALoopThatEndsByItselfOrDiesOfAnError() {
        LoopSupervisor supervisor = supervisor(5, Duration.ofMinutes(10));
        AtomicInteger lives = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);

        supervisor.run(running::get, () -> {
            switch (lives.incrementAndGet()) {
                case 1 -> {
                    // returned although nobody asked it to stop
                }
                case 2 -> throw new StackOverflowError();
                default -> running.set(false);
            }
        });

        assertThat(lives).hasValue(3);
        assertThat(restarts()).isEqualTo(2);
    }

    @Test
    void shouldReportTheLoopBrokenAfterTooManyRestartsWithoutProgressAndKeepTrying() {
        LoopSupervisor supervisor = supervisor(3, Duration.ofMinutes(10));
        AtomicInteger lives = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);

        supervisor.run(running::get, () -> {
            clock.addAndGet(Duration.ofSeconds(1).toNanos());
            if (lives.incrementAndGet() == 4) {
                assertThat(liveness).as("three restarts are tolerated").isEmpty();
            }
            if (lives.get() == 6) {
                running.set(false);
                return;
            }
            throw new IllegalStateException("consumer cannot be created");
        });

        assertThat(liveness).containsExactly("broken loop-0");
        assertThat(restarts()).isEqualTo(5);
    }

    @Test
    void shouldNotCountRestartsSeparatedByACommittedFlush() {
        LoopSupervisor supervisor = supervisor(2, Duration.ofMinutes(10));
        AtomicInteger lives = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);

        supervisor.run(running::get, () -> {
            if (lives.incrementAndGet() == 10) {
                running.set(false);
                return;
            }
            supervisor.progressed();
            throw new IllegalStateException("dies after each flush");
        });

        assertThat(restarts()).isEqualTo(9);
        assertThat(liveness).isEmpty();
    }

    @Test
    void shouldForgetRestartsOlderThanTheWindow() {
        LoopSupervisor supervisor = supervisor(2, Duration.ofMinutes(1));
        AtomicInteger lives = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);

        supervisor.run(running::get, () -> {
            clock.addAndGet(Duration.ofSeconds(40).toNanos());
            if (lives.incrementAndGet() == 10) {
                running.set(false);
                return;
            }
            throw new IllegalStateException("dies now and then");
        });

        assertThat(restarts()).isEqualTo(9);
        assertThat(liveness).isEmpty();
    }

    @Test
    void shouldReportTheLoopCorrectAgainAfterItsNextCommittedFlush() {
        LoopSupervisor supervisor = supervisor(1, Duration.ofMinutes(10));
        AtomicInteger lives = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);

        supervisor.run(running::get, () -> {
            if (lives.incrementAndGet() < 3) {
                throw new IllegalStateException("broker unreachable");
            }
            supervisor.progressed();
            running.set(false);
        });

        assertThat(liveness).containsExactly("broken loop-0", "correct loop-0");
    }

    @Test
    void shouldEndTheBackOffPauseWhenStopped() {
        BatchWriterProperties.Supervision slow = new BatchWriterProperties.Supervision(Duration.ofHours(1),
                Duration.ofHours(1), 5, Duration.ofMinutes(10));
        LoopSupervisor supervisor = new LoopSupervisor("loop-0", slow, metrics, recorder, System::nanoTime);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicBoolean returned = new AtomicBoolean();
        Thread thread = new Thread(() -> {
            supervisor.run(running::get, () -> {
                throw new IllegalStateException("fails at once");
            });
            returned.set(true);
        });
        thread.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> restarts() == 1);

        running.set(false);
        supervisor.wakeUp();

        await().atMost(Duration.ofSeconds(10)).untilTrue(returned);
    }

    @Test
    void shouldTurnLivenessBrokenWhileAnyLoopIsBrokenAndCorrectWhenNoneIs() {
        ApplicationAvailabilityBean availability = new ApplicationAvailabilityBean();
        LivenessPublisher publisher = new LivenessPublisher(
                event -> availability.onApplicationEvent((AvailabilityChangeEvent<?>) event));
        AvailabilityChangeEvent.publish(event -> availability.onApplicationEvent((AvailabilityChangeEvent<?>) event),
                this, LivenessState.CORRECT);

        publisher.broken("loop-0");
        publisher.broken("loop-1");
        publisher.correct("loop-0");
        assertThat(availability.getLivenessState()).isEqualTo(LivenessState.BROKEN);

        publisher.correct("loop-1");
        assertThat(availability.getLivenessState()).isEqualTo(LivenessState.CORRECT);
    }

    private LoopSupervisor supervisor(int maxRestarts, Duration window) {
        BatchWriterProperties.Supervision settings = new BatchWriterProperties.Supervision(Duration.ofNanos(1),
                Duration.ofNanos(1), maxRestarts, window);
        return new LoopSupervisor("loop-0", settings, metrics, recorder, clock::get);
    }

    private double restarts() {
        return registry.get("tracking.writer.loop.restarts").counter().count();
    }
}
