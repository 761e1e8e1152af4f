package io.tracking.ingest.ping;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.tracking.contract.Violation;

/**
 * The answer to a batch (202 when all pings were accepted, 207 when some were rejected): one result per ping, in
 * the order of the request.
 */
record BatchResult(int accepted, int rejected, List<ItemResult> results) {

    /**
     * What happened to the ping at {@code index}: {@code accepted} (Kafka has it) or {@code rejected} with the
     * broken rules; fields are named relative to the ping, {@code $} meaning the item itself.
     */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record ItemResult(int index, String status, List<Violation> errors) {

        static ItemResult accepted(int index) {
            return new ItemResult(index, "accepted", List.of());
        }

        static ItemResult rejected(int index, List<Violation> errors) {
            return new ItemResult(index, "rejected", errors);
        }
    }
}
