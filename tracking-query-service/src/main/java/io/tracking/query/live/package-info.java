/**
 * Live positions: a per-instance Kafka reader that fans new positions out to Server-Sent Event streams.
 */
@NullMarked
package io.tracking.query.live;

import org.jspecify.annotations.NullMarked;
