/**
 * Drivers with a fresh position within a radius, nearest first, on stock PostgreSQL (fleet roles only).
 */
@NullMarked
package io.tracking.query.nearby;

import org.jspecify.annotations.NullMarked;
