package io.tracking.query.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tracking.query.QueryProperties;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The bookkeeping of {@link LatestLocationCache}, {@link WriterProgress} and {@link LatestCacheRefresher} against an
 * in-memory table and writer: when a stored row may have changed, and when the cache may answer at all. The test
 * plays the live reader (calling {@link WriterProgress} as its follower does) and runs each refresh itself. One
 * partition (0) unless a test says otherwise.
 */
class LatestLocationCacheTests {

    private static final Instant T0 = Instant.parse("2026-11-28T10:00:00Z");

    private final FakeTable table = new FakeTable();
    private SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private WriterProgress progress;
    private LatestLocationCache cache;
    private LatestCacheRefresher refresher;

    @BeforeEach
    void setUp() {
        cache = cache(1_000, 1_000);
    }

    private LatestLocationCache cache(int maxEntries, int maxPending) {
        return cache(true, Duration.ofSeconds(1), maxEntries, maxPending, Duration.ofSeconds(5));
    }

    private LatestLocationCache cache(Duration refreshInterval, Duration writerStallTimeout) {
        return cache(true, refreshInterval, 1_000, 1_000, writerStallTimeout);
    }

    private LatestLocationCache cache(boolean enabled, Duration refreshInterval, int maxEntries, int maxPending,
            Duration writerStallTimeout) {
        // a registry per cache: gauges registered by an earlier cache would keep reporting that one
        meters = new SimpleMeterRegistry();
        QueryProperties.LatestCache settings = new QueryProperties.LatestCache(enabled, "writer", refreshInterval,
                maxEntries, maxPending, Duration.ofMinutes(10), writerStallTimeout);
        CachedPositions entries = new CachedPositions(settings.maxEntries());
        progress = new WriterProgress(settings, entries);
        LatestCacheMetrics metrics = new LatestCacheMetrics(meters, progress, entries);
        refresher = new LatestCacheRefresher(settings, table, progress, entries, metrics);
        return new LatestLocationCache(table, progress, entries, metrics);
    }

    private Optional<DriverLocation> find(String driverId) {
        return cache.find(driverId);
    }

    private boolean isReady() {
        return cache.state() == LatestCacheState.SERVING;
    }

    /** The live reader started at {@code start} and read up to it; the writer stored up to {@code stored}. */
    private void caughtUp(long start, long stored) {
        progress.started(0, start);
        progress.reached(Map.of(0, Math.max(start, stored)));
        table.positions.put(0, stored);
        refresher.refresh();
    }

    @Test
    void answersFromMemoryOnceReadWhileNothingChanged() {
        table.store("d1", 1);
        caughtUp(5, 5);

        assertThat(find("d1")).map(DriverLocation::latitude).contains(1.0);
        assertThat(find("d1")).map(DriverLocation::latitude).contains(1.0);

        assertThat(table.reads).isEqualTo(1);
    }

    @Test
    void everyReadGoesToTheDatabaseBeforeTheWriterStoredWhatTheReaderSkipped() {
        table.store("d1", 1);
        // the live reader starts at 10: pings 5..9 may still be on their way to the table unseen
        caughtUp(10, 5);

        find("d1");
        find("d1");

        assertThat(isReady()).isFalse();
        assertThat(table.reads).isEqualTo(2);

        table.positions.put(0, 10L);
        refresher.refresh();
        find("d1");
        find("d1");
        assertThat(table.reads).isEqualTo(3);
    }

    @Test
    void everyReadGoesToTheDatabaseWhileTheLiveReaderIsBehindTheWriter() {
        caughtUp(5, 5);
        table.positions.put(0, 8L);
        refresher.refresh();

        assertThat(isReady()).isFalse();

        progress.reached(Map.of(0, 8L));
        assertThat(isReady()).isTrue();
    }

    @Test
    void keepsTheStoredRowWhileANewerPingIsOnlyReadThenReReadsItOnceTheWriterStoresIt() {
        table.store("d1", 1);
        caughtUp(5, 5);
        find("d1");

        progress.read("d1", 0, 5);
        progress.reached(Map.of(0, 6L));
        refresher.refresh();
        // the writer has not stored offset 5: the table still holds latitude 1
        assertThat(find("d1")).map(DriverLocation::latitude).contains(1.0);

        table.store("d1", 2);
        table.positions.put(0, 6L);
        refresher.refresh();

        int reads = table.reads;
        assertThat(find("d1")).map(DriverLocation::latitude).contains(2.0);
        assertThat(table.reads).as("re-read by the refresh, not by the lookup").isEqualTo(reads);
    }

