package io.tracking.query.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tracking.contract.LocationUpdate;
import tools.jackson.databind.json.JsonMapper;

/** One record at a time, whatever its bytes: what reaches the listeners, what the followers hear, what is counted. */
class LiveRecordHandlerTests {

    private static final String WATCHED = "driver-w";
    private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final RecordingListener listener = new RecordingListener(Set.of(WATCHED, "other-w", "123"));
    private final RecordingFollower follower = new RecordingFollower();

    private LiveRecordHandler handler(Clock clock, LiveLocationListener... listeners) {
        return new LiveRecordHandler(List.of(listeners), follower, Duration.ofDays(1), clock, meters);
    }

    private LiveRecordHandler handler() {
        return handler(Clock.fixed(NOW, ZoneOffset.UTC), listener);
    }

    private static String ping(String driverId, String recordedAt, String receivedAt) {
        return "{\"driverId\":\"" + driverId + "\",\"latitude\":12.5,\"longitude\":77.5,\"recordedAt\":" + recordedAt
                + ",\"receivedAt\":" + receivedAt + "}";
    }

    private static String ping(String driverId) {
        return ping(driverId, "\"2026-11-28T09:59:59.123456Z\"", "\"2026-11-28T09:59:59.200Z\"");
    }

    private static ConsumerRecord<byte[], byte[]> record(long offset, byte @Nullable [] key, byte @Nullable [] value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("odd", null);
        headers.add("odd", new byte[] { (byte) 0xff, 0 });
        return new ConsumerRecord<>("topic", 3, offset, -1L, TimestampType.CREATE_TIME, -1, -1, key, value, headers,
                Optional.empty());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private double records(String outcome, String reason) {
        return meters.get(LiveRecordHandler.RECORDS).tag("outcome", outcome).tag("reason", reason).counter().count();
    }

    @Test
    void handsAValidPositionOfAWatchedDriverToTheListeners() {
        handler().handle(record(7, bytes(WATCHED), bytes(ping(WATCHED))));

        assertThat(listener.received).extracting(LocationUpdate::driverId).containsExactly(WATCHED);
        assertThat(follower.calls).containsExactly("read " + WATCHED + " 3@7");
        assertThat(records("accepted", "none")).isEqualTo(1);
        assertThat(meters.get("tracking.query.live.read.latency").timer().totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(800);
    }

    @Test
    void skipsAnUnwatchedDriverBeforeDecodingItsValue() {
        handler().handle(record(7, bytes("nobody-watches"), bytes("not even json")));

        assertThat(listener.received).isEmpty();
        assertThat(follower.calls).containsExactly("read nobody-watches 3@7");
        assertThat(records("unwatched", "none")).isEqualTo(1);
    }

    static Stream<Arguments> unusableRecords() {
        byte[] valid = bytes(ping(WATCHED));
        byte[] random = new byte[4096];
        new Random(42).nextBytes(random);
        byte[] huge = new byte[900_000];
        Arrays.fill(huge, (byte) '[');
        String far = ping(WATCHED, "\"2026-11-28T09:59:59Z\"", "\"+300000000-01-01T00:00:00Z\"");
        return Stream.of(
                Arguments.of("no key, valid value", null, valid, "missing-key"),
                Arguments.of("empty key", new byte[0], valid, "missing-key"),
                Arguments.of("key with a space", bytes("driver w"), valid, "invalid-key"),
                Arguments.of("key not UTF-8", new byte[] { (byte) 0xc3, (byte) 0x28 }, valid, "invalid-key"),
                Arguments.of("key of 65 characters", bytes("d".repeat(65)), valid, "invalid-key"),
                Arguments.of("key of another driver", bytes(WATCHED), bytes(ping("other-w")), "key-mismatch"),
                Arguments.of("no value", bytes(WATCHED), null, "undecodable"),
                Arguments.of("empty value", bytes(WATCHED), new byte[0], "undecodable"),
                Arguments.of("random bytes", bytes(WATCHED), random, "undecodable"),
                Arguments.of("truncated JSON", bytes(WATCHED), Arrays.copyOf(valid, valid.length / 2), "undecodable"),
                Arguments.of("900 KB of nesting", bytes(WATCHED), huge, "undecodable"),
                Arguments.of("JSON null", bytes(WATCHED), bytes("null"), "undecodable"),
                Arguments.of("JSON array", bytes(WATCHED), bytes("[1,2]"), "undecodable"),
                Arguments.of("latitude as a string", bytes(WATCHED), bytes(ping(WATCHED).replace("12.5", "\"12.5\"")),
                        "undecodable"),
                Arguments.of("latitude as a boolean", bytes(WATCHED),
                        bytes(ping(WATCHED).replace("12.5", "true")), "undecodable"),
                Arguments.of("driverId as a number", bytes("123"),
                        bytes(ping("123").replace("\"123\"", "123")), "undecodable"),
                Arguments.of("latitude missing", bytes(WATCHED),
                        bytes(ping(WATCHED).replace("\"latitude\":12.5,", "")), "undecodable"),
                Arguments.of("trailing garbage", bytes(WATCHED), bytes(ping(WATCHED) + "}"), "undecodable"),
                Arguments.of("receivedAt in the year 300000000", bytes(WATCHED), bytes(far), "invalid"),
                Arguments.of("receivedAt in the year -5000", bytes(WATCHED),
                        bytes(ping(WATCHED, "\"2026-11-28T09:59:59Z\"", "\"-5000-01-01T00:00:00Z\"")), "invalid"),
                Arguments.of("numeric recordedAt 9300000000000000", bytes(WATCHED),
                        bytes(ping(WATCHED, "9300000000000000", "\"2026-11-28T09:59:59Z\"")), "invalid"),
                Arguments.of("recordedAt in nanoseconds", bytes(WATCHED),
                        bytes(ping(WATCHED, "\"2026-11-28T09:59:59.123456789Z\"", "\"2026-11-28T09:59:59Z\"")),
                        "invalid"),
                Arguments.of("latitude out of range", bytes(WATCHED), bytes(ping(WATCHED).replace("12.5", "91")),
                        "invalid"),
                Arguments.of("driverId null", bytes(WATCHED), bytes(ping(WATCHED).replace("\"" + WATCHED + "\"",
                        "null")), "invalid"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unusableRecords")
    void skipsAnUnusableRecordBeforeAnyListenerAndCountsWhy(String name, byte @Nullable [] key,
            byte @Nullable [] value, String reason) {
        LiveRecordHandler handler = handler();

        assertThatCode(() -> handler.handle(record(11, key, value))).doesNotThrowAnyException();

        assertThat(listener.received).isEmpty();
        assertThat(records("rejected", reason)).isEqualTo(1);
        assertThat(follower.calls).as("the followers still see the record").hasSize(1)
                .allMatch(call -> call.endsWith(" 3@11"));
        if (reason.endsWith("-key")) {
            assertThat(follower.calls).containsExactly("skipped 3@11");
        }
    }

    @Test
    void feedsTheLatencyTimerOnlySaneDurationsWhateverTheClockSays() {
        handler(Clock.fixed(Instant.MAX, ZoneOffset.UTC), listener)
                .handle(record(1, bytes(WATCHED), bytes(ping(WATCHED))));
        // a clock an hour behind the ingest's: a negative latency, recorded as none
        handler(Clock.fixed(NOW.minusSeconds(3_600), ZoneOffset.UTC), listener)
                .handle(record(2, bytes(WATCHED), bytes(ping(WATCHED))));
        // a clock at the start of time: every fix is further ahead than the writer stores, so none is pushed
        handler(Clock.fixed(Instant.MIN, ZoneOffset.UTC), listener)
                .handle(record(3, bytes(WATCHED), bytes(ping(WATCHED))));

        assertThat(listener.received).hasSize(2);
        assertThat(meters.get(LiveRecordHandler.RECORDS).tag("reason", "future").counter().count()).isEqualTo(1);
        var latency = meters.get("tracking.query.live.read.latency").timer();
        assertThat(latency.count()).isEqualTo(2);
        assertThat(latency.max(TimeUnit.SECONDS)).isEqualTo(Elapsed.MAX.toSeconds());
        assertThat(latency.totalTime(TimeUnit.SECONDS)).isEqualTo(Elapsed.MAX.toSeconds());
    }

    @Test
    void aListenerThatThrowsIsCountedAndTheOthersStillGetThePosition() {
        LiveLocationListener failing = new LiveLocationListener() {
            @Override
            public void onLocation(LocationUpdate update) {
                throw new IllegalStateException("listener bug at " + update.latitude());
            }
        };
        LiveRecordHandler handler = handler(Clock.fixed(NOW, ZoneOffset.UTC), failing, listener);

        handler.handle(record(1, bytes(WATCHED), bytes(ping(WATCHED))));
        handler.handle(record(2, bytes(WATCHED), bytes(ping(WATCHED))));

        assertThat(listener.received).hasSize(2);
        assertThat(meters.get("tracking.query.live.listener.failures").tag("listener", failing.getClass().getName())
                .counter().count()).isEqualTo(2);
        assertThat(meters.get("tracking.query.live.listener.failures").tag("listener", "RecordingListener")
                .counter().count()).isZero();
        assertThat(records("accepted", "none")).isEqualTo(2);
    }

    @Test
    void readsDriverIdsFromKeysWithoutTrustingThem() {
        assertThat(LiveRecordHandler.driverId(bytes("Driver_42-x"))).isEqualTo("Driver_42-x");
        assertThat(LiveRecordHandler.driverId(bytes("d".repeat(64)))).hasSize(64);
        assertThat(LiveRecordHandler.driverId(null)).isNull();
        assertThat(LiveRecordHandler.driverId(bytes("é"))).isNull();
        assertThat(LiveRecordHandler.driverId(bytes("a/b"))).isNull();
    }

    @Test
    void clampsElapsedTimes() {
        assertThat(Elapsed.between(Instant.MIN, Instant.MAX)).isEqualTo(Elapsed.MAX);
        assertThat(Elapsed.between(Instant.MAX, Instant.MIN)).isEqualTo(Duration.ZERO);
        assertThat(Elapsed.between(NOW, NOW.plusMillis(5))).isEqualTo(Duration.ofMillis(5));
    }

    private static final class RecordingListener implements LiveLocationListener {

        final List<LocationUpdate> received = new ArrayList<>();
        private final Set<String> watched;

        RecordingListener(Set<String> watched) {
            this.watched = watched;
        }

        @Override
        public boolean watches(String driverId) {
            return watched.contains(driverId);
        }

        @Override
        public void onLocation(LocationUpdate update) {
            received.add(update);
        }
    }

    private static final class RecordingFollower implements LiveFeedProgress {

        final List<String> calls = new ArrayList<>();

        @Override
        public void started(int partition, long position) {
            calls.add("started " + partition + "@" + position);
        }

        @Override
        public void read(String driverId, int partition, long offset) {
            calls.add("read " + driverId + " " + partition + "@" + offset);
        }

        @Override
        public void skipped(int partition, long offset) {
            calls.add("skipped " + partition + "@" + offset);
        }

        @Override
        public void reached(Map<Integer, Long> positions) {
            calls.add("reached " + positions);
        }

        @Override
        public void reset() {
            calls.add("reset");
        }
    }
}
