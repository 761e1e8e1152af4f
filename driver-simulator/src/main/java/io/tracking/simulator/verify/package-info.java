/**
 * Read-back verification against the query service.
 */
@NullMarked
package io.tracking.simulator.verify;

import org.jspecify.annotations.NullMarked;
