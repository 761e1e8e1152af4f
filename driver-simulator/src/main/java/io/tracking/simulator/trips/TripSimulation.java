package io.tracking.simulator.trips;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;

import io.tracking.contract.trip.GeoPoint;
import io.tracking.simulator.fleet.Ping;
import io.tracking.simulator.trips.PlannedPing.Noise;

/**
 * One driver's true movement, second by second, and the fixes the phone reports of it every
 * {@value #FIX_INTERVAL_SECONDS} s with the noise of real phones. It also keeps the truth the evaluation needs: when
 * the driver entered the arrive radius of the stop it heads for and stayed, and how close it came when passing by.
 *
 * <p>Not thread-safe; one per trip.
 */
final class TripSimulation {

    static final int FIX_INTERVAL_SECONDS = 4;
    /** The trip engine's default arrive radius: "at the stop" means inside it. */
    static final double ARRIVE_RADIUS_METERS = 50;
    static final double MAX_ACCELERATION_MPS2 = 2.0;
    static final double MAX_DECELERATION_MPS2 = 2.5;
    /** A fix is sent late (out of order) with this probability ... */
    static final double DELAYED_SHARE = 0.05;
    /** ... sent twice with this one ... */
    static final double DUPLICATE_SHARE = 0.02;
    /** ... and jumps 300–500 m with this one: about one per trip. */
    static final double JUMP_SHARE = 1.0 / 300;
    /** While driving far from a stop, a gap of 30–60 s without fixes starts with this probability per fix. */
    static final double GAP_SHARE = 1.0 / 150;
    /** A slow-down to 0–2 m/s for 10–40 s (a light, traffic) starts with this probability per second of driving. */
    static final double SLOW_DOWN_RATE = 1.0 / 120;
    /** Slow-downs start only this far from the stop, so that none is mistaken for a visit. */
    static final double CALM_RADIUS_METERS = 300;
    /**
     * Gaps start only this far from the stop (a minute at 12 m/s, and more), so that none hides an arrival: the
     * detection delay measures the engine, not a phone that sent nothing.
     */
    static final double GAP_FREE_RADIUS_METERS = 800;
    /** Phones report up to this much error, whatever their accuracy claims: the "±30 m" jitter when parked. */
    static final double MAX_ERROR_METERS = 30;

    private final String driverId;
    private final RandomGenerator random;
    private final List<PlannedPing> pings = new ArrayList<>();
    private GeoPoint position;
    private double speed;
    private double heading;
    private long nowMillis;
    private long stepsToNextFix;
    private long gapUntilMillis = Long.MIN_VALUE;
    private long lastFixMillis = Long.MIN_VALUE;
    private long slowUntilMillis = Long.MIN_VALUE;
    private double slowSpeed;
    private @Nullable GeoPoint stop;
    private @Nullable Instant insideSince;

    TripSimulation(String driverId, GeoPoint start, Instant startAt, RandomGenerator random) {
        this.driverId = driverId;
        this.position = start;
        this.nowMillis = startAt.toEpochMilli();
        this.random = random;
        this.heading = random.nextDouble() * 360;
    }

    /** From now on, track arrival at {@code point}: the stop the driver heads for. */
    void headFor(GeoPoint point) {
        this.stop = point;
        this.insideSince = Distances.meters(position, point) <= ARRIVE_RADIUS_METERS ? now() : null;
    }

    /**
     * When the driver entered the arrive radius of the stop it heads for and has stayed inside since; null when it
     * is outside now.
     */
    @Nullable Instant insideSince() {
        return insideSince;
    }

    /**
     * Drives in a straight line to {@code target} at about {@code cruiseMps} and returns how close it passed the
     * stop it heads for.
     *
     * @param calm no slow-downs on the way (a drive-by passes without stopping)
     * @param stopAtEnd brake to a stop at {@code target} (parking, or a U-turn), rather than drive through it
     */
    Pass driveTo(GeoPoint target, double cruiseMps, boolean calm, boolean stopAtEnd) {
        Pass closest = new Pass(Double.MAX_VALUE, now(), speed);
        double remaining = Distances.meters(position, target);
        if (remaining > 0.5) {
            heading = Math.toDegrees(Distances.bearing(position, target));
        }
        while (remaining > 0.5) {
            double targetSpeed = cruiseMps;
            if (!calm && nowMillis < slowUntilMillis) {
                targetSpeed = slowSpeed;
            } else if (!calm && !within(CALM_RADIUS_METERS) && random.nextDouble() < SLOW_DOWN_RATE) {
                slowUntilMillis = nowMillis + 10_000 + random.nextLong(30_000);
                slowSpeed = random.nextDouble() * 2;
                targetSpeed = slowSpeed;
            }
            if (stopAtEnd) {
                // brakes so as to crawl the last metres
                targetSpeed = Math.min(targetSpeed, Math.max(1.5, remaining / 4));
            }
            speed = Math.max(0, speed + clamp(targetSpeed - speed, -MAX_DECELERATION_MPS2, MAX_ACCELERATION_MPS2));
            double step = Math.min(speed, remaining);
            position = Distances.towards(position, Distances.bearing(position, target), step);
            remaining -= step;
            tick();
            if (stop != null) {
                double distance = Distances.meters(position, stop);
                if (distance < closest.meters()) {
                    closest = new Pass(distance, now(), speed);
                }
            }
        }
        if (stopAtEnd) {
            speed = 0;
        }
        return closest;
    }

