package io.tracking.simulator;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;

/**
 * Holds every worker of the common {@link ForkJoinPool} until closed, as a caller running the simulator inside
 * {@code CompletableFuture.supplyAsync} does (on two cores the pool has one worker): the JDK 25 benchmark hang.
 */
final class CommonPoolHold implements AutoCloseable {

    private final CountDownLatch release = new CountDownLatch(1);

    private CommonPoolHold() {
    }

    /** Returns once every worker of the common pool is held. */
    static CommonPoolHold everyWorker() {
        CommonPoolHold hold = new CommonPoolHold();
        int workers = ForkJoinPool.getCommonPoolParallelism();
        CountDownLatch held = new CountDownLatch(workers);
        for (int i = 0; i < workers; i++) {
            ForkJoinPool.commonPool().execute(() -> {
                held.countDown();
                try {
                    hold.release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> held.getCount() == 0);
        return hold;
    }

    @Override
    public void close() {
        release.countDown();
    }
}
