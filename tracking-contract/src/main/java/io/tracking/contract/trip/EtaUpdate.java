package io.tracking.contract.trip;

import java.time.Instant;

/**
 * The current estimate of when the driver reaches the next stop of an order, as published on the compacted topic
 * {@link io.tracking.contract.Topics#ORDER_ETAS} (key: order id): only the newest estimate of an order matters.
 *
 * @param orderId the order; also the Kafka record key
 * @param driverId the driver heading to the stop
 * @param stop the next stop
 * @param seconds the predicted time to reach it, from {@code basedOnRecordedAt}, rounded to whole seconds
 * @param at the predicted arrival instant
 * @param computedAt the wall-clock time of the estimate
 * @param basedOnRecordedAt the recordedAt of the newest fix the estimate used
 * @param distanceMeters the great-circle distance from that fix to the stop
 */
public record EtaUpdate(
        String orderId,
        String driverId,
        Stop stop,
        long seconds,
        Instant at,
        Instant computedAt,
        Instant basedOnRecordedAt,
        double distanceMeters) {
}
