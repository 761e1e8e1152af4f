package io.tracking.trips.replay;

import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.tracking.contract.trip.OrderSnapshot;
import io.tracking.contract.trip.TripEvent;
import io.tracking.trips.model.EtaEstimator;
import io.tracking.trips.model.Fix;
import io.tracking.trips.replay.ReplayRepository.StoredOrder;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code trip-event-service/replay.sh}: re-derives the trip events of one order ({@code --order}) or of the orders
 * of a time window ({@code --from}, {@code --to}) from PostgreSQL with other parameters, and prints each event as
 * the same ({@code =}), moved ({@code ~}, with the shift), added ({@code +}) or missing ({@code -}) compared with
 * {@code order_trip_events}. Prints event ids and times only, never positions. Exit status 0 when it ran (whatever
 * the differences), 2 on bad arguments, 1 on a failure.
 *
 * <p>What it cannot know: earlier drivers of a reassigned order (the table keeps the current one, so events of the
 * earlier drivers show as missing), the typical speeds the service used (the replay's ETA uses the driver's own
 * speed), and Kafka coordinates (the evidence shows partition and offset -1).
 */
public final class ReplayCommand {

    private final ReplayRepository repository;
    private final TripReplay replay;
    private final PrintStream out;
    private final Clock clock;

    ReplayCommand(ReplayRepository repository, PrintStream out, Clock clock) {
        this.repository = repository;
        this.replay = new TripReplay(EtaEstimator.withoutHistory(), clock);
        this.out = out;
        this.clock = clock;
    }

    public static void main(String[] args) {
        if (List.of(args).contains("--help")) {
            System.out.println(ReplayOptions.USAGE);
            return;
        }
        ReplayOptions options;
        try {
            options = ReplayOptions.parse(args, System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("replay: " + e.getMessage());
            System.err.println(ReplayOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            DriverManagerDataSource database = new DriverManagerDataSource(options.databaseUrl(),
                    options.databaseUser(), options.databasePassword());
            new ReplayCommand(new ReplayRepository(database, JsonMapper.builder().build()), System.out,
                    Clock.systemUTC()).run(options);
        } catch (RuntimeException e) {
            System.err.println("replay: failed: " + e);
            System.exit(1);
        }
    }

    /** Replays what {@code options} select and prints the report; returns the counts by kind. */
    Map<EventDiff.Kind, Integer> run(ReplayOptions options) {
        List<StoredOrder> orders;
        if (options.orderId() != null) {
            StoredOrder order = repository.order(options.orderId());
            orders = order == null ? List.of() : List.of(order);
        } else {
            orders = repository.orders(options.from(), options.to());
        }
        Map<EventDiff.Kind, Integer> totals = new EnumMap<>(EventDiff.Kind.class);
        for (EventDiff.Kind kind : EventDiff.Kind.values()) {
            totals.put(kind, 0);
        }
        for (StoredOrder order : orders) {
            for (EventDiff diff : replay(order, options)) {
                totals.merge(diff.kind(), 1, Integer::sum);
            }
        }
        out.printf("%d order(s): %d same, %d moved, %d added, %d missing%n", orders.size(),
                totals.get(EventDiff.Kind.SAME), totals.get(EventDiff.Kind.MOVED), totals.get(EventDiff.Kind.ADDED),
                totals.get(EventDiff.Kind.MISSING));
        return totals;
    }

    private List<EventDiff> replay(StoredOrder order, ReplayOptions options) {
        OrderSnapshot snapshot = order.snapshot();
        Instant end = snapshot.terminal() ? snapshot.updatedAt() : clock.instant();
        if (options.to() != null && options.to().isBefore(end)) {
            end = options.to();
        }
        List<Fix> fixes = repository.fixes(snapshot.driverId(), snapshot.driverAssignedAt(), end);
        List<TripEvent> replayed = replay.derive(snapshot, options.parametersFor(order.overrides()), fixes, end);
        List<EventDiff> diffs = EventDiff.compare(repository.emittedEvents(snapshot.orderId()), replayed);
        out.printf("order %s  driver %s  %s  %d fixes  %s .. %s%n", snapshot.orderId(), snapshot.driverId(),
                snapshot.status(), fixes.size(), snapshot.driverAssignedAt(), end);
        diffs.forEach(diff -> out.println(diff.describe(snapshot.orderId())));
        return diffs;
    }
}
