package io.tracking.simulator.fuzz;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.jspecify.annotations.Nullable;

import io.tracking.contract.LocationUpdate;

/**
 * A seeded generator of records for the location topic, as any outside Kafka client could write them: good pings in
 * every form the contract allows, and everything else (random bytes, truncated and mutated pings, extreme numbers and
 * dates, wrong types, missing fields, null, empty and mismatched keys, odd headers, sizes near the broker's limit).
 * Each record says what the pipeline must do with it, so the same seed always yields the same records and the same
 * expectations.
 */
public final class TopicFuzz {

    /** What the pipeline must do with a record. */
    public enum Expect {
        /** stored exactly once and served (a good ping) */
        STORED,
        /** on the dead-letter topic, never stored, never pushed */
        DEAD_LETTER,
        /** a mutated ping: either dead-lettered or, where the mutation left it valid, stored; never lost */
        EITHER
    }

    /**
     * One record to produce.
     *
     * @param ping the ping a {@link Expect#STORED} record carries; null otherwise
     * @param kind a short label of how the record was made, for failure messages
     */
    public record FuzzRecord(Expect expect, String kind, byte @Nullable [] key, byte @Nullable [] value, List<Header> headers,
            @Nullable LocationUpdate ping) {

        @Override
        public String toString() {
            return kind + " (" + expect + ", key " + (key == null ? "null" : key.length + " B") + ", value "
                    + (value == null ? "null" : value.length + " B") + ")";
        }
    }

    /** Bytes well under the broker's and producer's 1 MiB default limits, and a few just below them. */
    private static final int[] LARGE_SIZES = {300_000, 1_000_000, 1_048_000, 1_048_400};

    private final Random random;
    private final List<String> goodDrivers;
    private final String watchedDriver;
    private final String mutatedPrefix;
    private final Instant base;
    private long sequence;
    /** Large records cost the broker and the test real time: a few make the point. */
    private int largeLeft = 12;

    /**
     * @param goodDrivers the drivers whose good pings are generated; the first is the one a test watches live
     * @param mutatedPrefix driver id prefix of mutated pings, kept apart so a surviving mutation cannot become the
     *        newest position of a good driver
     * @param base the earliest recordedAt of a good ping; recent enough for the writer's retention
     */
    public TopicFuzz(long seed, List<String> goodDrivers, String mutatedPrefix, Instant base) {
        this.random = new Random(seed);
        this.goodDrivers = List.copyOf(goodDrivers);
        this.watchedDriver = goodDrivers.get(0);
        this.mutatedPrefix = mutatedPrefix;
        this.base = base;
    }

    /** {@code count} records, about 40 % good pings (a tenth of them sent twice), 10 % mutated, 50 % unusable. */
    public List<FuzzRecord> records(int count) {
        List<FuzzRecord> records = new ArrayList<>(count);
        while (records.size() < count) {
            int dice = random.nextInt(100);
            if (dice < 40) {
                FuzzRecord good = good();
                records.add(good);
                if (random.nextInt(10) == 0) {
                    records.add(withHeaders(good, "duplicate " + good.kind()));
                }
            } else if (dice < 50) {
                records.add(mutated());
            } else {
                records.add(unusable());
            }
        }
        return records;
    }

    /** A good ping of the watched driver, in canonical form, for the test's last check. */
    public FuzzRecord finalPing() {
        LocationUpdate ping = nextPing(watchedDriver, true);
        return new FuzzRecord(Expect.STORED, "final", utf8(ping.driverId()), utf8(canonical(ping)), List.of(), ping);
    }

    /** {@code count} records none of which may be stored: for a producer that only attacks. */
    public List<FuzzRecord> unusable(int count) {
        List<FuzzRecord> records = new ArrayList<>(count);
        while (records.size() < count) {
            records.add(unusable());
        }
        return records;
    }

    // ---- good pings

    private FuzzRecord good() {
        String driver = goodDrivers.get(random.nextInt(goodDrivers.size()));
        boolean watched = driver.equals(watchedDriver);
        LocationUpdate ping = nextPing(driver, random.nextBoolean());
        // the watched driver's pings are read by the live reader too: keep them to the plain form producers write
        String json = watched ? canonical(ping) : variant(ping);
        return new FuzzRecord(Expect.STORED, watched ? "good watched" : "good", utf8(driver), utf8(json),
                oddHeaders(), ping);
    }

