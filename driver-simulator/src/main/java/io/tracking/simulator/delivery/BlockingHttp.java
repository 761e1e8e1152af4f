package io.tracking.simulator.delivery;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Sends requests with the blocking {@link HttpClient#send} on threads of its own, one per request in flight (at most
 * {@code threads}, started when needed), and hands back a future completed on that thread.
 *
 * <p>Why not {@link HttpClient#sendAsync}: its future is completed through
 * {@code CompletableFuture.defaultExecutor()}. From JDK 25 on that is the common {@code ForkJoinPool} even when its
 * parallelism is 1 (two cores; JDK 17 starts a thread per task there), so a caller that blocks the common pool's
 * only worker, such as a benchmark running the simulator in {@code CompletableFuture.supplyAsync}, left every
 * response and every timeout undelivered: requests never completed and their slots were never freed.
 */
public final class BlockingHttp implements AutoCloseable {

    private final HttpClient client;
    private final ThreadPoolExecutor threads;

    public BlockingHttp(HttpClient client, int threads) {
        this.client = client;
        this.threads = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "simulator-request");
                    thread.setDaemon(true);
                    return thread;
                });
        this.threads.allowCoreThreadTimeOut(true);
    }

    /** Sends {@code request}; the future fails with the client's exception (timeouts included). */
    public <T> CompletableFuture<HttpResponse<T>> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        CompletableFuture<HttpResponse<T>> response = new CompletableFuture<>();
        try {
            threads.execute(() -> {
                try {
                    response.complete(client.send(request, handler));
                } catch (IOException | RuntimeException e) {
                    response.completeExceptionally(e);
                } catch (InterruptedException e) {
                    response.completeExceptionally(e);
                    Thread.currentThread().interrupt();
                }
            });
        } catch (RejectedExecutionException e) {
            response.completeExceptionally(e);
        }
        return response;
    }

    /** Stops the threads, interrupting requests still in flight (their futures then fail). */
    @Override
    public void close() {
        threads.shutdownNow();
    }
}
