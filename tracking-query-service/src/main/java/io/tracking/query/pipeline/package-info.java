/**
 * How far the pipeline behind the read side is: the batch writer's lag on the location topic, measured from here so
 * that it still shows while the writer itself is down.
 */
@NullMarked
package io.tracking.query.pipeline;

import org.jspecify.annotations.NullMarked;
