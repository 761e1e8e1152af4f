package io.tracking.simulator.report;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.jspecify.annotations.Nullable;

/**
 * The counters of one run, updated from many threads. Counts are in pings, not requests (a batch request of 20
 * pings adds 20); once nothing is in flight, {@code sent == accepted + rejected + errors}.
 */
public final class RunStatistics {

    private final LongAdder requests = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private final LongAdder accepted = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final Map<String, LongAdder> errorsByKind = new ConcurrentHashMap<>();
    private final LatencyHistogram latency = new LatencyHistogram();

    /** A request carrying {@code pings} pings is about to leave. */
    public void dispatched(int pings) {
        requests.increment();
        sent.add(pings);
    }

    /** A request finished after {@code latencyNanos} with the given per-ping counts. */
    public void completed(int acceptedPings, int rejectedPings, int failedPings, @Nullable String errorKind,
            long latencyNanos) {
        accepted.add(acceptedPings);
        rejected.add(rejectedPings);
        if (failedPings > 0) {
            countErrors(failedPings, errorKind == null ? "unknown" : errorKind);
        }
        latency.recordNanos(latencyNanos);
    }

    /** {@code pings} pings failed before any request carried them, for example unreadable replay lines. */
    public void failedUnsent(int pings, String errorKind) {
        sent.add(pings);
        countErrors(pings, errorKind);
    }

    private void countErrors(long pings, String errorKind) {
        errors.add(pings);
        errorsByKind.computeIfAbsent(errorKind, kind -> new LongAdder()).add(pings);
    }

    /** Counts those still in flight as errors of kind {@code unfinished}; call once, when giving up waiting. */
    public void abandonInFlight() {
        long inFlight = counts().inFlight();
        if (inFlight > 0) {
            countErrors(inFlight, "unfinished");
        }
    }

    public Counts counts() {
        long sentNow = sent.sum();
        long acceptedNow = accepted.sum();
        long rejectedNow = rejected.sum();
        long errorsNow = errors.sum();
        return new Counts(requests.sum(), sentNow, acceptedNow, rejectedNow, errorsNow,
                Math.max(0, sentNow - acceptedNow - rejectedNow - errorsNow));
    }

    /** Errors by kind, sorted by kind. */
    public Map<String, Long> errorsByKind() {
        Map<String, Long> result = new TreeMap<>();
        errorsByKind.forEach((kind, count) -> result.put(kind, count.sum()));
        return result;
    }

    public Latency latency() {
        return latency.snapshot();
    }

    /**
     * A moment's view of the counters.
     *
     * @param requests requests dispatched
     * @param sent pings dispatched
     * @param accepted pings accepted
     * @param rejected pings rejected as invalid
     * @param errors pings whose request failed
     * @param inFlight pings dispatched without an outcome yet
     */
    public record Counts(long requests, long sent, long accepted, long rejected, long errors, long inFlight) {

        public long completed() {
            return accepted + rejected + errors;
        }
    }
}
