/**
 * Latest positions of drivers, one or many at a time (fleet roles only).
 */
@NullMarked
package io.tracking.query.location;

import org.jspecify.annotations.NullMarked;
