package io.tracking.query.live;

import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tracking.query.system.ApiProblem;

/**
 * Who holds how many open streams on this instance: at most {@code max-streams-per-caller} per caller (token
 * subject), {@code max-streams-per-order} per order and {@code max-streams} in all.
 *
 * <p>Invariant: a slot is taken before a stream opens and given back exactly once, when the stream ends for
 * whatever reason (client gone, order finished or no longer the caller's, dropped for not reading, timeout,
 * shutdown), so the counts are always those of the streams open now.
 */
final class StreamSlots {

    /** What a refused caller is told to wait: about the time a closed stream takes to be noticed. */
    static final long RETRY_AFTER_SECONDS = 5;

    /** A taken slot; {@link #release()} gives it back once, however often it is called. */
    final class Slot {

        private final String caller;
        private final String order;
        private boolean released;

        private Slot(String caller, String order) {
            this.caller = caller;
            this.order = order;
        }

        void release() {
            synchronized (StreamSlots.this) {
                if (released) {
                    return;
                }
                released = true;
                decrement(perCaller, caller);
                decrement(perOrder, order);
                open--;
            }
        }
    }

    private final int maxTotal;
    private final int maxPerCaller;
    private final int maxPerOrder;
    private final Counter refusedCaller;
    private final Counter refusedOrder;
    private final Counter refusedInstance;

    // guarded by this
    private final Map<String, Integer> perCaller = new HashMap<>();
    private final Map<String, Integer> perOrder = new HashMap<>();
    private int open;

    StreamSlots(int maxTotal, int maxPerCaller, int maxPerOrder, MeterRegistry meters) {
        this.maxTotal = maxTotal;
        this.maxPerCaller = maxPerCaller;
        this.maxPerOrder = maxPerOrder;
        this.refusedCaller = refused(meters, "streams-per-caller");
        this.refusedOrder = refused(meters, "streams-per-order");
        this.refusedInstance = refused(meters, "streams-per-instance");
    }

    /**
     * Takes a slot for a stream of {@code order} opened by {@code caller}; otherwise throws the 429 naming the
     * limit reached (the caller's own first), or a 503 when the instance is full. Problems name the limit and its
     * value, never the caller or the order.
     */
    synchronized Slot take(String caller, String order) {
        if (perCaller.getOrDefault(caller, 0) >= maxPerCaller) {
            refusedCaller.increment();
            throw ApiProblem.tooManyStreams("streams-per-caller", maxPerCaller, "A caller may have at most "
                    + maxPerCaller + " live streams open at once; close one before opening another.",
                    RETRY_AFTER_SECONDS);
        }
        if (perOrder.getOrDefault(order, 0) >= maxPerOrder) {
            refusedOrder.increment();
            throw ApiProblem.tooManyStreams("streams-per-order", maxPerOrder, "An order may be followed by at most "
                    + maxPerOrder + " live streams at once; try again once one has closed.", RETRY_AFTER_SECONDS);
        }
        if (open >= maxTotal) {
            refusedInstance.increment();
            throw ApiProblem.unavailable("This instance has no room for another live stream; try again shortly.",
                    RETRY_AFTER_SECONDS);
        }
        perCaller.merge(caller, 1, Integer::sum);
        perOrder.merge(order, 1, Integer::sum);
        open++;
        return new Slot(caller, order);
    }

    synchronized int open() {
        return open;
    }

    private static void decrement(Map<String, Integer> counts, String key) {
        counts.computeIfPresent(key, (k, count) -> count == 1 ? null : count - 1);
    }

    private static Counter refused(MeterRegistry meters, String limit) {
        return Counter.builder("tracking.query.live.streams.refused").tag("limit", limit)
                .description("Order streams refused because a limit was reached").register(meters);
    }
}
