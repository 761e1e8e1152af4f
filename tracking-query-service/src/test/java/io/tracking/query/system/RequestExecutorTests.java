package io.tracking.query.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestExecutorTests {

    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostRunning = new AtomicInteger();
    private RequestExecutor executor;

    @AfterEach
    void stop() throws InterruptedException {
        release.countDown();
        if (executor != null) {
            executor.close();
        }
    }

    @Test
    void shouldRunAsManyAsItHasThreadsAndTheRestAfterThem() {
        executor = new RequestExecutor(2, "test-http-");
        List<Integer> started = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 6; i++) {
            int task = i;
            executor.execute(() -> {
                started.add(task);
                holdUntilReleased();
            });
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> running.get() == 2 && executor.waiting() == 4);
        assertThat(started).containsExactlyInAnyOrder(0, 1);

        release.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> started.size() == 6 && running.get() == 0);
        assertThat(started).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5);
        assertThat(mostRunning).hasValue(2);
        assertThat(executor.waiting()).isZero();
    }

    @Test
    void shouldRunTheWaitingWorkInArrivalOrder() {
        // one thread, so the order the work starts in is the order it left the queue
        executor = new RequestExecutor(1, "test-http-");
        executor.execute(this::holdUntilReleased);
        List<Integer> started = new CopyOnWriteArrayList<>();
        for (int i = 0; i < 5; i++) {
            int task = i;
            executor.execute(() -> started.add(task));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> executor.waiting() == 5);

        release.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> started.size() == 5);
        assertThat(started).containsExactly(0, 1, 2, 3, 4);
    }

    @Test
    void shouldTellTheWorkItRunsHowLongItWaitedOnlyOnce() throws Exception {
        executor = new RequestExecutor(1, "test-http-");
        executor.execute(this::holdUntilReleased);
        AtomicReference<Duration> first = new AtomicReference<>();
        AtomicReference<Duration> second = new AtomicReference<>();
        AtomicReference<String> thread = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        long beforeQueued = System.nanoTime();
        executor.execute(() -> {
            first.set(RequestExecutor.takeQueueTime());
            second.set(RequestExecutor.takeQueueTime());
            thread.set(Thread.currentThread().getName());
            done.countDown();
        });
        long queued = System.nanoTime();
        // the second task waits behind the first until at least 20 ms have passed
        await().atMost(Duration.ofSeconds(5)).until(() -> System.nanoTime() - queued > 20_000_000L);
        long releasedAt = System.nanoTime();
        release.countDown();
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        long ranBy = System.nanoTime();

        assertThat(first.get()).isGreaterThanOrEqualTo(Duration.ofNanos(releasedAt - queued))
                .isLessThanOrEqualTo(Duration.ofNanos(ranBy - beforeQueued));
        assertThat(second.get()).isZero();
        assertThat(thread.get()).startsWith("test-http-");
    }

    @Test
    void shouldReportNoQueueTimeOnOtherThreads() {
        assertThat(RequestExecutor.takeQueueTime()).isZero();
    }

    @Test
    void shouldLetTheRunningWorkFinishWhenClosed() throws Exception {
        executor = new RequestExecutor(1, "test-http-");
        AtomicInteger finished = new AtomicInteger();
        executor.execute(() -> {
            holdUntilReleased();
            finished.incrementAndGet();
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> running.get() == 1);

        Thread closer = new Thread(() -> {
            try {
                executor.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        closer.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> closer.getState() == Thread.State.TIMED_WAITING);
        assertThat(finished).hasValue(0);
        release.countDown();
        closer.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(closer.isAlive()).isFalse();
        assertThat(finished).hasValue(1);
    }

    private void holdUntilReleased() {
        mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        try {
            release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            running.decrementAndGet();
        }
    }
}
