package io.tracking.query.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** A reader's supervision with loops that throw, fail for good, recover, or hang. */
class LoopSupervisorTests {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicReference<LoopSupervisor> supervisor = new AtomicReference<>();
    private final AtomicInteger runs = new AtomicInteger();

    private LoopSupervisor start(LoopSupervisor.Loop loop, int brokenAfterFailures, Duration stuckAfter) {
        LoopSupervisor started = new LoopSupervisor("test-live-feed", loop, () -> { },
                new LoopSupervisor.Settings(Duration.ofMillis(5), Duration.ofMillis(40), brokenAfterFailures,
                        stuckAfter),
                Counter.builder("restarts").register(meters));
        supervisor.set(started);
        started.start();
        return started;
    }

    @AfterEach
    void stop() {
        LoopSupervisor started = supervisor.get();
        if (started != null) {
            started.stop(WAIT);
        }
    }

    /** Turns until stopped, as the real loop does. */
    private void turnUntilStopped() {
        while (supervisor.get().isRunning()) {
            supervisor.get().turned();
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private double restarts() {
        return meters.get("restarts").counter().count();
    }

    @Test
    void startsALoopThatThrowsAgainAndCountsEachRestart() {
        LoopSupervisor started = start(() -> {
            if (runs.incrementAndGet() <= 3) {
                throw new IllegalStateException("loop bug");
            }
            turnUntilStopped();
        }, 5, Duration.ofMinutes(1));

        await().atMost(WAIT).until(() -> runs.get() == 4);

        assertThat(restarts()).isEqualTo(3);
        assertThat(started.isBroken()).isFalse();
        assertThat(started.details()).containsEntry("lastFailure", IllegalStateException.class.getName());
    }

    @Test
    void anErrorThatEndsTheLoopIsRestartedToo() {
        LoopSupervisor started = start(() -> {
            if (runs.incrementAndGet() == 1) {
                throw new StackOverflowError();
            }
            turnUntilStopped();
        }, 5, Duration.ofMinutes(1));

        await().atMost(WAIT).until(() -> runs.get() == 2);

        assertThat(restarts()).isEqualTo(1);
        assertThat(started.isBroken()).isFalse();
    }

    @Test
    void aLoopThatReturnsWhileRunningIsRestarted() {
        start(runs::incrementAndGet, 100, Duration.ofMinutes(1));

        await().atMost(WAIT).until(() -> runs.get() >= 3);

        assertThat(restarts()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void isBrokenAfterTooManyEndsInARowAndLiveAgainOnceTheLoopTurns() {
        CountDownLatch cured = new CountDownLatch(1);
        LoopSupervisor started = start(() -> {
            runs.incrementAndGet();
            if (cured.getCount() > 0) {
                throw new IllegalStateException("cannot run");
            }
            turnUntilStopped();
        }, 3, Duration.ofMinutes(1));

        await().atMost(WAIT).until(started::isBroken);
        assertThat(restarts()).isGreaterThanOrEqualTo(3);

        cured.countDown();
        await().atMost(WAIT).until(() -> !started.isBroken());
    }

    @Test
    void isBrokenWhenTheLoopStopsTurning() throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        LoopSupervisor started = start(() -> {
            supervisor.get().turned();
            // a listener that never returns, say
            release.await();
            turnUntilStopped();
        }, 3, Duration.ofMillis(200));

        await().atMost(WAIT).until(started::isBroken);

        release.countDown();
        await().atMost(WAIT).until(() -> !started.isBroken());
    }

    @Test
    void aStoppedSupervisorEndsItsThreadAndIsNeverBroken() {
        LoopSupervisor started = start(this::turnUntilStopped, 1, Duration.ofMillis(100));
        await().atMost(WAIT).until(() -> started.details().get("sinceLastTurnMillis") instanceof Long millis
                && millis < 100);

        started.stop(WAIT);

        assertThat(started.isRunning()).isFalse();
        assertThat(started.isBroken()).isFalse();
        assertThat(restarts()).isZero();
    }
}
