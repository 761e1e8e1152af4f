/**
 * Orders into the stream without a dual write: every order change leaves an {@code order_outbox} row in the
 * change's own transaction ({@link io.tracking.query.outbox.OrderOutbox}), and a relay publishes the rows to Kafka
 * in order and deletes them ({@code OrderOutboxRelay}).
 */
@NullMarked
package io.tracking.query.outbox;

import org.jspecify.annotations.NullMarked;