    private LocationUpdate nextPing(String driver, boolean micros) {
        long step = ++sequence;
        Instant recordedAt = base.plusMillis(step * 3);
        if (micros) {
            recordedAt = recordedAt.plusNanos(1_000L * (1 + random.nextInt(999)));
        }
        Instant receivedAt = recordedAt.plusMillis(random.nextInt(5_000));
        Double accuracy = random.nextBoolean() ? null : round(random.nextDouble() * 50, 1);
        Double speed = random.nextBoolean() ? null : round(random.nextDouble() * 30, 2);
        Double heading = random.nextBoolean() ? null : round(random.nextDouble() * 359.9, 1);
        return new LocationUpdate(driver, round(-60 + random.nextDouble() * 120, 6),
                round(-170 + random.nextDouble() * 340, 6), recordedAt, receivedAt, accuracy, speed, heading);
    }

    /** Another spelling of the same ping that the contract accepts: offsets, epoch seconds, nulls, unknown fields. */
    private String variant(LocationUpdate ping) {
        StringBuilder json = new StringBuilder("{");
        List<String> fields = new ArrayList<>(List.of(
                "\"driverId\":\"" + ping.driverId() + "\"",
                "\"latitude\":" + number(ping.latitude()),
                "\"longitude\":" + number(ping.longitude()),
                "\"recordedAt\":" + time(ping.recordedAt()),
                "\"receivedAt\":" + time(ping.receivedAt())));
        optional(fields, "accuracyMeters", ping.accuracyMeters());
        optional(fields, "speedMps", ping.speedMps());
        optional(fields, "headingDegrees", ping.headingDegrees());
        if (random.nextInt(4) == 0) {
            fields.add("\"battery\":{\"level\":0.5,\"tags\":[1,\"x\",null]}");
        }
        java.util.Collections.shuffle(fields, random);
        json.append(String.join(random.nextBoolean() ? "," : " , ", fields));
        return json.append(random.nextBoolean() ? "}" : "}\n").toString();
    }

    private void optional(List<String> fields, String name, @Nullable Double value) {
        if (value != null) {
            fields.add("\"" + name + "\":" + number(value));
        } else if (random.nextBoolean()) {
            fields.add("\"" + name + "\":null");
        }
    }

    private String number(double value) {
        if (value == Math.rint(value) && random.nextBoolean()) {
            return Long.toString((long) value);
        }
        return random.nextInt(8) == 0 ? String.format(Locale.ROOT, "%.10E", value) : Double.toString(value);
    }

    private String time(Instant instant) {
        return switch (random.nextInt(4)) {
            case 0 -> "\"" + instant + "\"";
            case 1 -> "\"" + instant.atOffset(ZoneOffset.ofHoursMinutes(5, 30)) + "\"";
            case 2 -> "\"" + instant.atOffset(ZoneOffset.UTC).toString().replace("Z", "+00:00") + "\"";
            default -> epochSeconds(instant);
        };
    }

    private static String epochSeconds(Instant instant) {
        String nanos = String.format(Locale.ROOT, "%09d", instant.getNano());
        return instant.getEpochSecond() + "." + nanos;
    }

    // ---- mutated pings

    private FuzzRecord mutated() {
        String driver = mutatedPrefix + random.nextInt(20);
        byte[] value = utf8(canonical(nextPing(driver, random.nextBoolean())));
        int flips = 1 + random.nextInt(3);
        for (int i = 0; i < flips; i++) {
            value[random.nextInt(value.length)] = (byte) random.nextInt(256);
        }
        return new FuzzRecord(Expect.EITHER, "mutated", utf8(driver), value, oddHeaders(), null);
    }

    // ---- unusable records

