/**
 * The trip contract of issue 17: order snapshots going into the trip engine, trip events and ETAs coming out.
 *
 * <p>{@link io.tracking.contract.trip.OrderSnapshot} travels on {@link io.tracking.contract.Topics#ORDERS},
 * {@link io.tracking.contract.trip.TripEvent} on {@link io.tracking.contract.Topics#ORDER_TRIP_EVENTS} and
 * {@link io.tracking.contract.trip.EtaUpdate} on {@link io.tracking.contract.Topics#ORDER_ETAS}, all keyed by order
 * id. The JSON schemas {@code order-snapshot.schema.json}, {@code trip-event.schema.json} and
 * {@code order-eta.schema.json} in {@code io/tracking/contract} describe the same records for non-Java consumers;
 * {@code TripSchemaTests} keeps them in agreement.
 */
@NullMarked
package io.tracking.contract.trip;

import org.jspecify.annotations.NullMarked;
