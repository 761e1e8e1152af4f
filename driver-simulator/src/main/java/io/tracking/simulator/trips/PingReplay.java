package io.tracking.simulator.trips;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

import io.tracking.simulator.delivery.Dispatcher;
import io.tracking.simulator.fleet.Ping;

/**
 * Sends the planned pings of every trip through the ingest service, one driver's batch per request, in
 * simulated-time order across all drivers, {@code speedup} times faster than real time: a recorded day played back
 * fast. Kafka Streams then sees every partition's stream time advance as it would have live, so the engine decides
 * by event time exactly as it would in real time.
 *
 * <p>Each phone uploads what it has every {@link #UPLOAD_INTERVAL} of simulated time (three fixes, fewer
 * requests), a delayed fix in a later upload than newer ones: out of order on the topic.
 */
final class PingReplay {

    static final Duration UPLOAD_INTERVAL = Duration.ofSeconds(12);

    /**
     * One request: a driver's pings handed over by {@code at}.
     *
     * @param at simulated time of the upload
     * @param pings the driver's pings, in the order the phone handed them over
     */
    record Upload(Instant at, List<Ping> pings) {
    }

    /** The identity of a ping: what the trip events quote as their evidence. */
    record PingKey(String driverId, Instant recordedAt) {
    }

    /**
     * What the replay did.
     *
     * @param pings pings sent (duplicates included)
     * @param firstSendMillis wall clock of the first request
     * @param lastSendMillis wall clock of the last request
     * @param achievedSpeedup simulated time covered over the wall time it took: below the target when the
     *     services (or the request bound) held the replay back
     * @param sentAt wall clock (epoch ms) of each ping's first send
     */
    record Result(long pings, long firstSendMillis, long lastSendMillis, double achievedSpeedup,
            Map<PingKey, Long> sentAt) {
    }

    private final Dispatcher dispatcher;
    private final double speedup;

    PingReplay(Dispatcher dispatcher, double speedup) {
        this.dispatcher = dispatcher;
        this.speedup = speedup;
    }

    /** The uploads of every trip, in simulated-time order. */
    static List<Upload> uploads(List<PlannedTrip> trips) {
        List<Upload> uploads = new ArrayList<>();
        long interval = UPLOAD_INTERVAL.toMillis();
        for (PlannedTrip trip : trips) {
            if (trip.pings().isEmpty()) {
                continue;
            }
            long phase = trip.pings().get(0).sendAt().toEpochMilli();
            Map<Long, List<Ping>> byUpload = new TreeMap<>();
            for (PlannedPing planned : trip.pings()) {
                long since = planned.sendAt().toEpochMilli() - phase;
                long at = phase - Math.floorDiv(-since, interval) * interval; // rounded up to the next upload
                byUpload.computeIfAbsent(at, key -> new ArrayList<>()).add(planned.ping());
            }
            byUpload.forEach((at, pings) -> uploads.add(new Upload(Instant.ofEpochMilli(at), List.copyOf(pings))));
        }
        uploads.sort(Comparator.comparing(Upload::at));
        return uploads;
    }

    /** Sends {@code uploads} paced by their simulated time; returns when the last one was handed to the sender. */
    Result run(List<Upload> uploads) throws InterruptedException {
        Map<PingKey, Long> sentAt = new HashMap<>();
        if (uploads.isEmpty()) {
            return new Result(0, 0, 0, 0, sentAt);
        }
        Instant simulatedStart = uploads.get(0).at();
        long wallStart = System.nanoTime();
        long firstSend = System.currentTimeMillis();
        long pings = 0;
        for (Upload upload : uploads) {
            long due = wallStart
                    + (long) (Duration.between(simulatedStart, upload.at()).toNanos() / speedup);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait); // pacing the replay, not waiting for the system
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            long now = System.currentTimeMillis();
            for (Ping ping : upload.pings()) {
                sentAt.putIfAbsent(new PingKey(ping.driverId(), ping.recordedAt()), now);
            }
            dispatcher.submit(upload.pings());
            pings += upload.pings().size();
        }
        long elapsedNanos = Math.max(1, System.nanoTime() - wallStart);
        Duration covered = Duration.between(simulatedStart, uploads.get(uploads.size() - 1).at());
        double achieved = covered.toNanos() / (double) elapsedNanos;
        return new Result(pings, firstSend, System.currentTimeMillis(), Math.round(achieved * 10) / 10.0,
                sentAt);
    }
}