    @Test
    void dropsAnEntryAtOnceWhenTheReaderSeesAPingTheWriterAlreadyStored() {
        table.store("d1", 1);
        caughtUp(5, 5);
        find("d1");

        // the writer got ahead: it stored offset 5 (latitude 2) before the live reader read it
        table.store("d1", 2);
        table.positions.put(0, 6L);
        refresher.refresh();
        assertThat(isReady()).isFalse();

        progress.read("d1", 0, 5);
        progress.reached(Map.of(0, 6L));

        assertThat(isReady()).isTrue();
        assertThat(find("d1")).map(DriverLocation::latitude).contains(2.0);
    }

    @Test
    void doesNotKeepADatabaseAnswerThatRacedWithAChange() {
        table.store("d1", 1);
        caughtUp(5, 5);
        progress.read("d1", 0, 5);
        progress.reached(Map.of(0, 6L));

        // while the lookup reads latitude 1, the writer stores offset 5 and the refresh sees it
        table.afterNextRead = () -> {
            table.store("d1", 2);
            table.positions.put(0, 6L);
            refresher.refresh();
        };
        Optional<DriverLocation> raced = find("d1");

        assertThat(raced).map(DriverLocation::latitude).contains(1.0);
        assertThat(find("d1")).map(DriverLocation::latitude).contains(2.0);
    }

    @Test
    void aLateFixThatTheWriterIgnoresStillLeavesTheStoredRow() {
        table.store("d1", 3);
        caughtUp(5, 5);
        find("d1");

        // an older fix arrives: the writer stores it in the history only, the latest row stays
        progress.read("d1", 0, 5);
        progress.reached(Map.of(0, 6L));
        table.positions.put(0, 6L);
        refresher.refresh();

        assertThat(find("d1")).map(DriverLocation::latitude).contains(3.0);
    }

    @Test
    void findAllAnswersKnownDriversFromMemoryAndReadsTheOthersTogether() {
        table.store("d1", 1);
        table.store("d2", 2);
        table.store("d3", 3);
        caughtUp(5, 5);
        find("d1");
        table.readAlls.clear();

        List<DriverLocation> found = cache.findAll(List.of("d1", "d2", "d3", "unknown"));

        assertThat(found).extracting(DriverLocation::driverId).containsExactlyInAnyOrder("d1", "d2", "d3");
        assertThat(table.readAlls).containsExactly(List.of("d2", "d3", "unknown"));
        assertThat(cache.findAll(List.of("d2", "d3"))).hasSize(2);
        assertThat(table.readAlls).hasSize(1);
    }

    @Test
    void tooManyUnstoredPingsDropEverythingUntilTheWriterCatchesUp() {
        cache = cache(1_000, 2);
        table.store("d1", 1);
        caughtUp(5, 5);
        find("d1");

        progress.read("a", 0, 5);
        progress.read("b", 0, 6);
        progress.read("c", 0, 7);
        progress.reached(Map.of(0, 8L));

        assertThat(isReady()).isFalse();
        table.positions.put(0, 8L);
        refresher.refresh();
        assertThat(isReady()).isTrue();
        int reads = table.reads;
        find("d1");
        assertThat(table.reads).as("the entry was dropped").isEqualTo(reads + 1);
    }

    @Test
    void aResetDropsEverythingAndServesNothingUntilTheReaderStartsAgain() {
        table.store("d1", 1);
        caughtUp(5, 5);
        find("d1");

        progress.reset();

        assertThat(isReady()).isFalse();
        caughtUp(5, 5);
        int reads = table.reads;
        find("d1");
        assertThat(table.reads).isEqualTo(reads + 1);
    }

    @Test
    void aPartitionTheReaderDoesNotFollowKeepsTheCacheOff() {
        progress.started(0, 0);
        progress.reached(Map.of(0, 0L));
        table.positions.put(0, 0L);
        table.positions.put(1, 4L);
        refresher.refresh();

        assertThat(isReady()).isFalse();

        progress.started(1, 4);
        assertThat(isReady()).isTrue();
    }

