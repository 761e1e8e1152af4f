package io.tracking.simulator.report;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.jspecify.annotations.Nullable;

/**
 * Request latencies with three significant digits at any magnitude (HdrHistogram). Recording is wait-free from
 * any number of threads; {@link #snapshot()} folds what was recorded since the last snapshot into the running
 * total, so percentiles cover the whole run so far.
 */
public final class LatencyHistogram {

    private final Recorder recorder = new Recorder(3);
    private final Histogram total = new Histogram(3);
    private @Nullable Histogram interval;

    public void recordNanos(long nanos) {
        recorder.recordValue(Math.max(1, nanos / 1_000));
    }

    public synchronized Latency snapshot() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        if (total.getTotalCount() == 0) {
            return new Latency(0, 0, 0, 0, 0, 0);
        }
        return new Latency(total.getTotalCount(), millis(total.getValueAtPercentile(50)),
                millis(total.getValueAtPercentile(95)), millis(total.getValueAtPercentile(99)),
                millis(total.getMaxValue()), Math.round(total.getMean()) / 1_000.0);
    }

    private static double millis(long micros) {
        return micros / 1_000.0;
    }
}
