package io.tracking.trips.replay;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;

import io.tracking.contract.trip.TripParameterOverrides;
import io.tracking.trips.model.TripParameters;
import org.jspecify.annotations.Nullable;

/**
 * What to replay and with which parameters, from the command line. Either {@code --order ID} or a window
 * {@code --from INSTANT --to INSTANT} (the orders whose trip overlaps it). Parameters not given keep the model's
 * defaults; an order's own overrides still apply on top, unless {@code --ignore-order-overrides}.
 *
 * @param orderId the one order to replay, or null for a window
 * @param from start of the window
 * @param to end of the window
 * @param parameters the parameters the replay derives with
 * @param ignoreOrderOverrides whether an order's stored {@code trip_parameters} are ignored
 * @param databaseUrl JDBC URL of the tracking database
 * @param databaseUser its user
 * @param databasePassword its password
 */
record ReplayOptions(
        @Nullable String orderId,
        @Nullable Instant from,
        @Nullable Instant to,
        TripParameters parameters,
        boolean ignoreOrderOverrides,
        String databaseUrl,
        String databaseUser,
        String databasePassword) {

    static final String USAGE = """
            Usage: replay.sh (--order ID | --from INSTANT --to INSTANT) [parameters] [database]
              Re-derives trip events from location_history and prints how they differ from order_trip_events.
            Parameters (default: the service's defaults):
              --arrive-radius METERS   --dwell DURATION   --exit-radius METERS   --exit-confirmation DURATION
              --approach-eta DURATION  --approach-distance METERS   --grace DURATION   --accuracy-cap METERS
              --ignore-order-overrides (an order's own trip_parameters apply on top unless given)
            Database (default: $DATABASE_URL, $DATABASE_USERNAME, $DATABASE_PASSWORD):
              --database-url JDBC_URL  --database-user USER  --database-password PASSWORD
            Durations: 30s, 2m, 500ms or ISO-8601 (PT30S). Instants: ISO-8601 (2026-12-07T12:00:00Z).""";

    /** Reads the arguments; throws {@link IllegalArgumentException} naming the one at fault. */
    static ReplayOptions parse(String[] args, Map<String, String> environment) {
        String orderId = null;
        Instant from = null;
        Instant to = null;
        boolean ignoreOverrides = false;
        Double arrive = null;
        Double exit = null;
        Double approachDistance = null;
        Double accuracyCap = null;
        Duration dwell = null;
        Duration exitConfirmation = null;
        Duration approachEta = null;
        Duration grace = null;
        String url = environment.getOrDefault("DATABASE_URL", "jdbc:postgresql://localhost:5432/tracking");
        String user = environment.getOrDefault("DATABASE_USERNAME", "tracking");
        String password = environment.getOrDefault("DATABASE_PASSWORD", "tracking");
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--ignore-order-overrides")) {
                ignoreOverrides = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name + " needs a value");
            }
            String value = args[++i];
            switch (name) {
                case "--order" -> orderId = value;
                case "--from" -> from = instant(name, value);
                case "--to" -> to = instant(name, value);
                case "--arrive-radius" -> arrive = meters(name, value);
                case "--exit-radius" -> exit = meters(name, value);
                case "--approach-distance" -> approachDistance = meters(name, value);
                case "--accuracy-cap" -> accuracyCap = meters(name, value);
                case "--dwell" -> dwell = duration(name, value);
                case "--exit-confirmation" -> exitConfirmation = duration(name, value);
                case "--approach-eta" -> approachEta = duration(name, value);
                case "--grace" -> grace = duration(name, value);
                case "--database-url" -> url = value;
                case "--database-user" -> user = value;
                case "--database-password" -> password = value;
                default -> throw new IllegalArgumentException("unknown option " + name);
            }
        }
        if ((orderId == null) == (from == null || to == null)) {
            throw new IllegalArgumentException("give either --order or both --from and --to");
        }
        if (from != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("--from must be before --to");
        }
        TripParameters defaults = TripParameters.defaults();
        TripParameters parameters = new TripParameters(
                valueOr(arrive, defaults.arriveRadiusMeters()), valueOr(accuracyCap, defaults.accuracyCapMeters()),
                valueOr(dwell, defaults.dwell()), valueOr(exit, defaults.exitRadiusMeters()),
                valueOr(exitConfirmation, defaults.exitConfirmation()), valueOr(approachEta, defaults.approachEta()),
                valueOr(approachDistance, defaults.approachDistanceMeters()),
                Math.max(defaults.approachRearmDistanceMeters(),
                        valueOr(approachDistance, defaults.approachDistanceMeters()) * 3),
                valueOr(grace, defaults.grace()), defaults.maxPlausibleSpeedMps(),
                min(defaults.arrivalTimerTolerance(), valueOr(dwell, defaults.dwell())), defaults.etaInterval());
        return new ReplayOptions(orderId, from, to, parameters, ignoreOverrides, url, user, password);
    }

    /** The parameters for an order whose stored overrides are {@code overrides}. */
    TripParameters parametersFor(@Nullable TripParameterOverrides overrides) {
        return ignoreOrderOverrides ? parameters : parameters.withOverrides(overrides);
    }

    private static Instant instant(String name, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as 2026-12-07T12:00:00Z");
        }
    }

    private static double meters(String name, String value) {
        try {
            double meters = Double.parseDouble(value);
            if (!(meters > 0) || Double.isInfinite(meters)) {
                throw new NumberFormatException();
            }
            return meters;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a positive number of metres");
        }
    }

    static Duration duration(String name, String value) {
        try {
            if (value.startsWith("P") || value.startsWith("p")) {
                return Duration.parse(value);
            }
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            long amount = Long.parseLong(value.substring(0, value.length() - 1));
            return switch (value.charAt(value.length() - 1)) {
                case 's' -> Duration.ofSeconds(amount);
                case 'm' -> Duration.ofMinutes(amount);
                case 'h' -> Duration.ofHours(amount);
                default -> throw new NumberFormatException();
            };
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + " must be a duration such as 30s, 2m or PT30S");
        }
    }

    private static <T> T valueOr(@Nullable T value, T fallback) {
        return value == null ? fallback : value;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