    private FuzzRecord unusable() {
        String driver = random.nextInt(3) == 0 ? watchedDriver : goodDrivers.get(random.nextInt(goodDrivers.size()));
        LocationUpdate ping = nextPing(driver, random.nextBoolean());
        String canonical = canonical(ping);
        int choice = random.nextInt(12);
        return switch (choice) {
            case 0 -> dead("random bytes", randomKey(driver), randomBytes(random.nextInt(400)));
            case 1 -> dead("truncated", utf8(driver),
                    Arrays.copyOf(utf8(canonical), random.nextInt(canonical.length())));
            case 2 -> dead("no value", utf8(driver), null);
            case 3 -> badNumber(driver, canonical);
            case 4 -> dead("bad time", utf8(driver), utf8(replaceField(canonical, pick("recordedAt", "receivedAt"),
                    pick("\"+300000000-01-01T00:00:00Z\"", "\"-5000-01-01T00:00:00Z\"", "9300000000000000",
                            "-9300000000000000", "1e30", "-1e30", "\"2016-12-31T23:59:60Z\"",
                            "\"2016-12-31T23:59:60.5+01:00\"", "\"1999-12-31T23:59:59.999999Z\"",
                            "\"2100-01-01T00:00:00Z\"", "\"\"", "\"yesterday\"", "\"2026-13-45T25:61:00Z\"",
                            "true", "[]", "{\"epochSecond\":1}", "\"" + ping.recordedAt() + "\"" + "x"))));
            case 5 -> dead("nanoseconds", utf8(driver), utf8(replaceField(canonical, "recordedAt",
                    "\"" + ping.recordedAt().plusNanos(1 + random.nextInt(999)) + "\"")));
            case 6 -> dead("window", utf8(driver), utf8(replaceField(canonical, "recordedAt",
                    "\"" + (random.nextBoolean() ? base.minus(Duration.ofDays(45)) : base.plus(Duration.ofDays(3)))
                            + "\"")));
            case 7 -> dead("bad driver id", utf8(driver), utf8(replaceField(canonical, "driverId",
                    pick("\"a b\"", "\"" + "x".repeat(65) + "\"", "\"\"", "42", "null", "\"é\"", "\"d\\u0000\"",
                            "\"' or 1=1 --\""))));
            case 8 -> dead("wrong key", pick(random, null, new byte[0], utf8(driver + " "),
                    utf8(goodDrivers.get((goodDrivers.indexOf(driver) + 1) % goodDrivers.size())),
                    new byte[] {(byte) 0xC3, (byte) 0x28}, utf8(driver.toUpperCase(Locale.ROOT))), utf8(canonical));
            case 9 -> dead("missing field", utf8(driver), utf8(removeField(canonical,
                    pick("driverId", "latitude", "longitude", "recordedAt", "receivedAt"))));
            case 10 -> dead("shape", utf8(driver), utf8(pick("[]", "null", "\"ping\"", "42", "{}", "{\"a\":",
                    canonical + canonical, canonical + "]", "[" + canonical + "]", deep(random.nextInt(5_000)),
                    canonical.replaceFirst("\\{", "{\"x\":" + deep(3_000) + ","),
                    canonical.replace("\"latitude\":", "\"latitude\":1,\"latitude\":\"x\",\"l\":"))));
            default -> largeLeft-- > 0 ? dead("large", utf8(driver), large(canonical))
                    : dead("random bytes", randomKey(driver), randomBytes(random.nextInt(2_000)));
        };
    }

    private FuzzRecord badNumber(String driver, String canonical) {
        String wrongType = pick("\"NaN\"", "\"12.5\"", "true", "[1]", "{}", "\"\"");
        String field = pick("latitude", "longitude", "speedMps", "headingDegrees", "accuracyMeters");
        String value = random.nextInt(3) == 0 ? wrongType : switch (field) {
            case "latitude" -> pick("1e400", "-1e400", "91", "-90.0000001", "99999999999999999999999999999999");
            case "longitude" -> pick("1e400", "180.5", "-180.0000001", "1e308", "-1e308");
            case "speedMps" -> pick("-1", "100.0001", "1e400", "-0.5", "1e30");
            case "headingDegrees" -> pick("360", "-0.1", "1e400", "720");
            default -> pick("-1", "-0.5", "1e400", "-1e400");
        };
        return dead("bad " + field, utf8(driver), utf8(replaceField(canonical, field, value)));
    }

    private byte[] large(String canonical) {
        int size = LARGE_SIZES[random.nextInt(LARGE_SIZES.length)];
        // an otherwise good ping without its latitude, padded by an unknown field: unusable however it is read
        String head = removeField(canonical, "latitude").replaceFirst("\\{", "{\"padding\":\"");
        StringBuilder json = new StringBuilder(size).append(head, 0, head.indexOf('"', 1) + 12);
        while (json.length() < size - 200) {
            json.append("abcdefghijklmnopqrstuvwxyz0123456789");
        }
        json.append("\",").append(removeField(canonical, "latitude").substring(1));
        return utf8(json.toString());
    }