    @Test
    void holdsAtMostMaxEntries() {
        cache = cache(2, 1_000);
        table.store("d1", 1);
        table.store("d2", 2);
        table.store("d3", 3);
        caughtUp(5, 5);

        find("d1");
        find("d2");
        find("d3");
        find("d3");

        assertThat(table.reads).isEqualTo(4);
        find("d1");
        assertThat(table.reads).isEqualTo(4);
    }

    @Test
    void aDisabledCacheAlwaysReadsTheDatabase() {
        cache = cache(false, Duration.ofSeconds(1), 1_000, 1_000, Duration.ofSeconds(5));
        table.store("d1", 1);
        caughtUp(5, 5);

        find("d1");
        find("d1");

        assertThat(table.reads).isEqualTo(2);
        assertThat(cache.state()).isEqualTo(LatestCacheState.DISABLED);
    }

    @Test
    void servesNothingFromMemoryTwoIntervalsAfterTheLastSuccessfulReadOfTheWriterPositions() {
        Duration interval = Duration.ofMillis(500);
        cache = cache(interval, Duration.ofSeconds(30));
        table.store("d1", 1);
        long before = System.nanoTime();
        caughtUp(5, 5);
        find("d1");
        assertThat(isReady()).isTrue();

        table.failing = true;
        // the refresher keeps trying (and failing) until two intervals passed since the last good read was sent
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() -> {
            refresher.refresh();
            return System.nanoTime() - before > 2 * interval.toNanos();
        });

        int reads = table.reads;
        assertThat(find("d1")).map(DriverLocation::latitude).contains(1.0);
        assertThat(table.reads).as("answered by the database").isEqualTo(reads + 1);
        assertThat(cache.state()).isEqualTo(LatestCacheState.POSITIONS_STALE);
        assertThat(meters.counter("tracking.query.latest.cache.refresh.failures", "step", "positions").count())
                .isPositive();
        assertThat(meters.get("tracking.query.latest.cache.state").tag("state", "positions-stale").gauge().value())
                .isEqualTo(1.0);

