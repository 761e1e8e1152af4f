/**
 * The location batch writer: consumes {@code driver-location-updates} and stores every ping in PostgreSQL,
 * effectively once. Feature packages: {@code batch} (consume, buffer, write) and {@code partition} (daily
 * history partitions and retention).
 */
@NullMarked
package io.tracking.writer;

import org.jspecify.annotations.NullMarked;
