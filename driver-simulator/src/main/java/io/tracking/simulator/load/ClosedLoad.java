package io.tracking.simulator.load;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import io.tracking.simulator.delivery.Dispatcher;
import io.tracking.simulator.fleet.DriverPath;
import io.tracking.simulator.fleet.Fleet;
import io.tracking.simulator.fleet.Ping;

/**
 * The closed model for benchmarks: exactly {@code totalPings} pings, as fast as the in-flight bound allows,
 * request {@code r} going to driver {@code r mod drivers}.
 *
 * <p>Single pings carry the current time. Batches are a phone uploading what it buffered: each driver's pings lie
 * on its own timeline ending at the start of the run, {@code interval} apart (closer when needed so that the whole
 * timeline stays within the last {@value #MAX_HISTORY_HOURS} hours, inside the ingest service's 24 h window).
 */
public final class ClosedLoad implements LoadModel {

    static final int MAX_HISTORY_HOURS = 20;

    private final Fleet fleet;
    private final long totalPings;
    private final int batchSize;
    private final Duration interval;
    private final @Nullable PingRecorder recorder;

    public ClosedLoad(Fleet fleet, long totalPings, int batchSize, Duration interval, @Nullable PingRecorder recorder) {
        this.fleet = fleet;
        this.totalPings = totalPings;
        this.batchSize = batchSize;
        this.interval = interval;
        this.recorder = recorder;
    }

    /** Whether a batch timeline of {@code totalPings} over {@code drivers} fits at one millisecond per ping. */
    public static boolean fitsHistory(long totalPings, int drivers, int batchSize) {
        return pingsPerDriver(totalPings, drivers, batchSize) <= Duration.ofHours(MAX_HISTORY_HOURS).toMillis();
    }

    private static long pingsPerDriver(long totalPings, int drivers, int batchSize) {
        long requests = (totalPings + batchSize - 1) / batchSize;
        return (requests + drivers - 1) / drivers * batchSize;
    }

    @Override
    public void run(Dispatcher dispatcher) throws InterruptedException {
        int drivers = fleet.size();
        if (batchSize == 1) {
            for (long r = 0; r < totalPings; r++) {
                Ping ping = fleet.path((int) (r % drivers)).next(Instant.now());
                record(ping);
                dispatcher.submit(List.of(ping));
            }
            return;
        }
        long perDriver = pingsPerDriver(totalPings, drivers, batchSize);
        long historyMillis = Duration.ofHours(MAX_HISTORY_HOURS).toMillis();
        long spacing = Math.max(1, Math.min(interval.toMillis(), historyMillis / Math.max(1, perDriver - 1)));
        Instant timelineStart = Instant.now().minusMillis(spacing * (perDriver - 1));
        long[] generated = new long[drivers];
        long requests = (totalPings + batchSize - 1) / batchSize;
        for (long r = 0; r < requests; r++) {
            int driver = (int) (r % drivers);
            DriverPath path = fleet.path(driver);
            int size = (int) Math.min(batchSize, totalPings - r * batchSize);
            List<Ping> batch = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                Ping ping = path.next(timelineStart.plusMillis(spacing * generated[driver]++));
                record(ping);
                batch.add(ping);
            }
            dispatcher.submit(batch);
        }
    }

    private void record(Ping ping) {
        if (recorder != null) {
            recorder.record(ping);
        }
    }
}
