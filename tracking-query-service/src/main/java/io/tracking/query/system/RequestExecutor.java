package io.tracking.query.system;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The API connector's worker threads: a fixed few, and one queue in arrival order for the connections with a
 * request to serve. Each thread remembers how long the work it runs waited in that queue, for
 * {@link QueueTimeLimitFilter}.
 *
 * <p>Why a few threads and not Tomcat's one per connection: a read is a short burst of CPU (token, authorization,
 * JDBC, JSON) around one database round trip. With a thread per connection, a burst of requests makes them all
 * runnable together and the scheduler slices the cores among them, so each waits through everybody else's slices,
 * and every hand-over between threads costs a context switch. With two threads per core, a request keeps its core
 * until it is done while the others wait as entries of a queue, not as sleeping threads: on two cores a
 * latest-position read cost 130-160 µs of the JVM's CPU this way, against 238 µs with 64 threads of which four at a
 * time held a permit and the others slept until woken for theirs.
 */
final class RequestExecutor implements Executor, AutoCloseable {

    private final ThreadPoolExecutor pool;

    RequestExecutor(int threads, String namePrefix) {
        AtomicInteger created = new AtomicInteger();
        pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.NANOSECONDS, new LinkedBlockingQueue<>(),
                task -> new Worker(task, namePrefix + created.incrementAndGet()));
        pool.prestartAllCoreThreads();
    }

    @Override
    public void execute(Runnable task) {
        pool.execute(new Queued(task, System.nanoTime()));
    }

    /** Work waiting for a thread now. */
    int waiting() {
        return pool.getQueue().size();
    }

    /**
     * How long the work the current thread runs had waited for it, the first time it is asked during that work;
     * zero after that (a connection may carry several requests in one go), and on threads of other executors.
     */
    static Duration takeQueueTime() {
        if (Thread.currentThread() instanceof Worker worker) {
            long waited = worker.waitedNanos;
            worker.waitedNanos = 0;
            return Duration.ofNanos(waited);
        }
        return Duration.ZERO;
    }

    /** Lets the work already handed over finish, for a few seconds; Tomcat has stopped handing over more by then. */
    @Override
    public void close() throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.SECONDS);
    }

    private record Queued(Runnable task, long queuedAt) implements Runnable {

        @Override
        public void run() {
            ((Worker) Thread.currentThread()).waitedNanos = System.nanoTime() - queuedAt;
            task.run();
        }
    }

    private static final class Worker extends Thread {

        private long waitedNanos;

        Worker(Runnable task, String name) {
            super(task, name);
            // like Tomcat's own workers: an unfinished request never keeps the JVM alive
            setDaemon(true);
        }
    }
}
