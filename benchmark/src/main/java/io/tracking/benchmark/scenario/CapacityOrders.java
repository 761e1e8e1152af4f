package io.tracking.benchmark.scenario;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * The orders of one capacity step: each created with {@code PUT /api/v1/orders/{id}} (dispatch token) for one of the
 * step's drivers, its customer holding the order's tracking stream ({@code GET /api/v1/orders/{id}/tracking/stream})
 * open for the whole step, as a customer watching the delivery does; the streams' {@code location} events are only
 * counted. Closing marks every order DELIVERED (the service then ends its stream) and cancels what is still open.
 *
 * <p>The streams share one HTTP client whose callbacks run on two threads of its own, so a thousand open streams cost
 * a thousand connections, not a thousand threads.
 */
final class CapacityOrders implements AutoCloseable {

    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(30);

    private final BenchmarkContext context;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "capacity-streams");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).executor(executor).build();
    private final List<Order> orders = new ArrayList<>();
    private final LongAdder events = new LongAdder();

    private CapacityOrders(BenchmarkContext context) {
        this.context = context;
    }

    /**
     * Creates an order for each of {@code drivers} and opens its customer's stream, returning once every stream sent
     * its first event.
     *
     * @throws IllegalStateException when an order is refused or a stream does not open within 30 s
     */
    static CapacityOrders open(BenchmarkContext context, String tag, List<String> drivers) throws Exception {
        CapacityOrders opened = new CapacityOrders(context);
        try {
            for (int i = 0; i < drivers.size(); i++) {
                String orderId = "capacity-order-" + tag + "-" + i;
                String customerId = "capacity-customer-" + tag + "-" + i;
                context.putOrder(orderId, drivers.get(i), customerId, "ASSIGNED");
                opened.orders.add(new Order(orderId, drivers.get(i), customerId,
                        opened.stream(orderId, customerId)));
            }
            long deadline = System.nanoTime() + OPEN_TIMEOUT.toNanos();
            for (Order order : opened.orders) {
                Integer status = order.stream().opened.get(Math.max(0, deadline - System.nanoTime()),
                        TimeUnit.NANOSECONDS);
                if (status != 200) {
                    throw new IllegalStateException("a tracking stream answered " + status);
                }
            }
            return opened;
        } catch (TimeoutException e) {
            opened.close();
            throw new IllegalStateException("a tracking stream sent no first event within "
                    + OPEN_TIMEOUT.toSeconds() + " s", e);
        } catch (Exception | Error e) {
            opened.close();
            throw e;
        }
    }

    int streams() {
        return orders.size();
    }

    /** {@code location} events received so far on all streams. */
    long events() {
        return events.sum();
    }

    private EventCounter stream(String orderId, String customerId) {
        EventCounter counter = new EventCounter(events);
        HttpRequest request = HttpRequest.newBuilder(URI.create(context.stack().query().baseUrl()
                        + "/api/v1/orders/" + orderId + "/tracking/stream"))
                .header("Authorization", "Bearer " + context.customerToken(customerId))
                .header("Accept", "text/event-stream").GET().build();
        client.sendAsync(request, info -> {
            if (info.statusCode() != 200) {
                counter.opened.complete(info.statusCode());
                return HttpResponse.BodySubscribers.discarding();
            }
            return HttpResponse.BodySubscribers.fromLineSubscriber(counter);
        }).exceptionally(failure -> {
            counter.opened.complete(-1);
            return null;
        });
        return counter;
    }


    /** Delivers every order (best effort: a failure is logged) and closes what is still open. */
    @Override
    public void close() {
        for (Order order : orders) {
            try {
                context.putOrder(order.orderId(), order.driverId(), order.customerId(), "DELIVERED");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (Exception e) {
                context.log().println("  could not deliver order " + order.orderId() + ": " + e.getMessage());
            }
        }
        orders.forEach(order -> order.stream().cancel());
        executor.shutdownNow();
    }

    private record Order(String orderId, String driverId, String customerId, EventCounter stream) {
    }

    /**
     * Reads one stream line by line: completes {@code opened} with 200 at its first event (the order's status) and
     * counts the {@code location} events.
     */
    private static final class EventCounter implements Flow.Subscriber<String> {

        private final CompletableFuture<Integer> opened = new CompletableFuture<>();
        private final LongAdder events;
        private volatile Flow.@Nullable Subscription subscription;
        private boolean location;

        private EventCounter(LongAdder events) {
            this.events = events;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.isEmpty()) {
                if (location) {
                    events.increment();
                }
                opened.complete(200);
                location = false;
            } else if (line.startsWith("event:")) {
                location = line.substring("event:".length()).trim().equals("location");
            }
        }

        @Override
        public void onError(Throwable failure) {
            opened.complete(-1);
        }

        @Override
        public void onComplete() {
            opened.complete(-1);
        }

        void cancel() {
            Flow.Subscription current = subscription;
            if (current != null) {
                current.cancel();
            }
        }
    }
}
