/**
 * The path a driver took between two instants, from the location history (fleet roles only).
 */
@NullMarked
package io.tracking.query.track;

import org.jspecify.annotations.NullMarked;
