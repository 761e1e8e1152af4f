/**
 * The HTTP API driver apps call: {@code POST /api/v1/locations} (one ping) and
 * {@code POST /api/v1/locations/batch} (up to {@code max-batch-size} buffered pings).
 *
 * <p>Request bodies are read by {@link io.tracking.ingest.ping.PingJsonReader}, a strict streaming reader, rather
 * than by data binding: every field is checked for its JSON type by hand, so that a wrong type, an unknown field or
 * a duplicate field is reported per ping with its field name and rule, and one bad ping of a batch does not sink
 * the others. Value rules come from {@link io.tracking.contract.LocationUpdateRules}; the time window is added
 * by {@link io.tracking.ingest.ping.PingValidator}.
 */
@NullMarked
package io.tracking.ingest.ping;

import org.jspecify.annotations.NullMarked;
