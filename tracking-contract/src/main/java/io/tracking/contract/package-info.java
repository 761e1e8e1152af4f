/**
 * The event that crosses Kafka between the ingest service and its consumers, defined once.
 *
 * <p>The JSON schema {@code location-update.schema.json} beside these classes describes the same record for
 * non-Java consumers; {@code LocationUpdateSchemaTests} keeps the two in agreement. {@link
 * io.tracking.contract.ProblemTypes} is the other vocabulary the services share: that of their problem answers.
 */
@NullMarked
package io.tracking.contract;

import org.jspecify.annotations.NullMarked;
