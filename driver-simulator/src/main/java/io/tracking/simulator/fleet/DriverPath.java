package io.tracking.simulator.fleet;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.random.RandomGenerator;

import org.jspecify.annotations.Nullable;

/**
 * The movement of one simulated driver: a vehicle that accelerates and brakes gently, sometimes stops (traffic),
 * turns smoothly and is steered back towards the centre when it nears the edge of its {@link CityArea}.
 *
 * <p>Invariants of the pings it produces: speed in [0, {@value #MAX_SPEED_MPS}] m/s, heading in [0, 360), position
 * within the area's radius plus the distance needed to turn around ({@link #maxOvershootMeters()}), and
 * {@code recordedAt} strictly increasing (millisecond precision, so that a store with microsecond precision
 * returns exactly what was sent).
 *
 * <p>Not thread-safe: callers keep each driver's pings on one thread at a time.
 */
public final class DriverPath {

    public static final double MAX_SPEED_MPS = 20.0;

    static final double MAX_ACCELERATION_MPS2 = 2.0;
    static final double MAX_TURN_RATE_DEGREES_PER_SECOND = 20.0;
    static final double STEP_SECONDS = 1.0;
    /** Beyond this gap between two fixes the position simply continues; simulating hours of driving adds nothing. */
    static final double MAX_SIMULATED_GAP_SECONDS = 600;
    private static final double STEER_HOME_FRACTION = 0.85;

    private final String driverId;
    private final CityArea area;
    private final RandomGenerator random;

    private double latitude;
    private double longitude;
    private double speed;
    private double heading;
    private double turnRate;
    private double targetSpeed;
    private @Nullable Instant lastRecordedAt;

    public DriverPath(String driverId, CityArea area, RandomGenerator random) {
        this.driverId = driverId;
        this.area = area;
        this.random = random;
        // uniform over the inner disc: sqrt keeps the density even rather than crowding the centre
        double distance = area.radiusMeters() * 0.8 * Math.sqrt(random.nextDouble());
        double bearing = random.nextDouble() * 2 * Math.PI;
        this.latitude = area.centreLatitude();
        this.longitude = area.centreLongitude();
        move(distance * Math.cos(bearing), distance * Math.sin(bearing));
        this.speed = random.nextDouble() * 15;
        this.targetSpeed = randomTargetSpeed();
        this.heading = random.nextDouble() * 360;
    }

    /** The distance a driver can overshoot the area's edge while turning back at full speed. */
    public static double maxOvershootMeters() {
        return MAX_SPEED_MPS * (180 / MAX_TURN_RATE_DEGREES_PER_SECOND + 2 * STEP_SECONDS);
    }

    public String driverId() {
        return driverId;
    }

    /**
     * The fix taken at {@code at}, moving the driver forward by the time since the previous fix. A time at or
     * before the previous fix is moved to one millisecond after it.
     */
    public Ping next(Instant at) {
        Instant recordedAt = at.truncatedTo(ChronoUnit.MILLIS);
        Instant previous = lastRecordedAt;
        if (previous != null) {
            if (!recordedAt.isAfter(previous)) {
                recordedAt = previous.plusMillis(1);
            }
            advance(Duration.between(previous, recordedAt).toMillis() / 1000.0);
        }
        lastRecordedAt = recordedAt;
        return new Ping(driverId, round(latitude, 7), round(longitude, 7), recordedAt,
                round(3 + random.nextDouble() * 22, 1), round(speed, 2), reportedHeading());
    }

    private void advance(double seconds) {
        double remaining = Math.min(seconds, MAX_SIMULATED_GAP_SECONDS);
        while (remaining > 0) {
            double dt = Math.min(STEP_SECONDS, remaining);
            step(dt);
            remaining -= dt;
        }
    }

    private void step(double dt) {
        if (random.nextDouble() < dt / 20) {
            targetSpeed = randomTargetSpeed();
        }
        double maxChange = MAX_ACCELERATION_MPS2 * dt;
        speed = clamp(speed + clamp(targetSpeed - speed, -maxChange, maxChange), 0, MAX_SPEED_MPS);

        double maxTurn = MAX_TURN_RATE_DEGREES_PER_SECOND;
        double fromCentre = area.distanceFromCentre(latitude, longitude);
        if (fromCentre > area.radiusMeters() * STEER_HOME_FRACTION) {
            double towardsCentre = Math.toDegrees(Math.atan2(
                    -area.eastOffsetMeters(latitude, longitude), -area.northOffsetMeters(latitude)));
            turnRate = clamp(signedDifference(towardsCentre, heading), -maxTurn, maxTurn);
        } else {
            // a random walk on the turn rate, damped towards driving straight, gives smooth curves
            turnRate = clamp(turnRate * 0.9 + random.nextGaussian() * 3 * dt, -maxTurn, maxTurn);
        }
        heading = normalise(heading + turnRate * dt);

        double distance = speed * dt;
        double radians = Math.toRadians(heading);
        move(distance * Math.cos(radians), distance * Math.sin(radians));
    }

    private void move(double northMeters, double eastMeters) {
        latitude += Math.toDegrees(northMeters / CityArea.EARTH_RADIUS_METERS);
        longitude += Math.toDegrees(eastMeters / (CityArea.EARTH_RADIUS_METERS * Math.cos(Math.toRadians(latitude))));
    }

    private double randomTargetSpeed() {
        // about one target in six is a stop: lights, pick-ups, traffic
        return random.nextDouble() < 0.15 ? 0 : 3 + random.nextDouble() * (MAX_SPEED_MPS - 3);
    }

    private double reportedHeading() {
        double rounded = round(heading, 1);
        return rounded >= 360 ? 0 : rounded;
    }

    static double normalise(double degrees) {
        double result = degrees % 360;
        if (result < 0) {
            result += 360;
        }
        // -1e-17 % 360 + 360 rounds to exactly 360
        return result >= 360 ? 0 : result;
    }

    private static double signedDifference(double target, double current) {
        double difference = normalise(target - current);
        return difference > 180 ? difference - 360 : difference;
    }

    private static double clamp(double value, double min, double max) {
        return Math.max(min, Math.min(max, value));
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
