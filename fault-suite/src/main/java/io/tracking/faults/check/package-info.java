/**
 * What a scenario is judged on: reconciliation of accepted against stored pings, the outage window of a
 * Kafka stop, and the read-back through the query service.
 */
@NullMarked
package io.tracking.faults.check;

import org.jspecify.annotations.NullMarked;