    private FuzzRecord dead(String kind, byte @Nullable [] key, byte @Nullable [] value) {
        return new FuzzRecord(Expect.DEAD_LETTER, kind, key, value, oddHeaders(), null);
    }

    private byte @Nullable [] randomKey(String driver) {
        return switch (random.nextInt(4)) {
            case 0 -> null;
            case 1 -> randomBytes(random.nextInt(80));
            default -> utf8(driver);
        };
    }

    private List<Header> oddHeaders() {
        if (random.nextInt(3) != 0) {
            return List.of();
        }
        List<Header> headers = new ArrayList<>();
        int count = 1 + random.nextInt(5);
        for (int i = 0; i < count; i++) {
            String name = switch (random.nextInt(5)) {
                case 0 -> "";
                case 1 -> "kafka_dlt-original-offset";
                case 2 -> "tracking-dlt-reason";
                case 3 -> new String(randomBytes(1 + random.nextInt(20)), StandardCharsets.ISO_8859_1);
                default -> "h" + i;
            };
            byte[] value = switch (random.nextInt(4)) {
                case 0 -> null;
                case 1 -> new byte[0];
                case 2 -> randomBytes(random.nextInt(10_000));
                default -> randomBytes(random.nextInt(16));
            };
            headers.add(new RecordHeader(name, value));
        }
        return headers;
    }

    private FuzzRecord withHeaders(FuzzRecord record, String kind) {
        return new FuzzRecord(record.expect(), kind, record.key(), record.value(), oddHeaders(), record.ping());
    }

    // ---- JSON pieces

    /** The ping as the ingest service's mapper writes it. */
    public static String canonical(LocationUpdate ping) {
        StringBuilder json = new StringBuilder(200).append("{\"driverId\":\"").append(ping.driverId())
                .append("\",\"latitude\":").append(ping.latitude())
                .append(",\"longitude\":").append(ping.longitude())
                .append(",\"recordedAt\":\"").append(ping.recordedAt())
                .append("\",\"receivedAt\":\"").append(ping.receivedAt()).append('"');
        appendOptional(json, "accuracyMeters", ping.accuracyMeters());
        appendOptional(json, "speedMps", ping.speedMps());
        appendOptional(json, "headingDegrees", ping.headingDegrees());
        return json.append('}').toString();
    }

    private static void appendOptional(StringBuilder json, String name, @Nullable Double value) {
        if (value != null) {
            json.append(",\"").append(name).append("\":").append(value);
        }
    }

    /** {@code canonical} with the value of {@code field} replaced by the JSON text {@code value}. */
    private static String replaceField(String canonical, String field, String value) {
        String marker = "\"" + field + "\":";
        int start = canonical.indexOf(marker);
        if (start < 0) {
            return canonical.substring(0, canonical.length() - 1) + "," + marker + value + "}";
        }
        int from = start + marker.length();
        return canonical.substring(0, from) + value + canonical.substring(endOfValue(canonical, from));
    }

    private static String removeField(String canonical, String field) {
        String marker = "\"" + field + "\":";
        int start = canonical.indexOf(marker);
        int end = endOfValue(canonical, start + marker.length());
        String without = canonical.substring(0, start) + canonical.substring(end);
        return without.replace("{,", "{").replace(",,", ",").replace(",}", "}");
    }

    /** The index just past a flat JSON value (string or number) starting at {@code from}. */
    private static int endOfValue(String json, int from) {
        if (json.charAt(from) == '"') {
            return json.indexOf('"', from + 1) + 1;
        }
        int end = from;
        while (end < json.length() && json.charAt(end) != ',' && json.charAt(end) != '}') {
            end++;
        }
        return end;
    }

    private static String deep(int depth) {
        return "[".repeat(depth) + "]".repeat(depth);
    }

    // ---- randomness

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private String pick(String... choices) {
        return choices[random.nextInt(choices.length)];
    }

    @SafeVarargs
    private static <T> T pick(Random random, T... choices) {
        return choices[random.nextInt(choices.length)];
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
