package io.tracking.query.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FifoPermitsTests {

    private static final long LONG_WAIT = TimeUnit.SECONDS.toNanos(10);

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        threads.shutdownNow();
    }

    @Test
    void shouldHandPermitsToWaitersInArrivalOrder() throws Exception {
        FifoPermits permits = new FifoPermits(1);
        assertThat(permits.acquire(0)).isTrue();
        List<Integer> order = new CopyOnWriteArrayList<>();
        CompletableFuture<?>[] waiters = new CompletableFuture<?>[4];
        for (int i = 0; i < waiters.length; i++) {
            int id = i;
            waiters[i] = CompletableFuture.runAsync(() -> {
                if (permits.acquire(LONG_WAIT)) {
                    order.add(id);
                    permits.release();
                }
            }, threads);
            // queue them one after the other so that arrival order is known
            await().atMost(Duration.ofSeconds(5)).until(() -> permits.waiting() == id + 1);
        }

        permits.release();
        CompletableFuture.allOf(waiters).get(10, TimeUnit.SECONDS);

        assertThat(order).containsExactly(0, 1, 2, 3);
        assertThat(permits.waiting()).isZero();
        assertThat(permits.acquire(0)).isTrue();
        assertThat(permits.acquire(0)).as("one permit in all, none lost or made").isFalse();
    }

    @Test
    void shouldLeaveTheQueueWhenTheWaitRunsOut() {
        FifoPermits permits = new FifoPermits(1);
        assertThat(permits.acquire(0)).isTrue();

        assertThat(permits.acquire(TimeUnit.MILLISECONDS.toNanos(50))).isFalse();

        assertThat(permits.waiting()).isZero();
        permits.release();
        assertThat(permits.acquire(0)).as("the released permit went back to the pool").isTrue();
    }

    @Test
    void shouldStopWaitingWhenInterruptedAndKeepTheInterrupt() throws Exception {
        FifoPermits permits = new FifoPermits(1);
        assertThat(permits.acquire(0)).isTrue();
        CompletableFuture<Boolean[]> waiter = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            boolean acquired = permits.acquire(LONG_WAIT);
            waiter.complete(new Boolean[] {acquired, Thread.currentThread().isInterrupted()});
        });
        thread.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> permits.waiting() == 1);

        thread.interrupt();

        assertThat(waiter.get(10, TimeUnit.SECONDS)).containsExactly(false, true);
        assertThat(permits.waiting()).isZero();
    }
}
