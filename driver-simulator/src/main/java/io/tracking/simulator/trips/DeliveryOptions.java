package io.tracking.simulator.trips;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import io.tracking.simulator.fleet.CityArea;

/**
 * The settings of a delivery run; the command line's parser documents each option and its default.
 *
 * @param orders orders, each with its own driver
 * @param speedup how much faster than real time the trips are replayed
 * @param ordersViaKafka publish the order snapshots straight onto the orders topic, assigned in the past, rather
 *     than register them with the query service (whose assignment time is its own clock: see {@link DeliveryRun})
 * @param queryUrl query service base URL, for {@code PUT /api/v1/orders/{id}}
 * @param ingestUrl ingest service base URL, for the pings
 * @param bootstrapServers Kafka, to read the trip events and ETAs back (and to publish orders, if so chosen)
 * @param jwtSecret HS256 secret of the dispatch and driver tokens
 * @param tokenTtl lifetime of the tokens
 * @param concurrency requests in flight at most
 * @param idPrefix prefix of every order, driver, customer and restaurant id of the run
 * @param area where the orders are
 * @param seed seed of the orders and trips
 * @param requestTimeout timeout of one request
 * @param eventsTimeout how long to wait, after the last ping, for the events of every order
 * @param groundTruth where to write the true arrival times, if anywhere
 * @param progress print a progress line a second on the log while the pings are sent
 */
public record DeliveryOptions(
        int orders,
        double speedup,
        boolean ordersViaKafka,
        URI queryUrl,
        URI ingestUrl,
        String bootstrapServers,
        String jwtSecret,
        Duration tokenTtl,
        int concurrency,
        String idPrefix,
        CityArea area,
        long seed,
        Duration requestTimeout,
        Duration eventsTimeout,
        @Nullable Path groundTruth,
        boolean progress) {
}
