package io.tracking.benchmark.scenario;

import java.time.Duration;

/**
 * Sizes of one benchmark mode. Every figure is the median of {@code runs} runs.
 *
 * @param mode {@code quick} or {@code full}
 * @param runs measured runs per figure (3; 1 in the smoke mode)
 * @param warmup unmeasured load before the wrk figures, so that the services' JIT has compiled the hot path
 * @param wrkDuration length of one measured wrk run
 * @param wrkThreads wrk threads
 * @param wrkConnections wrk connections, each with one request in flight: 16 keep two cores busy (throughput within a
 *        few per cent of 64 connections) while the p99 still measures the service rather than a queue of requests
 *        waiting for a core
 * @param singleDrivers drivers of the single-ping figure, each with its own token
 * @param batchPings pings per run of the batch-endpoint figure
 * @param batchDrivers drivers of the batch-endpoint figure
 * @param batchConcurrency batch requests in flight
 * @param producerRecords records per run of Kafka's ProducerPerformance
 * @param drainPings pings pre-loaded per drain run (batch writer, COPY, seed consumer)
 * @param drainDrivers drivers those pings belong to
 * @param seedStall how long the seed consumer's row count must stand still to count as drained
 * @param freshnessProbes probes per freshness run
 * @param probeSpacing time between two probes
 * @param backgroundDrivers drivers of the background load during the freshness and live-push runs
 * @param backgroundInterval each background driver sends a ping this often
 * @param nearbyDrivers latest positions seeded for the nearby figure
 * @param nearbyRadiusMeters radius of the nearby searches
 * @param livePings pings per live-push run
 */
public record BenchmarkSettings(
        String mode,
        int runs,
        Duration warmup,
        Duration wrkDuration,
        int wrkThreads,
        int wrkConnections,
        int singleDrivers,
        long batchPings,
        int batchDrivers,
        int batchConcurrency,
        long producerRecords,
        long drainPings,
        int drainDrivers,
        Duration seedStall,
        int freshnessProbes,
        Duration probeSpacing,
        int backgroundDrivers,
        Duration backgroundInterval,
        int nearbyDrivers,
        int nearbyRadiusMeters,
        int livePings) {

    private static final String QUICK = "quick";
    private static final String FULL = "full";
    private static final String SMOKE = "smoke";

    public BenchmarkSettings {
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1");
        }
    }

    /**
     * Under 3 minutes on two cores: smaller loads and shorter wrk runs, still 3 runs each. The services' JIT has
     * barely warmed up, so the HTTP figures are lower than a full run's.
     */
    public static BenchmarkSettings quick() {
        return new BenchmarkSettings(QUICK, 3, Duration.ofSeconds(2), Duration.ofSeconds(3), 2, 16, 1_000,
                40_000, 100, 8, 100_000, 100_000, 1_000, Duration.ofSeconds(2), 10, Duration.ofMillis(150), 500,
                Duration.ofSeconds(1), 25_000, 2_000, 10);
    }

    /**
     * Under 15 minutes on two cores: a million pings for the drain, COPY and seed figures, and 60 s of warm-up before
     * each wrk figure (a freshly started query service, saturated on two cores, served twice as many requests per
     * second after two minutes of load as in its first 30 s: the JIT compiles its hot path on the same cores).
     */
    public static BenchmarkSettings full() {
        return new BenchmarkSettings(FULL, 3, Duration.ofSeconds(60), Duration.ofSeconds(15), 2, 16, 1_000,
                500_000, 200, 8, 1_000_000, 1_000_000, 2_000, Duration.ofSeconds(2), 40, Duration.ofMillis(250), 500,
                Duration.ofSeconds(1), 100_000, 2_000, 40);
    }

    /**
     * Every scenario once at tiny sizes and without warm-ups: proves that each one runs to its figures on this
     * machine and JDK (for CI, under 90 s on two cores with the stack's start), measures nothing worth comparing.
     * Its scenarios also skip their fixed minimum sizes and untimed warm-ups ({@link #isSmoke()}), and the services'
     * JVMs run without C2 (faster start on two cores).
     */
    public static BenchmarkSettings smoke() {
        // 2 s runs, not 1: wrk's request timeout is the run's length, and a cold service's first answers on a busy
        // machine can take more than a second
        return new BenchmarkSettings(SMOKE, 1, Duration.ZERO, Duration.ofSeconds(2), 2, 16, 100,
                2_000, 50, 8, 2_000, 10_000, 200, Duration.ofSeconds(1), 3, Duration.ofMillis(150), 100,
                Duration.ofSeconds(1), 2_000, 2_000, 3);
    }

    /** Whether this is the smoke mode, whose scenarios skip their fixed minimum sizes and warm-ups too. */
    public boolean isSmoke() {
        return SMOKE.equals(mode);
    }

    /**
     * Whether this is the full mode, which also measures what the quick mode's 3 minutes and barely warmed JVMs
     * leave out (a drain right after a writer restart, the open-loop latest-position figure).
     */
    public boolean isFull() {
        return FULL.equals(mode);
    }

    public BenchmarkSettings withRuns(int newRuns) {
        return new BenchmarkSettings(mode, newRuns, warmup, wrkDuration, wrkThreads, wrkConnections, singleDrivers,
                batchPings, batchDrivers, batchConcurrency, producerRecords, drainPings, drainDrivers, seedStall,
                freshnessProbes, probeSpacing, backgroundDrivers, backgroundInterval, nearbyDrivers,
                nearbyRadiusMeters, livePings);
    }
}