        table.failing = false;
        refresher.refresh();
        assertThat(isReady()).isTrue();
        assertThat(meters.get("tracking.query.latest.cache.state").tag("state", "serving").gauge().value())
                .isEqualTo(1.0);
    }

    @Test
    void aReadOfTheWriterPositionsIsOnlyAsFreshAsTheMomentItWasSent() {
        Duration interval = Duration.ofMillis(500);
        cache = cache(interval, Duration.ofSeconds(30));
        table.store("d1", 1);
        caughtUp(5, 5);
        find("d1");
        assertThat(isReady()).isTrue();

        // the query answers after more than two intervals: what it says was true when it was sent, not now
        table.answerAfter = interval.multipliedBy(3);
        refresher.refresh();

        assertThat(isReady()).isFalse();
        assertThat(cache.state()).isEqualTo(LatestCacheState.POSITIONS_STALE);
        int reads = table.reads;
        find("d1");
        assertThat(table.reads).isEqualTo(reads + 1);

        table.answerAfter = Duration.ZERO;
        refresher.refresh();
        assertThat(isReady()).isTrue();
    }

    @Test
    void stopsServingWhileTheWriterStandsStillBehindTheReaderAndResumesWhenItMoves() {
        cache = cache(Duration.ofSeconds(1), Duration.ofSeconds(2));
        table.store("d1", 1);
        caughtUp(5, 5);
        find("d1");

        // the reader goes on, the writer's stored position does not (down, renamed group, other topic)
        progress.read("d2", 0, 5);
        progress.reached(Map.of(0, 6L));
        refresher.refresh();
        assertThat(isReady()).as("within the bound").isTrue();

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
            refresher.refresh();
            return cache.state() == LatestCacheState.WRITER_STALLED;
        });
        int reads = table.reads;
        find("d1");
        assertThat(table.reads).as("answered by the database").isEqualTo(reads + 1);

        table.positions.put(0, 6L);
        refresher.refresh();

        assertThat(isReady()).isTrue();
        find("d1");
        assertThat(table.reads).as("the entry was dropped while the writer stood still").isEqualTo(reads + 2);
        find("d1");
        assertThat(table.reads).isEqualTo(reads + 2);
    }

    @Test
    void aWriterWithNothingToStoreNeverCountsAsStalled() {
        cache = cache(Duration.ofSeconds(1), Duration.ofSeconds(1));
        long before = System.nanoTime();
        caughtUp(5, 5);

        // the writer stands still for more than the bound, but the reader read nothing it has to store
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(50)).until(() -> {
            refresher.refresh();
            return System.nanoTime() - before > Duration.ofMillis(2_500).toNanos();
        });

        refresher.refresh();
        assertThat(isReady()).isTrue();
    }

    @Test
    void recordsWithoutADriverIdMoveTheReaderOn() {
        caughtUp(5, 5);
        table.positions.put(0, 8L);
        refresher.refresh();
        assertThat(cache.state()).isEqualTo(LatestCacheState.READER_BEHIND_WRITER);

        progress.skipped(0, 5);
        progress.skipped(0, 6);
        progress.skipped(0, 7);

        refresher.refresh();
        assertThat(isReady()).isTrue();
    }

    @Test
    void registersEveryMeterUnderTheNamesAndTagsTheDashboardsUse() {
        List<String> meterIds = meters.getMeters().stream()
                .map(meter -> meter.getId().getName() + meter.getId().getTags().stream()
                        .map(tag -> "{" + tag.getKey() + "=" + tag.getValue() + "}").reduce("", String::concat))
                .toList();

        assertThat(meterIds).containsExactlyInAnyOrder(
                "tracking.query.latest.cache.lookups{outcome=hit}",
                "tracking.query.latest.cache.lookups{outcome=miss}",
                "tracking.query.latest.cache.lookups{outcome=bypass}",
                "tracking.query.latest.cache.refreshed",
                "tracking.query.latest.cache.refresh.failures{step=positions}",
                "tracking.query.latest.cache.refresh.failures{step=reread}",
                "tracking.query.latest.cache.entries",
                "tracking.query.latest.cache.ready",
                "tracking.query.latest.cache.positions.age",
                "tracking.query.latest.cache.state{state=serving}",
                "tracking.query.latest.cache.state{state=disabled}",
                "tracking.query.latest.cache.state{state=reader-not-started}",
                "tracking.query.latest.cache.state{state=no-writer-positions}",
                "tracking.query.latest.cache.state{state=unfollowed-partition}",
                "tracking.query.latest.cache.state{state=writer-behind-start}",
                "tracking.query.latest.cache.state{state=reader-behind-writer}",
                "tracking.query.latest.cache.state{state=positions-stale}",
                "tracking.query.latest.cache.state{state=writer-stalled}");
    }

    /** {@code driver_latest_location} and {@code kafka_consumer_positions} in memory. */
    private static final class FakeTable implements LatestLocations, StoredLatest {

        final Map<String, DriverLocation> rows = new HashMap<>();
        final Map<Integer, Long> positions = new HashMap<>();
        final List<List<String>> readAlls = new ArrayList<>();
        int reads;
        volatile boolean failing;
        /** How long a read of the writer's positions takes to answer. */
        volatile Duration answerAfter = Duration.ZERO;
        /** Run once by the next {@link #find}, after it read the row and before it answers. */
        @Nullable Runnable afterNextRead;

        void store(String driverId, double latitude) {
            rows.put(driverId, new DriverLocation(driverId, latitude, 0, T0, null, null, null));
        }

        @Override
        public Optional<DriverLocation> find(String driverId) {
            reads++;
            Optional<DriverLocation> row = Optional.ofNullable(rows.get(driverId));
            Runnable hook = afterNextRead;
            afterNextRead = null;
            if (hook != null) {
                hook.run();
            }
            return row;
        }

        @Override
        public Map<Integer, Long> writerPositions(String group) {
            if (failing) {
                throw new IllegalStateException("database down");
            }
            long sent = System.nanoTime();
            if (!answerAfter.isZero()) {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                        .until(() -> System.nanoTime() - sent >= answerAfter.toNanos());
            }
            return Map.copyOf(positions);
        }

        @Override
        public List<DriverLocation> findAll(List<String> driverIds) {
            readAlls.add(List.copyOf(driverIds));
            List<DriverLocation> found = new ArrayList<>();
            for (String driverId : driverIds) {
                reads++;
                if (rows.containsKey(driverId)) {
                    found.add(rows.get(driverId));
                }
            }
            return found;
        }
    }
}
