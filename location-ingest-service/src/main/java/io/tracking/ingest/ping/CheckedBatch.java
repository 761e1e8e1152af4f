package io.tracking.ingest.ping;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.tracking.contract.LocationUpdate;
import io.tracking.contract.Violation;
import io.tracking.ingest.ping.BatchResult.ItemResult;

/**
 * A batch after every ping was checked, the same for the REST batch endpoint and a WebSocket batch frame: the
 * updates to publish, one result per ping in order, and every broken rule named by its item's path
 * ({@code pings[3].latitude}) for the 400 when none is valid.
 */
record CheckedBatch(List<LocationUpdate> valid, List<ItemResult> results, List<Violation> errors) {

    /** Checks each of {@code pings} at {@code now}, counting the rejected ones in {@code metrics}. */
    static CheckedBatch check(List<PingDraft> pings, PingValidator validator, PingMetrics metrics, Instant now) {
        List<ItemResult> results = new ArrayList<>(pings.size());
        List<LocationUpdate> valid = new ArrayList<>(pings.size());
        List<Violation> errors = new ArrayList<>();
        for (int i = 0; i < pings.size(); i++) {
            CheckedPing checked = validator.check(pings.get(i), now);
            if (checked.update() != null) {
                valid.add(checked.update());
                results.add(ItemResult.accepted(i));
            } else {
                metrics.rejected(checked.violations());
                results.add(ItemResult.rejected(i, checked.violations()));
                for (Violation violation : checked.violations()) {
                    errors.add(new Violation(itemPath(i, violation.field()), violation.rule(), violation.message()));
                }
            }
        }
        return new CheckedBatch(List.copyOf(valid), List.copyOf(results), List.copyOf(errors));
    }

    int rejected() {
        return results.size() - valid.size();
    }

    private static String itemPath(int index, String field) {
        return "$".equals(field) ? "pings[" + index + "]" : "pings[" + index + "]." + field;
    }
}