    /** Stays parked at {@code spot} for {@code duration}. */
    void park(GeoPoint spot, Duration duration) {
        position = spot;
        speed = 0;
        long until = nowMillis + duration.toMillis();
        while (nowMillis < until) {
            tick();
        }
    }

    Instant now() {
        return Instant.ofEpochMilli(nowMillis);
    }

    /** The fixes so far, in the order the phone hands them over. */
    List<PlannedPing> pings() {
        List<PlannedPing> sorted = new ArrayList<>(pings);
        sorted.sort((a, b) -> a.sendAt().compareTo(b.sendAt()));
        return sorted;
    }

    /** One second passes: the truth is updated and a fix is taken when one is due. */
    private void tick() {
        nowMillis += 1_000;
        if (stop != null) {
            boolean inside = Distances.meters(position, stop) <= ARRIVE_RADIUS_METERS;
            if (!inside) {
                insideSince = null;
            } else if (insideSince == null) {
                insideSince = now();
            }
        }
        if (--stepsToNextFix > 0) {
            return;
        }
        stepsToNextFix = FIX_INTERVAL_SECONDS;
        if (nowMillis < gapUntilMillis) {
            return;
        }
        // a gap follows a fix, never another gap or the start
        boolean previousTaken = nowMillis - lastFixMillis == FIX_INTERVAL_SECONDS * 1_000L;
        if (previousTaken && speed > 0 && !within(GAP_FREE_RADIUS_METERS) && random.nextDouble() < GAP_SHARE) {
            gapUntilMillis = nowMillis + 30_000 + random.nextLong(30_001);
            return;
        }
        takeFix();
    }

    private void takeFix() {
        lastFixMillis = nowMillis;
        Instant recordedAt = now();
        double accuracy = 5 + random.nextDouble() * 35;
        boolean jump = random.nextDouble() < JUMP_SHARE;
        GeoPoint measured = jump
                ? Distances.towards(position, random.nextDouble() * 2 * Math.PI, 300 + random.nextDouble() * 200)
                : Distances.towards(position, random.nextDouble() * 2 * Math.PI,
                        Math.min(accuracy, MAX_ERROR_METERS) * Math.sqrt(random.nextDouble()));
        double reportedSpeed = speed == 0 ? 0 : Math.max(0, speed + random.nextGaussian() * 0.3);
        Ping ping = new Ping(driverId, round(measured.latitude(), 7), round(measured.longitude(), 7), recordedAt,
                round(accuracy, 1), round(reportedSpeed, 2), round(normalise(heading), 1));
        if (jump) {
            pings.add(new PlannedPing(ping, recordedAt, Noise.JUMP));
            return;
        }
        if (random.nextDouble() < DELAYED_SHARE) {
            pings.add(new PlannedPing(ping, recordedAt.plusMillis(5_000 + random.nextLong(20_001)), Noise.DELAYED));
        } else {
            pings.add(new PlannedPing(ping, recordedAt, Noise.NONE));
        }
        if (random.nextDouble() < DUPLICATE_SHARE) {
            pings.add(new PlannedPing(ping, recordedAt.plusMillis(12_000 + random.nextLong(12_001)),
                    Noise.DUPLICATE));
        }
    }

    private boolean within(double meters) {
        return stop != null && Distances.meters(position, stop) < meters;
    }

    private static double normalise(double degrees) {
        double result = degrees % 360;
        result = result < 0 ? result + 360 : result;
        return result >= 359.95 ? 0 : result;
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    /**
     * The closest the driver came to the stop it heads for during one {@link #driveTo}.
     *
     * @param meters the distance then
     * @param at when
     * @param speedMps how fast it went then
     */
    record Pass(double meters, Instant at, double speedMps) {
    }
}
