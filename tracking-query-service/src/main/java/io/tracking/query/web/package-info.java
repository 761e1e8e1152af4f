/**
 * The pages people look at, served by the query service: the order tracking page ({@code /track/{orderId}}) and the
 * operations console ({@code /console/}). They are static HTML, CSS and JavaScript modules under
 * {@code static/track}, {@code static/console} and {@code static/ui}, with Leaflet from its WebJar; they hold no data
 * and call the same {@code /api/**} endpoints as any client, with the bearer token the host app gives them.
 */
@NullMarked
package io.tracking.query.web;

import org.jspecify.annotations.NullMarked;
